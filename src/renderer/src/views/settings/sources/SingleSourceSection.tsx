// The section of a single-instance source kind (HTTP ingest) in Settings → Sources: its title and
// where it comes from, its form (source-forms.ts) on a draft started again from each new view,
// and its own save and revert. Nothing here knows a kind's fields.
import { useState } from 'react';
import type { SingleSourceKindName, SingleSourceViewOf } from '../../../../../shared/sources/source-kinds';
import type { Converted, FieldErrors } from './draft-fields';
import { OriginBadge, SaveOrRevert } from './form-fields';
import { singleSourceForm } from './source-forms';

type Props = {
  kind: SingleSourceKindName;
  title: string;
  view: SingleSourceViewOf<SingleSourceKindName>;
  errors: FieldErrors;
  busy: boolean;
  onSave: (params: Converted<unknown>) => void;
  onRevert: () => void;
};

export function SingleSourceSection({ kind, title, view, errors, busy, onSave, onRevert }: Props) {
  const form = singleSourceForm(kind);
  const [draft, setDraft] = useState(() => form.draftOf(view));
  const [viewSeen, setViewSeen] = useState(view);
  if (viewSeen !== view) {
    // A new view from the engine (after a save): start again from it.
    setViewSeen(view);
    setDraft(form.draftOf(view));
  }
  return (
    <fieldset className="srcset-section" data-testid={`${kind}-section`}>
      <legend>
        {title} <OriginBadge origin={view.origin} />
      </legend>
      <form.Form draft={draft} view={view} errors={errors} onChange={setDraft} />
      <SaveOrRevert
        label={`Save ${title}`}
        testId={`${kind}-save`}
        origin={view.origin}
        busy={busy}
        onSave={() => onSave(form.params(draft))}
        onRevert={onRevert}
      />
    </fieldset>
  );
}
