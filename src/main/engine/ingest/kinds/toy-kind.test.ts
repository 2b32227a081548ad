// A toy source kind, written and registered only in this file, to show that the generic parts
// need nothing from a new kind beyond its modules and its registrations. What would ship as
// src/shared/sources/toy-schema.ts, src/main/engine/ingest/kinds/toy-kind.ts and the two
// registration lines (shared list, engine registry) is the "shared" and "engine" sections below;
// the registrations are the extended lists handed to the contract builders, Settings and the
// runner. No other module knows the name "toy": the contract schemas, Settings → Sources
// (view, save, secrets, checks, ids unique across kinds, enable, remove, test), layering over the
// file, persistence in state.db and the runner all take it as they take MQTT and Kafka.
// docs/developer-guide.md, "How to add a source kind", lists the files; the renderer's form is
// the one piece this test cannot hold (the engine may not import the renderer).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SourceHealth } from '../../../../shared/domain';
import { EngineError } from '../../../../shared/errors';
import { READING_TIME_DEFAULTS, SourceId, TlsConfig } from '../../../../shared/source-config';
import {
  defineSourceKind,
  fileLists,
  SecretState,
  SettingOrigin,
  sourceOptions,
  viewLists,
} from '../../../../shared/sources/source-kind';
import { SOURCE_KINDS } from '../../../../shared/sources/source-kinds';
import { makeTempDir } from '../../../../../test/support/temp-dir';
import { openStateDb, type StateDb } from '../../state/state-db';
import type { IngestSource } from '../ingest-source';
import type { FileSources } from '../source-settings/source-layers';
import { SourceRunner } from '../source-settings/source-runner';
import { SourceSettings } from '../source-settings/source-settings';
import type { EngineSourceKind, Issue, SourceDeps } from './source-kind';
import { SOURCE_KIND_SET, sourceKindSet } from './source-kinds';
import { tlsIssues } from './tls-checks';

// ---- shared: the toy's schemas (would be src/shared/sources/toy-schema.ts)

const ToyConfig = z
  .object({
    id: SourceId,
    enabled: z.boolean().default(true),
    url: z.url({ protocol: /^https?$/ }),
    token: z.string().optional(),
    tls: TlsConfig.optional(),
  })
  .strict();
type ToyConfig = z.infer<typeof ToyConfig>;
const ToyView = ToyConfig.omit({ token: true }).extend({ token: SecretState, origin: SettingOrigin });
const ToySave = ToyConfig;
const toySchemas = defineSourceKind({
  kind: 'toy',
  label: 'Toy',
  config: ToyConfig,
  view: ToyView,
  save: ToySave,
  fileDefault: [],
});

// ---- engine: the toy's module (would be src/main/engine/ingest/kinds/toy-kind.ts)

const running = new Map<string, ToyConfig>();

function toySource(config: ToyConfig): IngestSource {
  return {
    id: config.id,
    start: async () => void running.set(config.id, config),
    stop: async () => void running.delete(config.id),
    decode: () => ({ readings: [], rejects: [] }),
    health: () => ({ id: config.id, kind: 'toy', url: config.url, connected: true }) as unknown as SourceHealth,
  };
}

const toyKind: EngineSourceKind<ToyConfig, z.infer<typeof ToyView>, ToyConfig> = {
  schemas: toySchemas,
  view: ({ token, ...rest }, origin) => ({ ...rest, token: { set: Boolean(token) }, origin }),
  withSecrets(save, stored) {
    if (save.token !== undefined || stored?.token === undefined) return { source: save, issues: [] };
    if (new URL(save.url).origin !== new URL(stored.url).origin) {
      const issues: Issue[] = [{ path: 'token', message: 'another server: enter the token again' }];
      return { source: save, issues };
    }
    return { source: { ...save, token: stored.token }, issues: [] };
  },
  checks: (config) => tlsIssues(config.tls, 'tls'),
  create: (config) => toySource(config),
  test: async (config) => ({ ok: true, message: `reached ${config.url}`, ms: 1 }),
};

// ---- registrations: the lists, extended here instead of in source-kinds.ts (shared and engine)

const kinds = [...SOURCE_KINDS, toySchemas] as const;
const engineKinds = sourceKindSet([...SOURCE_KIND_SET.all, toyKind as EngineSourceKind]);

describe('a source kind added by its modules and registrations only', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: StateDb;
  let runner: SourceRunner;

  const file = {
    // A disabled MQTT source: counted for unique ids, never connected.
    mqtt: [SOURCE_KINDS[0].config.parse({ id: 'plant', enabled: false })],
    kafka: [],
    toy: [ToyConfig.parse({ id: 'toy-1', url: 'https://toy.plant/api', token: 'file-token-1' })],
    devices: [],
    http: { enabled: true, tokens: [], maxBodyBytes: 1024, maxRows: 10 },
    autoRegister: true,
    readingTimes: READING_TIME_DEFAULTS,
  } as unknown as FileSources;

  const settings = () =>
    new SourceSettings({
      db,
      file,
      runner,
      embeddedBrokerUrl: () => null,
      devices: { configure: () => {}, remove: () => {} },
      setAutoRegister: () => {},
      setReadingTimes: () => {},
      log: () => {},
      kinds: engineKinds,
    });

  const refusal = async (change: Promise<unknown>): Promise<{ path: string; message: string }[]> => {
    const err = await change.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('BAD_REQUEST');
    return ((err as EngineError).details as { issues: { path: string; message: string }[] }).issues;
  };

  beforeEach(() => {
    dir = makeTempDir('wf-toy-kind-');
    db = openStateDb(dir.path);
    running.clear();
    runner = new SourceRunner({
      create: (spec) => engineKinds.get(spec.kind).create(spec.config, {} as SourceDeps),
      drain: async () => {},
      log: () => {},
      kinds: engineKinds,
    });
  });

  afterEach(async () => {
    await runner.stopAll();
    db.close();
    dir.remove();
  });

  it('gets its contract and configuration-file schemas from the list', () => {
    const save = z.discriminatedUnion('kind', sourceOptions(kinds));
    expect(save.parse({ kind: 'toy', source: { id: 't', url: 'http://x.plant/' } })).toMatchObject({
      kind: 'toy',
      source: { id: 't', enabled: true },
    });
    expect(() => save.parse({ kind: 'toy', source: { id: 't', url: 'ftp://x' } })).toThrow();
    const lists = z.object(viewLists(kinds));
    // The registered kinds first, in their order, then the toy (a kind added later is not a failure here).
    expect(Object.keys(lists.shape)).toEqual([...SOURCE_KINDS.map((k) => k.kind), 'toy']);
    const fileSection = z.object(fileLists(kinds)).parse({}) as Record<string, unknown>;
    expect(fileSection).toMatchObject({ mqtt: [expect.objectContaining({ id: 'mqtt' })], kafka: [], toy: [] });
  });

  it('runs from the file, and Settings save, check, keep secrets, turn off and remove it like any kind', async () => {
    const s = settings();
    await runner.startAll(s.startupSpecs());
    expect([...running.keys()]).toEqual(['toy-1']);

    const view = s.view() as unknown as { toy: { id: string; token: { set: boolean }; origin: string }[] };
    expect(view.toy).toEqual([expect.objectContaining({ id: 'toy-1', token: { set: true }, origin: 'file' })]);
    expect(JSON.stringify(view)).not.toContain('file-token-1');

    const save = (source: object) => s.save({ kind: 'toy', source } as never);

    // Ids are unique across kinds; the kind's own checks answer at their fields.
    expect(await refusal(save({ id: 'plant', url: 'https://a.plant/' }))).toEqual([
      { path: 'source.id', message: 'another source is already called "plant"' },
    ]);
    const missing = join(dir.path, 'no-such-ca.pem');
    expect((await refusal(save({ id: 'toy-2', url: 'https://a.plant/', tls: { ca: missing } })))[0]).toMatchObject({
      path: 'source.tls.ca',
    });

    // A stored secret goes only to the server it was saved for.
    expect(await refusal(save({ id: 'toy-1', url: 'https://elsewhere.example/api' }))).toEqual([
      { path: 'source.token', message: 'another server: enter the token again' },
    ]);
    expect(running.get('toy-1')!.url).toBe('https://toy.plant/api');
    await save({ id: 'toy-1', url: 'https://toy.plant/v2' });
    expect(running.get('toy-1')).toMatchObject({ url: 'https://toy.plant/v2', token: 'file-token-1' });

    const ca = join(dir.path, 'ca.pem');
    writeFileSync(ca, 'not checked here: only readable');
    await save({ id: 'toy-2', url: 'https://b.plant/', tls: { ca } });
    expect([...running.keys()].sort()).toEqual(['toy-1', 'toy-2']);
    expect(await s.test({ kind: 'toy', source: { id: 'toy-3', url: 'https://c.plant/' } } as never)).toMatchObject({
      ok: true,
      message: 'reached https://c.plant/',
    });

    await s.setEnabled({ kind: 'toy' as never, id: 'toy-2', enabled: false });
    expect([...running.keys()]).toEqual(['toy-1']);
    await s.remove({ kind: 'toy' as never, id: 'toy-1' });
    expect(running.size).toBe(0);

    // Kept in state.db, layered over the file on the next start.
    const again = settings().view() as unknown as { toy: { id: string; enabled: boolean; origin: string }[] };
    expect(again.toy.map((t) => [t.id, t.origin, t.enabled])).toEqual([
      ['toy-1', 'removed', true],
      ['toy-2', 'settings', false],
    ]);
  });
});
