// Picks the series (device/signal) of the overlay and the correlation matrix in a plant of any
// size: a search over device id, name, kind, area and signal narrows the list to what matches
// (at most LIST_LIMIT rows are listed, the rest counted), the chosen series sit above it as
// removable chips, and past MAX_CHART_SERIES adding is refused with the reason on screen.
import { useMemo, useState } from 'react';
import type { Device } from '../../../../shared/domain';
import { displayUnit } from '../../components/format';
import { MAX_CHART_SERIES } from './analytics-state';

const LIST_LIMIT = 40;

interface SeriesPickerProps {
  devices: readonly Device[];
  selected: readonly string[];
  onChange(series: string[]): void;
}

interface Option {
  id: string;
  text: string;
  haystack: string;
}

export function SeriesPicker({ devices, selected, onChange }: SeriesPickerProps) {
  const [query, setQuery] = useState('');
  const options = useMemo<Option[]>(
    () =>
      devices.flatMap((d) =>
        d.signals.map((s) => {
          const id = `${d.id}/${s.key}`;
          const unit = displayUnit(s.unit);
          return {
            id,
            text: `${id}${unit ? ` (${unit})` : ''}${d.name && d.name !== d.id ? ` — ${d.name}` : ''}`,
            haystack: `${id} ${d.name} ${d.kind} ${d.area} ${d.location} ${s.unit}`.toLowerCase(),
          };
        }),
      ),
    [devices],
  );
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = options.filter((o) => words.every((w) => o.haystack.includes(w)));
  const full = selected.length >= MAX_CHART_SERIES;
  const toggle = (id: string) =>
    onChange(selected.includes(id) ? selected.filter((s) => s !== id) : full ? [...selected] : [...selected, id]);

  return (
    <fieldset className="series-picker" data-testid="series-picker">
      <legend>Series</legend>
      <ul className="series-chips" aria-label="Chosen series">
        {selected.map((s) => (
          <li key={s} className="series-chip">
            <span>{s}</span>
            <button type="button" aria-label={`Remove ${s}`} onClick={() => toggle(s)}>
              ×
            </button>
          </li>
        ))}
        {selected.length === 0 && <li className="series-none">No series chosen yet: search and tick below.</li>}
      </ul>
      {full && (
        <p className="series-limit" role="status" data-testid="series-limit">
          At most {MAX_CHART_SERIES} series on one chart: remove one to add another.
        </p>
      )}
      <input
        type="search"
        className="series-search"
        placeholder="Search device, kind, area or signal"
        aria-label="Search series"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <ul className="series-options">
        {matches.slice(0, LIST_LIMIT).map((o) => {
          const on = selected.includes(o.id);
          return (
            <li key={o.id}>
              <label>
                <input type="checkbox" checked={on} disabled={!on && full} onChange={() => toggle(o.id)} />
                <span>{o.text}</span>
              </label>
            </li>
          );
        })}
      </ul>
      {matches.length > LIST_LIMIT && (
        <p className="series-more">{matches.length - LIST_LIMIT} more match — narrow the search to see them.</p>
      )}
      {matches.length === 0 && <p className="series-more">Nothing matches “{query}”.</p>}
    </fieldset>
  );
}
