import { describe, expect, it } from 'vitest';
import { DataType, decodeSparkplugPayload, encodeSparkplugPayload } from './sparkplug-proto';
import { REBIRTH_METRIC, rebirthCommand } from './sparkplug-rebirth';

describe('Sparkplug B codec', () => {
  it('round-trips a payload with 64-bit values intact', () => {
    const bytes = encodeSparkplugPayload({
      timestamp: 1_795_000_000_000,
      seq: 255,
      metrics: [
        { name: 'counter', alias: 7, datatype: DataType.UInt64, long_value: 2n ** 64n - 1n },
        { name: 'note', datatype: DataType.String, string_value: 'hi' },
      ],
    });
    expect(decodeSparkplugPayload(bytes)).toEqual({
      timestamp: 1_795_000_000_000n,
      seq: 255n,
      metrics: [
        { name: 'counter', alias: 7n, datatype: 8, long_value: 2n ** 64n - 1n, value: 'long_value' },
        { name: 'note', datatype: 12, string_value: 'hi', value: 'string_value' },
      ],
    });
  });

  it('decodes an empty payload as no metrics', () => {
    expect(decodeSparkplugPayload(new Uint8Array())).toEqual({ metrics: [] });
  });

  it('throws on bytes that are not a payload', () => {
    expect(() => decodeSparkplugPayload(new Uint8Array([0x12, 0x05, 0x0a]))).toThrow();
  });

  it('encodes the NCMD rebirth request the spec defines', () => {
    const { topic, payload } = rebirthCommand('plant', 'edge1', 1_795_000_000_000);
    expect(topic).toBe('spBv1.0/plant/NCMD/edge1');
    expect(decodeSparkplugPayload(payload)).toEqual({
      timestamp: 1_795_000_000_000n,
      metrics: [
        {
          name: REBIRTH_METRIC,
          timestamp: 1_795_000_000_000n,
          datatype: DataType.Boolean,
          boolean_value: true,
          value: 'boolean_value',
        },
      ],
    });
  });
});
