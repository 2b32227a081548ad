// Adding or editing a cloud-monitor source: the preset (Azure Monitor or CloudWatch) decides the
// connection fields — tenant, client and client secret, or region, access key, secret key and
// session token (secrets write-only) — and the polling and the series lines are the same for both.
import {
  cloudDraftOf,
  cloudFieldErrors,
  cloudParams,
  cloudSecretsMoved,
  newCloudDraft,
  seriesExample,
  type CloudDraft,
} from './cloud-draft';
import { Field, OtherErrors, SecretInput } from './form-fields';
import type { SourceForm, SourceFormProps } from './source-form';

const FIELDS =
  /^source\.(id|preset|intervalMs|lookbackMs|periodSeconds|timeoutMs|series(\..*)?|azure(\.(tenantId|clientId|clientSecret|loginUrl|managementUrl|apiVersion))?|cloudwatch(\.(region|accessKeyId|secretAccessKey|sessionToken|endpoint))?)$/;

export function CloudForm({ draft: d, errors: raw, onChange }: SourceFormProps<CloudDraft>) {
  const set = (patch: Partial<CloudDraft>) => onChange({ ...d, ...patch });
  const errors = cloudFieldErrors(raw);
  const moved = cloudSecretsMoved(d);
  return (
    <div className="srcset-form" data-testid="cloud-form">
      <div className="srcset-grid">
        <Field label="Id" path="source.id" errors={errors}>
          <input
            value={d.id}
            disabled={!d.isNew}
            onChange={(e) => set({ id: e.target.value })}
            data-testid="cloud-id"
          />
        </Field>
        <Field label="Cloud" path="source.preset" errors={errors}>
          <select
            value={d.preset}
            onChange={(e) => set({ preset: e.target.value as CloudDraft['preset'] })}
            data-testid="cloud-preset"
          >
            <option value="azure-monitor">Azure Monitor metrics</option>
            <option value="cloudwatch">Amazon CloudWatch (GetMetricData)</option>
          </select>
        </Field>
        <Field label="Poll every (s)" path="source.intervalMs" errors={errors}>
          <input inputMode="numeric" value={d.intervalS} onChange={(e) => set({ intervalS: e.target.value })} />
        </Field>
        <Field label="Each poll reaches back (min)" path="source.lookbackMs" errors={errors}>
          <input inputMode="numeric" value={d.lookbackMin} onChange={(e) => set({ lookbackMin: e.target.value })} />
        </Field>
        <Field label="Point period (s)" path="source.periodSeconds" errors={errors}>
          <input inputMode="numeric" value={d.periodS} onChange={(e) => set({ periodS: e.target.value })} />
        </Field>
        <Field label="Request timeout (s)" path="source.timeoutMs" errors={errors}>
          <input inputMode="numeric" value={d.timeoutS} onChange={(e) => set({ timeoutS: e.target.value })} />
        </Field>
      </div>
      {d.preset === 'azure-monitor' ? (
        <fieldset className="srcset-subsection">
          <legend>Azure (Entra ID app registration)</legend>
          <div className="srcset-grid">
            <Field label="Tenant id" path="source.azure.tenantId" errors={errors}>
              <input
                value={d.tenantId}
                onChange={(e) => set({ tenantId: e.target.value })}
                data-testid="cloud-tenant"
              />
            </Field>
            <Field label="Client id" path="source.azure.clientId" errors={errors}>
              <input
                value={d.clientId}
                onChange={(e) => set({ clientId: e.target.value })}
                data-testid="cloud-client"
              />
            </Field>
            <Field label="Client secret" path="source.azure.clientSecret" errors={errors}>
              <SecretInput
                value={d.clientSecret}
                isSet={d.clientSecretSet}
                onChange={(clientSecret) => set({ clientSecret })}
                testId="cloud-client-secret"
                moved={errors['source.azure.clientSecret'] ? null : moved}
              />
            </Field>
            <Field label="Login endpoint" path="source.azure.loginUrl" errors={errors}>
              <input value={d.loginUrl} onChange={(e) => set({ loginUrl: e.target.value })} />
            </Field>
            <Field label="Management endpoint" path="source.azure.managementUrl" errors={errors}>
              <input value={d.managementUrl} onChange={(e) => set({ managementUrl: e.target.value })} />
            </Field>
            <Field label="API version" path="source.azure.apiVersion" errors={errors}>
              <input value={d.apiVersion} onChange={(e) => set({ apiVersion: e.target.value })} />
            </Field>
          </div>
        </fieldset>
      ) : (
        <fieldset className="srcset-subsection">
          <legend>AWS (IAM access key with cloudwatch:GetMetricData)</legend>
          <div className="srcset-grid">
            <Field label="Region" path="source.cloudwatch.region" errors={errors}>
              <input value={d.region} onChange={(e) => set({ region: e.target.value })} data-testid="cloud-region" />
            </Field>
            <Field label="Access key id" path="source.cloudwatch.accessKeyId" errors={errors}>
              <input
                value={d.accessKeyId}
                autoComplete="off"
                onChange={(e) => set({ accessKeyId: e.target.value })}
                data-testid="cloud-access-key"
              />
            </Field>
            <Field label="Secret access key" path="source.cloudwatch.secretAccessKey" errors={errors}>
              <SecretInput
                value={d.secretAccessKey}
                isSet={d.secretAccessKeySet}
                onChange={(secretAccessKey) => set({ secretAccessKey })}
                testId="cloud-secret-key"
                moved={errors['source.cloudwatch.secretAccessKey'] ? null : moved}
              />
            </Field>
            <Field label="Session token (temporary credentials)" path="source.cloudwatch.sessionToken" errors={errors}>
              <SecretInput
                value={d.sessionToken}
                isSet={d.sessionTokenSet}
                onChange={(sessionToken) => set({ sessionToken })}
                clear={{ value: d.clearSessionToken, onChange: (clearSessionToken) => set({ clearSessionToken }) }}
                testId="cloud-session-token"
                moved={errors['source.cloudwatch.sessionToken'] ? null : moved}
              />
            </Field>
            <Field label="Endpoint (empty: the region’s)" path="source.cloudwatch.endpoint" errors={errors} wide>
              <input
                value={d.endpoint}
                placeholder={`https://monitoring.${d.region || 'us-east-1'}.amazonaws.com/`}
                onChange={(e) => set({ endpoint: e.target.value })}
              />
            </Field>
          </div>
        </fieldset>
      )}
      <div className="srcset-grid">
        <Field
          label="Series, one a line: device | signal | resource | metric | statistic | unit | Dim=value, …"
          path="source.series"
          errors={errors}
          wide
        >
          <textarea
            rows={4}
            value={d.series}
            placeholder={seriesExample(d.preset)}
            spellCheck={false}
            onChange={(e) => set({ series: e.target.value })}
            data-testid="cloud-series"
          />
        </Field>
      </div>
      <OtherErrors errors={errors} shown={(p) => FIELDS.test(p)} />
    </div>
  );
}

export const cloudSourceForm: SourceForm<'cloud', CloudDraft> = {
  newDraft: newCloudDraft,
  draftOf: cloudDraftOf,
  params: cloudParams,
  summary: (c) =>
    `${c.preset === 'azure-monitor' ? 'Azure Monitor' : `CloudWatch ${c.cloudwatch?.region ?? ''}`} · ${c.series.length} series · every ${c.intervalMs / 1000} s`,
  Form: CloudForm,
};
