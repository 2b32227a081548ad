// The Wall as it fills any display (issue 16, point 3): every device of the plant, or of one
// area (`#wall/<area>`), as tiles sized to fill the screen at the density the count allows
// (wall-fit.ts) or the operator chose (remembered, wall-prefs.ts); grouped by area behind a
// heading cell with the area's alarm counts; the worst first when asked. With several areas the
// Wall of every area opens with the area overview (level 1) as a band above the groups.
// Loaded after the first view's plain grid (views/WallView.tsx), so none of this costs the
// first paint.
import { useMemo, useRef, useSyncExternalStore } from 'react';
import { useAppStore } from '../../store/app-store';
import { onClockTick } from '../../telemetry/clock';
import { DeviceTile } from '../DeviceTile';
import { StatusShapeIcon } from '../../components/icons';
import { AreaLink } from '../../components/RouteLinks';
import { AlarmCounts, AreaOverview } from './AreaOverview';
import { CompactTile } from './CompactTile';
import { WallToolbar } from './WallToolbar';
import { WALL_GAP, useWallFit } from './use-wall-fit';
import { areaSummaries, sharedNamePrefix, statusesOf } from './wall-groups';
import { useWallPrefs } from './wall-prefs';
import './wall-layout.css';

const STEP_MS = 10_000;
const step = () => Math.floor(Date.now() / STEP_MS);

export function WallBoard() {
  const devices = useAppStore((s) => s.devices);
  const alarmMap = useAppStore((s) => s.alarms);
  const deaths = useAppStore((s) => s.deaths);
  const area = useAppStore((s) => s.wallArea);
  const prefs = useWallPrefs();
  const now = useSyncExternalStore(onClockTick, step);
  const gridRef = useRef<HTMLDivElement>(null);

  const areas = useMemo(() => {
    const alarms = Object.values(alarmMap);
    const statuses = statusesOf(devices, { alarms, deaths, now: now * STEP_MS });
    return areaSummaries(devices, statuses, alarms, prefs.worstFirst);
  }, [devices, alarmMap, deaths, now, prefs.worstFirst]);

  const shown = area === null ? areas : areas.filter((s) => s.area === area);
  const headed = area === null && areas.length > 1;
  // An area's heading takes two cells: its name and alarm counts on one line.
  const cells = shown.reduce((n, s) => n + s.devices.length + (headed ? 2 : 0), 0);
  const fit = useWallFit(gridRef, cells, prefs.density === 'auto' ? undefined : prefs.density);
  const density = fit?.density ?? 'large';

  return (
    <section className="wall-board" aria-label="Devices" data-testid="wall" data-area={area ?? ''}>
      <WallToolbar area={area} summary={area === null ? undefined : shown[0]} fit={fit} />
      {headed && <AreaOverview areas={areas} />}
      {area !== null && shown.length === 0 && (
        <p className="view-empty" data-testid="wall-no-area">
          No device is in area “{area}”.
        </p>
      )}
      <div
        ref={gridRef}
        className="wall-grid"
        data-density={density}
        data-fits={fit ? String(fit.fits) : undefined}
        style={
          fit
            ? {
                gridTemplateColumns: `repeat(${fit.columns}, minmax(0, 1fr))`,
                gridAutoRows: `${fit.rowHeight}px`,
                gap: WALL_GAP,
                ['--wall-scale' as string]: fit.scale,
                ['--wall-columns' as string]: fit.columns,
                ['--wall-row' as string]: `${fit.rowHeight}px`,
              }
            : { gap: WALL_GAP }
        }
      >
        {fit &&
          shown.map((s) => {
            const prefix = headed && density === 'dense' ? sharedNamePrefix(s.devices.map((d) => d.name || d.id)) : '';
            return [
              headed && (
                <AreaLink key={`area:${s.area}`} area={s.area} className="wall-area-head">
                  <StatusShapeIcon shape={s.worst.shape} />
                  <span className="wall-area-name" data-testid="wall-area-head">
                    {s.area}
                  </span>
                  {prefix && <span className="wall-area-prefix">{prefix.trim()} …</span>}
                  <AlarmCounts summary={s} quiet />
                </AreaLink>
              ),
              ...s.devices.map((d) =>
                density === 'large' ? (
                  <DeviceTile key={d.id} device={d} />
                ) : (
                  <CompactTile
                    key={d.id}
                    device={d}
                    density={density}
                    short={prefix && (d.name || d.id).slice(prefix.length)}
                  />
                ),
              ),
            ];
          })}
      </div>
    </section>
  );
}
