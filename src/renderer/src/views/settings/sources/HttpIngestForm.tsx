// HTTP ingest's form (POST /ingest/* on the engine's server): on or off, size limits, and bearer
// tokens, which are write-only — listed by fingerprint, added or removed, never shown. Its
// section (title, origin, save and revert) is SingleSourceSection's.
import {
  HttpIngestSave,
  type HttpIngestSaveInput,
  type HttpIngestView,
} from '../../../../../shared/sources/http-ingest-schema';
import { num, zodErrors, type Converted } from './draft-fields';
import { Field, OtherErrors } from './form-fields';
import type { SingleSourceForm, SingleSourceFormProps } from './source-form';

export interface HttpDraft {
  enabled: boolean;
  maxBodyBytes: string;
  maxRows: string;
  addToken: string;
  removeTokens: string[];
}

export function httpDraftOf(v: HttpIngestView): HttpDraft {
  return {
    enabled: v.enabled,
    maxBodyBytes: String(v.maxBodyBytes),
    maxRows: String(v.maxRows),
    addToken: '',
    removeTokens: [],
  };
}

export function httpParams(d: HttpDraft): Converted<HttpIngestSaveInput> {
  const http: HttpIngestSaveInput = {
    enabled: d.enabled,
    maxBodyBytes: num(d.maxBodyBytes),
    maxRows: num(d.maxRows),
    ...(d.addToken.trim() ? { addTokens: [d.addToken.trim()] } : {}),
    ...(d.removeTokens.length ? { removeTokens: d.removeTokens } : {}),
  };
  const parsed = HttpIngestSave.safeParse(http);
  return parsed.success ? { ok: true, value: http } : { ok: false, errors: zodErrors('http', parsed.error) };
}

export function HttpIngestForm({ draft, view, errors, onChange }: SingleSourceFormProps<HttpDraft, HttpIngestView>) {
  const set = (patch: Partial<HttpDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      <div className="srcset-grid">
        <label className="srcset-inline">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
            data-testid="http-enabled"
          />
          Accept POST /ingest/realtime, /batch and /csv
        </label>
        <Field label="Largest body (bytes)" path="http.maxBodyBytes" errors={errors}>
          <input
            inputMode="numeric"
            value={draft.maxBodyBytes}
            onChange={(e) => set({ maxBodyBytes: e.target.value })}
          />
        </Field>
        <Field label="Most readings per request" path="http.maxRows" errors={errors}>
          <input inputMode="numeric" value={draft.maxRows} onChange={(e) => set({ maxRows: e.target.value })} />
        </Field>
        <Field label="Add a bearer token (16 characters or more)" path="http.addTokens.0" errors={errors}>
          <input
            type="password"
            autoComplete="new-password"
            value={draft.addToken}
            onChange={(e) => set({ addToken: e.target.value })}
            data-testid="http-add-token"
          />
        </Field>
      </div>
      <p className="srcset-hint">
        {view.tokens.length === 0
          ? 'No tokens: only clients on this machine may post.'
          : `${view.tokens.length} token${view.tokens.length === 1 ? '' : 's'}; every client must send one.`}
      </p>
      <ul className="srcset-tokens" data-testid="http-tokens">
        {view.tokens.map((t) => (
          <li key={t.fingerprint}>
            <label className="srcset-inline">
              <input
                type="checkbox"
                checked={draft.removeTokens.includes(t.fingerprint)}
                onChange={(e) =>
                  set({
                    removeTokens: e.target.checked
                      ? [...draft.removeTokens, t.fingerprint]
                      : draft.removeTokens.filter((f) => f !== t.fingerprint),
                  })
                }
              />
              remove token <code>{t.fingerprint}</code>
            </label>
          </li>
        ))}
      </ul>
      <OtherErrors errors={errors} shown={(p) => /^http\.(maxBodyBytes|maxRows|addTokens\.0)$/.test(p)} />
    </>
  );
}

export const httpIngestForm: SingleSourceForm<'http', HttpDraft> = {
  draftOf: httpDraftOf,
  params: httpParams,
  Form: HttpIngestForm,
};
