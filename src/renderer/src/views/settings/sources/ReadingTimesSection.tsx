// Reading times, for every channel: how far ahead of the engine's clock a reading may be (a
// device clock gone wrong), how old it may be (store-and-forward history is taken by default),
// and within which window it is live — older readings are stored as history, without alarms.
import { useState } from 'react';
import type { SourcesSettings } from '../../../../../shared/contract/sources';
import type { FieldErrors } from './draft-fields';
import { Field, OriginBadge, OtherErrors, SaveOrRevert } from './form-fields';
import { readingTimesDraftOf, readingTimesParams, type ReadingTimesDraft } from './reading-time-drafts';
import type { ReadingTimes } from '../../../../../shared/source-config';

type Props = {
  view: SourcesSettings['readingTimes'];
  errors: FieldErrors;
  busy: boolean;
  onSave: (value: ReadingTimes) => void;
  onInvalid: (errors: FieldErrors) => void;
  onRevert: () => void;
};

export function ReadingTimesSection({ view, errors, busy, onSave, onInvalid, onRevert }: Props) {
  const [draft, setDraft] = useState<ReadingTimesDraft>(() => readingTimesDraftOf(view.value));
  const [viewSeen, setViewSeen] = useState(view);
  if (viewSeen !== view) {
    // A new view from the engine (after a save): start again from it.
    setViewSeen(view);
    setDraft(readingTimesDraftOf(view.value));
  }
  const set = (patch: Partial<ReadingTimesDraft>) => setDraft({ ...draft, ...patch });
  const save = () => {
    const converted = readingTimesParams(draft);
    if (converted.ok) onSave(converted.value);
    else onInvalid(converted.errors);
  };
  return (
    <fieldset className="srcset-section" data-testid="reading-times-section">
      <legend>
        Reading times <OriginBadge origin={view.origin} />
      </legend>
      <div className="srcset-grid">
        <Field label="At most ahead of the engine’s clock (minutes)" path="value.maxFutureMs" errors={errors}>
          <input
            inputMode="decimal"
            value={draft.futureMinutes}
            onChange={(e) => set({ futureMinutes: e.target.value })}
            data-testid="reading-times-future"
          />
        </Field>
        <Field label="Refuse older than (days; empty: any age)" path="value.maxAgeMs" errors={errors}>
          <input
            inputMode="decimal"
            value={draft.maxAgeDays}
            placeholder="any age"
            onChange={(e) => set({ maxAgeDays: e.target.value })}
            data-testid="reading-times-max-age"
          />
        </Field>
        <Field label="Live window (minutes; older is history)" path="value.liveWindowMs" errors={errors}>
          <input
            inputMode="decimal"
            value={draft.liveMinutes}
            onChange={(e) => set({ liveMinutes: e.target.value })}
            data-testid="reading-times-live"
          />
        </Field>
      </div>
      <p className="srcset-hint">
        Applies to MQTT, Kafka, HTTP and re-queued dead letters. A gateway’s store-and-forward buffer is history:
        readings older than the live window are stored and rolled up, but raise no alarm and do not move live screens.
        Readings refused here go to dead letters and can be re-queued once the limits allow them.
      </p>
      <OtherErrors errors={errors} shown={(p) => /^value\.(maxFutureMs|maxAgeMs|liveWindowMs)$/.test(p)} />
      <SaveOrRevert
        label="Save reading times"
        testId="reading-times-save"
        origin={view.origin}
        busy={busy}
        onSave={save}
        onRevert={onRevert}
      />
    </fieldset>
  );
}
