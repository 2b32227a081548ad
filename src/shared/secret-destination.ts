// Where a stored secret may go. Passwords, SASL passwords, webhook tokens and header values are
// write-only: a form that leaves one empty keeps the stored value — but only toward the server it
// was saved for. These functions say whether an edited connection still goes there, and if not,
// why, in words for the form. The engine refuses a save or test that would carry a secret
// elsewhere; the renderer shows the same reason at the field before anything is sent.

const MQTT_PORTS: Record<string, string> = { 'mqtt:': '1883', 'mqtts:': '8883', 'ws:': '80', 'wss:': '443' };

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** An MQTT broker as a secret sees it: scheme, host and port, and whether its certificate is checked. */
export function mqttDestination(url: string | undefined, tls?: { rejectUnauthorized?: boolean }): string {
  if (!url) return 'the embedded broker';
  const u = parse(url);
  if (!u) return url;
  const port = u.port || MQTT_PORTS[u.protocol] || '';
  const secure = u.protocol === 'mqtts:' || u.protocol === 'wss:';
  const unchecked = secure && tls?.rejectUnauthorized === false ? ' without a certificate check' : '';
  return `${u.protocol}//${u.hostname.toLowerCase()}:${port}${unchecked}`;
}

/** Why a stored MQTT password may not follow this edit, or undefined when it goes to the same broker. */
export function mqttMove(
  saved: { url?: string; tls?: { rejectUnauthorized?: boolean } },
  next: { url?: string; tls?: { rejectUnauthorized?: boolean } },
): string | undefined {
  const was = mqttDestination(saved.url, saved.tls);
  const now = mqttDestination(next.url, next.tls);
  return was === now ? undefined : `the broker changed (${was} → ${now})`;
}

type KafkaSsl = boolean | { rejectUnauthorized?: boolean };

/** How well a connection protects a password: plain, TLS without a certificate check, checked TLS. */
function kafkaStrength(ssl: KafkaSsl): number {
  if (ssl === false) return 0;
  return ssl === true || ssl.rejectUnauthorized !== false ? 2 : 1;
}

/** Why a stored SASL password may not follow this edit: a broker not in the saved list, or weaker TLS. */
export function kafkaMove(
  saved: { brokers: readonly string[]; ssl: KafkaSsl },
  next: { brokers: readonly string[]; ssl: KafkaSsl },
): string | undefined {
  const known = new Set(saved.brokers.map((b) => b.trim().toLowerCase()));
  const added = [...new Set(next.brokers.map((b) => b.trim().toLowerCase()))].filter((b) => b && !known.has(b));
  if (added.length > 0) return `new brokers (${added.join(', ')})`;
  if (kafkaStrength(next.ssl) < kafkaStrength(saved.ssl)) return 'weaker TLS than before';
  return undefined;
}

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
  return parse(url)?.origin ?? url;
}

/** Why a webhook's stored token, HMAC secret and header values may not follow this edit. */
export function webhookMove(savedUrl: string, nextUrl: string): string | undefined {
  const was = origin(savedUrl);
  const now = origin(nextUrl.trim());
  return was === now ? undefined : `the webhook's address changed (${was} → ${now})`;
}
