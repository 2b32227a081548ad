// Routes: which alarm events go to which channels, by priority, device, area and local time,
// each with its own rate limit. Routes are tried in order; every one that matches sends.
import { NotifyEventType } from '../../../../../shared/contract/notifications';
import { Priority } from '../../../../../shared/domain';
import { Field } from './ChannelForms';
import { CHANNEL_SECTIONS } from './channel-sections';
import { newRoute, type NotificationsDraft, type RouteDraft } from './notification-draft';

type Update = (change: (d: NotificationsDraft) => NotificationsDraft) => void;

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? (list.includes(item) ? [...list] : [...list, item]) : list.filter((x) => x !== item);
}

function Checks<T extends string>(props: {
  options: readonly T[];
  value: readonly T[];
  onChange: (v: T[]) => void;
  testId: string;
  label?: (o: T) => string;
}) {
  return (
    <span className="notify-checks" data-testid={props.testId}>
      {props.options.map((o) => (
        <label key={o} className="notify-inline">
          <input
            type="checkbox"
            checked={props.value.includes(o)}
            onChange={(e) => props.onChange(toggle(props.value, o, e.target.checked))}
          />
          {props.label ? props.label(o) : o}
        </label>
      ))}
    </span>
  );
}

function RouteForm(props: { route: RouteDraft; index: number; count: number; channels: string[]; update: Update }) {
  const { route: r, index, update } = props;
  const set = (patch: Partial<RouteDraft>) =>
    update((d) => ({ ...d, routes: d.routes.map((x, i) => (i === index ? { ...x, ...patch } : x)) }));
  const move = (by: number) =>
    update((d) => {
      const routes = [...d.routes];
      const [item] = routes.splice(index, 1);
      routes.splice(index + by, 0, item!);
      return { ...d, routes };
    });
  const remove = () => update((d) => ({ ...d, routes: d.routes.filter((_, i) => i !== index) }));
  const channelOptions = [...new Set([...props.channels, ...r.channels])];
  return (
    <div className="notify-item" data-testid={`notify-route-${index}`}>
      <div className="notify-grid">
        <Field label="Id">
          <input value={r.id} onChange={(e) => set({ id: e.target.value })} data-testid={`notify-route-${index}-id`} />
        </Field>
        <Field label="Name">
          <input value={r.name} onChange={(e) => set({ name: e.target.value })} />
        </Field>
        <label className="notify-inline">
          <input type="checkbox" checked={r.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          Enabled
        </label>
        <Field label="Events" wide>
          <Checks
            options={NotifyEventType.options}
            value={r.events}
            onChange={(events) => set({ events })}
            testId={`notify-route-${index}-events`}
          />
        </Field>
        <Field label="Priorities (none ticked: any)" wide>
          <Checks
            options={Priority.options}
            value={r.priorities}
            onChange={(priorities) => set({ priorities })}
            testId={`notify-route-${index}-priorities`}
          />
        </Field>
        <Field label="Devices (ids, * as wildcard; empty: any)">
          <input value={r.devices} onChange={(e) => set({ devices: e.target.value })} placeholder="pump-*, boiler-1" />
        </Field>
        <Field label="Areas (empty: any; devices without one are “default”)">
          <input
            value={r.areas}
            onChange={(e) => set({ areas: e.target.value })}
            data-testid={`notify-route-${index}-areas`}
          />
        </Field>
        <Field label="When (local time; one window per line; empty: always)">
          <textarea
            rows={2}
            value={r.when}
            placeholder={'mon-fri 22:00-06:00\nsat,sun'}
            onChange={(e) => set({ when: e.target.value })}
            data-testid={`notify-route-${index}-when`}
          />
        </Field>
        <Field label="Channels" wide>
          <Checks
            options={channelOptions}
            value={r.channels}
            onChange={(channels) => set({ channels })}
            testId={`notify-route-${index}-channels`}
          />
        </Field>
        <Field label="E-mail to (empty: the SMTP default recipients)">
          <input value={r.emailTo} onChange={(e) => set({ emailTo: e.target.value })} />
        </Field>
        <Field label="Rate limit: burst">
          <input value={r.burst} inputMode="numeric" onChange={(e) => set({ burst: e.target.value })} />
        </Field>
        <Field label="then per minute">
          <input value={r.perMinute} inputMode="decimal" onChange={(e) => set({ perMinute: e.target.value })} />
        </Field>
        <label className="notify-inline">
          <input type="checkbox" checked={r.stop} onChange={(e) => set({ stop: e.target.checked })} />
          Stop here when this route matches
        </label>
      </div>
      <div className="notify-row">
        <button type="button" className="button" disabled={index === 0} onClick={() => move(-1)}>
          Move up
        </button>
        <button type="button" className="button" disabled={index === props.count - 1} onClick={() => move(1)}>
          Move down
        </button>
        <button type="button" className="button" onClick={remove}>
          Remove route
        </button>
      </div>
    </div>
  );
}

export function RoutesSection({ draft, update }: { draft: NotificationsDraft; update: Update }) {
  const channels = CHANNEL_SECTIONS.flatMap((c) => c.refs(draft));
  return (
    <fieldset className="notify-section">
      <legend>Routes</legend>
      <p className="notify-hint">
        Every enabled route that matches an event sends it, in order, each destination once; a route set to stop ends
        the search. What a route’s rate limit holds back is logged and sent later as one digest.
      </p>
      {draft.routes.map((route, i) => (
        <RouteForm key={i} route={route} index={i} count={draft.routes.length} channels={channels} update={update} />
      ))}
      <button
        type="button"
        className="button"
        onClick={() => update((d) => ({ ...d, routes: [...d.routes, newRoute(d.routes)] }))}
        data-testid="notify-add-route"
      >
        Add route
      </button>
    </fieldset>
  );
}
