// Webhooks: one JSON POST per notification, with a timeout, an optional bearer token and an
// optional HMAC-SHA256 signature over "timestamp.body" so the receiver can check origin and age.
// Each webhook is a channel ("webhook:<id>"); its token, HMAC secret and header values are
// write-only and go only to the origin they were saved for.
import { createHmac } from 'node:crypto';
import type { NotificationsConfigView, WebhookConfig } from '../../../../shared/contract/notifications';
import { webhookMove } from '../../../../shared/secret-destination';
import type { PendingDelivery } from '../delivery-log';
import { testMessage, type OutgoingMessage } from '../message';
import type { ChannelDeps, ChannelKind, NotificationChannel } from './notification-channel';
import { errorText, type SendResult } from './send-result';

export const SIGNATURE_HEADER = 'x-watchfloor-signature';
export const TIMESTAMP_HEADER = 'x-watchfloor-timestamp';
export const DELIVERY_HEADER = 'x-watchfloor-delivery';

export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Statuses worth retrying: the server may recover; any other 4xx will answer the same again. */
function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

export async function sendWebhook(
  hook: WebhookConfig,
  msg: OutgoingMessage,
  deliveryId: number,
  now: number,
): Promise<SendResult> {
  const body = JSON.stringify({ ...msg.json, deliveryId });
  const timestamp = String(Math.floor(now / 1000));
  const headers: Record<string, string> = {
    ...hook.headers,
    'content-type': 'application/json',
    'user-agent': 'Watchfloor',
    [DELIVERY_HEADER]: String(deliveryId),
    [TIMESTAMP_HEADER]: timestamp,
  };
  if (hook.bearerToken) headers.authorization = `Bearer ${hook.bearerToken}`;
  if (hook.hmacSecret) headers[SIGNATURE_HEADER] = signBody(hook.hmacSecret, timestamp, body);
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(hook.timeoutMs),
    });
    const text = (await res.text().catch(() => '')).slice(0, 200);
    const detail = `HTTP ${res.status}${text ? `: ${text}` : ''}`;
    if (res.ok) return { ok: true, detail, target: hook.url };
    return { ok: false, detail, permanent: !retryable(res.status) };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    const cause = (err as { cause?: unknown }).cause;
    const detail = timedOut
      ? `no answer within ${hook.timeoutMs} ms`
      : cause
        ? `${errorText(err)} (${errorText(cause)})`
        : errorText(err);
    return { ok: false, detail, permanent: false };
  }
}

class WebhookChannel implements NotificationChannel {
  readonly ref: string;

  constructor(
    private readonly hook: WebhookConfig,
    private readonly deps: ChannelDeps,
  ) {
    this.ref = `webhook:${hook.id}`;
  }

  send(d: PendingDelivery): Promise<SendResult> {
    return sendWebhook(this.hook, d.message, d.id, this.deps.clock());
  }

  test(at: number, options: { emailTo?: string[] }): OutgoingMessage {
    return testMessage(this.ref, at, options.emailTo);
  }

  describe(): string {
    return this.hook.url;
  }

  close(): void {
    // One request per send: nothing stays open.
  }
}

type WebhookView = NotificationsConfigView['webhooks'][number];

export const webhookChannelKind: ChannelKind = {
  kind: 'webhook',
  channels: (config, deps) => config.webhooks.map((hook) => new WebhookChannel(hook, deps)),
  missing: (ref) => ({
    code: 'NOT_FOUND',
    test: `no webhook "${ref.slice('webhook:'.length)}"`,
    send: `${ref} is no longer configured`,
  }),
  view: (config) => ({
    webhooks: config.webhooks.map(({ bearerToken, hmacSecret, headers, ...rest }): WebhookView => ({
      ...rest,
      headerNames: Object.keys(headers),
      bearerTokenSet: Boolean(bearerToken),
      hmacSecretSet: Boolean(hmacSecret),
    })),
  }),
  withSecrets: (next, current, keep) => ({
    webhooks: next.webhooks.map((w, i) => {
      const was = current.webhooks.find((c) => c.id === w.id);
      const move = was && webhookMove(was.url, w.url);
      const moved = move && `${move}, and its stored secrets are only sent where they were saved for`;
      const at = `config.webhooks.${i}`;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(w.headers)) {
        const stored = was && Object.entries(was.headers).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
        headers[name] = value === '' ? (keep(undefined, stored, moved, `${at}.headers.${name}`) ?? '') : value;
      }
      return {
        ...w,
        headers,
        bearerToken: keep(w.bearerToken, was?.bearerToken, moved, `${at}.bearerToken`),
        hmacSecret: keep(w.hmacSecret, was?.hmacSecret, moved, `${at}.hmacSecret`),
      };
    }),
  }),
};
