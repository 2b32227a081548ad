// Where a stored notification secret may go. SMTP passwords, webhook tokens and header values are
// write-only: a form that leaves one empty keeps the stored value — but only toward the server it
// was saved for. These functions say whether an edited channel still goes there, and if not, why,
// in words for the form. The engine refuses a save that would carry a secret elsewhere; the
// renderer shows the same reason at the field before anything is sent. Source kinds keep the same
// rule in their own module (src/shared/sources: mqttMove, kafkaMove).

interface SmtpTarget {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  rejectUnauthorized: boolean;
}

function smtpStrength(s: SmtpTarget): number {
  if (s.security === 'none') return 0;
  return s.rejectUnauthorized ? 2 : 1;
}

/** Why a stored SMTP password may not follow this edit: another server, or a less protected connection. */
export function smtpMove(saved: SmtpTarget, next: SmtpTarget): string | undefined {
  if (saved.host.trim().toLowerCase() !== next.host.trim().toLowerCase() || saved.port !== next.port) {
    return `the mail server changed (${saved.host}:${saved.port} → ${next.host}:${next.port})`;
  }
  if (smtpStrength(next) < smtpStrength(saved)) {
    return 'the connection to the mail server is less protected (TLS or its certificate check turned off)';
  }
  return undefined;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Why a webhook's stored token, HMAC secret and header values may not follow this edit. */
export function webhookMove(savedUrl: string, nextUrl: string): string | undefined {
  const was = origin(savedUrl);
  const now = origin(nextUrl.trim());
  return was === now ? undefined : `the webhook's address changed (${was} → ${now})`;
}
