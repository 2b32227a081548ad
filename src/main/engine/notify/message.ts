// What a notification says, rendered once when it is queued and stored with the delivery, so a
// retry after a restart sends exactly what was decided at the time.
import type { Alarm } from '../../../shared/domain';
import { areaName } from '../../../shared/domain';

export interface OutgoingMessage {
  subject: string;
  text: string;
  priority: Alarm['priority'] | null;
  alarmId: number | null;
  deviceId: string | null;
  /** The webhook body. */
  json: Record<string, unknown>;
  /** E-mail recipients decided by the route (empty: the SMTP server's list at send time). */
  emailTo?: string[];
}

export interface AlarmNotice {
  type: string;
  alarm: Alarm;
  at: number;
  by: string | null;
  comment: string | null;
}

const VERB: Record<string, string> = {
  raised: 'ALARM',
  escalated: 'ESCALATED',
  reminder: 'REMINDER',
  returned: 'RETURNED',
  acknowledged: 'ACKNOWLEDGED',
  shelved: 'SHELVED',
  resolved: 'RESOLVED',
};

function where(alarm: Alarm): string {
  return alarm.signal === '*' ? alarm.deviceId : `${alarm.deviceId}/${alarm.signal}`;
}

function condition(alarm: Alarm): string {
  if (alarm.message) return alarm.message;
  const limit = alarm.limit === null || !Number.isFinite(alarm.limit) ? '' : ` (limit ${alarm.limit})`;
  return `${alarm.kind} ${alarm.value}${limit}`;
}

export function alarmMessage(n: AlarmNotice, routeId: string, deviceName?: string): OutgoingMessage {
  const { alarm } = n;
  const verb = VERB[n.type] ?? n.type.toUpperCase();
  const subject = `[Watchfloor] ${verb} ${alarm.priority.toUpperCase()}: ${where(alarm)} ${condition(alarm)}`;
  const lines = [
    `${verb}: ${alarm.priority} priority alarm on ${where(alarm)}`,
    '',
    `Device:    ${alarm.deviceId}${deviceName && deviceName !== alarm.deviceId ? ` (${deviceName})` : ''}`,
    `Signal:    ${alarm.signal}`,
    `Area:      ${areaName(alarm.area)}`,
    `Priority:  ${alarm.priority}`,
    `Condition: ${condition(alarm)}`,
    `Value:     ${alarm.value}`,
    `State:     ${alarm.state}`,
    `Raised:    ${new Date(alarm.raisedAt).toISOString()}`,
    `Event at:  ${new Date(n.at).toISOString()}`,
    `Count:     ${alarm.count}`,
  ];
  if (n.by) lines.push(`By:        ${n.by}`);
  if (n.comment) lines.push(`Comment:   ${n.comment}`);
  lines.push('', `Alarm #${alarm.id}, route "${routeId}".`);
  return {
    subject,
    text: lines.join('\n'),
    priority: alarm.priority,
    alarmId: alarm.id,
    deviceId: alarm.deviceId,
    json: { source: 'watchfloor', event: n.type, at: n.at, by: n.by, comment: n.comment, route: routeId, alarm },
  };
}

export interface Suppressed {
  count: number;
  since: number;
  until: number;
  /** The first few, as one-line summaries. */
  samples: string[];
}

export function digestMessage(routeId: string, s: Suppressed): OutgoingMessage {
  const more = s.count - s.samples.length;
  const subject = `[Watchfloor] ${s.count} notification${s.count === 1 ? '' : 's'} held back on route "${routeId}"`;
  const text = [
    `Route "${routeId}" reached its rate limit: ${s.count} notification${s.count === 1 ? ' was' : 's were'} not sent`,
    `between ${new Date(s.since).toISOString()} and ${new Date(s.until).toISOString()}.`,
    '',
    ...s.samples.map((x) => `- ${x}`),
    ...(more > 0 ? [`… and ${more} more (see the delivery log).`] : []),
  ].join('\n');
  return {
    subject,
    text,
    priority: null,
    alarmId: null,
    deviceId: null,
    json: {
      source: 'watchfloor',
      event: 'digest',
      route: routeId,
      suppressed: s.count,
      since: s.since,
      until: s.until,
      samples: s.samples,
    },
  };
}

/** A test through one channel; `emailTo` replaces the SMTP server's recipients for it. */
export function testMessage(channel: string, at: number, emailTo?: string[]): OutgoingMessage {
  return {
    subject: `[Watchfloor] Test notification (${channel})`,
    text: `This is a test of the "${channel}" notification channel, sent ${new Date(at).toISOString()}.`,
    priority: null,
    alarmId: null,
    deviceId: null,
    json: { source: 'watchfloor', event: 'test', channel, at },
    ...(emailTo?.length ? { emailTo } : {}),
  };
}
