// Adding or editing a Prometheus scrape source: the targets, how often and how long to wait,
// which metrics, how series become devices and signals, counters as rates, basic or bearer auth
// (write-only) and TLS files on the engine's machine.
import { Field, OtherErrors, PemFileFields, SecretInput } from './form-fields';
import {
  newPrometheusDraft,
  prometheusDraftOf,
  prometheusParams,
  prometheusSecretNeeded,
  type PrometheusDraft,
} from './prometheus-draft';
import type { SourceForm, SourceFormProps } from './source-form';

const FIELDS =
  /^source\.(id|targets(\.\d+)?|intervalMs|timeoutMs|job|device|signal|metrics\.(allow|deny)(\.\d+)?|rates(\.\d+)?|sampleLimit|auth(\.(username|password|token))?|tls(\.(ca|cert|key))?)$/;

export function PrometheusForm({ draft: d, errors, onChange }: SourceFormProps<PrometheusDraft>) {
  const set = (patch: Partial<PrometheusDraft>) => onChange({ ...d, ...patch });
  const first = (...paths: string[]) => ({ [paths[0]!]: paths.map((p) => errors[p]).find(Boolean) ?? '' });
  const indexed = (path: string) => [path, ...Array.from({ length: 20 }, (_, i) => `${path}.${i}`)];
  const secretPath = d.auth === 'bearer' ? 'source.auth.token' : 'source.auth.password';
  return (
    <div className="srcset-form" data-testid="prometheus-form">
      <div className="srcset-grid">
        <Field label="Id" path="source.id" errors={errors}>
          <input
            value={d.id}
            disabled={!d.isNew}
            onChange={(e) => set({ id: e.target.value })}
            data-testid="prometheus-id"
          />
        </Field>
        <Field
          label="Targets (metrics URLs, comma separated)"
          path="source.targets"
          errors={first(...indexed('source.targets'))}
          wide
        >
          <input
            value={d.targets}
            placeholder="http://historian.plant:9100/metrics, https://gateway-3.plant:9273/metrics"
            onChange={(e) => set({ targets: e.target.value })}
            data-testid="prometheus-targets"
          />
        </Field>
        <Field label="Interval (s)" path="source.intervalMs" errors={errors}>
          <input
            inputMode="decimal"
            value={d.intervalS}
            onChange={(e) => set({ intervalS: e.target.value })}
            data-testid="prometheus-interval"
          />
        </Field>
        <Field label="Timeout (s)" path="source.timeoutMs" errors={errors}>
          <input
            inputMode="decimal"
            value={d.timeoutS}
            onChange={(e) => set({ timeoutS: e.target.value })}
            data-testid="prometheus-timeout"
          />
        </Field>
        <Field label="Device template" path="source.device" errors={errors}>
          <input value={d.device} onChange={(e) => set({ device: e.target.value })} data-testid="prometheus-device" />
        </Field>
        <Field label="Signal template" path="source.signal" errors={errors}>
          <input value={d.signal} onChange={(e) => set({ signal: e.target.value })} data-testid="prometheus-signal" />
        </Field>
        <Field label="Job label (empty: the id)" path="source.job" errors={errors}>
          <input value={d.job} onChange={(e) => set({ job: e.target.value })} />
        </Field>
        <Field label="Sample limit per scrape" path="source.sampleLimit" errors={errors}>
          <input inputMode="numeric" value={d.sampleLimit} onChange={(e) => set({ sampleLimit: e.target.value })} />
        </Field>
        <Field
          label="Only metrics matching (globs or /regex/, comma separated; empty: all)"
          path="source.metrics.allow"
          errors={first(...indexed('source.metrics.allow'))}
          wide
        >
          <input
            value={d.allow}
            placeholder="node_*, /go_(goroutines|threads)/"
            onChange={(e) => set({ allow: e.target.value })}
            data-testid="prometheus-allow"
          />
        </Field>
        <Field
          label="Never these metrics"
          path="source.metrics.deny"
          errors={first(...indexed('source.metrics.deny'))}
          wide
        >
          <input
            value={d.deny}
            placeholder="*_bucket"
            onChange={(e) => set({ deny: e.target.value })}
            data-testid="prometheus-deny"
          />
        </Field>
        <Field
          label="Counters stored as per-second rates"
          path="source.rates"
          errors={first(...indexed('source.rates'))}
          wide
        >
          <input
            value={d.rates}
            placeholder="node_network_*_bytes_total"
            onChange={(e) => set({ rates: e.target.value })}
            data-testid="prometheus-rates"
          />
        </Field>
        <label className="srcset-inline">
          <input type="checkbox" checked={d.keepCounters} onChange={(e) => set({ keepCounters: e.target.checked })} />
          Keep the running totals beside the rates
        </label>
      </div>
      <fieldset className="srcset-subsection">
        <legend>Security</legend>
        <div className="srcset-grid">
          <Field label="Auth" path="source.auth" errors={errors}>
            <select
              value={d.auth}
              onChange={(e) => set({ auth: e.target.value as PrometheusDraft['auth'] })}
              data-testid="prometheus-auth"
            >
              <option value="">none</option>
              <option value="basic">basic (user name and password)</option>
              <option value="bearer">bearer token</option>
            </select>
          </Field>
          {d.auth === 'basic' && (
            <Field label="User name" path="source.auth.username" errors={errors}>
              <input
                value={d.username}
                autoComplete="off"
                onChange={(e) => set({ username: e.target.value })}
                data-testid="prometheus-username"
              />
            </Field>
          )}
          {d.auth && (
            <Field label={d.auth === 'basic' ? 'Password' : 'Token'} path={secretPath} errors={errors}>
              <SecretInput
                value={d.secret}
                isSet={d.secretSet && d.saved?.auth === d.auth}
                onChange={(secret) => set({ secret })}
                testId="prometheus-secret"
                moved={errors[secretPath] ? null : prometheusSecretNeeded(d)}
              />
            </Field>
          )}
          <label className="srcset-inline">
            <input
              type="checkbox"
              checked={d.tls}
              onChange={(e) => set({ tls: e.target.checked })}
              data-testid="prometheus-tls"
            />
            PEM files for https targets
          </label>
          {d.tls && (
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
              verifyLabel="Verify the targets’ certificates"
            />
          )}
        </div>
      </fieldset>
      <OtherErrors errors={errors} shown={(p) => FIELDS.test(p)} />
    </div>
  );
}

export const prometheusSourceForm: SourceForm<'prometheus', PrometheusDraft> = {
  newDraft: newPrometheusDraft,
  draftOf: prometheusDraftOf,
  params: prometheusParams,
  summary: (p) =>
    `${p.targets.length === 1 ? p.targets[0] : `${p.targets.length} targets`} · every ${p.intervalMs / 1000} s · device ${p.device} · signal ${p.signal}`,
  Form: PrometheusForm,
};
