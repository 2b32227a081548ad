// HTTP ingest (POST /ingest/* on the engine's server): on or off, size limits, and bearer tokens,
// which are write-only — listed by fingerprint, added or removed, never shown.
import { useState } from 'react';
import type { HttpIngestView } from '../../../../../shared/contract/sources';
import { Field, OriginBadge, OtherErrors, SaveOrRevert } from './form-fields';
import { httpDraftOf, type HttpDraft } from './device-drafts';
import type { FieldErrors } from './draft-fields';

type Props = {
  view: HttpIngestView;
  errors: FieldErrors;
  busy: boolean;
  onSave: (d: HttpDraft) => void;
  onRevert: () => void;
};

export function HttpSection({ view, errors, busy, onSave, onRevert }: Props) {
  const [draft, setDraft] = useState<HttpDraft>(() => httpDraftOf(view));
  const [viewSeen, setViewSeen] = useState(view);
  if (viewSeen !== view) {
    // A new view from the engine (after a save): start again from it.
    setViewSeen(view);
    setDraft(httpDraftOf(view));
  }
  const set = (patch: Partial<HttpDraft>) => setDraft({ ...draft, ...patch });
  return (
    <fieldset className="srcset-section" data-testid="http-section">
      <legend>
        HTTP ingest <OriginBadge origin={view.origin} />
      </legend>
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
      <SaveOrRevert
        label="Save HTTP ingest"
        testId="http-save"
        origin={view.origin}
        busy={busy}
        onSave={() => onSave(draft)}
        onRevert={onRevert}
      />
    </fieldset>
  );
}
