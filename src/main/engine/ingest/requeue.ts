// Re-queueing dead letters: once the cause is fixed (a device added, auto-registration turned
// on, a mapping corrected), stored payloads go through the decoder they came from again — the
// source's own, or the one kept with the letter (CSV columns, a file import's mapping). One that
// is accepted leaves the list; one rejected again stays, with the new reasons and a count.
import type { DeadLetterStore } from '../state/dead-letters';
import { guardDecode } from './decode-guard';
import { decodeJsonPayload } from './decode-json';
import { summarize } from './reject-groups';
import { decodeStored } from './stored-decoder';
import { FILE_SOURCE } from './file-import/file-importer';
import type { DecodingSource } from './ingest-source';
import type { Pipeline } from './pipeline';

export interface RequeueResult {
  id: number;
  ok: boolean;
  reason: string | null;
}

export async function requeueDeadLetters(
  ids: readonly number[],
  deps: {
    deadLetters: DeadLetterStore;
    pipeline: Pipeline;
    sources: readonly DecodingSource[];
    clock: () => number;
    log: (message: string) => void;
  },
): Promise<RequeueResult[]> {
  const found = deps.deadLetters.payloads(ids);
  const results: RequeueResult[] = ids
    .filter((id) => !found.some((p) => p.id === id))
    .map((id) => ({ id, ok: false, reason: 'no such dead letter' }));
  for (const p of found) {
    if (p.raw.length === 0 && p.size > 0) {
      results.push({ id: p.id, ok: false, reason: 'the payload was refused unread and not kept: nothing to re-queue' });
      continue;
    }
    if (p.size > p.raw.length) {
      results.push({ id: p.id, ok: false, reason: `only the first ${p.raw.length} of ${p.size} bytes were kept` });
      continue;
    }
    if (p.source === FILE_SOURCE && p.format === 'source' && !p.decoder) {
      // A malformed file row from before dead letters kept the import's mapping: the fix is in
      // the file, and importing it again stores the corrected rows (the others are skipped).
      results.push({
        id: p.id,
        ok: false,
        reason:
          'this file row was kept without its mapping and cannot be re-queued: correct the file and import it again',
      });
      continue;
    }
    const source = deps.sources.find((s) => s.id === p.source);
    const opts = deps.pipeline.decodeOptions();
    const decoded = guardDecode(`re-queueing dead letter ${p.id}`, p.raw, deps.log, () => {
      if (p.decoder) return decodeStored(p.decoder, p.raw, opts);
      if (source && p.format === 'source') return source.decode(p.origin, p.raw);
      return decodeJsonPayload(p.raw, opts);
    });
    // Imported rows are history: stored, but neither alarmed on nor sent live.
    const outcome = await deps.pipeline.submitDecoded(p.source, p.origin, decoded, {
      deadLetters: false,
      backfill: p.source === FILE_SOURCE,
    });
    if (outcome.rejected.length === 0 && outcome.accepted > 0) {
      deps.deadLetters.remove([p.id]);
      results.push({ id: p.id, ok: true, reason: null });
    } else {
      const reasons = outcome.rejected.map((r) => r.reason);
      const reason = reasons.length === 0 ? 'no readings in the payload' : summarize(reasons);
      deps.deadLetters.retried(p.id, reason, deps.clock(), Math.max(1, reasons.length));
      results.push({ id: p.id, ok: false, reason });
    }
  }
  return results.sort((a, b) => a.id - b.id);
}
