// Settings → Engine (desktop app only): which engine this station works with — its own, or a
// central Watchfloor engine at a URL. Attaching is two steps on purpose: Check reads the
// certificate the engine presents (fingerprint, subject, validity) without trusting it; the user
// compares the fingerprint with the one the engine's administrator reads on the engine's machine,
// then Approve and connect pins exactly that fingerprint. A certificate that changes later is
// refused, and this tab says so and offers to check the new one. After a switch the page reloads:
// it boots again against the new engine (a central one asks for a sign-in first).
import { useEffect, useState, type FormEvent } from 'react';
import type { EngineTargetView, ProbeResult } from '../../../../../shared/engine-target';
import { engineCall } from '../../../api/engine-target';
import './engine.css';
import { formatDateTime } from '../../../components/time-format';

const dateTime = (ms: number) => formatDateTime(ms);

function Certificate({ probe, now }: { probe: ProbeResult; now: number }) {
  const cert = probe.certificate;
  if (!cert) {
    return (
      <p className="engine-warning" role="alert" data-testid="engine-probe-warning">
        {probe.warning ?? 'Plain http: nothing to check.'} Nothing is encrypted and no certificate can be pinned.
      </p>
    );
  }
  const expired = now > cert.validTo || now < cert.validFrom;
  return (
    <div className="engine-cert" data-testid="engine-certificate">
      <p className="engine-cert-lead">
        Compare this fingerprint with the one the engine’s administrator reads on the engine’s machine (
        <code>openssl x509 -noout -fingerprint -sha256 -in cert.pem</code>). Approve only if they are the same.
      </p>
      <dl className="engine-facts">
        <dt>SHA-256 fingerprint</dt>
        <dd className="engine-fingerprint" data-testid="engine-fingerprint">
          {cert.fingerprint}
        </dd>
        <dt>Subject</dt>
        <dd>{cert.subject || '—'}</dd>
        <dt>Issuer</dt>
        <dd>{cert.selfSigned ? `${cert.issuer} (self-signed)` : cert.issuer}</dd>
        <dt>Valid</dt>
        <dd className={expired ? 'engine-bad' : undefined}>
          {dateTime(cert.validFrom)} – {dateTime(cert.validTo)}
          {expired ? ' · not valid now' : ''}
        </dd>
        <dt>Public CA</dt>
        <dd>
          {cert.caTrusted
            ? 'also trusted by a public certificate authority'
            : 'not trusted by a public certificate authority (normal for a plant’s own engine)'}
        </dd>
      </dl>
    </div>
  );
}

function CurrentTarget({ view }: { view: EngineTargetView }) {
  const { target } = view;
  return (
    <div className="engine-current" data-testid="engine-current">
      <span className="engine-label">Now</span>
      {target.kind === 'local' ? (
        <strong>This station’s own engine</strong>
      ) : (
        <span>
          <strong>Central engine</strong> <code data-testid="engine-current-url">{target.url}</code>
          {target.fingerprint && (
            <span className="engine-pin">
              {' '}
              · pinned <code>{target.fingerprint.slice(0, 23)}…</code>
            </span>
          )}
        </span>
      )}
      {view.warning && <p className="engine-warning">{view.warning}</p>}
      {view.problem && (
        <p className="engine-problem" role="alert" data-testid="engine-problem">
          {view.problem}
        </p>
      )}
    </div>
  );
}

export function EngineTab() {
  const [view, setView] = useState<EngineTargetView | null>(null);
  const [mode, setMode] = useState<'local' | 'remote'>('local');
  const [url, setUrl] = useState('');
  const [probe, setProbe] = useState<ProbeResult | null>(null);
  const [checkedAt, setCheckedAt] = useState(0);
  const [busy, setBusy] = useState<'check' | 'attach' | 'local' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void engineCall('target').then((answer) => {
      if (!answer.ok) return setError(answer.error.message);
      setView(answer.data);
      if (answer.data.target.kind === 'remote') {
        setMode('remote');
        setUrl(answer.data.target.url);
      }
    });
  }, []);

  const check = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy('check');
    setError(null);
    setProbe(null);
    const answer = await engineCall('probe', url);
    setBusy(null);
    setCheckedAt(Date.now());
    if (answer.ok) {
      setProbe(answer.data);
      setUrl(answer.data.url);
    } else setError(answer.error.message);
  };

  const approve = async () => {
    if (!probe) return;
    setBusy('attach');
    setError(null);
    const answer = await engineCall('attach', probe.url, probe.certificate?.fingerprint ?? null);
    setBusy(null);
    if (!answer.ok) return setError(answer.error.message);
    location.reload();
  };

  const switchToLocal = async () => {
    setBusy('local');
    const answer = await engineCall('useLocal');
    setBusy(null);
    if (!answer.ok) return setError(answer.error.message);
    location.reload();
  };

  const current = view?.target;
  return (
    <div className="engine-tab" data-testid="settings-engine">
      {view ? <CurrentTarget view={view} /> : <p className="view-note">Reading this station’s choice…</p>}
      <fieldset className="engine-choice">
        <legend>Work with</legend>
        <label className="engine-option">
          <input type="radio" name="engine" checked={mode === 'local'} onChange={() => setMode('local')} />
          <span>
            <strong>This station’s own engine</strong>
            <small>Sources, detection, alarms and history run on this machine.</small>
          </span>
        </label>
        <label className="engine-option">
          <input
            type="radio"
            name="engine"
            checked={mode === 'remote'}
            onChange={() => setMode('remote')}
            data-testid="engine-remote-option"
          />
          <span>
            <strong>A central engine</strong>
            <small>Several control-room desktops share one Watchfloor engine; each operator signs in.</small>
          </span>
        </label>
      </fieldset>
      {mode === 'local' ? (
        current?.kind === 'remote' && (
          <div className="engine-actions">
            <button
              type="button"
              className="button primary"
              disabled={busy !== null}
              onClick={() => void switchToLocal()}
            >
              {busy === 'local' ? 'Switching…' : 'Use this station’s engine'}
            </button>
          </div>
        )
      ) : (
        <form className="engine-remote" onSubmit={(e) => void check(e)}>
          <label className="engine-url">
            <span>Engine address</span>
            <input
              type="text"
              value={url}
              placeholder="https://engine.plant.local:5780"
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => {
                setUrl(e.target.value);
                setProbe(null);
              }}
              data-testid="engine-url"
            />
          </label>
          <div className="engine-actions">
            <button type="submit" className="button" disabled={busy !== null || !url.trim()} data-testid="engine-check">
              {busy === 'check' ? 'Checking…' : 'Check'}
            </button>
            {probe && (
              <button
                type="button"
                className="button primary"
                disabled={busy !== null}
                onClick={() => void approve()}
                data-testid="engine-approve"
              >
                {busy === 'attach' ? 'Connecting…' : 'Approve and connect'}
              </button>
            )}
          </div>
        </form>
      )}
      {error && (
        <p className="engine-problem" role="alert" data-testid="engine-error">
          {error}
        </p>
      )}
      {mode === 'remote' && probe && <Certificate probe={probe} now={checkedAt} />}
    </div>
  );
}
