// What one delivery attempt on any channel came to. `wait`: nobody can take it now (no window
// open); the queue parks it until its channel is released or `expiresAt`, then "not shown".
export type SendResult =
  | { ok: false; wait: true; detail: string; expiresAt: number }
  | { ok: true; detail: string; target: string }
  | {
      ok: false;
      detail: string;
      /** Retrying cannot help (bad address, 4xx, wrong credentials). */ permanent: boolean;
    };

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
