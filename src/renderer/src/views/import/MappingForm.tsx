// The column mapping, editable: long or wide, where device and signal come from (a column, a
// registered device picked from the list, or one value typed for every row), and which columns hold value, time, unit and quality. In a wide
// file every other column is a signal, and each can be left out. Every change previews again;
// switching between long and wide lets the engine propose what the other shape needs.
import { useId, useState } from 'react';
import type { ImportMappingPatch, ImportPreview } from '../../../../shared/contract';
import {
  candidateSignalColumns,
  sourceOf,
  withColumn,
  withShape,
  withSignalColumn,
  withSource,
  type ColumnField,
} from './mapping-draft';

interface MappingFormProps {
  preview: ImportPreview;
  mapping: ImportMappingPatch;
  /** `complete`: let the engine fill in what the new shape needs from its guess. */
  onChange(mapping: ImportMappingPatch, complete?: boolean): void;
  disabled: boolean;
  /** Registered devices, offered first for the device: picking one is the usual case. */
  devices: readonly { id: string; name: string }[];
}

const CONSTANT = '\u0000constant';
const NONE = '';
/** A registered device picked from the list: the option's value is this prefix and its id. */
const KNOWN = '\u0000device:';

/** A value typed for every row; applied on Enter or when the field is left, not per keystroke. */
function ConstantInput(props: { value: string; label: string; testId: string; onCommit(v: string): void }) {
  const [text, setText] = useState(props.value);
  const [seen, setSeen] = useState(props.value);
  if (seen !== props.value) {
    setSeen(props.value);
    setText(props.value);
  }
  const commit = () => {
    if (text.trim() !== props.value) props.onCommit(text.trim());
  };
  return (
    <input
      type="text"
      aria-label={props.label}
      data-testid={props.testId}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
      }}
    />
  );
}

function SourceField(props: {
  field: 'device' | 'signal';
  label: string;
  constantLabel: string;
  mapping: ImportMappingPatch;
  columns: readonly string[];
  onChange(m: ImportMappingPatch): void;
  /** Device: the registered devices to pick from; a constant not among them is a new device. */
  known?: readonly { id: string; name: string }[];
}) {
  const id = useId();
  const source = sourceOf(props.mapping, props.field);
  const knownId =
    source.kind === 'constant' && props.known?.some((d) => d.id === source.value) ? source.value : undefined;
  const selected =
    source.kind === 'column'
      ? source.column
      : knownId !== undefined
        ? KNOWN + knownId
        : source.kind === 'constant'
          ? CONSTANT
          : NONE;
  return (
    <div className="import-field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        data-testid={`import-${props.field}`}
        value={selected}
        onChange={(e) => {
          const v = e.target.value;
          props.onChange(
            withSource(
              props.mapping,
              props.field,
              v.startsWith(KNOWN)
                ? { kind: 'constant', value: v.slice(KNOWN.length) }
                : v === CONSTANT
                  ? { kind: 'constant', value: '' }
                  : v === NONE
                    ? { kind: 'none' }
                    : { kind: 'column', column: v },
            ),
          );
        }}
      >
        <option value={NONE}>{props.known ? '— choose a device —' : '—'}</option>
        {props.known?.map((d) => (
          <option key={d.id} value={KNOWN + d.id}>
            {d.name && d.name !== d.id ? `${d.name} (${d.id})` : d.id}
          </option>
        ))}
        {props.columns.map((c) => (
          <option key={c} value={c}>
            column “{c}”
          </option>
        ))}
        <option value={CONSTANT}>{props.constantLabel}</option>
      </select>
      {source.kind === 'constant' && knownId === undefined && (
        <ConstantInput
          value={source.value}
          label={props.constantLabel}
          testId={`import-${props.field}-constant`}
          onCommit={(value) => props.onChange(withSource(props.mapping, props.field, { kind: 'constant', value }))}
        />
      )}
    </div>
  );
}

function ColumnSelect(props: {
  field: ColumnField;
  label: string;
  optional: boolean;
  mapping: ImportMappingPatch;
  columns: readonly string[];
  onChange(m: ImportMappingPatch): void;
}) {
  const id = useId();
  return (
    <div className="import-field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        data-testid={`import-${props.field}`}
        value={props.mapping[props.field] ?? NONE}
        onChange={(e) => props.onChange(withColumn(props.mapping, props.field, e.target.value || undefined))}
      >
        <option value={NONE}>{props.optional ? '(none)' : '—'}</option>
        {props.columns.map((c) => (
          <option key={c} value={c}>
            column “{c}”
          </option>
        ))}
      </select>
    </div>
  );
}

export function MappingForm({ preview, mapping, onChange, disabled, devices }: MappingFormProps) {
  const { columns } = preview;
  const wide = mapping.wide === true;
  const excluded = new Set(mapping.exclude ?? []);
  const named = new Map(preview.signals.map((s) => [s.column, s]));
  const common = { mapping, columns, onChange };
  return (
    <fieldset className="import-mapping" disabled={disabled} data-testid="import-mapping">
      <legend>Mapping</legend>
      <div className="import-shape" role="radiogroup" aria-label="File layout">
        <label>
          <input
            type="radio"
            name="import-shape"
            data-testid="import-shape-long"
            checked={!wide}
            onChange={() => onChange(withShape(mapping, false), true)}
          />
          One reading per row
        </label>
        <label>
          <input
            type="radio"
            name="import-shape"
            data-testid="import-shape-wide"
            checked={wide}
            onChange={() => onChange(withShape(mapping, true), true)}
          />
          Wide: one column per signal
        </label>
      </div>
      <div className="import-fields">
        <SourceField field="device" label="Device" constantLabel="Another device id…" known={devices} {...common} />
        <ColumnSelect field="timestamp" label="Time" optional={false} {...common} />
        {!wide && (
          <>
            <SourceField field="signal" label="Signal" constantLabel="One signal for every row…" {...common} />
            <ColumnSelect field="value" label="Value" optional={false} {...common} />
            <ColumnSelect field="unit" label="Unit" optional {...common} />
          </>
        )}
        <ColumnSelect field="quality" label="Quality / status" optional {...common} />
      </div>
      {wide && (
        <div className="import-signals" data-testid="import-signals">
          <p>Signals (one per column):</p>
          {candidateSignalColumns(mapping, columns).map((c) => {
            const s = named.get(c);
            return (
              <label key={c}>
                <input
                  type="checkbox"
                  checked={!excluded.has(c)}
                  onChange={(e) => onChange(withSignalColumn(mapping, c, e.target.checked))}
                />
                {c}
                {s && (s.signal !== c || s.unit) && (
                  <span className="import-signal-name">
                    → {s.signal}
                    {s.unit && ` [${s.unit}]`}
                  </span>
                )}
              </label>
            );
          })}
        </div>
      )}
    </fieldset>
  );
}
