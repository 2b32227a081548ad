// The passages an answer or a report was made from, numbered as they were sent: each opens in the
// viewer (a document passage) or selects its alarm (an alarm passage), and shows its text on
// demand.
import type { Passage } from '../../../../shared/contract/assistant';
import { passageLabel } from './CitedText';

export function PassageList({
  passages,
  onOpen,
  label = 'Passages sent',
}: {
  passages: readonly Passage[];
  onOpen(p: Passage): void;
  label?: string;
}) {
  if (passages.length === 0) return null;
  return (
    <details className="passages" data-testid="passages">
      <summary>
        {label} ({passages.length})
      </summary>
      <ol>
        {passages.map((p) => (
          <li key={p.n} value={p.n} data-testid="passage" data-kind={p.kind} data-ref={p.ref}>
            <button type="button" className="link-button" onClick={() => onOpen(p)}>
              {passageLabel(p)}
            </button>
            <p className="passage-text">{p.text.length > 400 ? `${p.text.slice(0, 400)}…` : p.text}</p>
          </li>
        ))}
      </ol>
    </details>
  );
}
