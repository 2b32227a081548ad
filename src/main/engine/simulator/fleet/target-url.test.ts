import { describe, expect, it } from 'vitest';
import { describeTarget, parseTargetAddress } from './target-url';

describe('parseTargetAddress', () => {
  it('reads MQTT addresses with an optional topic prefix and credentials', () => {
    expect(parseTargetAddress('mqtt://127.0.0.1:1883')).toEqual({
      kind: 'mqtt',
      url: 'mqtt://127.0.0.1:1883',
      topicPrefix: 'watchfloor/devices',
    });
    expect(parseTargetAddress('mqtts://sim:p%40ss@broker.plant:8883/plant/line-2/')).toEqual({
      kind: 'mqtt',
      url: 'mqtts://broker.plant:8883',
      topicPrefix: 'plant/line-2',
      username: 'sim',
      password: 'p@ss',
    });
    expect(describeTarget(parseTargetAddress('mqtt://u:secret@h:1/a'))).toBe('mqtt://h:1/a');
  });

  it('reads Kafka addresses with one or more brokers', () => {
    expect(parseTargetAddress('kafka://k1:9093,k2/telemetry')).toEqual({
      kind: 'kafka',
      brokers: ['k1:9093', 'k2:9092'],
      topic: 'telemetry',
    });
  });

  it.each([
    ['http://host/x', /--to must be/],
    ['mqtt://host:1883/plant/+/x', /not a topic prefix/],
    ['mqtt://host:1883/a//b', /not a topic prefix/],
    ['kafka://host:9092', /needs a topic/],
    ['kafka://host:9092/bad topic', /needs a topic/],
    ['kafka://a b:1/t', /not a list of host:port/],
  ])('refuses %s', (to, message) => {
    expect(() => parseTargetAddress(to)).toThrow(message);
  });
});
