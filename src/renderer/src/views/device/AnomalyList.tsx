// The anomalies pinned on a signal's chart, newest first, each explaining itself: the
// detector's sentence, then its evidence (rule and limit; score, baseline and deviation; or
// model, version and the signals contributing most). One suppressed by feedback (a look-alike
// of a labelled false alarm, which raised no alarm) says so, with the label it matched, and is
// drawn calm: it is recorded, not abnormal. Zoomed, it lists only the anomalies in the zoom
// window (issue 16, point 8) and says how many the zoom leaves out.
import type { Anomaly } from '../../../../shared/contract/detection';
import { formatLocalTime } from '../../components/format';
import { explainAnomaly, KIND_NAMES, suppressionNote } from './anomaly-explain';

const SHOWN = 20;

interface AnomalyListProps {
  /** The anomalies inside the window on screen (the zoom window when zoomed). */
  anomalies: readonly Anomaly[];
  zoomed: boolean;
  /** How many the whole range has, to say how many the zoom leaves out. */
  total: number;
}

export function AnomalyList({ anomalies, zoomed, total }: AnomalyListProps) {
  if (anomalies.length === 0 && (!zoomed || total === 0)) return null;
  const newest = [...anomalies].reverse().slice(0, SHOWN);
  const suppressed = anomalies.filter((a) => a.suppressedBy).length;
  return (
    <details
      className="anomaly-list"
      data-testid="anomaly-list"
      data-count={anomalies.length}
      data-zoomed={zoomed || undefined}
      open={anomalies.length <= 5}
    >
      <summary>
        {anomalies.length} {anomalies.length === 1 ? 'anomaly' : 'anomalies'} in {zoomed ? 'this window' : 'this range'}
        {zoomed && total > anomalies.length && ` (${total - anomalies.length} more outside the zoom)`}
        {suppressed > 0 && ` (${suppressed} suppressed by feedback)`}
      </summary>
      <ol>
        {newest.map((a) => {
          const note = suppressionNote(a);
          return (
            <li
              key={`${a.ts}-${a.detector}-${a.signal}`}
              className={`anomaly-item kind-${a.kind}${note ? ' suppressed' : ''}`}
              data-testid="anomaly-item"
              data-kind={a.kind}
              data-suppressed-by={a.suppressedBy ?? undefined}
            >
              <span className="anomaly-when">{formatLocalTime(a.ts)}</span>
              <span className="anomaly-kind">{KIND_NAMES[a.kind]}</span>
              <span className="anomaly-message">{a.message}</span>
              <span className="anomaly-evidence">
                {explainAnomaly(a)} · {a.detector}
              </span>
              {note && (
                <span className="anomaly-suppressed" data-testid="anomaly-suppressed" title={note}>
                  Suppressed by feedback · false alarm <code>{a.suppressedBy}</code> · no alarm raised
                </span>
              )}
            </li>
          );
        })}
      </ol>
      {anomalies.length > SHOWN && <p className="anomaly-more">…and {anomalies.length - SHOWN} older</p>}
    </details>
  );
}
