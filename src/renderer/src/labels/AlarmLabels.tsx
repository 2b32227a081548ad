// The "Labels" section of an alarm's details: the labels that name this alarm or cover its
// time (raise → return) on its signal or its device, live; "Label this alarm" opens the label
// form on the alarm (keys 1–6 and Enter work there too); a label in the list opens it to edit.
import { useMemo, useState } from 'react';
import type { Annotation } from '../../../shared/contract/annotations';
import type { Alarm } from '../../../shared/domain';
import { formatLocalTime } from '../components/format';
import { labelTitle } from '../charts/label-marks';
import { LabelForm } from './LabelForm';
import type { LabelSubject } from './label-form';
import { alarmEnd, labelsOfAlarm } from './alarm-labels';
import { useLabelList } from './use-labels';

export function AlarmLabels({ alarm }: { alarm: Alarm }) {
  // An active alarm's range ends when the details were opened (or it changed).
  const end = useMemo(() => alarmEnd(alarm), [alarm]);
  const window = useMemo(() => ({ from: alarm.raisedAt, to: end }), [alarm.raisedAt, end]);
  const list = useLabelList(alarm.deviceId, alarm.signal === '*' ? undefined : alarm.signal, window);
  const labels = useMemo(() => labelsOfAlarm(list.labels, alarm, end), [list.labels, alarm, end]);
  const [open, setOpen] = useState<'new' | string | null>(null);

  const subject: LabelSubject = {
    deviceId: alarm.deviceId,
    signal: alarm.signal,
    from: alarm.raisedAt,
    to: end,
    target: { type: 'alarm', alarmId: alarm.id },
  };
  const editing = open && open !== 'new' ? list.labels.find((a) => a.id === open) : undefined;
  const saved = (a: Annotation) => {
    list.apply(a);
    setOpen(null);
  };

  return (
    <section className="alarm-labels" data-testid="alarm-labels" aria-labelledby={`alarm-labels-${alarm.id}`}>
      <div className="alarm-labels-head">
        <h3 id={`alarm-labels-${alarm.id}`}>Labels</h3>
        <button
          type="button"
          className="button small"
          data-testid="label-alarm"
          onClick={() => setOpen(open === 'new' ? null : 'new')}
        >
          Label this alarm
        </button>
      </div>
      {list.error && (
        <p className="label-error" role="status">
          {list.error}
        </p>
      )}
      {labels.length === 0 && !list.error && <p className="label-item-meta">No label yet.</p>}
      {labels.length > 0 && (
        <ul className="label-list">
          {labels.map((a) => (
            <li key={a.id} className="label-item" data-testid="alarm-label" data-verdict={a.verdict}>
              <button type="button" className="link-button" onClick={() => setOpen(a.id)}>
                {labelTitle(a)}
              </button>
              <span className="label-item-meta">
                {' '}
                · {a.signal === '*' ? 'whole device' : a.signal} · {a.author} · {formatLocalTime(a.from)}
                {a.target.type === 'alarm' && a.target.alarmId === alarm.id && ' · this alarm'}
              </span>
              {a.text && <div>{a.text}</div>}
            </li>
          ))}
        </ul>
      )}
      {open === 'new' && (
        <LabelForm
          subject={subject}
          title={`Label alarm ${alarm.id} · ${formatLocalTime(alarm.raisedAt)} – ${formatLocalTime(end)}`}
          onSaved={saved}
          onChanged={list.apply}
          onCancel={() => setOpen(null)}
        />
      )}
      {editing && (
        <LabelForm
          key={editing.id}
          subject={{ ...subject, signal: alarm.signal === '*' ? editing.signal : alarm.signal }}
          existing={editing}
          title={labelTitle(editing)}
          onSaved={saved}
          onChanged={list.apply}
          onCancel={() => setOpen(null)}
        />
      )}
    </section>
  );
}
