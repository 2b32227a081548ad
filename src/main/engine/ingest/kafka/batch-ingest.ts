// One fetched batch of a partition, from records to committed offsets. Every record is decoded
// and handed to the pipeline at once, so the pipeline can fill large commits; offsets then move
// chunk by chunk, in order, each only once that chunk's readings are durable. A chunk that is
// not durable stops the batch with its offsets unresolved, and kafkajs fetches it again.
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { IngestOutcome, Pipeline } from '../pipeline';
import type { DeadLetterTopic, RejectedRecord } from './dead-letter-topic';
import type { PendingRecords } from './pending-records';
import type { RecordDecoder } from './record-decoder';

/** What the source needs of the pipeline; a narrow port keeps it testable. */
export type IngestPort = Pick<Pipeline, 'submitDecoded' | 'decodeOptions'>;

export interface BatchContext {
  sourceId: string;
  pipeline: IngestPort;
  decodeRecord: RecordDecoder;
  pending: PendingRecords;
  dlq: DeadLetterTopic | undefined;
  clock: () => number;
  /** Records a problem in the source's health and log. */
  note: (error: string) => void;
}

/** Records whose durability is awaited together before their offsets move: bounds replay and
 * lets the consumer heartbeat through a large batch. */
const CHUNK_RECORDS = 1000;

interface Chunk {
  messages: KafkaMessage[];
  outcomes: Promise<IngestOutcome[]>;
}

export async function ingestBatch(
  { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }: EachBatchPayload,
  ctx: BatchContext,
): Promise<void> {
  const { topic, partition } = batch;
  const opts = ctx.pipeline.decodeOptions();
  const arrivedAt = ctx.clock();
  const chunks: Chunk[] = [];
  for (let i = 0; i < batch.messages.length; i += CHUNK_RECORDS) {
    const messages = batch.messages.slice(i, i + CHUNK_RECORDS);
    const outcomes = Promise.all(
      messages.map((m) =>
        ctx.pipeline.submitDecoded(
          ctx.sourceId,
          `${topic}/${partition}@${m.offset}`,
          ctx.decodeRecord({ topic, key: m.key, value: m.value }, opts),
        ),
      ),
    );
    outcomes.catch(() => {}); // awaited below, in order
    ctx.pending.track(arrivedAt, messages.length, outcomes);
    chunks.push({ messages, outcomes });
  }

  for (const chunk of chunks) {
    let outcomes: IngestOutcome[];
    try {
      outcomes = await chunk.outcomes;
    } catch (err) {
      ctx.note(`history write failed; ${topic}/${partition} will be redelivered: ${(err as Error).message}`);
      throw err;
    }
    await copyRejects(topic, partition, chunk.messages, outcomes, ctx);
    resolveOffset(chunk.messages[chunk.messages.length - 1]!.offset);
    await heartbeat();
    await commitOffsetsIfNecessary();
  }
}

async function copyRejects(
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
  outcomes: readonly IngestOutcome[],
  ctx: BatchContext,
): Promise<void> {
  if (!ctx.dlq) return;
  const rejected: RejectedRecord[] = [];
  outcomes.forEach((outcome, k) => {
    if (outcome.rejected.length === 0) return;
    const m = messages[k]!;
    rejected.push({
      key: m.key,
      value: m.value,
      origin: `${topic}/${partition}@${m.offset}`,
      reasons: outcome.rejected.map((r) => r.reason),
    });
  });
  try {
    await ctx.dlq.send(rejected);
  } catch (err) {
    // The engine's dead letters hold them; stalling ingest on the copy would cost more.
    ctx.note(`${rejected.length} rejected records not copied to ${ctx.dlq.topic}: ${(err as Error).message}`);
  }
}
