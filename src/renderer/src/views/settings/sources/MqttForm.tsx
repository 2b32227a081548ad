// Adding or editing an MQTT source: broker URL and credentials, TLS files on the engine's
// machine, and subscriptions (a filter, or a template naming device and signal by topic level).
import type { SourcesSettings } from '../../../../../shared/contract/sources';
import { Field, OtherErrors, PemFileFields, SecretInput } from './form-fields';
import {
  mqttDraftOf,
  mqttParams,
  mqttPasswordNeeded,
  newMqttDraft,
  type MqttDraft,
  type SubscriptionDraft,
} from './mqtt-draft';
import type { SourceForm, SourceFormProps } from './source-form';

const FIELDS =
  /^source\.(id|url|username|password|clientId|qos|topics\.\d+(\.(filter|template|format|qos))?|tls\.(ca|cert|key))$/;

export function MqttForm({ draft: d, errors, settings, onChange }: SourceFormProps<MqttDraft>) {
  const { embeddedBrokerUrl } = settings;
  const set = (patch: Partial<MqttDraft>) => onChange({ ...d, ...patch });
  const setSub = (i: number, patch: Partial<SubscriptionDraft>) =>
    set({ subscriptions: d.subscriptions.map((s, k) => (k === i ? { ...s, ...patch } : s)) });
  const subError = (i: number) =>
    errors[`source.topics.${i}`] ?? errors[`source.topics.${i}.template`] ?? errors[`source.topics.${i}.filter`];
  return (
    <div className="srcset-form" data-testid="mqtt-form">
      <div className="srcset-grid">
        <Field label="Id" path="source.id" errors={errors}>
          <input value={d.id} disabled={!d.isNew} onChange={(e) => set({ id: e.target.value })} data-testid="mqtt-id" />
        </Field>
        <Field
          label={`Broker URL (empty: the embedded broker${embeddedBrokerUrl ? `, ${embeddedBrokerUrl}` : ' — off'})`}
          path="source.url"
          errors={errors}
          wide
        >
          <input
            value={d.url}
            placeholder="mqtts://broker.plant.local:8883"
            onChange={(e) => set({ url: e.target.value })}
            data-testid="mqtt-url"
          />
        </Field>
        <Field label="User name" path="source.username" errors={errors}>
          <input
            value={d.username}
            autoComplete="off"
            onChange={(e) => set({ username: e.target.value })}
            data-testid="mqtt-username"
          />
        </Field>
        <Field label="Password" path="source.password" errors={errors}>
          <SecretInput
            value={d.password}
            isSet={d.passwordSet}
            onChange={(password) => set({ password })}
            clear={{ value: d.clearPassword, onChange: (clearPassword) => set({ clearPassword }) }}
            testId="mqtt-password"
            moved={errors['source.password'] ? null : mqttPasswordNeeded(d)}
          />
        </Field>
        <Field label="Default QoS" path="source.qos" errors={errors}>
          <select value={d.qos} onChange={(e) => set({ qos: e.target.value as '0' | '1' })} data-testid="mqtt-qos">
            <option value="0">0 — at most once</option>
            <option value="1">1 — acknowledged once stored</option>
          </select>
        </Field>
        <Field label="Client id (empty: stable per installation)" path="source.clientId" errors={errors}>
          <input value={d.clientId} onChange={(e) => set({ clientId: e.target.value })} />
        </Field>
      </div>
      <fieldset className="srcset-subsection">
        <legend>Subscriptions</legend>
        {d.subscriptions.map((s, i) => (
          <div className="srcset-row" key={i} data-testid={`mqtt-sub-${i}`}>
            <select
              aria-label="Kind"
              value={s.kind}
              onChange={(e) => setSub(i, { kind: e.target.value as SubscriptionDraft['kind'] })}
              data-testid={`mqtt-sub-kind-${i}`}
            >
              <option value="filter">filter</option>
              <option value="template">template</option>
            </select>
            <Field label={s.kind === 'template' ? 'plant/{line}/{device}/{signal}' : 'MQTT filter (+, #)'} wide>
              <input
                value={s.text}
                className={subError(i) ? 'invalid' : undefined}
                onChange={(e) => setSub(i, { text: e.target.value })}
                data-testid={`mqtt-sub-text-${i}`}
              />
              {subError(i) && (
                <small className="srcset-field-error" role="alert" data-testid={`error-source.topics.${i}`}>
                  {subError(i)}
                </small>
              )}
            </Field>
            <select
              aria-label="Payload format"
              value={s.format}
              onChange={(e) => setSub(i, { format: e.target.value as SubscriptionDraft['format'] })}
              data-testid={`mqtt-sub-format-${i}`}
            >
              <option value="">format: auto</option>
              <option value="json">JSON</option>
              <option value="value">bare value</option>
              <option value="sparkplug">Sparkplug B</option>
            </select>
            <select
              aria-label="QoS"
              value={s.qos}
              onChange={(e) => setSub(i, { qos: e.target.value as SubscriptionDraft['qos'] })}
            >
              <option value="">QoS: default</option>
              <option value="0">QoS 0</option>
              <option value="1">QoS 1</option>
            </select>
            <button
              type="button"
              className="button"
              disabled={d.subscriptions.length === 1}
              onClick={() => set({ subscriptions: d.subscriptions.filter((_, k) => k !== i) })}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button"
          onClick={() =>
            set({ subscriptions: [...d.subscriptions, { kind: 'template', text: '', format: '', qos: '' }] })
          }
          data-testid="mqtt-add-sub"
        >
          Add subscription
        </button>
      </fieldset>
      <fieldset className="srcset-subsection">
        <legend>TLS (PEM files on the engine’s machine)</legend>
        <div className="srcset-grid">
          <PemFileFields
            path="source.tls"
            files={{ ca: d.tlsCa, cert: d.tlsCert, key: d.tlsKey, rejectUnauthorized: d.rejectUnauthorized }}
            onChange={(f) =>
              set({
                ...(f.ca !== undefined && { tlsCa: f.ca }),
                ...(f.cert !== undefined && { tlsCert: f.cert }),
                ...(f.key !== undefined && { tlsKey: f.key }),
                ...(f.rejectUnauthorized !== undefined && { rejectUnauthorized: f.rejectUnauthorized }),
              })
            }
            errors={errors}
            verifyLabel="Verify the broker’s certificate"
            caTestId="mqtt-tls-ca"
          />
        </div>
      </fieldset>
      <OtherErrors errors={errors} shown={(p) => FIELDS.test(p)} />
    </div>
  );
}

function topicsText(t: SourcesSettings['mqtt'][number]['topics']): string {
  return t.map((x) => (typeof x === 'string' ? x : (x.template ?? x.filter))).join(', ');
}

export const mqttSourceForm: SourceForm<'mqtt', MqttDraft> = {
  newDraft: newMqttDraft,
  draftOf: mqttDraftOf,
  params: mqttParams,
  summary: (s, settings) =>
    `${s.url ?? `embedded broker${settings.embeddedBrokerUrl ? ` (${settings.embeddedBrokerUrl})` : ' (off)'}`} · ${topicsText(s.topics)} · QoS ${s.qos}`,
  Form: MqttForm,
};
