// The label form's rules: keys 1–6 pick verdicts, a save sends what the expert chose (device-wide
// when asked), an edit sends only what changed, a conflict says what the other person changed.
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../shared/contract/annotations';
import { EngineError } from '../../../shared/errors';
import {
  changesSince,
  createParams,
  draftOf,
  keptInForm,
  labelErrorText,
  updateParams,
  verdictForKey,
} from './label-form';

const subject = {
  deviceId: 'device-001',
  signal: 'temperature',
  from: 2000.4,
  to: 1000.2,
  target: { type: 'range' as const },
};

const label: Annotation = {
  id: 'a1',
  deviceId: 'device-001',
  signal: 'temperature',
  from: 1000,
  to: 2000,
  verdict: 'false-alarm',
  cause: 'Calibration',
  text: 'checked',
  target: { type: 'range' },
  author: 'local',
  createdAt: 0,
  updatedAt: 0,
  updatedBy: 'local',
  revision: 3,
  deleted: false,
  corrections: 0,
};

describe('label form', () => {
  it('gives each verdict its key, in the contract order', () => {
    expect(['1', '2', '3', '4', '5', '6', '7', 'a'].map(verdictForKey)).toEqual([
      'true-anomaly',
      'false-alarm',
      'maintenance',
      'bad-data',
      'operating-point',
      'unsure',
      null,
      null,
    ]);
  });

  it('creates on this signal by default, on "*" for the whole device, with the range in order', () => {
    const draft = { verdict: 'bad-data' as const, cause: null, text: '  ', wholeDevice: false };
    expect(createParams(subject, draft)).toEqual({
      deviceId: 'device-001',
      signal: 'temperature',
      from: 1000,
      to: 2000,
      verdict: 'bad-data',
      cause: null,
      text: '',
      target: { type: 'range' },
    });
    expect(createParams(subject, { ...draft, wholeDevice: true }).signal).toBe('*');
  });

  it('updates only what changed, at the revision it was loaded at or a newer one', () => {
    const draft = { ...draftOf(label), verdict: 'maintenance' as const };
    expect(updateParams(label, draft, 'temperature')).toEqual({ id: 'a1', revision: 3, verdict: 'maintenance' });
    expect(updateParams(label, { ...draftOf(label), wholeDevice: true }, 'temperature', 5)).toEqual({
      id: 'a1',
      revision: 5,
      signal: '*',
    });
    const deviceWide = { ...label, signal: '*' };
    expect(updateParams(deviceWide, { ...draftOf(deviceWide), wholeDevice: false }, 'pressure').signal).toBe(
      'pressure',
    );
  });

  it('says what someone else changed when a save meets a conflict', () => {
    const theirs = { ...label, verdict: 'true-anomaly' as const, text: 'valve', updatedBy: 'anna', revision: 4 };
    const lines = changesSince(label, theirs);
    expect(lines[0]).toMatch(/^verdict False alarm → True anomaly \(by anna at /);
    expect(lines[1]).toBe('text now “valve”');
  });

  it('words errors by code and keeps the reasons of a refusal', () => {
    const refused = new EngineError('BAD_REQUEST', 'bad', {
      issues: [{ path: 'to', message: '"from" must not be after "to"' }],
    });
    expect(labelErrorText(refused)).toBe('Not accepted: to: "from" must not be after "to"');
    expect(labelErrorText(new EngineError('CONFLICT', 'x'))).toMatch(/changed this label/);
    expect(labelErrorText(new EngineError('UNAVAILABLE', 'x'))).toMatch(/Nothing was lost/);
  });

  it('says the page is out of date, not that the engine is down, when its code for labels is gone', () => {
    const text = labelErrorText(
      new EngineError('UNAVAILABLE', 'the page is out of date: reload it', { outdated: true, group: 'annotations' }),
    );
    expect(text).toMatch(/out of date: reload/);
    expect(text).not.toMatch(/not connected/i);
  });

  it("keeps every character key from the page's shortcuts (digits switch views), and leaves Tab and Escape alone", () => {
    for (const key of ['1', '7', '8', '9', '0', 'j', 'L', ' ']) expect(keptInForm(key), key).toBe(true);
    for (const key of ['Tab', 'Escape', 'Enter', 'ArrowDown']) expect(keptInForm(key), key).toBe(false);
  });
});
