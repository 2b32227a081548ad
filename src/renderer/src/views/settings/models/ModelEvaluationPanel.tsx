// Settings → Models, "Against the labels": for a device with a model in shadow, how the shadow
// and the active model do on the device's labelled ranges (models.evaluate; the definition is in
// docs/configuration.md, Models): true anomalies flagged, false alarms flagged, precision, recall
// and F1 side by side, shown above the list and its Activate button so they are read first.
import { useEffect, useState } from 'react';
import type { ModelEvaluation } from '../../../../../shared/contract/annotations';
import type { ModelInfo } from '../../../../../shared/contract';
import { useClient } from '../../../app/engine-context';
import { messageOf } from '../use-save-cycle';
import { f1Text, hasNoLabels, pct, shadowBesideActive } from './evaluation-format';

export function ModelEvaluationPanel({ deviceId, models }: { deviceId: string; models: readonly ModelInfo[] }) {
  const client = useClient();
  const hasShadow = models.some((m) => m.status === 'shadow');
  // Reloaded when the device or its models change (a new version trained, one activated); an
  // answer for another device or set of models is not shown.
  const key = `${deviceId}|${models.map((m) => `${m.id}:${m.status}`).join(',')}`;
  const [answer, setAnswer] = useState<{ key: string; list: ModelEvaluation[] | null; error: string | null }>();

  useEffect(() => {
    if (!deviceId || !hasShadow) return;
    let current = true;
    client.request('models.evaluate', { deviceId }).then(
      (list) => current && setAnswer({ key, list, error: null }),
      (err: unknown) => current && setAnswer({ key, list: null, error: messageOf(err) }),
    );
    return () => {
      current = false;
    };
  }, [client, deviceId, hasShadow, key]);

  const fresh = answer?.key === key ? answer : undefined;
  const list = fresh?.list ?? null;
  const error = fresh?.error ?? null;
  if (!hasShadow) return null;
  const byId = new Map(models.map((m) => [m.id, m]));
  const name = (id: string) => {
    const m = byId.get(id);
    return !m ? id : m.source === 'user' ? m.id : `v${m.version}`;
  };
  const shown = shadowBesideActive(list ?? []);
  return (
    <section className="models-evaluation" aria-label="Models against the labels" data-testid="model-evaluation">
      <h3>Against the labels</h3>
      {error && (
        <p className="models-error" role="alert">
          Not evaluated — {error}
        </p>
      )}
      {!fresh && <p className="models-hint">Scoring the labelled ranges…</p>}
      {list !== null && shown.every(hasNoLabels) && (
        <p className="models-hint" data-testid="evaluation-no-labels">
          No labels yet: label true anomalies and false alarms on this device&apos;s charts or in Review, and each model
          is judged against them here.
        </p>
      )}
      {list !== null && !shown.every(hasNoLabels) && (
        <div className="models-evaluation-scroll">
          <table className="models-table">
            <thead>
              <tr>
                <th>Model</th>
                <th title="Share of flagged ranges that were true anomalies">Precision</th>
                <th title="Share of true-anomaly ranges flagged">Recall</th>
                <th>F1</th>
                <th title="True-anomaly ranges the model flagged">Anomalies found</th>
                <th title="False-alarm and operating-point ranges the model flagged">Normal flagged</th>
                <th title="Labelled ranges with no stored readings to score">Unscored</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.modelId} data-testid="evaluation-row" data-status={e.status}>
                  <td>
                    {name(e.modelId)} <span className="models-sub">({e.status})</span>
                  </td>
                  <td>{pct(e.precision)}</td>
                  <td>{pct(e.recall)}</td>
                  <td>{f1Text(e.f1)}</td>
                  <td>
                    {e.detected} of {e.positives}
                  </td>
                  <td>
                    {e.falseAlarms} of {e.negatives}
                  </td>
                  <td>{e.unscored}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="models-sub">
        A labelled range counts as flagged when the live alarm rule would raise inside it: enough vectors in a row
        (models.persistence) above the model&apos;s threshold.
      </p>
    </section>
  );
}
