// The preview's first guess: our own exports, long files and wide plant exports are mapped
// without help; what the operator sets always wins over the guess.
import { describe, expect, it } from 'vitest';
import { completeMapping, deviceFromFileName, guessMapping, shapeOf } from './column-mapping';
import type { RowContext } from './row-readings';

const ctx: RowContext = { now: Date.parse('2026-06-01T00:00:00Z'), maxFutureMs: 60_000, separator: ',' };
/** The registry of these tests: press-7 ("Press 7") and device-001 ("Temperature"). */
const REGISTERED = [
  { id: 'press-7', name: 'Press 7' },
  { id: 'device-001', name: 'Temperature' },
];
const knownDevice = (text: string) =>
  REGISTERED.find((d) => d.id.toLowerCase() === text.toLowerCase() || d.name.toLowerCase() === text.toLowerCase())?.id;

describe('guessing a mapping', () => {
  it('maps a Watchfloor export (device, signal, timestamp, value, quality)', () => {
    const guess = guessMapping({
      columns: ['device', 'signal', 'timestamp', 'value', 'quality'],
      rows: [['press-7', 'pressure', '2026-05-01 00:00:00', '1.5', 'good']],
      fileName: 'export.csv',
      knownDevice,
      ctx,
    });
    expect(guess).toEqual({
      deviceColumn: 'device',
      signalColumn: 'signal',
      timestamp: 'timestamp',
      value: 'value',
      quality: 'quality',
    });
  });

  it('takes a file of time and numeric columns for a wide export of the registered machine it is named after', () => {
    const guess = guessMapping({
      columns: ['Zeit', 'temp', 'pressure', 'shift'],
      rows: [['2026-05-01 00:00:00', '21', '3', 'A']],
      fileName: '0b5e1f0a-7c4e-4a57-9b7a-2f7f5a3c9d10-press-7.csv',
      knownDevice,
      ctx,
    });
    expect(guess).toEqual({ timestamp: 'Zeit', deviceId: 'press-7', wide: true, exclude: ['shift'] });
  });

  it("defaults the device to the registered one the file's name names, by id or by name", () => {
    const wide = { columns: ['time', 'temp'], rows: [['2026-05-01 00:00:00', '21']], knownDevice, ctx };
    expect(guessMapping({ ...wide, fileName: 'Press 7.csv' }).deviceId).toBe('press-7');
    expect(guessMapping({ ...wide, fileName: 'DEVICE-001.csv' }).deviceId).toBe('device-001');
    expect(guessMapping({ ...wide, fileName: 'temperature.csv' }).deviceId).toBe('device-001');
  });

  it('takes a column whose values are all registered device ids for the device column, whatever its name', () => {
    const guess = guessMapping({
      columns: ['when', 'unit_id', 'signal', 'value'],
      rows: [
        ['2026-05-01 00:00:00', 'press-7', 'pressure', '3'],
        ['2026-05-01 00:01:00', 'device-001', 'temperature', '21'],
      ],
      fileName: 'export.csv',
      knownDevice,
      ctx,
    });
    expect(guess).toMatchObject({ deviceColumn: 'unit_id', signalColumn: 'signal', value: 'value' });
    expect(guess.deviceId).toBeUndefined();
  });

  it('leaves the device empty when the file names no registered device, so the operator gives one', () => {
    const wide = { columns: ['time', 'temp'], rows: [['2026-05-01 00:00:00', '21']], knownDevice, ctx };
    const guess = guessMapping({ ...wide, fileName: 'export (3).csv' });
    expect(guess.deviceId).toBeUndefined();
    expect(guess.deviceColumn).toBeUndefined();
    expect(guessMapping({ ...wide, fileName: 'press-8.csv' }).deviceId).toBeUndefined();
  });

  it('finds an unnamed time column by its values', () => {
    const guess = guessMapping({
      columns: ['column1', 'column2'],
      rows: [['2026-05-01T00:00:00Z', '3']],
      fileName: 'x.csv',
      knownDevice,
      ctx,
    });
    expect(guess.timestamp).toBe('column1');
  });

  it('guesses the shape the caller asked for', () => {
    const input = {
      columns: ['time', 'a', 'b'],
      rows: [['2026-05-01', '1', '2']],
      fileName: 'press-7.csv',
      knownDevice,
      ctx,
    };
    expect(guessMapping(input, 'long')).toMatchObject({ timestamp: 'time', value: 'a', deviceId: 'press-7' });
    expect(shapeOf({ signal: 'x' })).toBe('long');
    expect(shapeOf({ deviceId: 'x' })).toBeUndefined();
  });

  it('derives device ids from file names', () => {
    expect(deviceFromFileName('Line 2 export.csv')).toBe('Line_2_export');
    expect(deviceFromFileName('...csv')).toBeUndefined();
  });
});

describe('completing a partial mapping', () => {
  const guess = { deviceColumn: 'device', signalColumn: 'signal', timestamp: 'time', value: 'value' };

  it('keeps what the caller set, including a constant in place of a guessed column', () => {
    const { mapping, guessed } = completeMapping({ deviceId: 'press-7' }, guess);
    expect(mapping).toEqual({ deviceId: 'press-7', signalColumn: 'signal', timestamp: 'time', value: 'value' });
    expect(guessed).toEqual(['signalColumn', 'timestamp', 'value']);
  });

  it('drops a guessed column the caller already uses for another field', () => {
    const { mapping } = completeMapping({ timestamp: 'value' }, guess);
    expect(mapping.value).toBeUndefined();
    expect(mapping.timestamp).toBe('value');
  });
});
