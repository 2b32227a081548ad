// What the engine holds of every source (MQTT, Kafka): a lifecycle, its health, and its own
// decoder, which re-queued dead letters go through again.
import type { SourceHealth } from '../../../shared/domain';
import type { DecodeResult } from './decode-json';

/** A source that can decode a stored payload the way it decoded the original. */
export interface DecodingSource {
  readonly id: string;
  decode(origin: string, payload: Uint8Array): DecodeResult;
}

/** What the engine holds of every source: lifecycle, health, and its decoder. */
export interface IngestSource extends DecodingSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): SourceHealth;
}
