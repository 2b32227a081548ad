// The rejected parts of one message become one dead letter, not one per part: a 60 KB array of
// 20,000 empty objects is one row with "20000 rejected", not 20,000 rows. The parts are joined so
// that the letter decodes again through the same decoder — JSON parts into an array, CSV and
// file rows into lines — and a re-queue retries exactly what was refused. Parts that only make
// sense apart (different decoders, or readings refused for an unknown device, kept in the
// documented JSON form) make a letter each; so does every 64 KiB of joined parts, so that each
// letter stays whole and re-queueable.
import { DEAD_LETTER_RAW_BYTES, type Rejection } from '../state/dead-letters';
import type { DecodeRejection } from './decode-json';

/** A rejected part as the pipeline holds it: a decoder's rejection, or a refused reading. */
export type RejectPart = Pick<DecodeRejection, 'reason' | 'raw' | 'size' | 'join' | 'decoder'> & {
  format?: 'source' | 'json';
};

/** Different reasons named in a grouped letter, and the room they may take (the HTTP answer
 * lists every row's). */
const FIRST_REASONS = 10;
const REASON_CHARS = 300;
const SUMMARY_CHARS = 2000;

const encoder = new TextEncoder();
const JOINS = {
  json: { open: encoder.encode('['), sep: encoder.encode(','), close: encoder.encode(']') },
  lines: { open: new Uint8Array(0), sep: encoder.encode('\n'), close: new Uint8Array(0) },
};

/** One reason for several: how many, and the first that differ. */
export function summarize(reasons: readonly string[]): string {
  if (reasons.length === 1) return reasons[0]!;
  const first: string[] = [];
  let room = SUMMARY_CHARS;
  for (const r of new Set(reasons)) {
    const shown = r.slice(0, REASON_CHARS);
    if (first.length === FIRST_REASONS || (first.length > 0 && shown.length > room)) break;
    first.push(shown);
    room -= shown.length + 3;
  }
  return `${reasons.length} rejected; first: ${first.join(' | ')}`;
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Joins parts into payloads of at most DEAD_LETTER_RAW_BYTES (a part larger alone stays alone). */
function joined(parts: readonly RejectPart[], how: 'json' | 'lines'): { raw: Uint8Array; reasons: string[] }[] {
  const { open, sep, close } = JOINS[how];
  const out: { raw: Uint8Array; reasons: string[] }[] = [];
  let chunks: Uint8Array[] = [];
  let reasons: string[] = [];
  let size = 0;
  const flush = () => {
    if (reasons.length === 0) return;
    // One JSON part stays as it is: the form a single reading was always kept in.
    const raw = reasons.length === 1 ? chunks[1]! : concat([...chunks, close], size + close.byteLength);
    out.push({ raw, reasons });
    chunks = [];
    reasons = [];
    size = 0;
  };
  for (const p of parts) {
    const extra = p.raw.byteLength + sep.byteLength;
    if (reasons.length > 0 && size + extra + close.byteLength > DEAD_LETTER_RAW_BYTES) flush();
    if (reasons.length === 0) {
      chunks.push(open);
      size += open.byteLength;
    } else {
      chunks.push(sep);
      size += sep.byteLength;
    }
    chunks.push(p.raw);
    size += p.raw.byteLength;
    reasons.push(p.reason);
  }
  flush();
  return out;
}

function keyOf(p: RejectPart): string {
  return `${p.format ?? 'source'}\0${p.join ?? ''}\0${p.decoder ? JSON.stringify(p.decoder) : ''}`;
}

/** The dead letters for one message's rejected parts. */
export function groupRejections(source: string, origin: string, parts: readonly RejectPart[]): Rejection[] {
  const groups = new Map<string, RejectPart[]>();
  for (const p of parts) {
    const key = keyOf(p);
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  const letters: Rejection[] = [];
  for (const group of groups.values()) {
    const { format, join, decoder } = group[0]!;
    const base = { source, origin, ...(format ? { format } : {}), ...(decoder ? { decoder } : {}) };
    if (join) {
      for (const { raw, reasons } of joined(group, join)) {
        letters.push({ ...base, reason: summarize(reasons), raw, count: reasons.length });
      }
      continue;
    }
    // Parts that stand alone: one letter per distinct payload (a message's parts often share it).
    const byRaw = new Map<Uint8Array, { reasons: string[]; size: number | undefined }>();
    for (const p of group) {
      const same = byRaw.get(p.raw);
      if (same) same.reasons.push(p.reason);
      else byRaw.set(p.raw, { reasons: [p.reason], size: p.size });
    }
    for (const [raw, { reasons, size }] of byRaw) {
      letters.push({ ...base, reason: summarize(reasons), raw, count: reasons.length, ...(size ? { size } : {}) });
    }
  }
  return letters;
}
