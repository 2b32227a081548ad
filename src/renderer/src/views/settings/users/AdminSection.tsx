// The frame the three lists of Settings → Users share (users, sessions, API tokens): a titled
// section with its actions and the outcome of the last one, the list's load error, and a table
// whose last column holds each row's buttons.
import type { ReactNode } from 'react';

export function AdminSection({
  id,
  title,
  testId,
  actions,
  status,
  statusTestId,
  error,
  children,
}: {
  id: string;
  title: string;
  testId: string;
  actions: ReactNode;
  status: { ok: boolean; text: string } | null;
  statusTestId?: string;
  /** The list could not be loaded: why, in words. */
  error: string | null;
  children: ReactNode;
}) {
  return (
    <section className="users-section" aria-labelledby={id} data-testid={testId}>
      <div className="users-section-head">
        <h2 id={id}>{title}</h2>
        {actions}
        {status && (
          <span className={status.ok ? 'users-done' : 'users-problem'} role="status" data-testid={statusTestId}>
            {status.text}
          </span>
        )}
      </div>
      {error && (
        <p className="users-problem" role="alert">
          {error}
        </p>
      )}
      {children}
    </section>
  );
}

/** A list's table: the named columns, then one for the row's actions. */
export function AdminTable({
  testId,
  columns,
  children,
}: {
  testId: string;
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <div className="users-table-scroll">
      <table className="users-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}
