// The Notifications tab's form state and its translation to and from the engine's settings.
// Lists are edited as text (one item per line or comma separated); time windows as lines like
// "mon-fri 22:00-06:00" or "sat,sun". Secrets are never shown: an empty secret field keeps the
// stored value (toward the server it was saved for only), "clear" removes it. Webhook header
// values are secrets too: stored headers come back as "Name:" lines, and an empty value keeps
// the stored one.
import {
  WEEKDAYS,
  type NotificationsConfigInput,
  type NotificationsConfigView,
  type NotifyEventType,
  type TimeWindow,
  type Weekday,
} from '../../../../../shared/contract/notifications';
import type { Priority } from '../../../../../shared/domain';
import { smtpMove, webhookMove } from '../../../../../shared/secret-destination';

export interface SmtpDraft {
  enabled: boolean;
  host: string;
  port: string;
  security: 'starttls' | 'tls' | 'none';
  user: string;
  password: string;
  passwordSet: boolean;
  clearPassword: boolean;
  from: string;
  to: string;
  rejectUnauthorized: boolean;
  /** Where the stored password was saved for; null for a server not saved yet. */
  saved: { host: string; port: number; security: SmtpDraft['security']; rejectUnauthorized: boolean } | null;
}

export interface WebhookDraft {
  id: string;
  url: string;
  /** The URL its stored secrets were saved for; null for a new webhook. */
  savedUrl: string | null;
  headers: string;
  bearerToken: string;
  bearerTokenSet: boolean;
  clearBearerToken: boolean;
  hmacSecret: string;
  hmacSecretSet: boolean;
  clearHmacSecret: boolean;
  timeoutMs: string;
}

export interface RouteDraft {
  id: string;
  name: string;
  enabled: boolean;
  priorities: Priority[];
  devices: string;
  areas: string;
  events: NotifyEventType[];
  when: string;
  channels: string[];
  emailTo: string;
  burst: string;
  perMinute: string;
  stop: boolean;
}

export interface NotificationsDraft {
  enabled: boolean;
  timeZone: string;
  desktop: boolean;
  smtp: SmtpDraft;
  webhooks: WebhookDraft[];
  routes: RouteDraft[];
  /** Carried through unchanged (edited in the configuration file). */
  rest: Pick<NotificationsConfigView, 'retry' | 'queueLimit' | 'logRetentionDays'>;
}

export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const DAY_RE = new RegExp(`^(${WEEKDAYS.join('|')})$`);

function parseDays(token: string): Weekday[] | string {
  const out: Weekday[] = [];
  for (const part of token.split(',').filter(Boolean)) {
    const range = part.split('-');
    if (range.length === 2 && DAY_RE.test(range[0]!) && DAY_RE.test(range[1]!)) {
      let i = WEEKDAYS.indexOf(range[0] as Weekday);
      const end = WEEKDAYS.indexOf(range[1] as Weekday);
      for (;;) {
        out.push(WEEKDAYS[i]!);
        if (i === end) break;
        i = (i + 1) % 7;
      }
    } else if (DAY_RE.test(part)) out.push(part as Weekday);
    else return `"${part}" is not a day (mon … sun) or a range like mon-fri`;
  }
  return [...new Set(out)];
}

/** One window per line: "[days] [HH:MM-HH:MM]", at least one of the two. */
export function parseWindows(text: string): { windows: TimeWindow[]; problems: string[] } {
  const windows: TimeWindow[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim().toLowerCase();
    if (!line) return;
    let days: Weekday[] = [...WEEKDAYS];
    let from = '00:00';
    let to = '00:00';
    for (const token of line.split(/\s+/)) {
      const times = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(token);
      if (times) {
        from = times[1]!.padStart(5, '0');
        to = times[2]!.padStart(5, '0');
        continue;
      }
      const d = parseDays(token);
      if (typeof d === 'string') {
        problems.push(`line ${i + 1}: ${d}`);
        return;
      }
      days = d;
    }
    windows.push({ days, from, to });
  });
  return { windows, problems };
}

function daysText(days: readonly Weekday[]): string {
  if (days.length === 7) return '';
  const idx = days.map((d) => WEEKDAYS.indexOf(d)).sort((a, b) => a - b);
  const contiguous = idx.every((v, i) => i === 0 || v === idx[i - 1]! + 1);
  if (contiguous && idx.length > 2) return `${WEEKDAYS[idx[0]!]}-${WEEKDAYS[idx[idx.length - 1]!]}`;
  return idx.map((i) => WEEKDAYS[i]).join(',');
}

export function windowsText(windows: readonly TimeWindow[]): string {
  return windows
    .map((w) => [daysText(w.days), w.from === w.to ? '' : `${w.from}-${w.to}`].filter(Boolean).join(' ') || 'mon-sun')
    .join('\n');
}

export const EMPTY_SMTP: SmtpDraft = {
  enabled: false,
  host: '',
  port: '587',
  security: 'starttls',
  user: '',
  password: '',
  passwordSet: false,
  clearPassword: false,
  from: '',
  to: '',
  rejectUnauthorized: true,
  saved: null,
};

export function newRoute(existing: readonly RouteDraft[]): RouteDraft {
  let n = existing.length + 1;
  while (existing.some((r) => r.id === `route-${n}`)) n++;
  return {
    id: `route-${n}`,
    name: '',
    enabled: true,
    priorities: [],
    devices: '',
    areas: '',
    events: ['raised', 'escalated', 'reminder'],
    when: '',
    channels: ['desktop'],
    emailTo: '',
    burst: '10',
    perMinute: '2',
    stop: false,
  };
}

export function newWebhook(existing: readonly WebhookDraft[]): WebhookDraft {
  let n = existing.length + 1;
  while (existing.some((w) => w.id === `hook-${n}`)) n++;
  return {
    id: `hook-${n}`,
    url: '',
    savedUrl: null,
    headers: '',
    bearerToken: '',
    bearerTokenSet: false,
    clearBearerToken: false,
    hmacSecret: '',
    hmacSecretSet: false,
    clearHmacSecret: false,
    timeoutMs: '5000',
  };
}

export function toDraft(view: NotificationsConfigView): NotificationsDraft {
  const s = view.smtp;
  return {
    enabled: view.enabled,
    timeZone: view.timeZone ?? '',
    desktop: view.desktop.enabled,
    smtp: s
      ? {
          enabled: true,
          host: s.host,
          port: String(s.port),
          security: s.security,
          user: s.user ?? '',
          password: '',
          passwordSet: s.passwordSet,
          clearPassword: false,
          from: s.from,
          to: s.to.join(', '),
          rejectUnauthorized: s.rejectUnauthorized,
          saved: { host: s.host, port: s.port, security: s.security, rejectUnauthorized: s.rejectUnauthorized },
        }
      : { ...EMPTY_SMTP },
    webhooks: view.webhooks.map((w) => ({
      id: w.id,
      url: w.url,
      savedUrl: w.url,
      headers: w.headerNames.map((name) => `${name}:`).join('\n'),
      bearerToken: '',
      bearerTokenSet: w.bearerTokenSet,
      clearBearerToken: false,
      hmacSecret: '',
      hmacSecretSet: w.hmacSecretSet,
      clearHmacSecret: false,
      timeoutMs: String(w.timeoutMs),
    })),
    routes: view.routes.map((r) => ({
      id: r.id,
      name: r.name,
      enabled: r.enabled,
      priorities: [...r.priorities],
      devices: r.devices.join(', '),
      areas: r.areas.join(', '),
      events: [...r.events],
      when: windowsText(r.when),
      channels: [...r.channels],
      emailTo: r.emailTo.join(', '),
      burst: String(r.rateLimit.burst),
      perMinute: String(r.rateLimit.perMinute),
      stop: r.stop,
    })),
    rest: { retry: view.retry, queueLimit: view.queueLimit, logRetentionDays: view.logRetentionDays },
  };
}

/**
 * Why the stored SMTP password cannot be kept as the form stands (the server changed, or the
 * connection is less protected), or null. The engine refuses such a save; the form says so first.
 */
export function smtpPasswordNeeded(s: SmtpDraft): string | null {
  if (!s.saved || !s.passwordSet || s.clearPassword || s.password) return null;
  const port = Number(s.port);
  const next = { host: s.host, port, security: s.security, rejectUnauthorized: s.rejectUnauthorized };
  return (Number.isFinite(port) && smtpMove(s.saved, next)) || null;
}

/** Why a webhook's stored token, HMAC secret and header values cannot be kept (its address changed), or null. */
export function webhookSecretsNeeded(w: WebhookDraft): string | null {
  if (w.savedUrl === null) return null;
  return webhookMove(w.savedUrl, w.url) ?? null;
}

function secret(value: string, clear: boolean): string | undefined {
  if (clear) return '';
  return value.length > 0 ? value : undefined;
}

function num(text: string, what: string, problems: string[]): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) problems.push(`${what}: "${text}" is not a number`);
  return n;
}

/** The settings to save, or the problems the form itself can see (the engine checks the rest). */
export function fromDraft(d: NotificationsDraft): { config: NotificationsConfigInput; problems: string[] } {
  const problems: string[] = [];
  const smtp = d.smtp.enabled
    ? {
        host: d.smtp.host.trim(),
        port: num(d.smtp.port, 'SMTP port', problems),
        security: d.smtp.security,
        user: d.smtp.user.trim() || undefined,
        password: secret(d.smtp.password, d.smtp.clearPassword),
        from: d.smtp.from.trim(),
        to: splitList(d.smtp.to),
        rejectUnauthorized: d.smtp.rejectUnauthorized,
      }
    : undefined;
  const webhooks = d.webhooks.map((w) => {
    const headers: Record<string, string> = {};
    w.headers.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const at = line.indexOf(':');
      if (at <= 0) problems.push(`webhook "${w.id}" header line ${i + 1}: write "Name: value"`);
      else headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    });
    return {
      id: w.id.trim(),
      url: w.url.trim(),
      headers,
      bearerToken: secret(w.bearerToken, w.clearBearerToken),
      hmacSecret: secret(w.hmacSecret, w.clearHmacSecret),
      timeoutMs: num(w.timeoutMs, `webhook "${w.id}" timeout`, problems),
    };
  });
  const routes = d.routes.map((r) => {
    const { windows, problems: p } = parseWindows(r.when);
    problems.push(...p.map((x) => `route "${r.id}" time windows, ${x}`));
    return {
      id: r.id.trim(),
      name: r.name.trim(),
      enabled: r.enabled,
      priorities: r.priorities,
      devices: splitList(r.devices),
      areas: splitList(r.areas),
      events: r.events,
      when: windows,
      channels: r.channels,
      emailTo: splitList(r.emailTo),
      rateLimit: {
        burst: num(r.burst, `route "${r.id}" burst`, problems),
        perMinute: num(r.perMinute, `route "${r.id}" per minute`, problems),
      },
      stop: r.stop,
    };
  });
  return {
    config: {
      enabled: d.enabled,
      timeZone: d.timeZone.trim() || undefined,
      desktop: { enabled: d.desktop },
      smtp,
      webhooks,
      routes,
      ...d.rest,
    },
    problems,
  };
}

/** "config.routes.0.channels.1" → "route “night” › channels › 2", for the engine's validation issues. */
export function describeIssuePath(path: string, d: NotificationsDraft): string {
  const parts = path.replace(/^config\.?/, '').split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    if ((p === 'routes' || p === 'webhooks') && next !== undefined && /^\d+$/.test(next)) {
      const list = p === 'routes' ? d.routes : d.webhooks;
      const item = list[Number(next)];
      out.push(`${p === 'routes' ? 'route' : 'webhook'} "${item?.id ?? Number(next) + 1}"`);
      i++;
    } else if (/^\d+$/.test(p)) out.push(`#${Number(p) + 1}`);
    else out.push(p);
  }
  return out.join(' › ');
}
