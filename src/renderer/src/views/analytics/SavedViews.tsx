// Saved analytics views: named states kept by the engine (contract trend-groups.ts), so every
// workstation on the engine sees the same list. Opening one puts its state in the URL; saving
// stores the current URL state under a name (the same name replaces it). Saving needs an
// operator (the permission table); a viewer sees the list and why the buttons are grey.
import { useCallback, useEffect, useState } from 'react';
import type { SavedView } from '../../../../shared/contract/trend-groups';
import { useClient } from '../../app/engine-context';
import { useCan } from '../../auth/can';

interface SavedViewsProps {
  /** The current state's URL form ('' for the default view). */
  query: string;
  onOpen(query: string): void;
}

export function SavedViews({ query, onOpen }: SavedViewsProps) {
  const client = useClient();
  const [views, setViews] = useState<SavedView[]>([]);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const mayWrite = useCan('trendGroups.save');

  const reload = useCallback(
    () =>
      client
        .request('trendGroups.list', {})
        .then(setViews, (err: unknown) =>
          setStatus(`Saved views unavailable: ${err instanceof Error ? err.message : String(err)}`),
        ),
    [client],
  );
  useEffect(() => void reload(), [reload]);

  const act = (work: () => Promise<unknown>, done: string) =>
    work().then(
      () => {
        setStatus(done);
        return reload();
      },
      (err: unknown) => setStatus(`Refused: ${err instanceof Error ? err.message : String(err)}`),
    );

  return (
    <div className="saved-views" data-testid="saved-views">
      <label>
        Saved view{' '}
        <select
          aria-label="Saved view"
          value={chosen}
          onChange={(e) => {
            setChosen(e.target.value);
            const v = views.find((x) => x.name === e.target.value);
            if (v) {
              setName(v.name);
              onOpen(v.query);
            }
          }}
        >
          <option value="">{views.length ? 'Open…' : 'none saved'}</option>
          {views.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      <input
        aria-label="Name to save as"
        placeholder="Name"
        value={name}
        maxLength={80}
        onChange={(e) => setName(e.target.value)}
      />
      <button
        type="button"
        disabled={!mayWrite.ok || !name.trim() || !query}
        title={mayWrite.reason ?? (query ? undefined : 'Choose something to show first.')}
        onClick={() =>
          void act(() => client.request('trendGroups.save', { name: name.trim(), query }), `Saved “${name.trim()}”.`)
        }
      >
        Save
      </button>
      <button
        type="button"
        disabled={!mayWrite.ok || !views.some((v) => v.name === name.trim())}
        title={mayWrite.reason}
        onClick={() =>
          void act(() => client.request('trendGroups.delete', { name: name.trim() }), `Deleted “${name.trim()}”.`).then(
            () => setChosen(''),
          )
        }
      >
        Delete
      </button>
      {status && (
        <span className="saved-status" role="status">
          {status}
        </span>
      )}
    </div>
  );
}
