// Settings → Models: per device, train a new model version (a job with progress and Cancel), see every
// version with its training figures and status, compare shadow against active over the same
// period (chart + counts above threshold), activate, retire and roll back; supplied models
// whose manifest was refused are listed with the reason. The training form shows the minimum
// training span (models.minTrainingSpan) beside the range picked, and refuses a shorter range
// before asking the engine, in the engine's words (src/shared/training-span.ts).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Device } from '../../../../../shared/domain';
import type { Job, ModelInfo, ModelScoreSeries, RejectedModel } from '../../../../../shared/contract';
import { useClient } from '../../../app/engine-context';
import { followJob } from '../../../api/follow-job';
import { Chart } from '../../../charts/Chart';
import { CancelJobButton } from '../../../components/CancelJobButton';
import { useAppStore } from '../../../store/app-store';
import { messageOf, useSaveCycle } from '../use-save-cycle';
import { aboveText, compareOption } from './compare-option';
import { ModelEvaluationPanel } from './ModelEvaluationPanel';
import './models.css';
import { formatDateTime } from '../../../components/time-format';
import { durationText, spanRefusal } from '../../../../../shared/training-span';

const DAY = 86_400_000;
const TRAIN_RANGES = [
  { label: 'last 24 hours', ms: DAY },
  { label: 'last 7 days', ms: 7 * DAY },
  { label: 'last 30 days', ms: 30 * DAY },
];
const COMPARE_RANGES = [
  { label: 'last hour', ms: 3_600_000 },
  { label: 'last 24 hours', ms: DAY },
  { label: 'last 7 days', ms: 7 * DAY },
];

const when = (t: number | null) => (t === null ? '—' : formatDateTime(t));

export function ModelsTab() {
  const client = useClient();
  const connected = useAppStore((s) => s.connection === 'open');
  // null until the engine has answered once: "no device" is said only when it is true.
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [deviceId, setDeviceId] = useState('');
  const [models, setModels] = useState<ModelInfo[]>([]);
  const [rejected, setRejected] = useState<RejectedModel[]>([]);
  const [minSpan, setMinSpan] = useState<number | null>(null);
  const [trainRange, setTrainRange] = useState(TRAIN_RANGES[1]!.ms);
  const [compareRange, setCompareRange] = useState(COMPARE_RANGES[1]!.ms);
  const [job, setJob] = useState<Job | null>(null);
  const [compared, setCompared] = useState<ModelScoreSeries[] | null>(null);
  // Actions and loads share one line for what went wrong (Models shows no success line).
  const { status, setStatus, run } = useSaveCycle();
  const error = status && !status.ok ? status.text : null;
  const failed = useCallback((err: unknown) => setStatus({ ok: false, text: messageOf(err) }), [setStatus]);

  useEffect(() => {
    if (!connected) return;
    client.request('devices.list', {}).then((list) => {
      const configured = list.filter((d) => !d.unconfigured && d.signals.length > 1);
      setDevices(configured);
      setDeviceId((id) => id || configured[0]?.id || '');
    }, failed);
  }, [client, connected, failed]);

  const refresh = useCallback(() => {
    if (!deviceId) return;
    client.request('models.list', { deviceId }).then((r) => {
      setModels(r.models);
      setRejected(r.rejected);
      setMinSpan(r.minTrainingSpanMs);
    }, failed);
    const to = Date.now();
    client.request('models.compare', { deviceId, from: to - compareRange, to }).then(setCompared, failed);
  }, [client, deviceId, compareRange, failed]);

  useEffect(refresh, [refresh]);

  const act = (work: () => Promise<unknown>) =>
    void run(async () => {
      await work();
      refresh();
    });

  const tooShort = minSpan === null ? null : spanRefusal(trainRange, minSpan);
  const train = () =>
    void run(async () => {
      if (tooShort) {
        setJob(null);
        throw new Error(`model refused: ${tooShort}`);
      }
      const to = Date.now();
      const started = await client.request('models.train', { deviceId, from: to - trainRange, to });
      setJob(started);
      followJob(client, started.id, setJob, { pollMs: 1000, onFinished: refresh });
    });

  const active = models.find((m) => m.status === 'active');
  const option = useMemo(() => compareOption(compared?.filter((s) => s.status !== 'retired') ?? []), [compared]);
  const training = job?.state === 'running';

  if (devices === null) {
    return <p className="models-hint">{error ?? 'Waiting for the engine…'}</p>;
  }
  if (devices.length === 0) {
    return (
      <p className="models-hint">
        {error ?? 'No device with two or more signals: a model needs several signals to relate.'}
      </p>
    );
  }
  return (
    <div className="models-tab">
      <div className="models-bar">
        <label>
          Device{' '}
          <select value={deviceId} onChange={(e) => setDeviceId(e.target.value)} aria-label="Device">
            {devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name || d.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Train on{' '}
          <select
            value={trainRange}
            onChange={(e) => setTrainRange(Number(e.target.value))}
            aria-label="Training range"
          >
            {TRAIN_RANGES.map((r) => (
              <option key={r.ms} value={r.ms}>
                {r.label}
                {minSpan !== null && spanRefusal(r.ms, minSpan) ? ' (shorter than the minimum)' : ''}
              </option>
            ))}
          </select>
        </label>
        {minSpan !== null && minSpan > 0 && (
          <span className={tooShort ? 'models-span models-error' : 'models-span'} data-testid="train-span">
            {durationText(trainRange)} picked; a model needs at least {durationText(minSpan)} of normal running
            (models.minTrainingSpan)
          </span>
        )}
        <button type="button" onClick={train} disabled={training || !deviceId}>
          {training ? 'Training…' : 'Train new version'}
        </button>
        <button
          type="button"
          onClick={() => act(() => client.request('models.rollback', { deviceId }))}
          disabled={!active}
          title="Retire the active model and re-activate the one it replaced"
        >
          Roll back
        </button>
      </div>
      {job && (
        <div className="models-job" role="status">
          {job.state === 'running' && (
            <>
              <progress max={1} value={job.progress} /> {Math.round(job.progress * 100)} % (
              {job.rows.toLocaleString('en')}){' '}
              <CancelJobButton key={job.id} job={job} testId="train-cancel" className="models-cancel" />
            </>
          )}
          {job.state === 'cancelled' && <>Training cancelled; no model was written.</>}
          {job.state === 'done' && (
            <>Trained on {job.rows.toLocaleString('en')} vectors; the new version is in shadow.</>
          )}
          {job.state === 'failed' && <span className="models-error">Training failed: {job.error}</span>}
        </div>
      )}
      {error && (
        <p className="models-error" role="alert">
          {error}
        </p>
      )}

      <ModelEvaluationPanel deviceId={deviceId} models={models} />

      <table className="models-table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Status</th>
            <th>Signals</th>
            <th>Trained on</th>
            <th>Figures</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} className={`model-${m.status}`}>
              <td>
                {m.source === 'user' ? m.id : `v${m.version}`}
                <div className="models-sub">
                  {m.kind === 'pca' ? 'PCA (T², Q)' : m.kind === 'dpca' ? 'Dynamic PCA (lagged T²)' : 'supplied ONNX'}
                </div>
              </td>
              <td>{m.status}</td>
              <td>{m.signals.join(', ')}</td>
              <td>{m.trainedFrom === null ? '—' : `${when(m.trainedFrom)} – ${when(m.trainedTo)}`}</td>
              <td className="models-sub">
                {m.metrics.vectors !== undefined &&
                  `${m.metrics.vectors.toLocaleString('en')} vectors, ` +
                    (m.kind === 'dpca'
                      ? `${m.metrics.lags} lags, T² over ${m.metrics.components} components, ` +
                        `limit at ${Math.round((m.metrics.confidence ?? 0) * 1000) / 10} % out of sample, `
                      : `${m.metrics.components} components ` +
                        `(${Math.round((m.metrics.explainedVariance ?? 0) * 100)} % of variance), `) +
                    `${((m.metrics.trainingAboveThreshold ?? 0) * 100).toFixed(2)} % of training above threshold`}
              </td>
              <td className="models-actions">
                {m.status !== 'active' && (
                  <button type="button" onClick={() => act(() => client.request('models.activate', { id: m.id }))}>
                    Activate
                  </button>
                )}
                {m.status !== 'retired' && (
                  <button type="button" onClick={() => act(() => client.request('models.retire', { id: m.id }))}>
                    Retire
                  </button>
                )}
              </td>
            </tr>
          ))}
          {models.length === 0 && (
            <tr>
              <td colSpan={6} className="models-hint">
                No model for this device yet: train one from its history.
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <h3>
        Shadow against active,{' '}
        <select
          value={compareRange}
          onChange={(e) => setCompareRange(Number(e.target.value))}
          aria-label="Comparison period"
        >
          {COMPARE_RANGES.map((r) => (
            <option key={r.ms} value={r.ms}>
              {r.label}
            </option>
          ))}
        </select>
      </h3>
      <Chart option={option} label="Model scores, shadow against active" className="models-chart" />
      <ul className="models-counts">
        {(compared ?? [])
          .filter((s) => s.status !== 'retired')
          .map((s) => (
            <li key={s.modelId}>
              <strong>
                v{s.version} ({s.status})
              </strong>
              : {aboveText(s)}
            </li>
          ))}
      </ul>

      {rejected.length > 0 && (
        <>
          <h3>Supplied models refused</h3>
          <ul className="models-rejected">
            {rejected.map((r) => (
              <li key={r.file}>
                <code>{r.file}</code>: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
