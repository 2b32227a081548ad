// MQTT subscriptions with topic templates: `plant/{line}/{device}/{signal}` subscribes to
// `plant/+/+/+` and names the device and signal of every message from its topic levels, so a
// plant whose payloads are bare numbers needs no gateway. Also MQTT wildcard matching.

export type PayloadFormat = 'json' | 'value' | 'sparkplug';

export interface Subscription {
  filter: string;
  qos: 0 | 1;
  format: PayloadFormat;
  /** Topic level index of {device} and {signal}, when the template names them. */
  deviceLevel?: number;
  signalLevel?: number;
}

export interface TopicSpec {
  /** A plain MQTT filter (`a/+/b/#`), or a template with {device} and {signal} placeholders. */
  filter?: string;
  template?: string;
  format?: PayloadFormat;
  qos?: 0 | 1;
}

export function compileSubscription(spec: string | TopicSpec, defaultQos: 0 | 1): Subscription {
  const s: TopicSpec = typeof spec === 'string' ? { filter: spec } : spec;
  const qos = s.qos ?? defaultQos;
  if (s.template) {
    const levels = s.template.split('/');
    let deviceLevel: number | undefined;
    let signalLevel: number | undefined;
    const filter = levels
      .map((level, i) => {
        const m = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(level);
        if (!m) {
          if (level.includes('{') || level.includes('+') || level.includes('#')) {
            throw new Error(`topic template "${s.template}": level "${level}" must be literal or one {placeholder}`);
          }
          return level;
        }
        if (m[1] === 'device') deviceLevel = i;
        if (m[1] === 'signal') signalLevel = i;
        return '+';
      })
      .join('/');
    return { filter, qos, format: s.format ?? 'json', deviceLevel, signalLevel };
  }
  if (!s.filter) throw new Error('a subscription needs a filter or a template');
  const format = s.format ?? (s.filter.startsWith('spBv1.0/') ? 'sparkplug' : 'json');
  return { filter: s.filter, qos, format };
}

/** Whether `topic` matches the MQTT filter (`+` one level, `#` the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Device and signal named by the subscription's template for this topic. */
export function topicNames(sub: Subscription, topic: string): { deviceId?: string; signal?: string } {
  if (sub.deviceLevel === undefined && sub.signalLevel === undefined) return {};
  const levels = topic.split('/');
  return {
    deviceId: sub.deviceLevel === undefined ? undefined : levels[sub.deviceLevel],
    signal: sub.signalLevel === undefined ? undefined : levels[sub.signalLevel],
  };
}
