import { describe, expect, it } from 'vitest';
import { HttpIngestConfig, KafkaSourceConfig, MqttSourceConfig } from '../../../../shared/source-config';
import {
  httpView,
  kafkaView,
  mqttView,
  tokenFingerprint,
  withHttpSecrets,
  withKafkaSecrets,
  withMqttSecrets,
} from './source-secrets';

const stored = MqttSourceConfig.parse({
  id: 'plant',
  url: 'mqtts://gw:s3cret-in-url@broker.plant:8883',
  topics: ['x/#'],
  username: 'wf',
  password: 'hunter2-long',
});

describe('write-only secrets', () => {
  it('never puts a password, SASL password or token in a view', () => {
    const views = [
      mqttView(stored, 'file'),
      kafkaView(
        KafkaSourceConfig.parse({
          brokers: ['k:9093'],
          topics: ['t'],
          sasl: { mechanism: 'plain', username: 'u', password: 'sasl-pass-9' },
        }),
        'file',
      ),
      httpView(HttpIngestConfig.parse({ tokens: ['token-token-token-1'] }), 'file'),
    ];
    const text = JSON.stringify(views);
    for (const secret of ['hunter2-long', 's3cret-in-url', 'sasl-pass-9', 'token-token-token-1']) {
      expect(text).not.toContain(secret);
    }
    expect(views[0]).toMatchObject({ password: { set: true }, url: 'mqtts://gw:***@broker.plant:8883' });
    expect(views[1]).toMatchObject({ sasl: { username: 'u', password: { set: true } } });
    expect(views[2]).toMatchObject({ tokens: [{ fingerprint: tokenFingerprint('token-token-token-1') }] });
  });

  it('keeps a stored secret that a save leaves out, and drops it when asked', () => {
    const view = mqttView(stored, 'file');
    const back = withMqttSecrets({ ...stored, password: undefined, url: view.url, qos: 1, enabled: true }, stored);
    expect(back.password).toBe('hunter2-long');
    expect(back.url).toBe('mqtts://gw:s3cret-in-url@broker.plant:8883');
    expect(withMqttSecrets({ ...stored, password: undefined, clearPassword: true }, stored).password).toBeUndefined();
    expect(withMqttSecrets({ ...stored, password: 'new-one' }, stored).password).toBe('new-one');
  });

  it('keeps a SASL password only for the same user name', () => {
    const k = KafkaSourceConfig.parse({
      brokers: ['k:9093'],
      topics: ['t'],
      sasl: { mechanism: 'plain', username: 'u', password: 'p' },
    });
    const same = withKafkaSecrets({ ...k, sasl: { mechanism: 'plain', username: 'u' } }, k) as typeof k;
    expect(same.sasl?.password).toBe('p');
    const other = withKafkaSecrets({ ...k, sasl: { mechanism: 'plain', username: 'v' } }, k) as typeof k;
    expect(other.sasl?.password).toBeUndefined();
  });

  it('adds and removes tokens by fingerprint', () => {
    const http = HttpIngestConfig.parse({ tokens: ['first-token-0123456', 'second-token-012345'] });
    const out = withHttpSecrets(
      {
        enabled: true,
        maxBodyBytes: 10,
        maxRows: 10,
        addTokens: ['third-token-0123456'],
        removeTokens: [tokenFingerprint('first-token-0123456')],
      },
      http,
    );
    expect(out.tokens).toEqual(['second-token-012345', 'third-token-0123456']);
  });
});
