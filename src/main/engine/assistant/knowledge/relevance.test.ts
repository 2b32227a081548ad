// The plant vocabulary and the relevance floor over a real knowledge index (':memory:') of a few
// small runbooks: what an operator types finds the runbook's words, and a question the runbooks
// do not cover gets no passage for the model.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeIndex } from './knowledge-index';
import { vocabularyTerms } from './plant-vocabulary';
import { coveredHits } from './relevance';
import { ftsTerms } from './fts-query';

const RUNBOOKS: Record<string, string> = {
  'oven.md': [
    '# Oven runbook',
    '',
    '## Alarm: High temperature',
    '',
    'When the oven temperature rises above 85 °C, check recirculation fan M-102 first: if the fan has stopped, stop the conveyor feed.',
    '',
    '## Safety',
    '',
    'Apply lockout on the heater isolator before opening the oven. Wear heat-resistant gloves.',
  ].join('\n'),
  'press.md': [
    '# Press runbook',
    '',
    '## Alarm: Low pressure',
    '',
    'A slow drop in pressure usually means a leaking hose on the hydraulic power unit; check the oil level.',
    '',
    '## Alarm: Vibration',
    '',
    'Vibration of the pump above 120 Hz points to a worn coupling. Acknowledge the alarm and inspect the coupling.',
  ].join('\n'),
  'counter.md': [
    '# Counter runbook',
    '',
    '## Alarm: Low output',
    '',
    'Fewer than 50 units per hour: look at the infeed conveyor; a jam at the case packer stops the count.',
  ].join('\n'),
};

let dir: string;
let index: KnowledgeIndex;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wf-relevance-'));
  for (const [name, text] of Object.entries(RUNBOOKS)) writeFileSync(join(dir, name), text);
  index = new KnowledgeIndex({ file: ':memory:', folders: [dir], watch: false, rescanMs: 0 });
  await index.indexer.sync();
});
afterAll(async () => {
  await index.stop();
  rmSync(dir, { recursive: true, force: true });
});

const first = async (q: string) => (await index.search(q, { k: 3 })).hits[0]?.path ?? '';

describe('plant vocabulary', () => {
  it('adds the runbook words for an operator’s abbreviations and synonyms, and nothing for unknown words', () => {
    const texts = (q: string) => vocabularyTerms(q, ftsTerms(q)).map((t) => t.text);
    expect(texts('oven temp too hot')).toEqual(expect.arrayContaining(['temperature', 'high temperature']));
    expect(texts('LOTO before I open it')).toEqual(expect.arrayContaining(['lockout']));
    expect(texts('the blower quit')).toEqual(expect.arrayContaining(['fan']));
    expect(texts('ack the alarms')).toEqual(expect.arrayContaining(['acknowledge']));
    expect(texts('conductivity of the feedwater')).toEqual([]);
  });

  it('finds the passage whose words differ from the question’s', async () => {
    expect(await first('the blower stopped')).toMatch(/oven\.md$/);
    expect(await first('what LOTO do I need')).toMatch(/oven\.md$/);
    expect(await first('pump is shaking')).toMatch(/press\.md$/);
    expect(await first('psi keeps falling')).toMatch(/press\.md$/);
  });
});

describe('relevance floor', () => {
  it('gives the model the passages when the runbooks cover the question', async () => {
    const result = await index.search('what should I check when the oven temperature is high', { k: 3 });
    expect(coveredHits(result).length).toBe(result.hits.length);
    expect(coveredHits(result)[0]!.path).toMatch(/oven\.md$/);
  });

  it('gives none for a question the runbooks do not cover, though keywords matched something', async () => {
    const result = await index.search('What is the conductivity of the boiler feedwater at the pump?', { k: 3 });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(coveredHits(result)).toEqual([]);
  });

  it('gives none for an empty question', async () => {
    expect(coveredHits(await index.search('?!'))).toEqual([]);
  });
});
