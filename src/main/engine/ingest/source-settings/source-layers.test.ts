import { describe, expect, it } from 'vitest';
import { READING_TIME_DEFAULTS } from '../../../../shared/source-config';
import { MqttSourceConfig } from '../../../../shared/sources/mqtt-schema';
import { active, layerSources, type FileSources } from './source-layers';
import { emptyOverrides } from './source-overrides';

const mqtt = (id: string, topic: string) => MqttSourceConfig.parse({ id, topics: [topic] });

const file: FileSources = {
  mqtt: [mqtt('a', 'a/#'), mqtt('b', 'b/#')],
  kafka: [],
  devices: [],
  http: { enabled: true, tokens: [], maxBodyBytes: 1024, maxRows: 10 },
  autoRegister: true,
  readingTimes: READING_TIME_DEFAULTS,
};

describe('layering Settings over the configuration file', () => {
  it('keeps file items, replaces edited ones in place, hides removed ones and appends added ones', () => {
    const over = emptyOverrides();
    over.mqtt.a = mqtt('a', 'edited/#');
    over.mqtt.b = null;
    over.mqtt.c = mqtt('c', 'c/#');
    const layered = layerSources(file, over);
    expect(layered.mqtt.map((l) => [l.item.id, l.origin, l.item.topics[0]])).toEqual([
      ['a', 'edited', 'edited/#'],
      ['b', 'removed', 'b/#'],
      ['c', 'settings', 'c/#'],
    ]);
    expect(active(layered.mqtt).map((s) => s.id)).toEqual(['a', 'c']);
  });

  it('takes HTTP ingest and auto-registration from the file until Settings change them', () => {
    expect(layerSources(file, emptyOverrides()).autoRegister).toEqual({ item: true, origin: 'file' });
    const over = { ...emptyOverrides(), autoRegister: false };
    expect(layerSources(file, over).autoRegister).toEqual({ item: false, origin: 'edited' });
    expect(layerSources(file, over).http.origin).toBe('file');
  });

  it('takes the reading times from the file until Settings change them', () => {
    expect(layerSources(file, emptyOverrides()).readingTimes).toEqual({ item: READING_TIME_DEFAULTS, origin: 'file' });
    const times = { maxFutureMs: 60_000, maxAgeMs: 86_400_000, liveWindowMs: 0 };
    expect(layerSources(file, { ...emptyOverrides(), readingTimes: times }).readingTimes).toEqual({
      item: times,
      origin: 'edited',
    });
  });
});
