// The Wall's one-line bar: where it is (Plant › area, each a link up the hierarchy), what the
// screen holds, and the operator's two choices — density (automatic or a fixed level) and the
// worst devices first. Both are remembered by this browser profile (wall-prefs.ts).
import { useAppStore } from '../../store/app-store';
import { AlarmCounts } from './AreaOverview';
import type { WallFit } from './wall-fit';
import { DENSITIES } from './wall-fit';
import type { AreaSummary } from './wall-groups';
import { setWallPrefs, useWallPrefs, type DensityChoice } from './wall-prefs';

const LABEL: Record<DensityChoice, string> = { auto: 'Auto', large: 'Large', compact: 'Compact', dense: 'Dense' };

export function WallToolbar({
  area,
  summary,
  fit,
}: {
  area: string | null;
  summary?: AreaSummary;
  fit: WallFit | null;
}) {
  const prefs = useWallPrefs();
  const showWall = useAppStore((s) => s.showWall);
  return (
    <div className="wall-toolbar" data-testid="wall-toolbar">
      <nav className="wall-crumbs" aria-label="Where">
        {area === null ? (
          <span className="wall-crumb-here">Plant</span>
        ) : (
          <>
            <a
              href="#wall"
              data-testid="wall-plant-link"
              onClick={(e) => {
                e.preventDefault();
                showWall(null);
              }}
            >
              Plant
            </a>
            <span aria-hidden="true"> › </span>
            <span className="wall-crumb-here" data-testid="wall-area-title">
              {area}
            </span>
            {summary && <AlarmCounts summary={summary} />}
          </>
        )}
      </nav>
      {fit && !fit.fits && (
        <span className="wall-note" data-testid="wall-scrolls">
          more devices than fit: scroll, or open an area
        </span>
      )}
      <label className="wall-choice">
        Density{' '}
        <select
          data-testid="wall-density"
          value={prefs.density}
          onChange={(e) => setWallPrefs({ density: e.target.value as DensityChoice })}
        >
          {(['auto', ...DENSITIES] as const).map((d) => (
            <option key={d} value={d}>
              {d === 'auto' && fit && prefs.density === 'auto'
                ? `Auto (${LABEL[fit.density].toLowerCase()})`
                : LABEL[d]}
            </option>
          ))}
        </select>
      </label>
      <label className="wall-choice">
        <input
          type="checkbox"
          data-testid="wall-worst-first"
          checked={prefs.worstFirst}
          onChange={(e) => setWallPrefs({ worstFirst: e.target.checked })}
        />{' '}
        Worst first
      </label>
    </div>
  );
}
