// Every payload the engine had to refuse, newest first and a page at a time: filter by source,
// read what arrived, re-queue what a fixed configuration can now accept, discard the rest. The
// list follows the health stream's dead-letter count, so new rejects appear without a click, and
// says how many old letters the table's limits dropped.
import { useCallback, useState } from 'react';
import { useClient } from '../../app/engine-context';
import { formatCount, formatLocalTime } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import { describeDeadLetterError, type DeadLetterFailure } from './dead-letter-error';
import {
  applyDiscard,
  applyRequeueResults,
  pagePosition,
  rejectionsOf,
  summarizeRequeue,
  type RequeueSummary,
} from './dead-letter-page';
import { discardIds, requeuePlan, toggleAllShown, toggleSelected, type Selection } from './dead-letter-selection';
import { DeadLetterActions, type Busy } from './DeadLetterActions';
import { DeadLetterPager } from './DeadLetterPager';
import { DeadLetterTable } from './DeadLetterTable';
import { SourceChips } from './SourceChips';
import { useDeadLetterList, type DeadLetterCounts } from './use-dead-letters';
import './dead-letters.css';

/** Letters per page; the chips count them all. */
const PAGE_SIZE = 200;

type Outcome =
  | { kind: 'requeued'; summary: RequeueSummary }
  | { kind: 'discarded'; count: number }
  | { kind: 'failed'; failure: DeadLetterFailure };

const NONE: Selection = new Set();

export function DeadLettersView() {
  const client = useClient();
  const source = useAppStore((s) => s.deadLetterSource);
  const showDeadLetters = useAppStore((s) => s.showDeadLetters);
  // The cursors of the older pages opened, newest first: empty on the first page.
  const [cursors, setCursors] = useState<readonly number[]>([]);
  const list = useDeadLetterList(source, PAGE_SIZE, cursors.at(-1));
  const [selected, setSelected] = useState<Selection>(NONE);
  const [expanded, setExpanded] = useState<Selection>(NONE);
  const [rejections, setRejections] = useState<ReadonlyMap<number, string | null>>(new Map());
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<Busy>(null);

  const items = list.page?.items ?? [];
  const { change } = list;

  const pick = (next: string | null) => {
    setSelected(NONE);
    setCursors([]);
    showDeadLetters(next);
  };
  const turn = (next: readonly number[]) => {
    setSelected(NONE);
    setExpanded(NONE);
    setCursors(next);
  };

  const toggleSelect = useCallback((id: number) => setSelected((s) => toggleSelected(s, id)), []);
  const toggleExpand = useCallback((id: number) => setExpanded((s) => toggleSelected(s, id)), []);

  const requeue = () => {
    const plan = requeuePlan(selected, items);
    if (plan.ids.length === 0) return;
    setBusy('requeue');
    setOutcome(null);
    change(
      () => client.request('deadLetters.requeue', { ids: plan.ids }),
      (page, results) => applyRequeueResults(page, results, Date.now()),
    ).then(
      (results) => {
        setRejections(rejectionsOf(results));
        setOutcome({ kind: 'requeued', summary: summarizeRequeue(results, plan.skipped) });
        setSelected((s) => new Set([...s].filter((id) => !plan.ids.includes(id))));
        setBusy(null);
      },
      (err: unknown) => {
        setOutcome({ kind: 'failed', failure: describeDeadLetterError(err, 'requeue') });
        setBusy(null);
      },
    );
  };

  const discard = () => {
    const ids = discardIds(selected, items);
    if (ids.length === 0) return;
    setBusy('discard');
    setOutcome(null);
    change(
      () => client.request('deadLetters.discard', { ids }),
      (page) => applyDiscard(page, ids),
    ).then(
      ({ discarded }) => {
        setOutcome({ kind: 'discarded', count: discarded });
        setSelected(NONE);
        setBusy(null);
      },
      (err: unknown) => {
        setOutcome({ kind: 'failed', failure: describeDeadLetterError(err, 'discard') });
        setBusy(null);
      },
    );
  };

  const total = source === null ? list.counts?.total : list.counts?.bySource[source];

  return (
    <section className="dead-letters" aria-labelledby="dl-title" data-testid="dead-letters">
      <h1 id="dl-title" className="view-title">
        Dead letters
      </h1>
      <p className="view-note">
        Payloads the engine refused, with the reason. Re-queue them once the cause is fixed (a device added, a mapping
        corrected); discard what is of no use.
      </p>
      <SourceChips counts={list.counts} active={source} onPick={pick} />
      <DeadLetterActions
        shown={items}
        selected={selected}
        busy={busy}
        loadedAt={list.loadedAt}
        onToggleAll={() => setSelected((s) => toggleAllShown(s, items))}
        onRequeue={requeue}
        onDiscard={discard}
        onRefresh={list.refresh}
      />
      {outcome && <OutcomeLine outcome={outcome} />}
      {list.failure && (
        <p className="dl-error" role="alert" data-testid="dl-error" data-code={list.failure.code}>
          {list.failure.message}
        </p>
      )}
      {list.counts && list.counts.dropped.count > 0 && <DroppedNote dropped={list.counts.dropped} />}
      {list.page === null ? (
        !list.failure && <p className="view-empty">Loading dead letters…</p>
      ) : items.length === 0 && cursors.length === 0 ? (
        <p className="view-empty" data-testid="dl-empty">
          {source === null
            ? 'No dead letters: every payload was accepted.'
            : `No dead letters from ${source}: every payload it sent was accepted.`}
        </p>
      ) : (
        <>
          {(cursors.length > 0 || list.page.next !== null) && (
            <DeadLetterPager
              {...pagePosition(list.page, total ?? 0)}
              hasNewer={cursors.length > 0}
              hasOlder={list.page.next !== null}
              onNewest={() => turn([])}
              onNewer={() => turn(cursors.slice(0, -1))}
              onOlder={() => list.page?.next != null && turn([...cursors, list.page.next])}
            />
          )}
          <DeadLetterTable
            items={items}
            selected={selected}
            expanded={expanded}
            rejections={rejections}
            onToggleSelect={toggleSelect}
            onToggleExpand={toggleExpand}
          />
        </>
      )}
    </section>
  );
}

/** The table keeps within its limits by dropping the oldest letters; that is never silent. */
function DroppedNote({ dropped }: { dropped: DeadLetterCounts['dropped'] }) {
  return (
    <p className="dl-dropped" data-testid="dl-dropped" role="note">
      {formatCount(dropped.count)} older dead {dropped.count === 1 ? 'letter was' : 'letters were'} dropped to keep the
      list within its limits (ingest.deadLetters)
      {dropped.lastAt !== null && <>, the last at {formatLocalTime(dropped.lastAt)}</>}.
    </p>
  );
}

function OutcomeLine({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'failed') {
    return (
      <p className="dl-error" role="alert" data-testid="dl-action-error" data-code={outcome.failure.code}>
        {outcome.failure.message}
      </p>
    );
  }
  const text =
    outcome.kind === 'discarded'
      ? `Discarded ${formatCount(outcome.count)}.`
      : [
          `Re-queued: ${outcome.summary.accepted} accepted`,
          `${outcome.summary.rejected} rejected again`,
          ...(outcome.summary.skipped > 0 ? [`${outcome.summary.skipped} truncated not sent`] : []),
        ].join(', ') + '.';
  return (
    <p className="dl-outcome" role="status" data-testid="dl-outcome" data-kind={outcome.kind}>
      {text}
    </p>
  );
}
