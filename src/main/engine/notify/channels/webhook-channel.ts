// Webhooks: one JSON POST per notification, with a timeout, an optional bearer token and an
// optional HMAC-SHA256 signature over "timestamp.body" so the receiver can check origin and age.
import { createHmac } from 'node:crypto';
import type { WebhookConfig } from '../../../../shared/contract/notifications';
import type { OutgoingMessage } from '../message';
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
