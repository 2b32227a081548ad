// Every label, found by device, verdicts, author, time and words: a table newest first, a page
// at a time (cursor), kept live by the change stream; a row opens the label's details beside
// the table; export and import work on what the filters select.
import { useEffect, useState } from 'react';
import type { Annotation } from '../../../../shared/contract';
import { formatCount } from '../../components/format';
import { filterParams, NO_FILTERS, type LabelFilterForm } from './label-filters';
import { LabelDetails } from './LabelDetails';
import { LabelFilterBar } from './LabelFilterBar';
import { LabelTable } from './LabelTable';
import { TransferBar } from './TransferBar';
import { LABEL_PAGE_SIZE, useLabels } from './use-labels';

/** Typing in a filter asks the engine this long after the last key. */
const FILTER_DELAY_MS = 300;

export function LabelsPanel({ causes }: { causes: readonly string[] }) {
  const [form, setForm] = useState<LabelFilterForm>(NO_FILTERS);
  const [applied, setApplied] = useState<LabelFilterForm>(NO_FILTERS);
  // The cursors of the pages opened after the first, in order: empty on the first page.
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);

  useEffect(() => {
    if (form === applied) return;
    const timer = setTimeout(() => {
      setApplied(form);
      setCursors([]);
    }, FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [form, applied]);

  const checked = filterParams(applied);
  const filters = 'params' in checked ? checked.params : null;
  const labels = useLabels(filters, cursors.at(-1));
  const items = labels.page?.items ?? [];
  const total = labels.page?.total ?? 0;
  const first = items.length === 0 ? 0 : cursors.length * LABEL_PAGE_SIZE + 1;
  const seen = items.find((a) => a.id === openId);

  return (
    <div className="review-labels" data-testid="review-labels">
      <LabelFilterBar form={form} error={'error' in checked ? checked.error : null} onChange={setForm} />
      <TransferBar filters={filters} onImported={labels.reload} />
      {labels.error && (
        <p className="review-error" role="alert" data-testid="labels-error">
          {labels.error}
        </p>
      )}
      <div className={openId ? 'review-split open' : 'review-split'}>
        <div className="review-split-main">
          <nav className="review-pager" aria-label="Label pages">
            <span data-testid="labels-shown">
              {first === 0 ? 'No labels match' : `${formatCount(first)}–${formatCount(first + items.length - 1)}`} of{' '}
              <span data-testid="labels-total">{formatCount(total)}</span>, newest first
            </span>
            <span className="header-spacer" />
            <button
              type="button"
              className="button small"
              disabled={cursors.length === 0}
              onClick={() => setCursors([])}
            >
              Newest
            </button>
            <button
              type="button"
              className="button small"
              disabled={cursors.length === 0}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              ‹ Newer
            </button>
            <button
              type="button"
              className="button small"
              disabled={!labels.next}
              data-testid="labels-older"
              onClick={() => labels.next && setCursors([...cursors, labels.next])}
            >
              Older ›
            </button>
          </nav>
          {items.length > 0 && <LabelTable items={items} openId={openId} onOpen={setOpenId} />}
        </div>
        {openId && (
          <LabelDetails
            key={openId}
            id={openId}
            causes={causes}
            seen={seen}
            onChanged={(label: Annotation) => labels.put(label)}
            onClose={() => setOpenId(null)}
          />
        )}
      </div>
    </div>
  );
}
