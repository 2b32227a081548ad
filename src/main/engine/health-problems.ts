// Why the engine is degraded, in words an operator can act on: history that cannot write (and
// since when), a data disk running out of space, sources that are not connected. Health lists
// them and its status is `degraded` while there is any.
import type { SourceHealth } from '../../shared/domain';
import type { HistoryCondition } from './history/history-availability';

function megabytes(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))} MB`;
}

export function healthProblems(input: {
  sources: readonly SourceHealth[];
  history: HistoryCondition | null;
  minFreeBytes: number;
}): string[] {
  const problems: string[] = [];
  const { history } = input;
  if (history && !history.writable) {
    const since = history.since === null ? '' : ` since ${new Date(history.since).toISOString()}`;
    problems.push(
      `cannot store readings${since}: ${history.error ?? 'a write failed'}; ingest is refused and resumes by itself once the data disk has room`,
    );
  } else if (history && history.freeBytes !== null && history.freeBytes < input.minFreeBytes) {
    problems.push(`the data disk is nearly full: ${megabytes(history.freeBytes)} free`);
  }
  for (const s of input.sources) {
    if (!s.connected) problems.push(`source ${s.id} is not connected${s.error ? `: ${s.error}` : ''}`);
  }
  return problems;
}
