// The Labels part's filters: device, verdicts (several at once), author, time range, words to
// find in the text or the cause, and whether deleted labels are shown. The form is the editing
// state; the Labels part applies it shortly after the last keystroke.
import { VERDICT_TITLES, Verdict } from '../../../../shared/contract/annotations';
import { DeviceOptions } from './DeviceOptions';
import { NO_FILTERS, type LabelFilterForm } from './label-filters';

interface LabelFilterBarProps {
  form: LabelFilterForm;
  error: string | null;
  onChange(form: LabelFilterForm): void;
}

export function LabelFilterBar({ form, error, onChange }: LabelFilterBarProps) {
  const set = <K extends keyof LabelFilterForm>(key: K, value: LabelFilterForm[K]) =>
    onChange({ ...form, [key]: value });
  const toggle = (v: Verdict) =>
    set('verdicts', form.verdicts.includes(v) ? form.verdicts.filter((x) => x !== v) : [...form.verdicts, v]);

  return (
    <form className="review-filters" data-testid="label-filters" onSubmit={(e) => e.preventDefault()}>
      <div className="review-bar">
        <label className="review-field review-search">
          <span>Search</span>
          <input
            type="search"
            value={form.q}
            placeholder="words in the text or the cause"
            data-testid="label-q"
            onChange={(e) => set('q', e.target.value)}
          />
        </label>
        <label className="review-field">
          <span>Device</span>
          <select value={form.deviceId} data-testid="label-device" onChange={(e) => set('deviceId', e.target.value)}>
            <DeviceOptions />
          </select>
        </label>
        <label className="review-field">
          <span>Author</span>
          <input
            type="text"
            value={form.author}
            size={10}
            data-testid="label-author"
            onChange={(e) => set('author', e.target.value)}
          />
        </label>
        <label className="review-field">
          <span>From</span>
          <input
            type="datetime-local"
            value={form.from}
            data-testid="label-from"
            onChange={(e) => set('from', e.target.value)}
          />
        </label>
        <label className="review-field">
          <span>To</span>
          <input
            type="datetime-local"
            value={form.to}
            data-testid="label-to"
            onChange={(e) => set('to', e.target.value)}
          />
        </label>
        <label className="review-check">
          <input
            type="checkbox"
            checked={form.includeDeleted}
            data-testid="label-deleted"
            onChange={(e) => set('includeDeleted', e.target.checked)}
          />
          Show deleted
        </label>
      </div>
      <div className="review-chips" role="group" aria-label="Verdicts">
        {Verdict.options.map((v) => (
          <button
            key={v}
            type="button"
            className={`review-chip verdict-${v}`}
            aria-pressed={form.verdicts.includes(v)}
            data-testid={`label-verdict-${v}`}
            onClick={() => toggle(v)}
          >
            {VERDICT_TITLES[v]}
          </button>
        ))}
        <button type="button" className="button small" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="label-filter-error">
          {error}
        </p>
      )}
    </form>
  );
}
