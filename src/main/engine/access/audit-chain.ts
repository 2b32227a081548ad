// The audit trail's hash chain, apart from any store so that the engine, the command line
// (reading a stopped engine's state.db) and tests check it the same way.
//
// Each entry's hash is sha256 over the previous entry's hash followed by the canonical JSON of
// the entry's own fields (keys sorted at every level, no whitespace): editing any field, deleting
// or inserting an entry anywhere but the end breaks the link at that entry. The first entry's
// previous hash is 64 zeros.
//
// The end of the chain is held in a second place, the head anchor (<data>/audit-head.json: the
// last seq and hash), rewritten after every append: cutting entries off the end of state.db, or
// appending forged ones with correct hashes, then disagrees with the anchor. The anchor raises the
// bar from "edit one SQLite file" to "edit two files consistently"; someone who controls the whole
// data directory can do both, which is why exports are meant to leave the machine
// (docs/administration.md: Audit trail).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const GENESIS_HASH = '0'.repeat(64);
export const AUDIT_HEAD_FILE = 'audit-head.json';
/** seq and a 64-hex hash fit well inside; a longer record (never) would only grow the file. */
const HEAD_RECORD_BYTES = 128;

/** One row of audit_log as stored (details is its JSON text). */
export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  role: string | null;
  client: string;
  action: string;
  target: string | null;
  outcome: string;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  broken: { seq: number; reason: string } | null;
}

/** JSON with keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function')
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * The hash an entry with these fields must carry after `prevHash`: over the canonical JSON of the
 * entry, with `details` as the text stored (itself canonical JSON when the engine wrote it), so a
 * change to a single character of it — even one JSON would not notice — breaks the chain.
 */
export function entryHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  const { seq, at, actor, role, client, action, target, outcome, details } = row;
  const fields = canonicalJson({ seq, at, actor, role, client, action, target, outcome, details: 0 }).replace(
    '"details":0',
    `"details":${details}`,
  );
  return createHash('sha256').update(prevHash).update(fields).digest('hex');
}

/**
 * Walks the rows in seq order and checks each one's place, link and hash, then the end against
 * the head anchor. Stops at the first entry that does not hold.
 */
export function verifyChain(rows: Iterable<AuditRow>, head: AuditHead | undefined): ChainVerdict {
  let prev: AuditRow | undefined;
  let entries = 0;
  const broken = (seq: number, reason: string): ChainVerdict => ({ ok: false, entries, broken: { seq, reason } });
  for (const row of rows) {
    entries++;
    const expectedSeq = prev ? prev.seq + 1 : 1;
    if (row.seq !== expectedSeq) {
      const gap =
        row.seq > expectedSeq ? `entries ${expectedSeq}–${row.seq - 1} are missing (deleted)` : 'out of order';
      return broken(row.seq, `follows seq ${prev?.seq ?? 0}: ${gap}`);
    }
    const expectedPrev = prev ? prev.hash : GENESIS_HASH;
    if (row.prev_hash !== expectedPrev) {
      return broken(
        row.seq,
        `its link does not match the hash of seq ${prev?.seq ?? 0} (an entry was replaced or inserted)`,
      );
    }
    if (entryHash(row.prev_hash, row) !== row.hash) {
      return broken(row.seq, 'its content does not match its hash (the entry was edited)');
    }
    if (head && row.seq > head.seq) {
      return broken(
        row.seq,
        `it is past the head anchor (seq ${head.seq}): written outside the engine, or the engine stopped between the entry and its anchor`,
      );
    }
    prev = row;
  }
  const last = prev;
  if (!head) {
    return last
      ? broken(last.seq, `the head anchor (${AUDIT_HEAD_FILE}) is missing: the end of the trail cannot be checked`)
      : { ok: true, entries, broken: null };
  }
  if (!last || last.seq < head.seq) {
    const from = (last?.seq ?? 0) + 1;
    return broken(
      from,
      `entries ${from}–${head.seq} are missing: the head anchor says the trail ends at seq ${head.seq} (truncated)`,
    );
  }
  if (last.hash !== head.hash) {
    return broken(last.seq, 'it does not match the head anchor (the end of the trail was replaced)');
  }
  return { ok: true, entries, broken: null };
}

/** The head anchor of this data directory, or undefined when there is none (or it is unreadable). */
export function readHead(dataDir: string): AuditHead | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, AUDIT_HEAD_FILE), 'utf8')) as Partial<AuditHead>;
    if (typeof parsed.seq === 'number' && typeof parsed.hash === 'string')
      return { seq: parsed.seq, hash: parsed.hash };
  } catch {
    // missing or damaged: verify says so
  }
  return undefined;
}

/**
 * Rewrites the head anchor in place: a fixed-length record (JSON padded with spaces) written over
 * the old one at offset 0, without truncating — one small write in one block, about 3 µs where
 * a truncate-and-write or a rename costs 70 µs.
 */
export function writeHead(dataDir: string, head: AuditHead): void {
  const file = join(dataDir, AUDIT_HEAD_FILE);
  const record = JSON.stringify(head).padEnd(HEAD_RECORD_BYTES, ' ');
  let fd: number;
  try {
    fd = openSync(file, 'r+');
  } catch {
    writeFileSync(file, record, { mode: 0o600 });
    return;
  }
  try {
    writeSync(fd, record, 0, 'utf8');
  } finally {
    closeSync(fd);
  }
}
