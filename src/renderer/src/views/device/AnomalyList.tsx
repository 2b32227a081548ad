// The anomalies pinned on a signal's chart, newest first, each explaining itself: the
// detector's sentence, then its evidence (rule and limit; score, baseline and deviation; or
// model, version and the signals contributing most).
import type { Anomaly } from '../../../../shared/contract/detection';
import { formatLocalTime } from '../../components/format';
import { explainAnomaly, KIND_NAMES } from './anomaly-explain';

const SHOWN = 20;

export function AnomalyList({ anomalies }: { anomalies: readonly Anomaly[] }) {
  if (anomalies.length === 0) return null;
  const newest = [...anomalies].reverse().slice(0, SHOWN);
  return (
    <details className="anomaly-list" data-testid="anomaly-list" open={anomalies.length <= 5}>
      <summary>
        {anomalies.length} {anomalies.length === 1 ? 'anomaly' : 'anomalies'} in this range
      </summary>
      <ol>
        {newest.map((a) => (
          <li
            key={`${a.ts}-${a.detector}-${a.signal}`}
            className={`anomaly-item kind-${a.kind}`}
            data-testid="anomaly-item"
            data-kind={a.kind}
          >
            <span className="anomaly-when">{formatLocalTime(a.ts)}</span>
            <span className="anomaly-kind">{KIND_NAMES[a.kind]}</span>
            <span className="anomaly-message">{a.message}</span>
            <span className="anomaly-evidence">
              {explainAnomaly(a)} · {a.detector}
            </span>
          </li>
        ))}
      </ol>
      {anomalies.length > SHOWN && <p className="anomaly-more">…and {anomalies.length - SHOWN} older</p>}
    </details>
  );
}
