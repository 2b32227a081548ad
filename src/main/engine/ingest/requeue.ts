// Re-queueing dead letters: once the cause is fixed (a device added, auto-registration turned
// on, a mapping corrected), stored payloads go through their source's decoder again. One that
// is accepted leaves the list; one rejected again stays, with the new reason and a count.
import type { DeadLetterStore } from '../state/dead-letters';
import { decodeJsonPayload } from './decode-json';
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
  deps: { deadLetters: DeadLetterStore; pipeline: Pipeline; sources: readonly DecodingSource[]; clock: () => number },
): Promise<RequeueResult[]> {
  const found = deps.deadLetters.payloads(ids);
  const results: RequeueResult[] = ids
    .filter((id) => !found.some((p) => p.id === id))
    .map((id) => ({ id, ok: false, reason: 'no such dead letter' }));
  for (const p of found) {
    if (p.size > p.raw.length) {
      results.push({ id: p.id, ok: false, reason: `only the first ${p.raw.length} of ${p.size} bytes were kept` });
      continue;
    }
    if (p.source === FILE_SOURCE && p.format === 'source') {
      // A malformed file row needs the import's column mapping, which is not kept: the fix is in
      // the file, and importing it again stores the corrected rows (the others are skipped).
      results.push({
        id: p.id,
        ok: false,
        reason: 'a malformed file row cannot be re-queued: correct the file and import it again',
      });
      continue;
    }
    const source = deps.sources.find((s) => s.id === p.source);
    const decoded =
      source && p.format === 'source'
        ? source.decode(p.origin, p.raw)
        : decodeJsonPayload(p.raw, deps.pipeline.decodeOptions());
    // Imported rows are history: stored, but neither alarmed on nor sent live.
    const outcome = await deps.pipeline.submitDecoded(p.source, p.origin, decoded, {
      deadLetters: false,
      backfill: p.source === FILE_SOURCE,
    });
    if (outcome.rejected.length === 0 && outcome.accepted > 0) {
      deps.deadLetters.remove([p.id]);
      results.push({ id: p.id, ok: true, reason: null });
    } else {
      const reason = outcome.rejected[0]?.reason ?? 'no readings in the payload';
      deps.deadLetters.retried(p.id, reason, deps.clock());
      results.push({ id: p.id, ok: false, reason });
    }
  }
  return results.sort((a, b) => a.id - b.id);
}
