import { describe, expect, it } from 'vitest';
import { HttpIngestConfig } from '../../../../shared/sources/http-ingest-schema';
import { KafkaSourceConfig } from '../../../../shared/sources/kafka-schema';
import { MqttSourceConfig } from '../../../../shared/sources/mqtt-schema';
import { kafkaView, withKafkaSecrets } from '../kinds/kafka-kind';
import { httpView, tokenFingerprint, withHttpSecrets } from '../kinds/http-ingest-kind';
import { mqttView, withMqttSecrets } from '../kinds/mqtt-kind';

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
    expect(back.issues).toEqual([]);
    expect(back.source.password).toBe('hunter2-long');
    expect(back.source.url).toBe('mqtts://gw:s3cret-in-url@broker.plant:8883');
    const cleared = withMqttSecrets({ ...stored, password: undefined, clearPassword: true }, stored);
    expect(cleared.source.password).toBeUndefined();
    expect(withMqttSecrets({ ...stored, password: 'new-one' }, stored).source.password).toBe('new-one');
  });

  it('sends a stored password only to the broker it was saved for', () => {
    const moves = [
      'mqtts://gw:***@attacker.example:8883', // another host
      'mqtts://gw:***@broker.plant:9999', // another port
      'mqtt://gw:***@broker.plant:8883', // TLS off
    ];
    for (const url of moves) {
      const r = withMqttSecrets({ ...stored, password: undefined, url }, stored);
      expect(
        r.issues.map((i) => i.path),
        url,
      ).toEqual(['password', 'url']);
      expect(r.issues[0]!.message).toMatch(
        /the broker changed \(mqtts:\/\/broker\.plant:8883 → .*enter the password again/,
      );
      expect(JSON.stringify(r.source)).not.toContain('hunter2-long');
      expect(JSON.stringify(r.source)).not.toContain('s3cret-in-url');
    }
    // The certificate check turned off is another destination too.
    const unchecked = withMqttSecrets(
      { ...stored, password: undefined, tls: { rejectUnauthorized: false }, url: 'mqtts://broker.plant:8883' },
      stored,
    );
    expect(unchecked.issues[0]?.message).toContain('without a certificate check');
    // Same broker spelled with its default port, or in capitals: the secret stays.
    const same = withMqttSecrets({ ...stored, password: undefined, url: 'mqtts://BROKER.plant' }, stored);
    expect(same).toMatchObject({ issues: [], source: { password: 'hunter2-long' } });
    // A new password, or clearing it, needs nothing stored.
    expect(
      withMqttSecrets({ ...stored, url: 'mqtt://elsewhere:1883', password: 'typed-again' }, stored).issues,
    ).toEqual([]);
    expect(withMqttSecrets({ ...stored, url: 'mqtt://elsewhere:1883', clearPassword: true }, stored).issues).toEqual(
      [],
    );
  });

  it('keeps a SASL password only for the same user name, the same brokers and TLS as strong', () => {
    const k = KafkaSourceConfig.parse({
      brokers: ['k1:9093', 'k2:9093'],
      topics: ['t'],
      ssl: true,
      sasl: { mechanism: 'plain', username: 'u', password: 'p' },
    });
    const keep = (save: Partial<typeof k>, username = 'u') =>
      withKafkaSecrets({ ...k, ...save, sasl: { mechanism: 'plain', username } }, k);
    expect(keep({})).toMatchObject({ issues: [], source: { sasl: { password: 'p' } } });
    expect(keep({ brokers: ['K1:9093'] })).toMatchObject({ issues: [], source: { sasl: { password: 'p' } } });
    for (const [save, user, why] of [
      [{}, 'v', 'user name changed'],
      [{ brokers: ['k1:9093', 'evil:9093'] }, 'u', 'new brokers (evil:9093)'],
      [{ ssl: false }, 'u', 'weaker TLS'],
      [{ ssl: { rejectUnauthorized: false } }, 'u', 'weaker TLS'],
    ] as const) {
      const r = keep(save as Partial<typeof k>, user);
      expect(r.issues[0]?.path).toBe('sasl.password');
      expect(r.issues[0]?.message).toContain(why);
      expect(JSON.stringify(r.source)).not.toContain('"password":"p"');
    }
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
