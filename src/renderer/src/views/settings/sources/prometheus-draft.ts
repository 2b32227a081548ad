// Form state of a Prometheus scrape source (strings, as typed) and its conversion to the
// contract's save parameters, checked with the same schema the engine and the configuration file use.
import {
  PrometheusSourceSave,
  prometheusMove,
  type PrometheusSourceSaveInput,
  type PrometheusSourceView,
} from '../../../../../shared/sources/prometheus-schema';
import { list, num, optional, zodErrors, type Converted } from './draft-fields';

export interface PrometheusDraft {
  isNew: boolean;
  id: string;
  enabled: boolean;
  targets: string;
  intervalS: string;
  timeoutS: string;
  job: string;
  device: string;
  signal: string;
  allow: string;
  deny: string;
  rates: string;
  keepCounters: boolean;
  auth: '' | 'basic' | 'bearer';
  username: string;
  secret: string;
  secretSet: boolean;
  tls: boolean;
  tlsCa: string;
  tlsCert: string;
  tlsKey: string;
  rejectUnauthorized: boolean;
  sampleLimit: string;
  /** The targets, TLS check, auth kind and user the stored secret was saved for; null for a new source. */
  saved: { targets: string[]; rejectUnauthorized: boolean; auth: '' | 'basic' | 'bearer'; username: string } | null;
}

export function newPrometheusDraft(): PrometheusDraft {
  return {
    isNew: true,
    id: '',
    enabled: true,
    targets: '',
    intervalS: '15',
    timeoutS: '10',
    job: '',
    device: '{{instance}}',
    signal: '{{__name__}}{{labels}}',
    allow: '',
    deny: '',
    rates: '',
    keepCounters: false,
    auth: '',
    username: '',
    secret: '',
    secretSet: false,
    tls: false,
    tlsCa: '',
    tlsCert: '',
    tlsKey: '',
    rejectUnauthorized: true,
    sampleLimit: '500000',
    saved: null,
  };
}

const seconds = (ms: number) => String(ms / 1000);

export function prometheusDraftOf(v: PrometheusSourceView): PrometheusDraft {
  const auth = v.auth;
  return {
    isNew: false,
    id: v.id,
    enabled: v.enabled,
    targets: v.targets.join(', '),
    intervalS: seconds(v.intervalMs),
    timeoutS: seconds(v.timeoutMs),
    job: v.job ?? '',
    device: v.device,
    signal: v.signal,
    allow: v.metrics.allow.join(', '),
    deny: v.metrics.deny.join(', '),
    rates: v.rates.join(', '),
    keepCounters: v.keepCounters,
    auth: auth?.type ?? '',
    username: auth?.type === 'basic' ? auth.username : '',
    secret: '',
    secretSet: auth ? (auth.type === 'basic' ? auth.password.set : auth.token.set) : false,
    tls: v.tls !== undefined,
    tlsCa: v.tls?.ca ?? '',
    tlsCert: v.tls?.cert ?? '',
    tlsKey: v.tls?.key ?? '',
    rejectUnauthorized: v.tls?.rejectUnauthorized ?? true,
    sampleLimit: String(v.sampleLimit),
    saved: {
      targets: v.targets,
      rejectUnauthorized: v.tls?.rejectUnauthorized ?? true,
      auth: auth?.type ?? '',
      username: auth?.type === 'basic' ? auth.username : '',
    },
  };
}

/** Why the stored password or token cannot be kept as the form stands, or null. */
export function prometheusSecretNeeded(d: PrometheusDraft): string | null {
  if (!d.saved || !d.secretSet || d.secret || !d.auth) return null;
  if (d.auth !== d.saved.auth) return 'the kind of auth changed';
  if (d.auth === 'basic' && d.username.trim() !== d.saved.username) return 'the user name changed';
  return (
    prometheusMove(
      { targets: d.saved.targets, tls: { rejectUnauthorized: d.saved.rejectUnauthorized } },
      { targets: list(d.targets), tls: { rejectUnauthorized: d.tls ? d.rejectUnauthorized : true } },
    ) ?? null
  );
}

/** Seconds typed into milliseconds; anything not a number stays NaN for the schema to refuse. */
const ms = (text: string) => {
  const n = num(text);
  return n === undefined ? undefined : Math.round(n * 1000);
};

export function prometheusParams(d: PrometheusDraft): Converted<PrometheusSourceSaveInput> {
  const secret = d.secret ? d.secret : undefined;
  const source: PrometheusSourceSaveInput = {
    id: d.id.trim(),
    enabled: d.enabled,
    targets: list(d.targets),
    intervalMs: ms(d.intervalS),
    timeoutMs: ms(d.timeoutS),
    job: optional(d.job),
    device: d.device.trim(),
    signal: d.signal.trim(),
    metrics: { allow: list(d.allow), deny: list(d.deny) },
    rates: list(d.rates),
    keepCounters: d.keepCounters,
    sampleLimit: num(d.sampleLimit),
    ...(d.auth === 'basic'
      ? { auth: { type: 'basic' as const, username: d.username.trim(), ...(secret ? { password: secret } : {}) } }
      : d.auth === 'bearer'
        ? { auth: { type: 'bearer' as const, ...(secret ? { token: secret } : {}) } }
        : {}),
    ...(d.tls
      ? {
          tls: {
            ca: optional(d.tlsCa),
            cert: optional(d.tlsCert),
            key: optional(d.tlsKey),
            rejectUnauthorized: d.rejectUnauthorized,
          },
        }
      : {}),
  };
  const parsed = PrometheusSourceSave.safeParse(source);
  if (!parsed.success) return { ok: false, errors: zodErrors('source', parsed.error) };
  return { ok: true, value: source };
}
