// Secrets saved in Settings are sealed in state.db (AES-256-GCM, key in <data>/secrets.key for an
// engine without a platform key store): the file's bytes never hold them, a restart reads them
// back, rows written before sealing existed are sealed at start, and a lost key costs the saved
// settings (the configuration file's apply, said in one line) but never the start.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { mergeConfig, parseConfig, type ConfigPatch } from '../../src/main/engine/config/load-config';
import { loadOverrides } from '../../src/main/engine/ingest/source-settings/source-overrides';
import { loadStoredNotifications } from '../../src/main/engine/notify/notification-settings';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';

const MQTT_PASSWORD = 'broker-pass-5f1c9a';
const SMTP_PASSWORD = 'smtp-pass-77d2e0';

const fileConfig: ConfigPatch = {
  broker: { embedded: false },
  simulator: { enabled: false },
  sources: { mqtt: [] },
  notifications: { smtp: { host: 'mail.plant.example', from: 'wf@plant.example', to: ['lead@plant.example'] } },
};

describe('secrets at rest', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine | undefined;
  let logs: string[];

  const start = async () => {
    engine = new Engine(parseConfig(mergeConfig({ dataDir: dir.path, server: { port: 0 } }, fileConfig)), {
      version: 'test',
      log: (m) => logs.push(m),
    });
    await engine.start();
    return engine;
  };
  const stop = async () => {
    await engine?.stop();
    engine = undefined;
  };
  /** Every byte SQLite keeps for state.db, the write-ahead log included. */
  const stateBytes = () =>
    ['state.db', 'state.db-wal']
      .filter((f) => existsSync(join(dir.path, f)))
      .map((f) => readFileSync(join(dir.path, f)).toString('latin1'))
      .join('');

  const saveSecrets = async (running: Engine) => {
    const client = contractClient(running);
    await client.request('sources.save', {
      kind: 'mqtt',
      source: {
        id: 'plant',
        enabled: false,
        url: 'mqtt://broker.plant.example:1883',
        username: 'watchfloor',
        password: MQTT_PASSWORD,
        topics: ['site/+/telemetry'],
      },
    });
    await client.request('notifications.settings.set', {
      config: {
        smtp: {
          host: 'mail.plant.example',
          user: 'watchfloor',
          password: SMTP_PASSWORD,
          from: 'wf@plant.example',
          to: ['night@plant.example'],
        },
      },
    });
  };

  beforeEach(() => {
    dir = makeTempDir('wf-secrets-');
    logs = [];
  });
  afterEach(async () => {
    await stop();
    dir.remove();
  });

  it('keeps an MQTT and an SMTP password out of state.db’s bytes, and reads them back after a restart', async () => {
    await saveSecrets(await start());
    expect(stateBytes()).not.toContain(MQTT_PASSWORD);
    await stop();

    expect(stateBytes()).not.toContain(MQTT_PASSWORD);
    expect(stateBytes()).not.toContain(SMTP_PASSWORD);
    expect(stateBytes()).toContain('wf-sealed:v1:');
    expect(statSync(join(dir.path, 'secrets.key')).mode & 0o777).toBe(0o600);

    const again = await start();
    const mqtt = loadOverrides(again.services.stateDb, () => {}).mqtt.plant;
    expect(mqtt).toMatchObject({ username: 'watchfloor', password: MQTT_PASSWORD });
    expect(loadStoredNotifications(again.services.stateDb, () => {})?.config.smtp?.password).toBe(SMTP_PASSWORD);
    const view = await contractClient(again).request('notifications.settings.get', {});
    expect(view.source).toBe('settings');
    expect(view.config.smtp).toMatchObject({ passwordSet: true, to: ['night@plant.example'] });
  });

  it('seals a plaintext row saved before sealing existed, at start, and it keeps working', async () => {
    await start();
    await stop();
    const db = new Database(join(dir.path, 'state.db'));
    const old = {
      config: {
        smtp: {
          host: 'mail.plant.example',
          port: 587,
          security: 'starttls',
          user: 'old',
          password: SMTP_PASSWORD,
          from: 'wf@plant.example',
          to: ['old@plant.example'],
          rejectUnauthorized: true,
        },
      },
      updatedAt: 1,
    };
    db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('notifications', ?)").run(JSON.stringify(old));
    db.close();
    expect(stateBytes()).toContain(SMTP_PASSWORD);

    const running = await start();
    expect(logs.filter((l) => l.includes('sealed saved settings'))).toEqual([expect.stringContaining('notifications')]);
    const view = await contractClient(running).request('notifications.settings.get', {});
    expect(view.source).toBe('settings');
    expect(view.config.smtp).toMatchObject({ user: 'old', passwordSet: true, to: ['old@plant.example'] });
    await stop();
    expect(stateBytes()).not.toContain(SMTP_PASSWORD);
  });

  it('without its key file, the configuration file’s settings apply, said in one line, and nothing crashes', async () => {
    await saveSecrets(await start());
    await stop();
    rmSync(join(dir.path, 'secrets.key'));

    const running = await start();
    const lines = logs.filter((l) => l.includes('sealed with another key'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('notifications');
    expect(lines[0]).toContain('sources.overrides');
    expect(lines[0]).toContain('secrets.key');
    const client = contractClient(running);
    const notifications = await client.request('notifications.settings.get', {});
    expect(notifications.source).toBe('file');
    expect(notifications.config.smtp).toMatchObject({ host: 'mail.plant.example', passwordSet: false });
    const sources = await client.request('sources.settings', {});
    expect(sources.mqtt).toEqual([]);
    expect(existsSync(join(dir.path, 'secrets.key'))).toBe(true);
  });
});
