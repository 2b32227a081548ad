// The report without a model, from the shipped runbooks: the alarm's section is found from the
// retrieved passages, its checks and actions become the report's actions and its probable causes
// the causes, each citing a passage that holds it (added when retrieval had not sent it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Passage } from '../../../../shared/contract/assistant';
import { raisedAlarm, type Alarm, type AlarmKind, type Priority } from '../../../../shared/domain';
import { DEFAULT_FLEET, shippedIndex } from '../../../../../test/support/assistant-backend';
import { alarmHits } from '../answer/alarm-section';
import { documentPassages } from '../answer/passages';
import type { KnowledgeIndex } from '../knowledge/knowledge-index';
import { fallbackReport } from './fallback-report';

let index: KnowledgeIndex;
beforeAll(async () => {
  index = await shippedIndex();
}, 30_000);
afterAll(async () => {
  await index.stop();
});

const NOW = Date.UTC(2026, 11, 6, 3, 0, 5);

function alarm(kind: AlarmKind, priority: Priority = 'high', over: Partial<Alarm> = {}): Alarm {
  return {
    ...raisedAlarm({
      key: `device-002/pressure/${kind}`,
      deviceId: 'device-002',
      signal: kind === 'offline' ? '*' : 'pressure',
      kind,
      area: 'default',
      priority,
      value: 57.3,
      limit: kind === 'high' ? 55 : null,
      message: kind === 'high' ? 'pressure 57.3 > hi 55' : null,
      at: Date.UTC(2026, 11, 6, 3, 0),
    }),
    id: 7,
    ...over,
  };
}

async function passagesFor(a: Alarm): Promise<Passage[]> {
  const device = DEFAULT_FLEET.find((d) => d.id === a.deviceId);
  return documentPassages((await alarmHits(index, a, device, 6)).hits);
}

const words = (s: string) => s.replace(/[`*]/g, '').replace(/\s+/g, ' ');

describe('fallbackReport', () => {
  it('takes the checks, actions and probable causes of the high pressure section, each cited', async () => {
    const a = alarm('high');
    const found = await passagesFor(a);
    const r = fallbackReport(a, found, index.store, 'Ollama unreachable at 2026-12-06T03:00:05.000Z', () => NOW);
    expect(r).toMatchObject({
      alarmId: 7,
      source: 'retrieval',
      model: null,
      note: 'Ollama unreachable at 2026-12-06T03:00:05.000Z',
      severity: 'high',
      category: 'process',
      confidence: 'low',
      createdAt: NOW,
      feedback: null,
    });
    expect(r.summary).toContain('device-002 pressure');
    expect(r.summary).toContain('pressure 57.3 > hi 55');
    expect(r.summary).toContain('Alarm: High pressure (device-002 pressure > 55 psi)');
    expect(r.causes.map((c) => c.text)).toEqual([
      'Pressure-reducing valve PRV-201 sticking or its adjustment moved (vibration, someone turned it).',
      'Hydraulic oil cold (first hour of a winter morning): high viscosity raises pressure until the oil warms above 30 °C.',
      'Return filter F-201 clogged, causing back pressure on the clamp circuit.',
      'PT-201 drifting high (compare with PI-201).',
    ]);
    // Checks first (5), then actions (6), in the runbook's order.
    expect(r.actions).toHaveLength(11);
    expect(r.actions[0]!.text).toMatch(/^Compare PT-201 in Watchfloor with local gauge PI-201/);
    expect(r.actions[5]!.text).toMatch(/^If the oil is cold, let the HPU run unloaded for 15 minutes/);
    expect(r.actions[10]!.text).toMatch(
      /^Acknowledge the alarm with a comment; resolve after the pressure is back below 54.5 psi/,
    );
    // The section's safety notes travel separately, shown before the actions.
    expect(r.safety.map((s) => s.text.slice(0, 40))).toEqual([
      'Hydraulic systems store energy. Before a',
      'Never look for a leak with your hand: a ',
      'Block the ram with the ram blocks before',
    ]);
    // Every citation names a passage of the report that holds the item.
    for (const item of [...r.causes, ...r.actions, ...r.safety]) {
      expect(item.citations).toHaveLength(1);
      const p = r.passages[item.citations[0]! - 1]!;
      expect(words(p.text)).toContain(item.text.slice(0, 40));
    }
    expect(r.passages.map((p) => p.n)).toEqual(r.passages.map((_, i) => i + 1));
    expect(r.chunkIds).toEqual(r.passages.map((p) => p.ref));
  });

  it('adds the chunks holding the section when retrieval sent only part of it', async () => {
    const a = alarm('high');
    const symptoms = (await passagesFor(a)).filter(
      (p) => p.headingPath.length === 2 && p.headingPath[1]!.startsWith('Alarm: High'),
    );
    expect(symptoms.length).toBeGreaterThan(0);
    const only = [{ ...symptoms[0]!, n: 1 }];
    const r = fallbackReport(a, only, index.store, 'switched off', () => NOW);
    expect(r.passages.length).toBeGreaterThan(1);
    expect(r.passages[0]).toEqual(only[0]);
    const cited = new Set(r.actions.flatMap((x) => x.citations));
    expect([...cited].every((n) => n >= 1 && n <= r.passages.length)).toBe(true);
    expect(r.passages.some((p) => p.headingPath.at(-1) === 'Actions')).toBe(true);
  });

  it('maps priority to severity and kind to category', async () => {
    const offline = fallbackReport(
      alarm('offline', 'critical'),
      await passagesFor(alarm('offline')),
      index.store,
      'n',
      () => NOW,
    );
    expect(offline).toMatchObject({ severity: 'critical', category: 'communication' });
    expect(offline.actions[0]!.text).toMatch(/^Look at the Wall: if other Line 1 devices are also offline/);
    const quality = fallbackReport(
      alarm('quality', 'low'),
      await passagesFor(alarm('quality')),
      index.store,
      'n',
      () => NOW,
    );
    expect(quality).toMatchObject({ severity: 'low', category: 'instrument' });
    expect(fallbackReport(alarm('flatline', 'medium'), [], index.store, 'n', () => NOW)).toMatchObject({
      severity: 'medium',
      category: 'instrument',
    });
  });

  it('says so when no passage leads to a section with actions', () => {
    const r = fallbackReport(alarm('high'), [], index.store, 'switched off', () => NOW);
    expect(r.actions).toEqual([]);
    expect(r.causes).toEqual([]);
    expect(r.summary).toContain('no runbook section with actions matches this alarm');
  });
});
