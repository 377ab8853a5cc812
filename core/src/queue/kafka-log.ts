/**
 * kafkajs' own log, sent to Vigil's log: only warnings and errors, each distinct message at most
 * once a minute, because a broker outage makes kafkajs repeat the same error on every retry.
 * kafkajs messages name brokers, topics and groups, never event contents.
 */
import { logLevel, type logCreator } from 'kafkajs';
import type { KafkaLog } from './kafka-options.ts';

const REPEAT_MS = 60_000;

export function kafkajsLogCreator(log: KafkaLog): logCreator {
  const lastSeen = new Map<string, number>();
  return () => ({ namespace, level, log: entry }) => {
    if (level > logLevel.WARN) return;
    const text = `kafka ${namespace}: ${entry.message}${typeof entry.error === 'string' ? ` (${entry.error})` : ''}`;
    // "Restarting the consumer in 752ms" and "in 654ms" are one message
    const shape = text.replace(/\d+/g, '#');
    const now = Date.now();
    if ((lastSeen.get(shape) ?? -Infinity) > now - REPEAT_MS) return;
    if (lastSeen.size > 500) lastSeen.clear();
    lastSeen.set(shape, now);
    log.warn(text);
  };
}
