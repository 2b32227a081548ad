// The shipped knowledge base and the retrieval test set over it (issue 12).
//
// The set (test/fixtures/assistant/retrieval-set.json) is what recall@5 and MRR@10 are measured
// on: a scorer finds the chunk holding each answer's quote, so every quote must be in its
// document verbatim, once, on one line and free of Markdown markup (a chunker that drops `**`,
// backticks or table pipes, or joins wrapped lines, still keeps it whole).
//
// The runbooks must say what the default configuration says: each names its device id, signal
// key, unit, normal band, deadband, interval and alarm limits exactly as configured, has an alarm
// section for each configured limit and none for a limit that does not exist, and every "lo N" /
// "hi N" it writes is the configured one. A changed resources/default-config.json fails here until
// the runbook is updated. Every alarm section has the same headings, Actions among them: the
// fallback report (no Ollama) takes its actions from there.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import defaults from '../../../../resources/default-config.json';

const KNOWLEDGE = fileURLToPath(new URL('../../../../resources/knowledge/', import.meta.url));
const SET = fileURLToPath(new URL('../../../../test/fixtures/assistant/retrieval-set.json', import.meta.url));

type QuestionType = 'exact' | 'paraphrase' | 'unanswerable';
interface Question {
  id: string;
  question: string;
  type: QuestionType;
  answers: { doc: string; quote: string }[];
}
interface Limits {
  lo?: number;
  hi?: number;
  loLo?: number;
  hiHi?: number;
}

const set = JSON.parse(readFileSync(SET, 'utf8')) as Question[];
const docs = new Map(
  readdirSync(KNOWLEDGE)
    .sort()
    .map((name) => [name, readFileSync(KNOWLEDGE + name, 'utf8')] as const),
);
const occurrences = (text: string, part: string) => text.split(part).length - 1;
const ALARM_SUBSECTIONS = [
  '### Symptoms',
  '### Probable causes',
  '### Checks, in order',
  '### Actions',
  '### Escalation',
  '### Safety',
];

describe('retrieval test set', () => {
  it('has at least 70 questions with unique ids, a question each and a known type', () => {
    expect(set.length).toBeGreaterThanOrEqual(70);
    expect(new Set(set.map((q) => q.id)).size).toBe(set.length);
    for (const q of set) {
      expect(q.id).toMatch(/^q\d{2,}$/);
      expect(q.question.trim().length, q.id).toBeGreaterThan(10);
      expect(['exact', 'paraphrase', 'unanswerable'], q.id).toContain(q.type);
    }
  });

  it('mixes exact questions, paraphrases and questions the knowledge base does not answer', () => {
    const count = (t: QuestionType) => set.filter((q) => q.type === t).length;
    expect(count('exact')).toBeGreaterThanOrEqual(20);
    expect(count('paraphrase')).toBeGreaterThanOrEqual(25);
    expect(count('unanswerable')).toBeGreaterThanOrEqual(12);
  });

  it('answers every answerable question with passages and no unanswerable one', () => {
    for (const q of set) {
      if (q.type === 'unanswerable') expect(q.answers, q.id).toEqual([]);
      else expect(q.answers.length, q.id).toBeGreaterThan(0);
    }
  });

  it('quotes every answer verbatim, once, on one line and without Markdown markup', () => {
    for (const q of set) {
      for (const a of q.answers) {
        const text = docs.get(a.doc);
        expect(text, `${q.id}: no document ${a.doc} in resources/knowledge`).toBeDefined();
        expect(a.quote.length, q.id).toBeGreaterThanOrEqual(20);
        expect(a.quote.length, q.id).toBeLessThanOrEqual(200);
        expect(a.quote, q.id).not.toMatch(/[\n`*|#[\]]/);
        expect(occurrences(text!, a.quote), `${q.id} in ${a.doc}: "${a.quote}"`).toBe(1);
      }
    }
  });

  it('asks at least 5 questions of every shipped document', () => {
    expect(docs.size).toBeGreaterThanOrEqual(6);
    for (const name of docs.keys()) {
      const asked = set.filter((q) => q.answers.some((a) => a.doc === name)).length;
      expect(asked, name).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('runbooks of the default fleet', () => {
  it('has the operator handbook', () => {
    expect(docs.has('watchfloor-operator-handbook.md')).toBe(true);
  });

  for (const device of defaults.devices) {
    const file = `${device.kind.replaceAll('_', '-')}-runbook.md`;
    for (const signal of device.signals) {
      const limits = signal.limits as Limits;
      const id = device.id;

      it(`${file} names ${id}/${signal.key} with the configured unit, band, interval and limits`, () => {
        const text = docs.get(file);
        expect(text, `no runbook ${file} for device kind ${device.kind}`).toBeDefined();
        const has = (part: string) => expect(text!.includes(part), `${file} should say: ${part}`).toBe(true);
        const row = (item: string, value: string) => has(`| ${item} | ${value} |`);
        row('Device id', `\`${id}\``);
        row('Device name', device.name);
        row('Location', device.location);
        row('Signal key', `\`${signal.key}\``);
        has(`| Unit | \`${signal.unit}\``);
        row('Normal band', `${signal.normal[0]}–${signal.normal[1]}`);
        row('Deadband', String(signal.deadband));
        row('Reporting interval', `${signal.intervalMs / 1000} s`);
        const configured = (['loLo', 'lo', 'hi', 'hiHi'] as const)
          .filter((k) => limits[k] !== undefined)
          .map((k) => `${k} ${limits[k]}`);
        row('Alarm limits', configured.join(' / '));
        const offlineS = Math.max(30, (3 * signal.intervalMs) / 1000);
        has(`declares it offline after ${offlineS} s without a reading`);
      });

      it(`${file} has an alarm section per configured limit of ${id}/${signal.key} and none for another`, () => {
        const headings = docs
          .get(file)!
          .split('\n')
          .filter((l) => l.startsWith('## Alarm:'));
        const above = headings.filter((h) => h.includes(`(${id} ${signal.key} > `));
        const below = headings.filter((h) => h.includes(`(${id} ${signal.key} < `));
        const want = (limit: number | undefined, op: string) =>
          limit === undefined ? [] : [`(${id} ${signal.key} ${op} ${limit} …)`];
        const seen = (list: string[], limit: number | undefined, op: string) =>
          list.map((h) => (h.includes(` ${op} ${limit} `) ? `(${id} ${signal.key} ${op} ${limit} …)` : h));
        expect(seen(above, limits.hi, '>'), `${file}: high limit sections`).toEqual(want(limits.hi, '>'));
        expect(seen(below, limits.lo, '<'), `${file}: low limit sections`).toEqual(want(limits.lo, '<'));
      });

      it(`${file} writes only the configured limits of ${id}/${signal.key}`, () => {
        const written = [...docs.get(file)!.matchAll(/\b(loLo|lo|hi|hiHi) (\d+(?:\.\d+)?)\b/g)];
        expect(written.length).toBeGreaterThan(0);
        for (const [whole, name, value] of written) {
          expect(limits[name as keyof Limits], `${file} says "${whole}"`).toBe(Number(value));
        }
      });
    }

    it(`${file} gives every alarm section symptoms, causes, checks, actions, escalation and safety`, () => {
      const sections = docs
        .get(file)!
        .split(/^## /m)
        .filter((s) => s.startsWith('Alarm:'));
      expect(sections.length).toBeGreaterThanOrEqual(6);
      for (const section of sections) {
        const found = section.split('\n').filter((l) => l.startsWith('### '));
        expect(found, section.split('\n')[0]).toEqual(ALARM_SUBSECTIONS);
        const actions = section.split('### Actions\n')[1]!.split('### ')[0]!;
        expect(actions, section.split('\n')[0]).toMatch(/^1\. \S/m);
      }
    });
  }
});
