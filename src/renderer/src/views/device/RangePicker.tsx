// Picks the time range every chart of the Device view shows: presets that end now, or a custom
// range typed into two datetime-local inputs, checked before it is applied with the reason
// shown next to the field at fault.
import { useId, useState, type FormEvent } from 'react';
import { formatRange } from '../../components/time-format';
import {
  RANGE_PRESETS,
  checkCustomRange,
  toLocalInputValue,
  type RangeSelection,
  type ResolvedRange,
} from './history-range';

interface RangePickerProps {
  selection: RangeSelection;
  range: ResolvedRange;
  onSelect(selection: RangeSelection): void;
}

export function RangePicker({ selection, range, onSelect }: RangePickerProps) {
  const [customOpen, setCustomOpen] = useState(false);
  const isCustom = selection.kind === 'custom';

  return (
    <div className="range-picker">
      <div className="range-buttons" role="group" aria-label="Time range">
        {RANGE_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className="range-button"
            data-testid="range-preset"
            data-range={p.id}
            aria-pressed={selection.kind === 'preset' && selection.preset === p.id}
            onClick={() => {
              setCustomOpen(false);
              onSelect({ kind: 'preset', preset: p.id });
            }}
          >
            {p.label}
          </button>
        ))}
        <button
          type="button"
          className="range-button"
          data-testid="range-custom"
          aria-pressed={isCustom}
          aria-expanded={customOpen}
          onClick={() => setCustomOpen((o) => !o)}
        >
          Custom…
        </button>
      </div>
      <span className="range-shown" data-testid="range-shown">
        {formatRange(range.from, range.to, range.live)}
      </span>
      {customOpen && (
        <CustomRangeForm
          range={range}
          onApply={(from, to) => {
            setCustomOpen(false);
            onSelect({ kind: 'custom', from, to });
          }}
          onCancel={() => setCustomOpen(false)}
        />
      )}
    </div>
  );
}

interface CustomRangeFormProps {
  range: ResolvedRange;
  onApply(from: number, to: number): void;
  onCancel(): void;
}

function CustomRangeForm({ range, onApply, onCancel }: CustomRangeFormProps) {
  const id = useId();
  const [fromText, setFromText] = useState(() => toLocalInputValue(range.from));
  const [toText, setToText] = useState(() => toLocalInputValue(range.to));
  const [problem, setProblem] = useState<{ field: 'from' | 'to'; error: string } | null>(null);
  const errorId = `${id}-error`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const check = checkCustomRange(fromText, toText);
    if (!check.ok) {
      setProblem({ field: check.field, error: check.error });
      return;
    }
    setProblem(null);
    onApply(check.from, check.to);
  };

  const fieldProps = (field: 'from' | 'to') =>
    problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};

  return (
    <form
      className="range-custom"
      data-testid="range-custom-form"
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        // Closes the form rather than leaving the Device view.
        e.preventDefault();
        onCancel();
      }}
    >
      <label htmlFor={`${id}-from`}>From</label>
      <input
        id={`${id}-from`}
        type="datetime-local"
        data-testid="range-from"
        value={fromText}
        onChange={(e) => {
          setFromText(e.target.value);
          setProblem(null);
        }}
        {...fieldProps('from')}
      />
      <label htmlFor={`${id}-to`}>To</label>
      <input
        id={`${id}-to`}
        type="datetime-local"
        data-testid="range-to"
        value={toText}
        onChange={(e) => {
          setToText(e.target.value);
          setProblem(null);
        }}
        {...fieldProps('to')}
      />
      <button type="submit" className="button primary" data-testid="range-apply">
        Apply
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      {problem && (
        <p className="field-error" id={errorId} role="alert" data-testid="range-error">
          {problem.error}
        </p>
      )}
    </form>
  );
}
