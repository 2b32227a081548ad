// The CSV settings the engine detected — separator, header row, text encoding — shown so a
// wrong guess is visible and can be corrected; a change reads the file again.
import { useId } from 'react';
import type { CsvSettings, ImportEncoding } from '../../../../shared/contract';

const SEPARATORS: { value: string; label: string }[] = [
  { value: ',', label: 'comma ,' },
  { value: ';', label: 'semicolon ;' },
  { value: '\t', label: 'tab' },
  { value: '|', label: 'bar |' },
];

interface CsvSettingsBarProps {
  settings: { separator: string; header: boolean; encoding: ImportEncoding };
  disabled: boolean;
  onChange(next: CsvSettings): void;
}

export function CsvSettingsBar({ settings, disabled, onChange }: CsvSettingsBarProps) {
  const id = useId();
  const separators = SEPARATORS.some((s) => s.value === settings.separator)
    ? SEPARATORS
    : [...SEPARATORS, { value: settings.separator, label: JSON.stringify(settings.separator) }];
  return (
    <fieldset className="import-csv" disabled={disabled} data-testid="import-csv">
      <legend>CSV</legend>
      <label htmlFor={`${id}-sep`}>Separator</label>
      <select
        id={`${id}-sep`}
        data-testid="import-separator"
        value={settings.separator}
        onChange={(e) => onChange({ separator: e.target.value })}
      >
        {separators.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
      <label className="import-check">
        <input
          type="checkbox"
          data-testid="import-header"
          checked={settings.header}
          onChange={(e) => onChange({ header: e.target.checked })}
        />
        First row names the columns
      </label>
      <label htmlFor={`${id}-enc`}>Encoding</label>
      <select
        id={`${id}-enc`}
        data-testid="import-encoding"
        value={settings.encoding}
        onChange={(e) => onChange({ encoding: e.target.value as ImportEncoding })}
      >
        <option value="utf-8">UTF-8</option>
        <option value="windows-1252">Windows-1252 (Western European)</option>
      </select>
    </fieldset>
  );
}
