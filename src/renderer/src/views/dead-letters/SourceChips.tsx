// The dead-letter count of every source as filter chips, with "All" first. The chip of the
// source filtered to stays even when it has no dead letters left, so the filter is never hidden.
import { formatCount } from '../../components/format';
import type { DeadLetterCounts } from './use-dead-letters';

interface SourceChipsProps {
  counts: DeadLetterCounts | null;
  active: string | null;
  onPick(source: string | null): void;
}

export function SourceChips({ counts, active, onPick }: SourceChipsProps) {
  const bySource = { ...counts?.bySource };
  if (active !== null && !(active in bySource)) bySource[active] = 0;
  const sources = Object.keys(bySource).sort((a, b) => a.localeCompare(b));

  return (
    <div className="dl-chips" role="group" aria-label="Filter by source">
      <button
        type="button"
        className="dl-chip"
        data-testid="dl-source-all"
        data-count={counts?.total}
        aria-pressed={active === null}
        onClick={() => onPick(null)}
      >
        All <span className="dl-chip-count">{counts ? formatCount(counts.total) : '—'}</span>
      </button>
      {sources.map((source) => (
        <button
          key={source}
          type="button"
          className="dl-chip"
          data-testid="dl-source"
          data-source={source}
          data-count={bySource[source]}
          aria-pressed={active === source}
          onClick={() => onPick(source)}
        >
          {source} <span className="dl-chip-count">{formatCount(bySource[source] ?? 0)}</span>
        </button>
      ))}
    </div>
  );
}
