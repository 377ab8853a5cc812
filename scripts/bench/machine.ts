/** The facts a reader needs to compare these numbers with their own machine. */
import { cpus, totalmem, type as osType, release } from 'node:os';

export interface MachineFacts {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  date: string;
}

export function machineFacts(now = new Date()): MachineFacts {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    date: now.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}

export function describeMachine(m: MachineFacts): string {
  return `${m.date} · ${m.cores} cores (${m.cpuModel}) · ${m.memoryGiB} GiB RAM · ${m.os} · Node ${m.node}`;
}
