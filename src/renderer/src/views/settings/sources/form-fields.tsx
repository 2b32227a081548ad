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

/** A secret is never shown: "set" with an empty field keeps it; "clear" removes it. */
export function SecretInput(props: {
  value: string;
  isSet: boolean;
  onChange: (v: string) => void;
  clear?: { value: boolean; onChange: (c: boolean) => void };
  testId: string;
}) {
  return (
    <span className="srcset-secret">
      <input
        type="password"
        autoComplete="new-password"
        value={props.value}
        disabled={props.clear?.value}
        placeholder={props.isSet ? 'set — leave empty to keep' : 'not set'}
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
