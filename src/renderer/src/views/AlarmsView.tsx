// The operator's alarm queue: what is active or still awaits an acknowledgement, most urgent
// first, filtered by state, priority, device and area; grouped by device and cause while an
// area is in flood. Shelved, suppressed and out-of-service alarms, and closed ones, have their
// own tabs; every alarm opens its journal. Keyboard first (see alarms/use-queue-keys.ts). Where the
// queue is narrow its rows are cards (alarms/alarm-queue.css).
import { useCallback, useMemo, useState } from 'react';
import type { Alarm, Device } from '../../../shared/domain';
import {
  alarmQueue,
  filterOptions,
  groupByDeviceAndCause,
  hiddenAlarms,
  HIDDEN_STATES,
  isUnacknowledged,
  KIND_LABEL,
  NO_FILTERS,
  QUEUE_STATES,
  type AlarmFilters,
} from '../store/alarm-queue';
import { useAppStore } from '../store/app-store';
import { can, useCanFn } from '../auth/can';
import { AlarmDetails, type DetailsTab } from './alarms/AlarmDetails';
import { AlarmFilterBar } from './alarms/AlarmFilterBar';
import { BulkAckBar } from './alarms/BulkAckBar';
import { ClosedAlarms } from './alarms/ClosedAlarms';
import { FloodBanner } from './alarms/FloodBanner';
import { useQueueKeys } from './alarms/use-queue-keys';
import { ALARM_COLUMNS, AlarmRow, type RowForm } from './AlarmRow';
import './alarms/alarm-queue.css';

type Tab = 'queue' | 'hidden' | 'closed';

const TABS: { id: Tab; label: string }[] = [
  { id: 'queue', label: 'Queue' },
  { id: 'hidden', label: 'Shelved & suppressed' },
  { id: 'closed', label: 'Closed' },
];

function TableHead() {
  return (
    <thead>
      <tr>
        <th scope="col">
          <span className="sr-only">Selected</span>
        </th>
        <th scope="col">
          <span className="sr-only">Unacknowledged</span>
        </th>
        <th scope="col">Device</th>
        <th scope="col">Signal</th>
        <th scope="col" className="num">
          Value
        </th>
        <th scope="col" className="num">
          Limit
        </th>
        <th scope="col">Priority</th>
        <th scope="col">Raised</th>
        <th scope="col">State</th>
        <th scope="col" className="num">
          Count
        </th>
        <th scope="col">
          <span className="sr-only">Action</span>
        </th>
      </tr>
    </thead>
  );
}

export function AlarmsView() {
  const alarms = useAppStore((s) => s.alarms);
  const devices = useAppStore((s) => s.devices);
  const flooding = useAppStore((s) => Object.values(s.floods).some((f) => f.active));
  const openDevice = useAppStore((s) => s.openDevice);
  const [tab, setTab] = useState<Tab>('queue');
  const [filters, setFilters] = useState<AlarmFilters>(NO_FILTERS);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [form, setForm] = useState<{ id: number; form: RowForm } | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const [detailsId, setDetailsId] = useState<number | null>(null);
  const [detailsTab, setDetailsTab] = useState<DetailsTab>('journal');
  const [assistantFocus, setAssistantFocus] = useState(0);
  const canCall = useCanFn();

  const all = useMemo(() => Object.values(alarms), [alarms]);
  const rows = useMemo(
    () => (tab === 'queue' ? alarmQueue(all, filters) : tab === 'hidden' ? hiddenAlarms(all, filters) : []),
    [all, filters, tab],
  );
  const groups = useMemo(
    () => (flooding && tab === 'queue' ? groupByDeviceAndCause(rows) : null),
    [flooding, tab, rows],
  );
  // In a flood the keyboard walks the rows in their grouped order.
  const ordered = useMemo(() => (groups ? groups.flatMap((g) => g.alarms) : rows), [groups, rows]);
  const options = useMemo(() => filterOptions(all), [all]);
  const deviceById = useMemo(() => new Map<string, Device>(devices.map((d) => [d.id, d])), [devices]);

  // The selection stays on a row that exists: the first one when its row has left.
  const selected = ordered.some((a) => a.id === selectedId) ? selectedId : (ordered[0]?.id ?? null);

  const select = useCallback((id: number) => {
    setSelectedId(id);
    document.querySelector(`[data-testid="alarm-row"][data-alarm-id="${id}"]`)?.scrollIntoView({ block: 'nearest' });
  }, []);
  // The keys (A, S) open a form only where the button would: not for what the user may not do.
  const refusal = useCallback(
    (a: Alarm | undefined, which: 'ack' | 'shelve') =>
      a && canCall(which === 'ack' ? 'alarms.acknowledge' : 'alarms.shelve', a.area).reason,
    [canCall],
  );
  const onForm = useCallback((id: number, next: RowForm) => {
    setSelectedId(id);
    // Read from the store, not the render: the rows stay memoised across alarm updates.
    const { alarms: now, auth } = useAppStore.getState();
    const alarm = now[id];
    if (next && alarm && !can(auth, next === 'ack' ? 'alarms.acknowledge' : 'alarms.shelve', alarm.area).ok) return;
    setForm(next ? { id, form: next } : null);
  }, []);
  const onCheck = useCallback(
    (id: number) =>
      setChecked((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const open = useCallback((a: Alarm) => openDevice(a.deviceId, a.raisedAt), [openDevice]);
  const journal = useCallback((id: number) => {
    setDetailsId(id);
    setDetailsTab('journal');
  }, []);
  const assistant = useCallback((id: number) => {
    setDetailsId(id);
    setDetailsTab('assistant');
    setAssistantFocus((n) => n + 1);
  }, []);
  useQueueKeys(tab === 'closed' ? [] : ordered, selected, {
    select,
    form: onForm,
    open,
    details: journal,
    assistant,
    check: onCheck,
  });

  const ackable = (a: Alarm) => isUnacknowledged(a) && refusal(a, 'ack') === undefined;
  const checkedIds = [...checked].filter((id) => alarms[id] && ackable(alarms[id]));

  const renderRow = (a: Alarm) => (
    <AlarmRow
      key={a.id}
      alarm={a}
      device={deviceById.get(a.deviceId)}
      selected={a.id === selected}
      checked={checked.has(a.id)}
      form={form?.id === a.id ? form.form : null}
      ackRefusal={refusal(a, 'ack')}
      shelveRefusal={refusal(a, 'shelve')}
      onSelect={setSelectedId}
      onCheck={onCheck}
      onForm={onForm}
      onDetails={setDetailsId}
    />
  );

  return (
    <section className="alarms" aria-labelledby="alarms-title" data-testid="alarms-view">
      <div className="alarms-head">
        <h1 id="alarms-title" className="view-title">
          Alarms
        </h1>
        <div className="alarm-tabs" role="tablist" aria-label="Alarm lists">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              className="nav-button"
              data-testid={`alarms-tab-${t.id}`}
              aria-selected={tab === t.id}
              onClick={() => setTab(t.id)}
            >
              {t.label}
              {t.id === 'hidden' && ` (${hiddenAlarms(all).length})`}
            </button>
          ))}
        </div>
      </div>
      <FloodBanner />
      <AlarmFilterBar
        filters={filters}
        states={tab === 'hidden' ? HIDDEN_STATES : QUEUE_STATES}
        devices={options.devices}
        areas={options.areas}
        onChange={setFilters}
      />
      {tab === 'queue' && (
        <BulkAckBar
          ids={checkedIds}
          onDone={(still) => setChecked(new Set(still))}
          refusal={canCall('alarms.acknowledgeMany').reason}
          onSelectAllUnacknowledged={() => setChecked(new Set(rows.filter(ackable).map((a) => a.id)))}
        />
      )}
      <p className="alarm-keys" aria-hidden="true">
        <kbd>↑</kbd>/<kbd>↓</kbd> move · <kbd>A</kbd> acknowledge · <kbd>S</kbd> shelve · <kbd>Enter</kbd> trend at the
        alarm · <kbd>J</kbd> journal · <kbd>E</kbd> assistant · <kbd>X</kbd> select
      </p>
      <div className="alarms-body">
        {tab === 'closed' ? (
          <ClosedAlarms filters={filters} onDetails={setDetailsId} />
        ) : rows.length === 0 ? (
          <p className="view-empty" data-testid="alarms-empty">
            {tab === 'queue'
              ? 'No alarms. Every device is within its limits.'
              : 'Nothing shelved, suppressed or out of service.'}
          </p>
        ) : (
          <div className="table-scroll alarm-queue-box">
            <table className="alarm-table" data-testid="alarm-table" data-grouped={groups !== null}>
              <TableHead />
              {groups ? (
                groups.map((g) => (
                  <tbody key={g.key} data-testid="alarm-group" data-device-id={g.deviceId} data-kind={g.kind}>
                    <tr className="alarm-group-head">
                      <th scope="rowgroup" colSpan={ALARM_COLUMNS}>
                        {deviceById.get(g.deviceId)?.name || g.deviceId} · {KIND_LABEL[g.kind]} ·{' '}
                        <span data-testid="alarm-group-count">{g.alarms.length}</span> alarms, {g.unacknowledged}{' '}
                        unacknowledged
                      </th>
                    </tr>
                    {g.alarms.map(renderRow)}
                  </tbody>
                ))
              ) : (
                <tbody>{rows.map(renderRow)}</tbody>
              )}
            </table>
          </div>
        )}
        {detailsId !== null && (
          <AlarmDetails
            alarmId={detailsId}
            live={alarms[detailsId]}
            onClose={() => setDetailsId(null)}
            tab={detailsTab}
            onTab={setDetailsTab}
            focusRequest={assistantFocus || undefined}
            onAlarm={setDetailsId}
          />
        )}
      </div>
    </section>
  );
}
