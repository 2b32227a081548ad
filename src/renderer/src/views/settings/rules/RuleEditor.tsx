// The form for one rule entry: its target (a device and a signal, either may be "*") and, per
// rule kind, whether this entry decides it and how. Offline is per device, so it is offered
// only on signal "*". Errors arrive keyed by path (rules.rate.maxPerSecond) and sit on their field.
import type { ReactNode } from 'react';
import { RULE_KINDS, type RuleKind } from '../../../../../shared/contract/detection';
import type { Device, Priority } from '../../../../../shared/domain';
import { defaultDeadband, LIMIT_DEFAULTS, signalKindOf } from '../../../../../shared/alarm-defaults';
import { KIND_LABELS, NUMBER_FIELDS, type FieldErrors, type KindDraft, type RuleDraft } from './rule-draft';

const PRIORITIES: Priority[] = ['critical', 'high', 'medium', 'low'];

function Field(props: { label: string; path: string; errors: FieldErrors; hint?: string; children: ReactNode }) {
  const error = props.errors[props.path];
  return (
    <label className={`rules-field${error ? ' invalid' : ''}`}>
      <span>{props.label}</span>
      {props.children}
      {error ? (
        <small className="rules-error" role="alert" data-testid={`error-${props.path}`}>
          {error}
        </small>
      ) : (
        props.hint && <small className="rules-hint">{props.hint}</small>
      )}
    </label>
  );
}

interface Props {
  draft: RuleDraft;
  devices: readonly Device[];
  errors: FieldErrors;
  /** Editing an existing entry: its target is fixed. */
  existing: boolean;
  onChange: (draft: RuleDraft) => void;
}

export function RuleEditor({ draft, devices, errors, existing, onChange }: Props) {
  const device = devices.find((d) => d.id === draft.device);
  const signals =
    draft.device === '*'
      ? [...new Set(devices.flatMap((d) => d.signals.map((s) => s.key)))].sort()
      : (device?.signals.map((s) => s.key) ?? []);
  const setKind = (kind: RuleKind, patch: Partial<KindDraft>) =>
    onChange({ ...draft, kinds: { ...draft.kinds, [kind]: { ...draft.kinds[kind], ...patch } } });
  const signal = device?.signals.find((s) => s.key === draft.signal);
  const limitsOfSignal = signal?.limits;
  const defaults = limitDefaultHints(signal, device?.kind);

  return (
    <div className="rules-editor" data-testid="rule-editor">
      <div className="rules-target">
        <Field label="Device" path="device" errors={errors}>
          <select
            value={draft.device}
            disabled={existing}
            onChange={(e) => onChange({ ...draft, device: e.target.value, signal: '*' })}
            data-testid="rule-device"
          >
            <option value="*">* (every device)</option>
            {devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.id}
                {d.name && d.name !== d.id ? ` — ${d.name}` : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Signal" path="signal" errors={errors}>
          <select
            value={draft.signal}
            disabled={existing}
            onChange={(e) => onChange({ ...draft, signal: e.target.value })}
            data-testid="rule-signal"
          >
            <option value="*">* (every signal)</option>
            {signals.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
      </div>

      {RULE_KINDS.filter((k) => k !== 'offline' || draft.signal === '*').map((kind) => {
        const d = draft.kinds[kind];
        const path = (f: string) => `rules.${kind}.${f}`;
        return (
          <fieldset key={kind} className={`rules-kind${d.set ? '' : ' inherited'}`} data-testid={`rule-kind-${kind}`}>
            <legend>
              <label>
                <input
                  type="checkbox"
                  checked={d.set}
                  onChange={(e) => setKind(kind, { set: e.target.checked })}
                  data-testid={`rule-set-${kind}`}
                />{' '}
                {KIND_LABELS[kind]}
              </label>
              {!d.set && <span className="rules-inherit"> — inherited from a wider entry or the default</span>}
            </legend>
            {errors[`rules.${kind}`] && (
              <p className="rules-error" role="alert" data-testid={`error-rules.${kind}`}>
                {errors[`rules.${kind}`]}
              </p>
            )}
            {d.set && (
              <div className="rules-grid">
                <label className="rules-inline">
                  <input
                    type="checkbox"
                    checked={d.enabled}
                    onChange={(e) => setKind(kind, { enabled: e.target.checked })}
                    data-testid={`rule-enabled-${kind}`}
                  />{' '}
                  Enabled
                </label>
                {NUMBER_FIELDS[kind].map((f) => {
                  const fromDevice =
                    kind === 'limits' ? limitsOfSignal?.[f.key as keyof typeof limitsOfSignal] : undefined;
                  return (
                    <Field
                      key={f.key}
                      label={f.label}
                      path={path(f.key)}
                      errors={errors}
                      hint={
                        fromDevice !== undefined
                          ? `device: ${fromDevice}`
                          : kind === 'limits' && f.key === 'deadband'
                            ? defaults.deadband
                            : f.hint
                      }
                    >
                      <input
                        inputMode="decimal"
                        value={d.numbers[f.key] ?? ''}
                        onChange={(e) => setKind(kind, { numbers: { ...d.numbers, [f.key]: e.target.value } })}
                        data-testid={`rule-${kind}-${f.key}`}
                      />
                    </Field>
                  );
                })}
                {kind === 'quality' && (
                  <label className="rules-inline">
                    <input
                      type="checkbox"
                      checked={d.includeUncertain}
                      onChange={(e) => setKind(kind, { includeUncertain: e.target.checked })}
                    />{' '}
                    Uncertain counts as bad
                  </label>
                )}
                <Field label="Priority" path={path('priority')} errors={errors} hint="blank: the rule’s default">
                  <select
                    value={d.priority}
                    onChange={(e) => setKind(kind, { priority: e.target.value as Priority | '' })}
                    data-testid={`rule-${kind}-priority`}
                  >
                    <option value="">default</option>
                    {PRIORITIES.map((p) => (
                      <option key={p} value={p}>
                        {p}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field
                  label="On-delay (ms)"
                  path={path('onDelayMs')}
                  errors={errors}
                  hint={kind === 'limits' ? defaults.onDelay : 'blank: none'}
                >
                  <input
                    inputMode="numeric"
                    value={d.onDelayMs}
                    onChange={(e) => setKind(kind, { onDelayMs: e.target.value })}
                    data-testid={`rule-${kind}-onDelayMs`}
                  />
                </Field>
                <Field
                  label="Off-delay (ms)"
                  path={path('offDelayMs')}
                  errors={errors}
                  hint={kind === 'limits' ? defaults.offDelay : 'blank: none'}
                >
                  <input
                    inputMode="numeric"
                    value={d.offDelayMs}
                    onChange={(e) => setKind(kind, { offDelayMs: e.target.value })}
                    data-testid={`rule-${kind}-offDelayMs`}
                  />
                </Field>
              </div>
            )}
          </fieldset>
        );
      })}
    </div>
  );
}

/** What a blank limits field falls back to: the registry's deadband, else the signal kind's defaults. */
function limitDefaultHints(signal: Device['signals'][number] | undefined, deviceKind: string | undefined) {
  if (!signal) {
    const note = 'blank: the signal kind’s default';
    return { deadband: 'blank: the device’s, else the signal kind’s default', onDelay: note, offDelay: note };
  }
  const kind = signalKindOf(signal, deviceKind);
  const d = LIMIT_DEFAULTS[kind];
  const band = signal.deadband > 0 ? `device: ${signal.deadband}` : `blank: ${defaultDeadband(kind, signal)} (${kind})`;
  return {
    deadband: band,
    onDelay: `blank: ${d.onDelayMs} (${kind} default)`,
    offDelay: `blank: ${d.offDelayMs} (${kind} default)`,
  };
}
