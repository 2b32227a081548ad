// Settings → Display: layouts (issue 16, point 4). Which workstation this screen is (a name kept
// on this browser profile or desktop: app/workstation.ts), that workstation's named layouts kept
// in the engine — list, create, edit, delete, make active — and for each display the URL a
// browser on it opens. Roles that may not save layouts (below engineer) see them read-only, with
// the reason; choosing the workstation stays theirs, as it concerns this screen only.
import { useState } from 'react';
import { useClient } from '../../../app/engine-context';
import { currentWorkstation, saveWorkstation } from '../../../app/workstation';
import { useCan } from '../../../auth/can';
import { issuesToFieldErrors, type FieldErrors } from '../../../../../shared/bad-request';
import {
  Layout,
  WorkstationName,
  routeOf,
  type StoredLayout,
  type WorkstationLayouts,
} from '../../../../../shared/display-layouts';
import { useLoadWhenConnected } from '../use-load-when-connected';
import { useSaveCycle } from '../use-save-cycle';
import { emptyDraft, LayoutEditor, type LayoutDraft } from './LayoutEditor';
import './layouts.css';

/** The URL a browser on this display opens (the page's own address with the layout's query). */
function displayUrl(workstation: string, layout: string, display: number): string {
  const q = new URLSearchParams({ workstation, layout, display: String(display) });
  return `${location.origin}${location.pathname}?${q.toString()}`;
}

function describe(l: StoredLayout): string {
  return l.displays.map((d) => `${d.display}: ${routeOf(d)}${d.kiosk ? ' (kiosk)' : ''}`).join(' · ');
}

export function LayoutsSection() {
  const client = useClient();
  const save = useCan('layouts.save');
  const cycle = useSaveCycle();
  const [workstation, setWorkstation] = useState(() => currentWorkstation());
  const [wsDraft, setWsDraft] = useState(workstation.name);
  const [wsError, setWsError] = useState<string | null>(null);
  const [list, setList] = useState<WorkstationLayouts | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ draft: LayoutDraft; previousName?: string } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  const load = (name = workstation.name) =>
    client.request('layouts.list', { workstation: name }).then(
      (l) => {
        setList(l);
        setLoadError(null);
      },
      (err: unknown) => setLoadError(`Could not load the layouts: ${err instanceof Error ? err.message : String(err)}`),
    );
  useLoadWhenConnected(
    () => client.request('layouts.list', { workstation: workstation.name }),
    editing !== null,
    (l) => {
      setList(l);
      setLoadError(null);
    },
    (message) => setLoadError(`Could not load the layouts: ${message}`),
  );

  const useWorkstation = () => {
    const parsed = WorkstationName.safeParse(wsDraft);
    if (!parsed.success) {
      setWsError(parsed.error.issues[0]?.message ?? 'not a workstation name');
      return;
    }
    setWsError(null);
    saveWorkstation(parsed.data);
    const next = { name: parsed.data, source: 'saved' as const };
    setWorkstation(next);
    setEditing(null);
    void load(next.name);
  };

  const submit = () => {
    if (!editing) return;
    const parsed = Layout.safeParse(editing.draft);
    if (!parsed.success) {
      setErrors(
        issuesToFieldErrors(
          parsed.error.issues.map((i) => ({ path: ['layout', ...i.path].join('.'), message: i.message })),
          'layout',
        ),
      );
      cycle.setStatus({ ok: false, text: 'The layout is not saved: correct the marked fields.' });
      return;
    }
    void cycle.run(
      () =>
        client.request('layouts.save', {
          workstation: workstation.name,
          layout: parsed.data,
          ...(editing.previousName !== undefined ? { previousName: editing.previousName } : {}),
        }),
      {
        done: (l) => {
          setList(l);
          setEditing(null);
          return `Saved layout “${parsed.data.name}”.`;
        },
        failed: (m) => `The layout is not saved: ${m}`,
        fieldErrors: setErrors,
        root: 'layout',
      },
    );
  };

  const act = (work: () => Promise<WorkstationLayouts>, done: string, then?: (l: WorkstationLayouts) => void) =>
    void cycle.run(work, {
      done: (l) => {
        setList(l);
        then?.(l);
        return done;
      },
    });

  // On a desktop whose workstation this is, the shell opens (or closes) the layout's windows at once.
  const applyOnDesktop = (l: WorkstationLayouts) => {
    const open = window.watchfloor?.station?.openLayout;
    const active = l.layouts.find((x) => x.name === l.active);
    if (open && l.workstation === currentWorkstation().name)
      open({ workstation: l.workstation, layout: active ? { name: active.name, displays: active.displays } : null });
  };
  const makeActive = (name: string | null) =>
    act(
      () => client.request('layouts.activate', { workstation: workstation.name, name }),
      name ? `“${name}” is active on ${workstation.name}.` : `No layout is active on ${workstation.name}.`,
      applyOnDesktop,
    );

  return (
    <section className="layouts" aria-labelledby="layouts-title" data-testid="layouts-section">
      <h2 id="layouts-title" className="view-title">
        Layouts
      </h2>
      <p className="view-note">
        A layout gives each display of a workstation a view; the desktop opens the active layout’s windows, one per
        display, and a browser opens one display with its URL.
      </p>
      <div className="layouts-workstation">
        <label className="layouts-field">
          <span>This screen is workstation</span>
          <input
            value={wsDraft}
            data-testid="layouts-workstation"
            aria-invalid={!!wsError}
            onChange={(e) => setWsDraft(e.target.value)}
          />
        </label>
        <button type="button" className="button" data-testid="layouts-workstation-use" onClick={useWorkstation}>
          Use
        </button>
        <span className="layouts-muted">
          {workstation.source === 'url'
            ? 'named by this page’s URL'
            : workstation.source === 'saved'
              ? 'chosen on this screen'
              : workstation.source === 'host'
                ? 'this computer’s name'
                : 'no name chosen yet'}
        </span>
        {wsError && (
          <span className="layouts-error" role="alert">
            {wsError}
          </span>
        )}
      </div>
      {!save.ok && (
        <p className="settings-refused" data-testid="layouts-read-only">
          Read only: {save.reason}
        </p>
      )}
      {loadError && (
        <p className="layouts-error" role="alert">
          {loadError}
        </p>
      )}
      <fieldset className="settings-read-only" disabled={!save.ok || cycle.busy} title={save.reason}>
        {list && list.layouts.length === 0 && !editing && (
          <p className="layouts-muted">Workstation {workstation.name} has no layouts yet.</p>
        )}
        {list && list.layouts.length > 0 && (
          <ul className="layouts-list" data-testid="layouts-list">
            {list.layouts.map((l) => (
              <li key={l.name} className="layouts-item" data-testid={`layout-${l.name}`}>
                <div className="layouts-item-head">
                  <strong>{l.name}</strong>
                  {list.active === l.name && (
                    <span className="layouts-active" data-testid="layout-active">
                      active
                    </span>
                  )}
                  <span className="header-spacer" />
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      setErrors({});
                      setEditing({
                        draft: { name: l.name, displays: l.displays.map((d) => ({ ...d })) },
                        previousName: l.name,
                      });
                    }}
                  >
                    Edit
                  </button>
                  {list.active === l.name ? (
                    <button type="button" className="button" onClick={() => makeActive(null)}>
                      Deactivate
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button"
                      data-testid="layout-make-active"
                      onClick={() => makeActive(l.name)}
                    >
                      Make active
                    </button>
                  )}
                  <button
                    type="button"
                    className="button"
                    data-testid="layout-delete"
                    onClick={() => {
                      if (confirm(`Delete layout “${l.name}” of ${workstation.name}?`))
                        act(
                          () => client.request('layouts.delete', { workstation: workstation.name, name: l.name }),
                          `Deleted “${l.name}”.`,
                        );
                    }}
                  >
                    Delete
                  </button>
                </div>
                <div className="layouts-muted">{describe(l)}</div>
                {/* A desktop opens its displays itself; these are for browsers (a wall's kiosk browser). */}
                {!window.watchfloor && (
                  <div className="layouts-links">
                    {l.displays.map((d) => (
                      <a
                        key={d.display}
                        href={displayUrl(workstation.name, l.name, d.display)}
                        target="_blank"
                        rel="noreferrer"
                      >
                        Open display {d.display}
                      </a>
                    ))}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        {editing ? (
          <LayoutEditor
            draft={editing.draft}
            errors={errors}
            busy={cycle.busy}
            onChange={(draft) => setEditing({ ...editing, draft })}
            onSave={submit}
            onCancel={() => {
              setEditing(null);
              setErrors({});
              cycle.setStatus(null);
            }}
          />
        ) : (
          <button
            type="button"
            className="button"
            data-testid="layout-new"
            onClick={() => {
              setErrors({});
              setEditing({ draft: emptyDraft() });
            }}
          >
            New layout
          </button>
        )}
      </fieldset>
      {cycle.status && (
        <p className={cycle.status.ok ? 'layouts-saved' : 'layouts-error'} role="status" data-testid="layouts-status">
          {cycle.status.text}
        </p>
      )}
    </section>
  );
}
