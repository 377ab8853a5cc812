/**
 * The events topic exists before anyone publishes: brokers run with automatic topic creation off,
 * so the partition count is ours to choose, not the broker default.
 */
import type { Admin } from 'kafkajs';

/** Creates the topic when missing; returns its partition count (an existing topic keeps its own). */
export async function ensureTopic(admin: Admin, topic: string, partitions: number): Promise<number> {
  const existing = await admin.listTopics();
  if (!existing.includes(topic)) {
    // Another node may create it at the same moment: createTopics answers false then, not an error.
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  }
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  return meta.topics[0]?.partitions.length ?? partitions;
}
