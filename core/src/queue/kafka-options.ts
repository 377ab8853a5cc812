/**
 * What a Kafka-backed queue is told, with the defaults cluster mode runs with.
 */
export interface KafkaLog {
  warn(msg: string): void;
  info(msg: string): void;
}

export const stderrKafkaLog: KafkaLog = {
  warn: (msg) => process.stderr.write(`vigil: ${msg}\n`),
  info: (msg) => process.stderr.write(`vigil: ${msg}\n`),
};

export interface KafkaQueueOptions {
  /** host:port of one or more brokers to bootstrap from */
  brokers: string[];
  /** default 'vigil.events' */
  topic?: string;
  /** partitions of the topic when this queue creates it (default 3); caps how many consumers share the work */
  partitions?: number;
  /** consumer group (default 'vigil-consumer'): every consumer node of one deployment joins it */
  groupId?: string;
  /** most events per handler call */
  batchSize: number;
  /** a partial batch goes to the handler this long after its first event arrived */
  flushMs: number;
  /**
   * Bound on events held in this process on either side: publishes not yet acknowledged by the
   * broker (past it, enqueue answers queue_full), and fetched events not yet handled (past it,
   * fetching pauses).
   */
  bufferMax: number;
  clientId?: string;
  log?: KafkaLog;
  /** an enqueue not acknowledged by the broker within this answers queue_unavailable (default 5000 ms) */
  ackTimeoutMs?: number;
  /** how long publishes wait to share one produce request (default 2 ms) */
  lingerMs?: number;
  /** first retry delay after a failed batch; doubles up to maxBackoffMs (defaults 200 ms, 10 s) */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** how long drain() waits for the consumer to catch up with what this queue published (default 30 s) */
  drainTimeoutMs?: number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export type ResolvedKafkaQueueOptions = Required<Omit<KafkaQueueOptions, 'onRetry'>> & Pick<KafkaQueueOptions, 'onRetry'>;

export class KafkaQueueConfigError extends Error {
  constructor(message: string) {
    super(`kafka queue: ${message}`);
    this.name = 'KafkaQueueConfigError';
  }
}

const positiveInt = (name: string, value: number): number => {
  if (!Number.isInteger(value) || value < 1) throw new KafkaQueueConfigError(`${name} must be a positive integer, got ${value}`);
  return value;
};

const nonNegative = (name: string, value: number): number => {
  if (!Number.isFinite(value) || value < 0) throw new KafkaQueueConfigError(`${name} must be a non-negative number, got ${value}`);
  return value;
};

export function resolveKafkaQueueOptions(opts: KafkaQueueOptions): ResolvedKafkaQueueOptions {
  if (!Array.isArray(opts.brokers) || opts.brokers.length === 0) throw new KafkaQueueConfigError('brokers must list at least one host:port');
  for (const b of opts.brokers) {
    if (!/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(b)) throw new KafkaQueueConfigError(`broker "${b}" is not host:port`);
  }
  const topic = opts.topic ?? 'vigil.events';
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(topic)) throw new KafkaQueueConfigError(`topic "${topic}" has characters Kafka does not allow`);
  const groupId = opts.groupId ?? 'vigil-consumer';
  if (groupId.length === 0) throw new KafkaQueueConfigError('groupId must not be empty');
  return {
    brokers: opts.brokers,
    topic,
    partitions: positiveInt('partitions', opts.partitions ?? 3),
    groupId,
    batchSize: positiveInt('batchSize', opts.batchSize),
    flushMs: nonNegative('flushMs', opts.flushMs),
    bufferMax: positiveInt('bufferMax', opts.bufferMax),
    clientId: opts.clientId ?? 'vigil',
    log: opts.log ?? stderrKafkaLog,
    ackTimeoutMs: positiveInt('ackTimeoutMs', opts.ackTimeoutMs ?? 5000),
    lingerMs: nonNegative('lingerMs', opts.lingerMs ?? 2),
    backoffMs: positiveInt('backoffMs', opts.backoffMs ?? 200),
    maxBackoffMs: positiveInt('maxBackoffMs', opts.maxBackoffMs ?? 10_000),
    drainTimeoutMs: positiveInt('drainTimeoutMs', opts.drainTimeoutMs ?? 30_000),
    onRetry: opts.onRetry,
  };
}
