// The labels found, newest first: time range, device and signal, verdict, cause, the start of the
// text, author and last change. A row opens the label's details; a deleted label reads as such.
import type { Annotation } from '../../../../shared/contract';
import { VERDICT_TITLES } from '../../../../shared/contract/annotations';
import { formatLocalTime } from '../../components/format';

const TEXT_SHOWN = 80;

export function truncate(text: string, max = TEXT_SHOWN): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export function rangeText(from: number, to: number): string {
  return from === to ? formatLocalTime(from) : `${formatLocalTime(from)} – ${formatLocalTime(to)}`;
}

interface LabelTableProps {
  items: readonly Annotation[];
  openId: string | null;
  onOpen(id: string): void;
}

export function LabelTable({ items, openId, onOpen }: LabelTableProps) {
  return (
    <div className="review-table-wrap">
      <table className="review-table" data-testid="label-table" aria-label="Labels">
        <thead>
          <tr>
            <th>Time</th>
            <th>Device / signal</th>
            <th>Verdict</th>
            <th className="review-col-optional">Cause</th>
            <th className="review-col-wide review-col-optional">Text</th>
            <th className="review-col-optional">Author</th>
            <th className="review-col-optional">Updated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr
              key={a.id}
              className={[a.id === openId ? 'selected' : '', a.deleted ? 'deleted' : ''].join(' ').trim() || undefined}
              aria-selected={a.id === openId}
              data-testid="label-row"
              data-id={a.id}
              data-verdict={a.verdict}
              tabIndex={0}
              onClick={() => onOpen(a.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onOpen(a.id);
              }}
            >
              <td className="num">{rangeText(a.from, a.to)}</td>
              <td>
                {a.deviceId}
                <span className="review-signal">/{a.signal}</span>
              </td>
              <td>
                <span className={`badge verdict-${a.verdict}`}>{VERDICT_TITLES[a.verdict]}</span>
                {a.deleted && <span className="review-deleted"> deleted</span>}
              </td>
              <td className="review-col-optional">{a.cause ?? '—'}</td>
              <td className="review-col-wide review-col-optional" title={a.text}>
                {truncate(a.text)}
              </td>
              <td className="review-col-optional" data-testid="label-author-cell">
                {a.author}
              </td>
              <td className="num review-col-optional">{formatLocalTime(a.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
