// The available release's notes, readable: Markdown headings, lists and paragraphs as React text
// (release-notes.ts), never as HTML.
import { useMemo } from 'react';
import { releaseNoteBlocks, type Inline } from './release-notes';

function Text({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.kind === 'code' ? (
          <code key={i}>{p.text}</code>
        ) : p.kind === 'strong' ? (
          <strong key={i}>{p.text}</strong>
        ) : (
          p.text
        ),
      )}
    </>
  );
}

export function ReleaseNotes({ notes }: { notes: string }) {
  const blocks = useMemo(() => releaseNoteBlocks(notes), [notes]);
  return (
    <div className="about-notes" data-testid="about-release-notes">
      {blocks.map((b, i) =>
        b.kind === 'heading' ? (
          <h4 key={i}>
            <Text parts={b.text} />
          </h4>
        ) : b.kind === 'list' ? (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>
                <Text parts={item} />
              </li>
            ))}
          </ul>
        ) : (
          <p key={i}>
            <Text parts={b.text} />
          </p>
        ),
      )}
    </div>
  );
}
