// The endpoints a polling source reads (a Prometheus source's targets), one line each: up or
// down in words as well as colour, when it was last scraped and how long that took, how many
// samples it gave (and how many were skipped), and why it is down.
import type { SourceTarget } from '../../../../shared/domain';
import { formatCount, formatDuration, formatLocalTime } from '../../components/format';

export function SourceTargets({ targets }: { targets: readonly SourceTarget[] }) {
  return (
    <ul className="source-targets" data-testid="source-targets">
      {targets.map((t) => (
        <li key={t.url} className="source-target" data-testid="source-target" data-up={String(t.up)}>
          <span className="source-target-state">
            <span className="dot" aria-hidden="true" />
            {t.up ? 'Up' : 'Down'}
          </span>
          <span className="source-target-url">{t.url}</span>
          <span className="source-target-figures" data-testid="source-target-figures">
            {t.lastScrapeAt === null
              ? 'not scraped yet'
              : `${formatLocalTime(t.lastScrapeAt)} · ${formatDuration(t.durationMs ?? NaN)} · ${formatCount(t.samples)} samples${
                  t.skipped > 0 ? ` (${formatCount(t.skipped)} skipped)` : ''
                }`}
          </span>
          {t.error && (
            <span className="source-target-error" data-testid="source-target-error">
              {t.error}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
