// Settings → Sources on the engine side: the effective sources, devices and ingest settings
// (configuration file ← Settings), and every change to them, checked with the file's schemas,
// applied at once (a changed source is restarted, nothing else is) and then persisted. Changes
// run one at a time. A refused change leaves everything as it was, the running source included.
import type { ZodType } from 'zod';
import { Device } from '../../../../shared/domain';
import { EngineError } from '../../../../shared/errors';
import type {
  SettingKind,
  SourceSave,
  SourcesSettings,
  SourceTest,
  SourceTestResult,
} from '../../../../shared/contract/sources';
import { HttpIngestConfig, KafkaSourceConfig, MqttSourceConfig, ReadingTimes } from '../../../../shared/source-config';
import type { StateDb } from '../../state/state-db';
import { testKafka, testMqtt } from './connection-test';
import { kafkaIssues, mqttIssues, type Issue } from './source-checks';
import { active, layerSources, type EffectiveSources, type FileSources } from './source-layers';
import { loadOverrides, saveOverrides, type SourceOverrides } from './source-overrides';
import type { SourceRunner, SourceSpec } from './source-runner';
import { httpView, kafkaView, mqttView, withHttpSecrets, withKafkaSecrets, withMqttSecrets } from './source-secrets';

export interface SourceSettingsDeps {
  db: StateDb;
  file: FileSources;
  runner: SourceRunner;
  /** The embedded broker's URL, or null when it is off. */
  embeddedBrokerUrl(): string | null;
  /** Where configured devices go (the registry) and leave it. */
  devices: { configure(device: Device): void; remove(id: string): void };
  setAutoRegister(value: boolean): void;
  setReadingTimes(value: ReadingTimes): void;
  log(message: string): void;
}

function clone(o: SourceOverrides): SourceOverrides {
  return structuredClone(o);
}

function refused(what: string, issues: Issue[], prefix: string): EngineError {
  const full = issues.map((i) => ({ path: prefix ? `${prefix}.${i.path}` : i.path, message: i.message }));
  const first = full[0]!;
  return new EngineError('BAD_REQUEST', `${what}: ${first.path}: ${first.message}`, { issues: full });
}

/** Parses with the configuration file's schema; issues are reported under `prefix`. */
function parseAs<T>(schema: ZodType<T>, input: unknown, what: string, prefix: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw refused(
    what,
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })),
    prefix,
  );
}

export class SourceSettings {
  private overrides: SourceOverrides;
  private current: EffectiveSources;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SourceSettingsDeps) {
    this.overrides = loadOverrides(deps.db, deps.log);
    this.current = layerSources(deps.file, this.overrides);
  }

  /** Devices to register at start-up. */
  get devices(): Device[] {
    return active(this.current.devices);
  }

  get autoRegister(): boolean {
    return this.current.autoRegister.item;
  }

  get http(): HttpIngestConfig {
    return this.current.http.item;
  }

  get readingTimes(): ReadingTimes {
    return this.current.readingTimes.item;
  }

  /** The sources to run at start-up, with whether Settings made them what they are. */
  startupSpecs(): (SourceSpec & { fromSettings: boolean })[] {
    const fromSettings = new Set(
      [...this.current.mqtt, ...this.current.kafka].filter((l) => l.origin !== 'file').map((l) => l.item.id),
    );
    return this.specs().map((s) => ({ ...s, fromSettings: fromSettings.has(s.config.id) }));
  }

  /** The sources that should run: active and enabled. */
  specs(effective: EffectiveSources = this.current): SourceSpec[] {
    return [
      ...active(effective.mqtt)
        .filter((c) => c.enabled)
        .map((config): SourceSpec => ({ kind: 'mqtt', config })),
      ...active(effective.kafka)
        .filter((c) => c.enabled)
        .map((config): SourceSpec => ({ kind: 'kafka', config })),
    ];
  }

  view(): SourcesSettings {
    const c = this.current;
    return {
      mqtt: c.mqtt.map((l) => mqttView(l.item, l.origin)),
      kafka: c.kafka.map((l) => kafkaView(l.item, l.origin)),
      http: httpView(c.http.item, c.http.origin),
      devices: c.devices.map((l) => ({ ...l.item, origin: l.origin })),
      autoRegister: { value: c.autoRegister.item, origin: c.autoRegister.origin },
      readingTimes: { value: c.readingTimes.item, origin: c.readingTimes.origin },
      embeddedBrokerUrl: this.deps.embeddedBrokerUrl(),
    };
  }

  save(p: SourceSave): Promise<SourcesSettings> {
    return this.serial(() => this.doSave(p));
  }

  remove(p: { kind: SettingKind; id: string }): Promise<SourcesSettings> {
    return this.serial(async () => {
      const list = this.listOf(p.kind);
      const entry = list.find((l) => l.item.id === p.id && l.origin !== 'removed');
      if (!entry)
        throw new EngineError('NOT_FOUND', `no ${p.kind === 'device' ? 'device' : `${p.kind} source`} ${p.id}`);
      const next = clone(this.overrides);
      const bucket = this.bucketOf(next, p.kind);
      if (entry.origin === 'settings') delete bucket[p.id];
      else bucket[p.id] = null;
      await this.apply(next, p.kind, p.id);
      return this.view();
    });
  }

  revert(p: { kind: SettingKind | 'http' | 'autoRegister' | 'readingTimes'; id?: string }): Promise<SourcesSettings> {
    return this.serial(async () => {
      const next = clone(this.overrides);
      if (p.kind === 'http') delete next.http;
      else if (p.kind === 'autoRegister') delete next.autoRegister;
      else if (p.kind === 'readingTimes') delete next.readingTimes;
      else {
        const bucket = this.bucketOf(next, p.kind);
        if (!p.id || !(p.id in bucket))
          throw new EngineError('NOT_FOUND', `Settings hold no change to ${p.kind} ${p.id ?? ''}`);
        delete bucket[p.id];
      }
      await this.apply(next, p.kind, p.id);
      return this.view();
    });
  }

  setEnabled(p: { kind: 'mqtt' | 'kafka'; id: string; enabled: boolean }): Promise<SourcesSettings> {
    return this.serial(async () => {
      const entry = this.listOf(p.kind).find((l) => l.item.id === p.id && l.origin !== 'removed');
      if (!entry) throw new EngineError('NOT_FOUND', `no ${p.kind} source ${p.id}`);
      const next = clone(this.overrides);
      this.bucketOf(next, p.kind)[p.id] = { ...entry.item, enabled: p.enabled } as never;
      await this.apply(next, p.kind, p.id);
      return this.view();
    });
  }

  async test(p: SourceTest): Promise<SourceTestResult> {
    if (p.kind === 'mqtt') {
      const s = this.checkedMqtt(p.source);
      const url = s.url ?? this.deps.embeddedBrokerUrl();
      if (!url) return { ok: false, message: 'no broker URL and the embedded broker is off', ms: 0 };
      return testMqtt(s, url);
    }
    return testKafka(this.checkedKafka(p.source));
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => {});
    return next;
  }

  private listOf(kind: SettingKind) {
    return kind === 'device' ? this.current.devices : kind === 'mqtt' ? this.current.mqtt : this.current.kafka;
  }

  private bucketOf(o: SourceOverrides, kind: SettingKind): Record<string, unknown> {
    return kind === 'device' ? o.devices : o[kind];
  }

  /** Ids of every other source, for uniqueness across MQTT and Kafka. */
  private otherIds(kind: 'mqtt' | 'kafka', id: string): Set<string> {
    const ids = new Set<string>();
    for (const l of this.current.mqtt)
      if (l.origin !== 'removed' && !(kind === 'mqtt' && l.item.id === id)) ids.add(l.item.id);
    for (const l of this.current.kafka)
      if (l.origin !== 'removed' && !(kind === 'kafka' && l.item.id === id)) ids.add(l.item.id);
    return ids;
  }

  private checkedMqtt(save: Extract<SourceSave, { kind: 'mqtt' }>['source']): MqttSourceConfig {
    const stored = this.current.mqtt.find((l) => l.item.id === save.id)?.item;
    const { source, issues: secretIssues } = withMqttSecrets(save, stored);
    if (secretIssues.length > 0) throw refused(`MQTT source ${save.id ?? ''}`, secretIssues, 'source');
    const s = parseAs(MqttSourceConfig, source, `MQTT source ${save.id ?? ''}`, 'source');
    const issues = mqttIssues(s, this.otherIds('mqtt', s.id), this.deps.embeddedBrokerUrl() !== null);
    if (issues.length > 0) throw refused(`MQTT source ${s.id}`, issues, 'source');
    return s;
  }

  private checkedKafka(save: Extract<SourceSave, { kind: 'kafka' }>['source']): KafkaSourceConfig {
    const stored = this.current.kafka.find((l) => l.item.id === save.id)?.item;
    const { source, issues: secretIssues } = withKafkaSecrets(save, stored);
    if (secretIssues.length > 0) throw refused(`Kafka source ${save.id ?? ''}`, secretIssues, 'source');
    const k = parseAs(KafkaSourceConfig, source, `Kafka source ${save.id ?? ''}`, 'source');
    const issues = kafkaIssues(k, this.otherIds('kafka', k.id));
    if (issues.length > 0) throw refused(`Kafka source ${k.id}`, issues, 'source');
    return k;
  }

  private async doSave(p: SourceSave): Promise<SourcesSettings> {
    const next = clone(this.overrides);
    switch (p.kind) {
      case 'mqtt': {
        const s = this.checkedMqtt(p.source);
        next.mqtt[s.id] = s;
        await this.apply(next, 'mqtt', s.id);
        break;
      }
      case 'kafka': {
        const k = this.checkedKafka(p.source);
        next.kafka[k.id] = k;
        await this.apply(next, 'kafka', k.id);
        break;
      }
      case 'http':
        next.http = parseAs(HttpIngestConfig, withHttpSecrets(p.http, this.http), 'HTTP ingest', 'http');
        await this.apply(next, 'http');
        break;
      case 'device': {
        const d = parseAs(Device, { ...p.device, unconfigured: false }, `device ${p.device.id}`, 'device');
        next.devices[d.id] = d;
        await this.apply(next, 'device', d.id);
        break;
      }
      case 'autoRegister':
        next.autoRegister = p.value;
        await this.apply(next, 'autoRegister');
        break;
      case 'readingTimes':
        next.readingTimes = parseAs(ReadingTimes, p.value, 'reading times', 'value');
        await this.apply(next, 'readingTimes');
        break;
    }
    return this.view();
  }

  /** Applies the one item that changed, then stores the new overrides. */
  private async apply(
    next: SourceOverrides,
    kind: SettingKind | 'http' | 'autoRegister' | 'readingTimes',
    id?: string,
  ): Promise<void> {
    const effective = layerSources(this.deps.file, next);
    if ((kind === 'mqtt' || kind === 'kafka') && id) {
      const spec = this.specs(effective).find((s) => s.kind === kind && s.config.id === id);
      await this.deps.runner.replace(id, spec);
    } else if (kind === 'device' && id) {
      const d = active(effective.devices).find((x) => x.id === id);
      if (d) this.deps.devices.configure(d);
      else this.deps.devices.remove(id);
    } else if (kind === 'autoRegister') {
      this.deps.setAutoRegister(effective.autoRegister.item);
    } else if (kind === 'readingTimes') {
      this.deps.setReadingTimes(effective.readingTimes.item);
    }
    saveOverrides(this.deps.db, next);
    this.overrides = next;
    this.current = effective;
    this.deps.log(`settings: ${kind}${id ? ` ${id}` : ''} changed`);
  }
}
