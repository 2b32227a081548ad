// An alarm's report in the assistant panel: its state (none, queued, "Writing a report…"), then
// what the report says — severity, category, confidence, summary, the runbook's safety notes
// (before anything to do), probable causes and recommended actions with their citations — where it comes from (the model, or the runbooks
// alone and why), the passages, the model and the time taken. Regenerate, and Useful / Not
// useful (stored with the report; the choice stays shown).
import { useState } from 'react';
import type { AlarmReport, Passage } from '../../../../shared/contract/assistant';
import { useClient } from '../../app/engine-context';
import { formatDuration, formatLocalTime } from '../../components/format';
import { CitedText } from './CitedText';
import { PassageList } from './PassageList';
import { useAlarmReport } from './use-alarm-report';

const STATE_TEXT = {
  none: 'No report for this alarm yet.',
  queued: 'Waiting for its turn to be written…',
  running: 'Writing a report…',
} as const;

function ReportBody({ report, onCite }: { report: AlarmReport; onCite(p: Passage): void }) {
  return (
    <div className="report" data-testid="report" data-source={report.source}>
      {report.source === 'retrieval' && (
        <p className="report-fallback" data-testid="report-fallback">
          From the runbooks alone{report.note ? ` — ${report.note}` : ''}
        </p>
      )}
      <dl className="report-facts">
        <dt>Severity</dt>
        <dd className={`report-severity sev-${report.severity}`} data-testid="report-severity">
          {report.severity}
        </dd>
        <dt>Category</dt>
        <dd>{report.category}</dd>
        <dt>Confidence</dt>
        <dd>{report.confidence}</dd>
      </dl>
      <p className="report-summary" data-testid="report-summary">
        <CitedText text={report.summary} passages={report.passages} onCite={onCite} />
      </p>
      {report.safety.length > 0 && (
        <section className="report-safety" aria-label="Safety">
          <h4>Safety first</h4>
          <ul className="report-list" data-testid="report-safety">
            {report.safety.map((s, i) => (
              <li key={i}>
                <CitedText text={s.text} citations={s.citations} passages={report.passages} onCite={onCite} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.causes.length > 0 && (
        <>
          <h4>Probable causes</h4>
          <ol className="report-list" data-testid="report-causes">
            {report.causes.map((c, i) => (
              <li key={i}>
                <CitedText text={c.text} citations={c.citations} passages={report.passages} onCite={onCite} />
              </li>
            ))}
          </ol>
        </>
      )}
      {report.actions.length > 0 && (
        <>
          <h4>Recommended actions</h4>
          <ol className="report-list" data-testid="report-actions">
            {report.actions.map((a, i) => (
              <li key={i}>
                <CitedText text={a.text} citations={a.citations} passages={report.passages} onCite={onCite} />
              </li>
            ))}
          </ol>
        </>
      )}
      <PassageList passages={report.passages} onOpen={onCite} label="Passages used" />
      <p className="assistant-meta" data-testid="report-meta">
        {report.model ? `Written by ${report.model}` : 'Made from the runbooks without a model'} in{' '}
        {formatDuration(report.durationMs)} · {formatLocalTime(report.createdAt)}
      </p>
    </div>
  );
}

export function AlarmReportSection({ alarmId, onCite }: { alarmId: number; onCite(p: Passage): void }) {
  const client = useClient();
  const { status, error, adopt } = useAlarmReport(alarmId);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const regenerate = () => act(async () => adopt(await client.request('assistant.regenerate', { alarmId })));
  const feedback = (useful: boolean) =>
    act(async () => {
      const report = await client.request('assistant.feedback', { alarmId, useful });
      adopt({ alarmId, state: status?.state ?? 'ready', report });
    });

  const report = status?.report ?? null;
  const state = status?.state ?? null;
  const useful = report?.feedback?.useful;

  return (
    <section
      className="assistant-report"
      aria-label="Report"
      data-testid="report-section"
      data-state={state ?? 'loading'}
    >
      <h3>Report</h3>
      {error && (
        <p className="assistant-error" role="alert">
          {error}
        </p>
      )}
      {state === null && !error && <p className="assistant-hint">Loading…</p>}
      {state !== null && state !== 'ready' && (
        <p className="assistant-hint" role="status" data-testid="report-state">
          {STATE_TEXT[state]}
          {report && state !== 'none' && ' The previous report stays below until then.'}
        </p>
      )}
      {report && <ReportBody report={report} onCite={onCite} />}
      <div className="assistant-actions">
        <button
          type="button"
          className="button"
          disabled={busy || state === 'running' || state === 'queued' || state === null}
          onClick={() => void regenerate()}
          data-testid="report-regenerate"
        >
          {report ? 'Regenerate' : 'Write a report'}
        </button>
        {report && (
          <span className="feedback" role="group" aria-label="Was this report useful?">
            <button
              type="button"
              className="button small"
              aria-pressed={useful === true}
              disabled={busy}
              onClick={() => void feedback(true)}
              data-testid="report-useful"
            >
              Useful
            </button>
            <button
              type="button"
              className="button small"
              aria-pressed={useful === false}
              disabled={busy}
              onClick={() => void feedback(false)}
              data-testid="report-not-useful"
            >
              Not useful
            </button>
            {report.feedback && (
              <small className="assistant-meta" data-testid="report-feedback">
                Marked {report.feedback.useful ? 'useful' : 'not useful'} by {report.feedback.by}
              </small>
            )}
          </span>
        )}
      </div>
      {failure && (
        <p className="assistant-error" role="alert" data-testid="report-error">
          {failure}
        </p>
      )}
    </section>
  );
}
