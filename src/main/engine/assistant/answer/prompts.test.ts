// What the model is told: passages numbered as the answer must cite them, with where they come
// from; the rules that make "Not in the runbooks" an answer; the conversation in order; and a
// prompt hash that names exactly the words sent.
import { describe, expect, it } from 'vitest';
import { NOT_COVERED, type Passage } from '../../../../shared/contract/assistant';
import { passageBlock, promptHash, questionMessages, reportMessages } from './prompts';

const passage = (n: number, over: Partial<Passage> = {}): Passage => ({
  n,
  kind: 'document',
  ref: `c${n}`,
  path: '/k/pressure-runbook.md',
  title: 'Runbook RB-L1-002: Hydraulic pressure (device-002)',
  headingPath: ['Runbook RB-L1-002: Hydraulic pressure (device-002)', 'Alarm: High pressure', 'Actions'],
  page: null,
  alarmId: null,
  text: '1. If the oil is cold, let the HPU run unloaded for 15 minutes.\n',
  ...over,
});

describe('prompts', () => {
  it('shows a passage as [n] title › headings (page) and its text', () => {
    expect(passageBlock(passage(2))).toBe(
      '[2] Runbook RB-L1-002: Hydraulic pressure (device-002) › Alarm: High pressure › Actions\n' +
        '1. If the oil is cold, let the HPU run unloaded for 15 minutes.',
    );
    expect(passageBlock(passage(3, { title: 'Compressor manual', headingPath: [], page: 12, text: 'F-310' }))).toBe(
      '[3] Compressor manual (page 12)\nF-310',
    );
  });

  it('puts the rules first, the conversation next, and passages with the question last', () => {
    const messages = questionMessages({
      question: 'And if it is still high?',
      passages: [passage(1), passage(2)],
      history: [
        { role: 'user', content: 'What do I check first?' },
        { role: 'assistant', content: 'Compare PT-201 with PI-201 [1].' },
      ],
      alarmFacts: 'Device: device-002',
    });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[0]!.content).toContain(`answer exactly "${NOT_COVERED}."`);
    expect(messages[0]!.content).toContain('Cite every statement');
    expect(messages[0]!.content).toContain('safety notes');
    const last = messages[3]!.content;
    expect(last.indexOf('[1] Runbook')).toBeLessThan(last.indexOf('[2] Runbook'));
    expect(last).toContain('The alarm the question is about:\nDevice: device-002');
    expect(last.endsWith('Question: And if it is still high?')).toBe(true);
  });

  it('says when no passage was found rather than sending an empty list', () => {
    expect(reportMessages('Device: device-009', [])[1]!.content).toContain('Passages: none were found.');
  });

  it('hashes the messages: the same prompt gives the same hash, another passage another', () => {
    const a = reportMessages('Device: device-002', [passage(1)]);
    expect(promptHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(promptHash(reportMessages('Device: device-002', [passage(1)]))).toBe(promptHash(a));
    expect(promptHash(reportMessages('Device: device-002', [passage(1, { text: 'other' })]))).not.toBe(promptHash(a));
  });
});
