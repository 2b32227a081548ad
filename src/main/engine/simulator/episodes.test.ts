import { describe, expect, it } from 'vitest';
import defaults from '../../../../resources/default-config.json';
import { LIMIT_DEFAULTS, signalKindOf } from '../../../shared/alarm-defaults';
import { Device } from '../../../shared/domain';
import { EpisodePlanner, type EpisodeLabel } from './episodes';
import { createRandom } from './random';

const DEVICES = defaults.devices.map((d) => Device.parse(d));
const T0 = Date.UTC(2026, 11, 6);
const MIN = 60_000;

/** Runs the default plant's ticks for `minutes` through the planner; every published value per series. */
function run(seed: number, minutes: number, rates = { alarmingPerHour: 5, quietPerHour: 8 }) {
  const random = createRandom(seed);
  const planner = new EpisodePlanner(DEVICES, rates, random, T0);
  const ticks = DEVICES.flatMap((device) =>
    device.signals.map((signal) => ({ device, signal, next: T0, value: (signal.normal![0] + signal.normal![1]) / 2 })),
  );
  const published = new Map<string, { ts: number; value: number }[]>();
  const end = T0 + minutes * MIN;
  for (;;) {
    const t = ticks.reduce((a, b) => (b.next < a.next ? b : a));
    if (t.next >= end) break;
    const v = planner.shape(t.device, t.signal, t.value, t.next);
    const key = `${t.device.id}/${t.signal.key}`;
    let points = published.get(key);
    if (!points) published.set(key, (points = []));
    if (v !== undefined) points.push({ ts: t.next, value: v });
    t.next += t.signal.intervalMs;
  }
  return { labels: planner.labels(), published };
}

const crossing = (labels: EpisodeLabel[]) => labels.filter((l) => l.crosses !== null);

describe('the simulated plant’s episodes', () => {
  it('gives every half hour a handful of limit crossings at most — never more than three in any 30 minutes of a day', () => {
    const { labels } = run(7, 24 * 60);
    const starts = crossing(labels).map((l) => l.start);
    expect(starts.length).toBeGreaterThan(24 * 4); // about five an hour: the demo is not dead either
    for (const s of starts) expect(starts.filter((x) => x >= s && x < s + 30 * MIN).length).toBeLessThanOrEqual(3);
    // On average at or below EEMUA's "manageable" one alarm per ten minutes.
    expect(starts.length / (24 * 6)).toBeLessThanOrEqual(1);
  });

  it('shows something in the first minutes, for someone watching a new install', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const first = crossing(run(seed, 10).labels)[0];
      expect(first, `seed ${seed}`).toBeDefined();
      expect(first!.start - T0).toBeLessThanOrEqual(5 * MIN);
    }
  });

  it('has every kind of episode, one at a time per signal', () => {
    const { labels } = run(11, 6 * 60);
    expect(new Set(labels.map((l) => l.kind))).toEqual(new Set(['spike', 'excursion', 'stuck', 'dropout']));
    const bySeries = new Map<string, EpisodeLabel[]>();
    for (const l of labels)
      bySeries.set(`${l.device}/${l.signal}`, [...(bySeries.get(`${l.device}/${l.signal}`) ?? []), l]);
    for (const list of bySeries.values()) {
      for (let i = 1; i < list.length; i++) expect(list[i]!.start).toBeGreaterThanOrEqual(list[i - 1]!.end);
    }
  });

  it('keeps a crossing past the limit for longer than the signal kind’s on-delay, and the rest inside the limits', () => {
    const { labels, published } = run(3, 6 * 60);
    for (const l of crossing(labels)) {
      const device = DEVICES.find((d) => d.id === l.device)!;
      const signal = device.signals.find((s) => s.key === l.signal)!;
      const onDelay = LIMIT_DEFAULTS[signalKindOf(signal, device.kind)].onDelayMs;
      const beyond = published
        .get(`${l.device}/${l.signal}`)!
        .filter((p) => p.ts >= l.start && p.ts < l.end)
        .filter((p) => (l.crosses === 'high' ? p.value > l.limit! : p.value < l.limit!));
      expect(beyond.length, `${l.kind} on ${l.device}`).toBeGreaterThanOrEqual(2);
      expect(beyond.at(-1)!.ts - beyond[0]!.ts).toBeGreaterThanOrEqual(onDelay);
    }
    // Outside the crossing episodes no value is beyond a limit: nothing else can alarm.
    for (const [key, points] of published) {
      const [deviceId, key2] = key.split('/');
      const signal = DEVICES.find((d) => d.id === deviceId)!.signals.find((s) => s.key === key2)!;
      const during = crossing(labels).filter((l) => `${l.device}/${l.signal}` === key);
      for (const p of points) {
        if (during.some((l) => p.ts >= l.start && p.ts < l.end)) continue;
        const { hi, lo } = signal.limits;
        if (hi !== undefined) expect(p.value).toBeLessThanOrEqual(hi);
        if (lo !== undefined) expect(p.value).toBeGreaterThanOrEqual(lo);
      }
    }
  });

  it('drops out for less than the offline watch’s shortest timeout, and a stuck value repeats exactly', () => {
    const { labels, published } = run(5, 6 * 60);
    for (const l of labels.filter((x) => x.kind === 'dropout')) {
      expect(l.end - l.start).toBeLessThan(30_000);
      const points = published.get(`${l.device}/${l.signal}`)!;
      expect(points.filter((p) => p.ts >= l.start && p.ts < l.end)).toHaveLength(0);
    }
    for (const l of labels.filter((x) => x.kind === 'stuck')) {
      const values = published
        .get(`${l.device}/${l.signal}`)!
        .filter((p) => p.ts >= l.start && p.ts < l.end)
        .map((p) => p.value);
      expect(new Set(values).size).toBe(1);
    }
  });

  it('raises nothing when both rates are 0', () => {
    expect(run(9, 120, { alarmingPerHour: 0, quietPerHour: 0 }).labels).toHaveLength(0);
  });
});
