// The dead-letter table: one row per payload, newest first, in the alarm table's style.
import type { DeadLetter } from '../../../../shared/domain';
import type { Selection } from './dead-letter-selection';
import { DeadLetterRow } from './DeadLetterRow';

interface DeadLetterTableProps {
  items: readonly DeadLetter[];
  selected: Selection;
  expanded: Selection;
  rejections: ReadonlyMap<number, string | null>;
  onToggleSelect(id: number): void;
  onToggleExpand(id: number): void;
}

export function DeadLetterTable({
  items,
  selected,
  expanded,
  rejections,
  onToggleSelect,
  onToggleExpand,
}: DeadLetterTableProps) {
  return (
    <div className="table-scroll">
      <table className="alarm-table dl-table" data-testid="dl-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Selected</span>
            </th>
            <th scope="col">
              <span className="sr-only">Payload</span>
            </th>
            <th scope="col">Time</th>
            <th scope="col">Source</th>
            <th scope="col">Origin</th>
            <th scope="col">Reason</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col" className="num">
              Attempts
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <DeadLetterRow
              key={d.id}
              letter={d}
              selected={selected.has(d.id)}
              expanded={expanded.has(d.id)}
              rejection={rejections.has(d.id) ? (rejections.get(d.id) ?? null) : undefined}
              onToggleSelect={onToggleSelect}
              onToggleExpand={onToggleExpand}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
