// Paging through dead letters, newest first: where this page stands ("201–400 of 12,345") and
// the way to newer and older pages. Pages follow a cursor, so letters arriving meanwhile do not
// shift what an operator is reading; "Newest" goes back to the top.
import { formatCount } from '../../components/format';

interface DeadLetterPagerProps {
  first: number;
  last: number;
  total: number;
  hasNewer: boolean;
  hasOlder: boolean;
  onNewest(): void;
  onNewer(): void;
  onOlder(): void;
}

export function DeadLetterPager(props: DeadLetterPagerProps) {
  const { first, last, total, hasNewer, hasOlder } = props;
  return (
    <nav className="dl-pager" aria-label="Dead-letter pages" data-testid="dl-pager">
      <span className="dl-shown" data-testid="dl-shown">
        {first === 0 ? 'No dead letters on this page' : `${formatCount(first)}–${formatCount(last)}`} of{' '}
        {formatCount(total)}, newest first
      </span>
      <span className="header-spacer" />
      <button type="button" className="button" data-testid="dl-newest" disabled={!hasNewer} onClick={props.onNewest}>
        Newest
      </button>
      <button type="button" className="button" data-testid="dl-newer" disabled={!hasNewer} onClick={props.onNewer}>
        ‹ Newer
      </button>
      <button type="button" className="button" data-testid="dl-older" disabled={!hasOlder} onClick={props.onOlder}>
        Older ›
      </button>
    </nav>
  );
}
