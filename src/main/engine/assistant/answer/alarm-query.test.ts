// The passages for an alarm hold that alarm's runbook section: for every default device and every
// kind it can raise, with the message detection really writes (explain.ts), the top 3 of
// alarmHits (the heading lookup, then the ranked query) over the shipped runbooks include the
// section of that device's runbook for that kind; the lookup never picks another device's or
// kind's section, and the ranked query alone still finds most of them. And the facts
// block says what an operator would read off the alarm and its trend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raisedAlarm, type Alarm, type AlarmKind, type Device } from '../../../../shared/domain';
import { DEFAULT_FLEET, shippedIndex } from '../../../../../test/support/assistant-backend';
import * as explain from '../../detect/explain';
import type { KnowledgeIndex } from '../knowledge/knowledge-index';
import { alarmFacts, alarmQuery, trendSummary } from './alarm-query';
import { alarmHits, alarmSectionHits } from './alarm-section';

/** The runbooks' `## Alarm: …` heading for each kind. */
const SECTION: Record<AlarmKind, RegExp> = {
  high: /^Alarm: High /,
  low: /^Alarm: Low /,
  rate: /kind rate\)$/,
  flatline: /kind flatline\)$/,
  offline: /kind offline\)$/,
  quality: /kind quality\)$/,
  anomaly: /kinds anomaly and trend\)$/,
  trend: /kinds anomaly and trend\)$/,
  model: /kinds anomaly and trend\)$/,
};

const DEVICE_WIDE = new Set<AlarmKind>(['offline', 'model']);

/** An alarm as detection raises it on the device's first signal, with detection's own message. */
function alarmOf(device: Device, kind: AlarmKind, withMessage = true): Alarm {
  const s = device.signals[0]!;
  const [lo, hi] = s.normal!;
  const mid = (lo + hi) / 2;
  const limit = kind === 'high' ? s.limits.hi! : kind === 'low' ? s.limits.lo! : null;
  const value = kind === 'high' ? s.limits.hi! + 2.3 : kind === 'low' ? s.limits.lo! - 1.7 : mid;
  const towards = s.limits.lo !== undefined ? (['lo', s.limits.lo] as const) : (['hi', s.limits.hi!] as const);
  const messages: Record<AlarmKind, string | null> = {
    high: explain.limitMessage(s.key, value, 'high', 'hi', limit ?? 0, true),
    low: explain.limitMessage(s.key, value, 'low', 'lo', limit ?? 0, true),
    rate: explain.rateMessage(s.key, 7.5, 5, true),
    flatline: explain.flatlineMessage(s.key, mid, 30, 90_000, true),
    offline: explain.offlineMessage(40_000, 30_000, false, true),
    quality: explain.qualityMessage(s.key, 'bad', true),
    anomaly: explain.statsMessage(s.key, mid * 1.2, 3.5, mid, true),
    trend: explain.trendMessage(s.key, towards[0], towards[1], 540_000, Date.UTC(2026, 11, 6, 3, 9), true),
    model: null,
  };
  const signal = DEVICE_WIDE.has(kind) ? '*' : s.key;
  return raisedAlarm({
    key: `${device.id}/${signal}/${kind}`,
    deviceId: device.id,
    signal,
    kind,
    area: 'default',
    priority: 'high',
    value,
    limit,
    message: withMessage ? messages[kind] : null,
    at: Date.UTC(2026, 11, 6, 3, 0),
  });
}

/** Every kind a device can raise: its configured limits, plus the rules every signal has. */
function kindsOf(device: Device): AlarmKind[] {
  const limits = device.signals[0]!.limits;
  return [
    ...(limits.hi !== undefined || limits.hiHi !== undefined ? (['high'] as const) : []),
    ...(limits.lo !== undefined || limits.loLo !== undefined ? (['low'] as const) : []),
    'rate',
    'flatline',
    'offline',
    'quality',
    'anomaly',
    'trend',
    'model',
  ];
}

const CASES = DEFAULT_FLEET.flatMap((d) => kindsOf(d).map((kind) => ({ device: d, kind })));

let index: KnowledgeIndex;
beforeAll(async () => {
  index = await shippedIndex();
}, 30_000);
afterAll(async () => {
  await index.stop();
});

async function finds(device: Device, kind: AlarmKind, withMessage: boolean): Promise<boolean> {
  const { hits } = await alarmHits(index, alarmOf(device, kind, withMessage), device, 3);
  return hits.some((h) => {
    const section = h.headingPath[1] ?? '';
    return SECTION[kind].test(section) && section.includes(`(${device.id}`);
  });
}

describe('alarmQuery over the shipped runbooks', () => {
  it('covers 42 alarms: every default device and every kind it can raise', () => {
    expect(CASES).toHaveLength(42);
  });

  it.each(CASES.map((c) => [c.device.id, c.kind, c.device] as const))(
    '%s %s: the top 3 hold that device’s runbook section for the kind',
    async (_id, kind, device) => {
      expect(await finds(device, kind, true)).toBe(true);
    },
  );

  it('the heading lookup alone finds every alarm’s section, and never another device’s or kind’s', () => {
    for (const { device, kind } of CASES) {
      const hits = alarmSectionHits(index.store, alarmOf(device, kind, false));
      expect(hits.length, `${device.id} ${kind}`).toBeGreaterThanOrEqual(1);
      for (const h of hits) {
        const section = h.headingPath[1] ?? '';
        expect(
          SECTION[kind].test(section) && section.includes(`(${device.id}`),
          `${device.id} ${kind}: ${section}`,
        ).toBe(true);
      }
    }
  });

  it('ranking alone still puts most sections in the top 3 (measured: 37 of 42 with detection’s message, 32 without)', async () => {
    const ranked = async (withMessage: boolean) => {
      let found = 0;
      for (const c of CASES) {
        const { hits } = await index.search(alarmQuery(alarmOf(c.device, c.kind, withMessage), c.device), { k: 3 });
        if (
          hits.some(
            (h) => SECTION[c.kind].test(h.headingPath[1] ?? '') && (h.headingPath[1] ?? '').includes(`(${c.device.id}`),
          )
        )
          found++;
      }
      return found;
    };
    expect(await ranked(true)).toBeGreaterThanOrEqual(37);
    expect(await ranked(false)).toBeGreaterThanOrEqual(32);
  });

  it('names the device, signal and unit, the kind in words, value and limit', () => {
    const device = DEFAULT_FLEET.find((d) => d.id === 'device-002')!;
    const q = alarmQuery(alarmOf(device, 'high'), device);
    expect(q).toContain('device-002');
    expect(q).toContain('Hydraulic pressure');
    expect(q).toContain('psi');
    expect(q).toContain('high limit');
    expect(q).toContain('value 57.3');
    expect(q).toContain('limit 55');
    const offline = alarmQuery(alarmOf(device, 'offline'), device);
    expect(offline).toContain('offline');
    expect(offline).not.toContain('*');
    expect(offline).not.toContain('value');
  });
});

describe('alarmFacts', () => {
  it('gives the device, signal with unit, kind, priority, value, limit, times, message and the trend', () => {
    const device = DEFAULT_FLEET.find((d) => d.id === 'device-002')!;
    const alarm = { ...alarmOf(device, 'high'), count: 3, lastAt: Date.UTC(2026, 11, 6, 3, 5) };
    const t0 = Date.UTC(2026, 11, 6, 2, 55);
    const recent = [40, 45, 50, 55, 57.3].map((value, i) => ({ ts: t0 + i * 60_000, value }));
    const facts = alarmFacts(alarm, device, recent);
    expect(facts).toContain('Device: device-002 (Hydraulic pressure, pressure, Line 1 · Press)');
    expect(facts).toContain('Signal: pressure in psi');
    expect(facts).toContain('Alarm kind: high (high limit), priority high');
    expect(facts).toContain('Value: 57.3 psi');
    expect(facts).toContain('Limit: 55 psi');
    expect(facts).toContain('Raised: 2026-12-06T03:00:00.000Z; last: 2026-12-06T03:05:00.000Z; occurrences: 3');
    expect(facts).toContain('Detection said: pressure 57.3 > hi 55');
    expect(facts).toContain('first 40 psi, last 57.3 psi; min 40 psi, max 57.3 psi; slope 4.46 psi per minute');
  });

  it('says nothing about a trend it has no readings for', () => {
    expect(trendSummary([])).toBeUndefined();
    expect(trendSummary([{ ts: 0, value: 3 }])).toBe(
      '1 reading 1970-01-01T00:00:00.000Z to 1970-01-01T00:00:00.000Z; first 3, last 3; min 3, max 3',
    );
  });
});
