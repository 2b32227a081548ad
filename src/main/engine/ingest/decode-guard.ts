// The last line of defence at every source's decode boundary. The decoders refuse bad input
// with a reason (Rejected) and are not meant to throw anything else; should one still throw — a
// bug, or an input nobody thought of — the message becomes a dead letter with the error as its
// reason and a log line, and the next message is processed. Without this, one message could
// stop the engine and, redelivered by a persistent session, stop it again on every start.
import type { DecodeResult } from './decode-json';
import { Rejected } from './reading-fields';

/** An error's message, whatever was thrown (never throws itself). */
export function messageOf(err: unknown): string {
  try {
    if (err instanceof Rejected) return err.message;
    if (!(err instanceof Error)) return String(err);
    // A RangeError or TypeError says what kind of fault it was; our own errors speak for themselves.
    return err.name === 'Error' || err.name === 'EngineError' ? err.message : `${err.name}: ${err.message}`;
  } catch {
    return 'an unprintable error';
  }
}

/** The rejection of a message whose decoder threw: logged with the stack, kept with the error. */
export function decoderFailure(
  what: string,
  raw: Uint8Array,
  log: (message: string) => void,
  err: unknown,
): DecodeResult {
  log(`${what} failed on a ${raw.byteLength}-byte message: ${(err instanceof Error && err.stack) || messageOf(err)}`);
  return { readings: [], rejects: [{ reason: `${what} failed: ${messageOf(err)}`, raw }] };
}

/** Runs a decoder; anything it throws becomes the message's rejection. */
export function guardDecode(
  what: string,
  raw: Uint8Array,
  log: (message: string) => void,
  decode: () => DecodeResult,
): DecodeResult {
  try {
    return decode();
  } catch (err) {
    return decoderFailure(what, raw, log, err);
  }
}
