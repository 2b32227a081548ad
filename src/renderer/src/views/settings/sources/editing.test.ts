import { describe, expect, it } from 'vitest';
import { KafkaSourceView } from '../../../../../shared/sources/kafka-schema';
import { MqttSourceView } from '../../../../../shared/sources/mqtt-schema';
import { newDeviceDraft } from './device-drafts';
import { saveParams, testParams } from './editing';
import { kafkaDraftOf, kafkaPasswordNeeded, newKafkaDraft } from './kafka-draft';
import { mqttDraftOf, mqttPasswordNeeded, newMqttDraft } from './mqtt-draft';

describe('Settings → Sources form state', () => {
  it('turns an MQTT form into save parameters: plain filters stay strings, templates carry format and QoS', () => {
    const draft = {
      ...newMqttDraft(),
      id: 'line-2',
      password: 'typed-now',
      subscriptions: [
        { kind: 'filter' as const, text: 'site/+/telemetry', format: '' as const, qos: '' as const },
        {
          kind: 'template' as const,
          text: 'plant/{line}/{device}/{signal}',
          format: 'value' as const,
          qos: '0' as const,
        },
      ],
    };
    expect(saveParams({ kind: 'mqtt', draft })).toEqual({
      ok: true,
      value: {
        kind: 'mqtt',
        source: expect.objectContaining({
          id: 'line-2',
          password: 'typed-now',
          topics: ['site/+/telemetry', { template: 'plant/{line}/{device}/{signal}', format: 'value', qos: 0 }],
        }),
      },
    });
  });

  it('reports mistakes at the paths the engine uses, before sending anything', () => {
    const mqtt = saveParams({ kind: 'mqtt', draft: { ...newMqttDraft(), id: 'x', url: 'http://broker:1883' } });
    expect(mqtt.ok).toBe(false);
    expect(!mqtt.ok && mqtt.errors['source.url']).toContain('mqtt://');

    const kafka = saveParams({ kind: 'kafka', draft: { ...newKafkaDraft(), id: 'k', brokers: '', topics: 't' } });
    expect(!kafka.ok && Object.keys(kafka.errors)).toContain('source.brokers');

    const device = newDeviceDraft();
    device.id = 'press 7';
    device.signals[0] = { ...device.signals[0]!, key: 'load', hi: 'ninety' };
    const d = saveParams({ kind: 'device', draft: device });
    expect(!d.ok && Object.keys(d.errors).sort()).toEqual(['device.id', 'device.signals.0.limits.hi']);
    expect(testParams({ kind: 'device', draft: device })).toBeNull();
  });

  it('edits a stored source without its password: left out, so the engine keeps it', () => {
    const view = MqttSourceView.parse({
      id: 'plant',
      enabled: true,
      url: 'mqtt://broker:1883',
      topics: ['a/#'],
      qos: 1,
      username: 'wf',
      password: { set: true },
      origin: 'file',
    });
    const draft = mqttDraftOf(view);
    expect(draft).toMatchObject({ isNew: false, passwordSet: true, password: '' });
    const saved = saveParams({ kind: 'mqtt', draft });
    expect(saved.ok && saved.value.kind === 'mqtt' && 'password' in saved.value.source).toBe(false);
  });

  it('asks for the password again once the broker changes, and says why', () => {
    const draft = mqttDraftOf(
      MqttSourceView.parse({
        id: 'plant',
        enabled: true,
        url: 'mqtts://broker.plant:8883',
        topics: ['a/#'],
        qos: 1,
        password: { set: true },
        origin: 'file',
      }),
    );
    expect(mqttPasswordNeeded(draft)).toBeNull();
    expect(mqttPasswordNeeded({ ...draft, url: 'mqtts://BROKER.plant' })).toBeNull();
    expect(mqttPasswordNeeded({ ...draft, url: 'mqtts://other.example:8883' })).toBe(
      'the broker changed (mqtts://broker.plant:8883 → mqtts://other.example:8883)',
    );
    expect(mqttPasswordNeeded({ ...draft, url: 'mqtts://other.example:8883', password: 'again' })).toBeNull();

    const kafka = kafkaDraftOf(
      KafkaSourceView.parse({
        id: 'k',
        enabled: true,
        brokers: ['k1:9093'],
        topics: ['t'],
        groupId: 'g',
        format: 'json',
        csv: { separator: ',', columns: ['deviceId'] },
        ssl: true,
        sasl: { mechanism: 'plain', username: 'u', password: { set: true } },
        fromBeginning: false,
        partitionsConsumedConcurrently: 4,
        sessionTimeoutMs: 30000,
        origin: 'settings',
      }),
    );
    expect(kafkaPasswordNeeded(kafka)).toBeNull();
    expect(kafkaPasswordNeeded({ ...kafka, brokers: 'k1:9093, evil:9093' })).toBe('new brokers (evil:9093)');
    expect(kafkaPasswordNeeded({ ...kafka, ssl: 'off' })).toBe('weaker TLS than before');
    expect(kafkaPasswordNeeded({ ...kafka, saslUsername: 'v' })).toBe('the SASL user name changed');
  });
});
