// Text from the assistant with its citations as buttons: `[n]` opens passage n (the viewer, or
// the alarm it is about). Citations a report line carries beside its text follow it.
import type { Passage } from '../../../../shared/contract/assistant';
import { extraCitations, splitCitations } from './citations';
import { passagePlace } from './passage-place';

export function passageLabel(p: Passage): string {
  return passagePlace(p.title, p.headingPath, p.page);
}

export function CiteButton({
  n,
  passages,
  onCite,
}: {
  n: number;
  passages: readonly Passage[];
  onCite(p: Passage): void;
}) {
  const p = passages[n - 1];
  if (!p) return <>[{n}]</>;
  return (
    <button
      type="button"
      className="cite"
      title={passageLabel(p)}
      aria-label={`Passage ${n}: ${passageLabel(p)}`}
      onClick={() => onCite(p)}
      data-testid="cite"
      data-n={n}
    >
      [{n}]
    </button>
  );
}

export function CitedText({
  text,
  passages,
  citations = [],
  onCite,
}: {
  text: string;
  passages: readonly Passage[];
  /** Citations carried beside the text (a report's cause or action). */
  citations?: readonly number[];
  onCite(p: Passage): void;
}) {
  const parts = splitCitations(text, passages.length);
  const extra = extraCitations(parts, citations).filter((n) => n >= 1 && n <= passages.length);
  return (
    <>
      {parts.map((part, i) =>
        part.kind === 'text' ? (
          <span key={i}>{part.text}</span>
        ) : (
          <CiteButton key={i} n={part.n} passages={passages} onCite={onCite} />
        ),
      )}
      {extra.map((n) => (
        <span key={`x${n}`}>
          {' '}
          <CiteButton n={n} passages={passages} onCite={onCite} />
        </span>
      ))}
    </>
  );
}
