// Filters over the queue: state, priority, device and area, each one choice or all. The
// choices offered are what the open alarms contain, so a filter never hides everything by typo.
import type { AlarmState, Priority } from '../../../../shared/domain';
import { PRIORITIES, STATE_LABEL, type AlarmFilters } from '../../store/alarm-queue';

interface Props {
  filters: AlarmFilters;
  states: readonly AlarmState[];
  devices: readonly string[];
  areas: readonly string[];
  onChange(next: AlarmFilters): void;
}

function Select<T extends string>(props: {
  label: string;
  testId: string;
  value: readonly T[];
  options: readonly T[];
  labelOf?: (v: T) => string;
  onChange(v: T[]): void;
}) {
  return (
    <label className="filter">
      <span>{props.label}</span>
      <select
        data-testid={props.testId}
        value={props.value[0] ?? ''}
        onChange={(e) => props.onChange(e.target.value ? [e.target.value as T] : [])}
      >
        <option value="">All</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.labelOf ? props.labelOf(o) : o}
          </option>
        ))}
      </select>
    </label>
  );
}

export function AlarmFilterBar({ filters, states, devices, areas, onChange }: Props) {
  return (
    <div className="alarm-filters" role="group" aria-label="Filter alarms">
      <Select
        label="State"
        testId="filter-state"
        value={filters.states}
        options={states}
        labelOf={(s) => STATE_LABEL[s]}
        onChange={(v) => onChange({ ...filters, states: v })}
      />
      <Select<Priority>
        label="Priority"
        testId="filter-priority"
        value={filters.priorities}
        options={PRIORITIES}
        onChange={(v) => onChange({ ...filters, priorities: v })}
      />
      <Select
        label="Device"
        testId="filter-device"
        value={filters.devices}
        options={devices}
        onChange={(v) => onChange({ ...filters, devices: v })}
      />
      <Select
        label="Area"
        testId="filter-area"
        value={filters.areas}
        options={areas}
        onChange={(v) => onChange({ ...filters, areas: v })}
      />
    </div>
  );
}
