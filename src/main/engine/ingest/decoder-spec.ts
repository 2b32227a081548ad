// What a dead letter keeps of the decoder that refused it (stored-decoder.ts reads it back).
// A type of its own so that the decoders which attach it to a rejection do not import the
// module that runs them again.
import type { RowPlan } from './file-import/row-plan';

export type StoredDecoder =
  | { kind: 'csv'; separator: string; columns?: string[]; header: 'auto' | boolean }
  | {
      kind: 'file-row';
      format: 'csv' | 'parquet';
      separator: string;
      /** The file's column names: a Parquet row is kept as an object keyed by them. */
      columns: string[];
      plan: RowPlan;
    };
