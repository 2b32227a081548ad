// Level 1 of the display hierarchy: the plant's areas, each with its active alarms counted by
// priority (shape and number, never colour alone) and its worst device status. Shown as a band
// above the Wall of every area (`#wall`) when the plant has more than one area; an area opens
// its own wall (`#wall/<area>`, level 2). The same summary heads each area's group on the wall.
import { StatusShapeIcon } from '../../components/icons';
import { AreaLink } from '../../components/RouteLinks';
import { PRIORITIES, type AreaSummary } from './wall-groups';

/** Alarm counts by priority, e.g. "◆ 1 ▲ 3": nothing when the area has none. */
export function AlarmCounts({ summary, quiet }: { summary: AreaSummary; quiet?: boolean }) {
  const shown = PRIORITIES.filter((p) => summary.counts[p] > 0);
  // A quiet heading says nothing (ISA-101: calm when normal); cards and the bar say "no alarms".
  if (shown.length === 0) return quiet ? null : <span className="area-counts area-quiet">no alarms</span>;
  return (
    <span className="area-counts" data-testid="area-counts">
      {shown.map((p) => (
        <span key={p} className={`area-count priority-${p}`} data-priority={p} title={`${summary.counts[p]} ${p}`}>
          <StatusShapeIcon shape={p} /> {summary.counts[p]}
        </span>
      ))}
    </span>
  );
}

export function AreaOverview({ areas }: { areas: readonly AreaSummary[] }) {
  return (
    <nav className="area-overview" aria-label="Plant areas" data-testid="area-overview">
      {areas.map((s) => (
        <AreaLink key={s.area} area={s.area} className="area-card">
          <span className="area-card-name">
            <StatusShapeIcon shape={s.worst.shape} /> {s.area}
          </span>
          <span className="area-card-meta">
            <span data-testid="area-worst" data-status={s.worst.level}>
              {s.worst.word}
            </span>{' '}
            · {s.devices.length} devices
          </span>
          <AlarmCounts summary={s} />
        </AreaLink>
      ))}
    </nav>
  );
}
