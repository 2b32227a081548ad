import { describe, expect, it } from 'vitest';
import { nodeCommandTopic, parseSparkplugTopic } from './sparkplug-topic';

describe('parseSparkplugTopic', () => {
  it('reads node and device messages', () => {
    expect(parseSparkplugTopic('spBv1.0/Plant 1/NBIRTH/edge-7')).toEqual({
      ok: true,
      topic: { type: 'NBIRTH', group: 'Plant 1', edge: 'edge-7' },
    });
    expect(parseSparkplugTopic('spBv1.0/plant/DDATA/edge/pump:3')).toEqual({
      ok: true,
      topic: { type: 'DDATA', group: 'plant', edge: 'edge', device: 'pump:3' },
    });
    for (const type of ['NDEATH', 'NDATA', 'NCMD'])
      expect(parseSparkplugTopic(`spBv1.0/g/${type}/e`)).toMatchObject({ ok: true, topic: { type } });
    for (const type of ['DBIRTH', 'DDEATH', 'DCMD'])
      expect(parseSparkplugTopic(`spBv1.0/g/${type}/e/d`)).toMatchObject({ ok: true, topic: { type } });
  });

  it('reads the primary host STATE topic', () => {
    expect(parseSparkplugTopic('spBv1.0/STATE/scada-1')).toEqual({
      ok: true,
      topic: { type: 'STATE', hostId: 'scada-1' },
    });
  });

  it('rejects other topics with a reason', () => {
    const reasons = Object.fromEntries(
      [
        'spAv1.0/g/NDATA/e',
        'sensors/device-001',
        'spBv1.0/g/NDATA',
        'spBv1.0/g/NDATA/e/d',
        'spBv1.0/g/DDATA/e',
        'spBv1.0/g/XDATA/e',
        'spBv1.0//NDATA/e',
        'spBv1.0/g/DDATA/e/',
        'spBv1.0/g/DDATA/e/d/extra',
        'spBv1.0/STATE',
      ].map((t) => {
        const r = parseSparkplugTopic(t);
        expect(r.ok, t).toBe(false);
        return [t, r.ok ? '' : r.reason];
      }),
    );
    expect(reasons['spAv1.0/g/NDATA/e']).toMatch(/not in the spBv1.0 namespace/);
    expect(reasons['spBv1.0/g/NDATA/e/d']).toMatch(/node message and takes no device id/);
    expect(reasons['spBv1.0/g/DDATA/e']).toMatch(/needs a device id/);
    expect(reasons['spBv1.0/g/XDATA/e']).toMatch(/unknown Sparkplug message type "XDATA"/);
    expect(reasons['spBv1.0//NDATA/e']).toMatch(/empty group id/);
    expect(reasons['spBv1.0/g/DDATA/e/']).toMatch(/empty device id/);
  });

  it('builds the NCMD topic for a node', () => {
    expect(nodeCommandTopic('plant', 'edge-7')).toBe('spBv1.0/plant/NCMD/edge-7');
  });
});
