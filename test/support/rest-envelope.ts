// The JSON envelope every REST answer has (src/main/server/rest/envelope.ts), as tests read it.
export type Envelope<T> =
  | { success: true; data: T; meta: Record<string, unknown> }
  | { success: false; error: { code: string; message: string; details?: unknown } };
