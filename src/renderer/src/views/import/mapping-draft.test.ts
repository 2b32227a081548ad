// The mapping editor changes one thing at a time: choosing a constant device drops the device
// column, switching to wide drops the long-only fields, unticking a column excludes it.
import { describe, expect, it } from 'vitest';
import {
  candidateSignalColumns,
  mappingForRequest,
  sourceOf,
  withColumn,
  withShape,
  withSignalColumn,
  withSource,
} from './mapping-draft';

const long = { deviceColumn: 'device', signalColumn: 'signal', value: 'value', timestamp: 'time', unit: 'unit' };

describe('editing a mapping', () => {
  it('switches a field between a column and one value for every row', () => {
    const m = withSource(long, 'device', { kind: 'constant', value: 'press-7' });
    expect(m).toEqual({ deviceId: 'press-7', signalColumn: 'signal', value: 'value', timestamp: 'time', unit: 'unit' });
    expect(sourceOf(m, 'device')).toEqual({ kind: 'constant', value: 'press-7' });
    expect(sourceOf(withSource(m, 'device', { kind: 'column', column: 'dev' }), 'device')).toEqual({
      kind: 'column',
      column: 'dev',
    });
    expect(sourceOf({}, 'signal')).toEqual({ kind: 'none' });
  });

  it('keeps only what the shape uses when switching between long and wide', () => {
    const wide = withShape(long, true);
    expect(wide).toEqual({ deviceColumn: 'device', timestamp: 'time', wide: true });
    expect(withShape({ ...wide, exclude: ['note'] }, false)).toEqual({
      deviceColumn: 'device',
      timestamp: 'time',
      wide: false,
    });
  });

  it('clears an optional column', () => {
    expect(withColumn(long, 'unit', undefined)).not.toHaveProperty('unit');
    expect(withColumn(long, 'quality', 'status').quality).toBe('status');
  });

  it('excludes and includes signal columns of a wide file', () => {
    const m = { wide: true, deviceId: 'p', timestamp: 'time' };
    const out = withSignalColumn(m, 'note', false);
    expect(out.exclude).toEqual(['note']);
    expect(withSignalColumn(out, 'note', true)).not.toHaveProperty('exclude');
    expect(candidateSignalColumns(m, ['time', 'a', 'b'])).toEqual(['a', 'b']);
  });
});

describe('asking the engine', () => {
  it('leaves out a constant still empty and refuses one the contract would refuse', () => {
    expect(mappingForRequest({ deviceId: '', timestamp: 't' })).toEqual({ mapping: { timestamp: 't' }, problems: [] });
    const bad = mappingForRequest({ deviceId: 'press 7', timestamp: 't' });
    expect(bad.mapping).toBeNull();
    expect(bad.problems[0]).toMatch(/^Device: a device id is/);
  });
});
