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
import { ReadingTimes } from '../../../../shared/source-config';
import type { SourceConfigBase } from '../../../../shared/sources/source-kind';
import type { SingleSourceConfigOf, SingleSourceKindName } from '../../../../shared/sources/source-kinds';
import type { StateDb } from '../../state/state-db';
import type { EngineSingleSourceKind, Issue, SourceContext } from '../kinds/source-kind';
import { SINGLE_SOURCE_KIND_LIST, SOURCE_KIND_SET, type SourceKindSet, type SourceSpec } from '../kinds/source-kinds';
import { active, layeredOf, layerSources, singleOf, type EffectiveSources, type FileSources } from './source-layers';
import { loadOverrides, overridesOf, saveOverrides, setSingleOverride, type SourceOverrides } from './source-overrides';
import type { SourceRunner } from './source-runner';

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
  /** The source kinds; the registered ones unless a test brings its own. */
  kinds?: SourceKindSet;
}

/** What Settings changes: a source of some kind, a device, a single-instance kind, or one of the single settings. */
type ChangeKind = SettingKind | SingleSourceKindName | 'autoRegister' | 'readingTimes';

/** Ids are unique across every kind: they name dead letters, health entries and client ids. */
function idIssues(id: string, otherIds: ReadonlySet<string>): Issue[] {
  if (otherIds.has(id)) return [{ path: 'id', message: `another source is already called "${id}"` }];
  return [];
}

function singleKind(kind: string): EngineSingleSourceKind | undefined {
  return SINGLE_SOURCE_KIND_LIST.find((k) => k.schemas.kind === kind);
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
  private readonly kinds: SourceKindSet;

  constructor(private readonly deps: SourceSettingsDeps) {
    this.kinds = deps.kinds ?? SOURCE_KIND_SET;
    const schemas = this.kinds.all.map((k) => k.schemas);
    this.overrides = loadOverrides(deps.db, deps.log, schemas);
    this.current = this.layer(this.overrides);
  }

  /** Devices to register at start-up. */
  get devices(): Device[] {
    return active(this.current.devices);
  }

  get autoRegister(): boolean {
    return this.current.autoRegister.item;
  }

  /** A single-instance kind's configuration as it applies now (HTTP ingest: read on every request). */
  single<K extends SingleSourceKindName>(kind: K): SingleSourceConfigOf<K> {
    return singleOf(this.current, kind).item as SingleSourceConfigOf<K>;
  }

  get readingTimes(): ReadingTimes {
    return this.current.readingTimes.item;
  }

  /** The sources to run at start-up, with whether Settings made them what they are. */
  startupSpecs(): (SourceSpec & { fromSettings: boolean })[] {
    const fromSettings = new Set(
      this.kindNames()
        .flatMap((kind) => layeredOf(this.current, kind))
        .filter((l) => l.origin !== 'file')
        .map((l) => l.item.id),
    );
    return this.specs().map((s) => ({ ...s, fromSettings: fromSettings.has(s.config.id) }));
  }

  /** The sources that should run: active and enabled, kind by kind in the registered order. */
  specs(effective: EffectiveSources = this.current): SourceSpec[] {
    return this.kindNames().flatMap((kind) =>
      active(layeredOf(effective, kind))
        .filter((c) => c.enabled)
        .map((config): SourceSpec => ({ kind, config })),
    );
  }

  view(): SourcesSettings {
    const c = this.current;
    const sources = Object.fromEntries(
      this.kinds.all.map((k) => [k.schemas.kind, layeredOf(c, k.schemas.kind).map((l) => k.view(l.item, l.origin))]),
    );
    const singles = Object.fromEntries(
      SINGLE_SOURCE_KIND_LIST.map((k) => {
        const { item, origin } = singleOf(c, k.schemas.kind);
        return [k.schemas.kind, k.view(item, origin)];
      }),
    );
    return {
      ...sources,
      ...singles,
      devices: c.devices.map((l) => ({ ...l.item, origin: l.origin })),
      autoRegister: { value: c.autoRegister.item, origin: c.autoRegister.origin },
      readingTimes: { value: c.readingTimes.item, origin: c.readingTimes.origin },
      embeddedBrokerUrl: this.deps.embeddedBrokerUrl(),
    } as SourcesSettings;
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

  revert(p: { kind: ChangeKind; id?: string }): Promise<SourcesSettings> {
    return this.serial(async () => {
      const next = clone(this.overrides);
      if (singleKind(p.kind)) setSingleOverride(next, p.kind, undefined);
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

  setEnabled(p: { kind: SourceSpec['kind']; id: string; enabled: boolean }): Promise<SourcesSettings> {
    return this.serial(async () => {
      const entry = this.listOf(p.kind).find((l) => l.item.id === p.id && l.origin !== 'removed');
      if (!entry) throw new EngineError('NOT_FOUND', `no ${p.kind} source ${p.id}`);
      const next = clone(this.overrides);
      overridesOf(next, p.kind)[p.id] = { ...(entry.item as SourceConfigBase), enabled: p.enabled };
      await this.apply(next, p.kind, p.id);
      return this.view();
    });
  }

  async test(p: SourceTest): Promise<SourceTestResult> {
    return this.kinds.get(p.kind).test(this.checked(p.kind, p.source), this.context());
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => {});
    return next;
  }

  private kindNames(): string[] {
    return this.kinds.all.map((k) => k.schemas.kind);
  }

  private layer(over: SourceOverrides): EffectiveSources {
    return layerSources(this.deps.file, over, this.kindNames());
  }

  private context(): SourceContext {
    return { embeddedBrokerUrl: this.deps.embeddedBrokerUrl() };
  }

  private listOf(kind: string): { item: { id: string }; origin: string }[] {
    return kind === 'device' ? this.current.devices : layeredOf(this.current, kind);
  }

  private bucketOf(o: SourceOverrides, kind: string): Record<string, unknown> {
    return kind === 'device' ? o.devices : overridesOf(o, kind);
  }

  /** Ids of every other source, of any kind. */
  private otherIds(kind: string, id: string): Set<string> {
    const ids = new Set<string>();
    for (const name of this.kindNames()) {
      for (const l of layeredOf(this.current, name))
        if (l.origin !== 'removed' && !(name === kind && l.item.id === id)) ids.add(l.item.id);
    }
    return ids;
  }

  /** A source as saved or tested: stored secrets filled in, parsed with its kind's schema, checked. */
  private checked(kind: string, save: { id?: string }): SourceConfigBase {
    const k = this.kinds.get(kind);
    const what = `${k.schemas.label} source`;
    const stored = layeredOf(this.current, kind).find((l) => l.item.id === save.id)?.item;
    const { source, issues: secretIssues } = k.withSecrets(save, stored);
    if (secretIssues.length > 0) throw refused(`${what} ${save.id ?? ''}`, secretIssues, 'source');
    const s = parseAs(k.schemas.config, source, `${what} ${save.id ?? ''}`, 'source');
    const issues = [...idIssues(s.id, this.otherIds(kind, s.id)), ...k.checks(s, this.context())];
    if (issues.length > 0) throw refused(`${what} ${s.id}`, issues, 'source');
    return s;
  }

  /** A single-instance kind as saved: stored secrets kept, parsed with its schema, checked. */
  private checkedSingle(k: EngineSingleSourceKind, save: unknown): unknown {
    const { kind, title } = k.schemas;
    const { source, issues: secretIssues } = k.withSecrets(save, singleOf(this.current, kind).item);
    if (secretIssues.length > 0) throw refused(title, secretIssues, kind);
    const config = parseAs(k.schemas.config, source, title, kind);
    const issues = k.checks?.(config, this.context()) ?? [];
    if (issues.length > 0) throw refused(title, issues, kind);
    return config;
  }

  private async doSave(p: SourceSave): Promise<SourcesSettings> {
    const next = clone(this.overrides);
    if ('source' in p) {
      const s = this.checked(p.kind, p.source);
      overridesOf(next, p.kind)[s.id] = s;
      await this.apply(next, p.kind, s.id);
      return this.view();
    }
    const single = singleKind(p.kind);
    if (single) {
      setSingleOverride(next, p.kind, this.checkedSingle(single, (p as unknown as Record<string, unknown>)[p.kind]));
      await this.apply(next, p.kind);
      return this.view();
    }
    switch (p.kind) {
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
  private async apply(next: SourceOverrides, kind: ChangeKind | SourceSpec['kind'], id?: string): Promise<void> {
    const effective = this.layer(next);
    if (this.kindNames().includes(kind) && id) {
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
