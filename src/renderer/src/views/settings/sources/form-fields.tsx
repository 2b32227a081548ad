// Small form pieces of Settings → Sources: a labelled field that shows its own error (by the
// path the engine or the schema reports), a write-only secret, and where an item comes from.
import type { ReactNode } from 'react';
import type { SettingOrigin } from '../../../../../shared/contract/sources';
import type { FieldErrors } from './draft-fields';

export function Field(props: {
  label: string;
  path?: string;
  errors?: FieldErrors;
  wide?: boolean;
  children: ReactNode;
}) {
  const error = props.path ? props.errors?.[props.path] : undefined;
  return (
    <label className={`srcset-field${props.wide ? ' wide' : ''}${error ? ' invalid' : ''}`}>
      <span>{props.label}</span>
      {props.children}
      {error && (
        <small className="srcset-field-error" role="alert" data-testid={`error-${props.path}`}>
          {error}
        </small>
      )}
    </label>
  );
}

/**
 * A secret is never shown: "set" with an empty field keeps it; "clear" removes it. Once the
 * connection points elsewhere (`moved`: why), the stored secret cannot follow and must be typed
 * again; the field says so.
 */
export function SecretInput(props: {
  value: string;
  isSet: boolean;
  onChange: (v: string) => void;
  clear?: { value: boolean; onChange: (c: boolean) => void };
  testId: string;
  moved?: string | null;
}) {
  const needed = props.moved && props.isSet && !props.value && !props.clear?.value ? props.moved : null;
  return (
    <span className="srcset-secret">
      <input
        type="password"
        autoComplete="new-password"
        value={props.value}
        disabled={props.clear?.value}
        className={needed ? 'needed' : undefined}
        placeholder={needed ? 'enter it again' : props.isSet ? 'set — leave empty to keep' : 'not set'}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.testId}
      />
      {props.isSet && props.clear && (
        <label className="srcset-inline">
          <input
            type="checkbox"
            checked={props.clear.value}
            onChange={(e) => props.clear!.onChange(e.target.checked)}
          />{' '}
          clear
        </label>
      )}
      {needed && (
        <small className="srcset-secret-needed" role="note" data-testid={`${props.testId}-needed`}>
          {needed}: a stored password only goes to the server it was saved for — enter it again
          {props.clear ? ', or clear it' : ''}.
        </small>
      )}
    </span>
  );
}

const ORIGIN_TEXT: Record<SettingOrigin, string> = {
  file: 'configuration file',
  settings: 'added in Settings',
  edited: 'file, changed in Settings',
  removed: 'file, removed in Settings',
};

export function OriginBadge({ origin }: { origin: SettingOrigin }) {
  return (
    <span className={`srcset-origin ${origin}`} data-testid="origin" data-origin={origin}>
      {ORIGIN_TEXT[origin]}
    </span>
  );
}

/** Errors whose field is not on the form (or that have no path), shown above the buttons. */
export function OtherErrors({ errors, shown }: { errors: FieldErrors; shown: (path: string) => boolean }) {
  const rest = Object.entries(errors).filter(([path]) => !shown(path));
  if (rest.length === 0) return null;
  return (
    <ul className="srcset-errors" role="alert" data-testid="form-errors">
      {rest.map(([path, message]) => (
        <li key={path}>
          {path}: {message}
        </li>
      ))}
    </ul>
  );
}

/** The PEM files of a TLS connection (CA, client certificate and key) and whether to verify. */
export interface PemFiles {
  ca: string;
  cert: string;
  key: string;
  rejectUnauthorized: boolean;
}

/** TLS files as MQTT (`source.tls`) and Kafka (`source.ssl`) sources take them. */
export function PemFileFields(props: {
  /** Where the schema reports errors: `source.tls` or `source.ssl`. */
  path: string;
  files: PemFiles;
  onChange: (patch: Partial<PemFiles>) => void;
  errors: FieldErrors;
  verifyLabel: string;
  caTestId?: string;
}) {
  const { path, files, onChange, errors } = props;
  return (
    <>
      <Field label="CA" path={`${path}.ca`} errors={errors}>
        <input
          value={files.ca}
          placeholder="/etc/watchfloor/ca.pem"
          onChange={(e) => onChange({ ca: e.target.value })}
          data-testid={props.caTestId}
        />
      </Field>
      <Field label="Client certificate" path={`${path}.cert`} errors={errors}>
        <input value={files.cert} onChange={(e) => onChange({ cert: e.target.value })} />
      </Field>
      <Field label="Client key" path={`${path}.key`} errors={errors}>
        <input value={files.key} onChange={(e) => onChange({ key: e.target.value })} />
      </Field>
      <label className="srcset-inline">
        <input
          type="checkbox"
          checked={files.rejectUnauthorized}
          onChange={(e) => onChange({ rejectUnauthorized: e.target.checked })}
        />
        {props.verifyLabel}
      </label>
    </>
  );
}

/** A section's own save button, and the way back to the configuration file's once Settings changed it. */
export function SaveOrRevert(props: {
  label: string;
  testId: string;
  origin: SettingOrigin;
  busy: boolean;
  onSave: () => void;
  onRevert: () => void;
}) {
  return (
    <div className="srcset-actions">
      <button
        type="button"
        className="button primary"
        disabled={props.busy}
        onClick={props.onSave}
        data-testid={props.testId}
      >
        {props.label}
      </button>
      {props.origin !== 'file' && (
        <button type="button" className="button" disabled={props.busy} onClick={props.onRevert}>
          Use the configuration file’s
        </button>
      )}
    </div>
  );
}
