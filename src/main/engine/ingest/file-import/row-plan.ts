// A file import's column mapping resolved against the file's columns: which field holds what.
// Its own module because a dead letter keeps it (decoder-spec.ts) and the decoders that keep
// it must not depend on the row reader that uses it.

/** Where a value comes from: a column, or one text for every row. */
export type Source = { index: number } | { constant: string };

export interface WideSignal {
  index: number;
  column: string;
  signal: string;
  unit: string;
}

/** A mapping resolved against the file's columns. */
export interface RowPlan {
  width: number;
  timestamp: number;
  device: Source;
  quality: number | undefined;
  long: { signal: Source; value: number; unit: number | undefined } | undefined;
  wide: WideSignal[] | undefined;
}
