import { describe, expect, it } from 'vitest';
import type { Config } from '../engine/config/config-schema';
import { loadConfig } from '../engine/config/load-config';
import { EngineError } from '../../shared/errors';
import type { AccessControl } from '../../shared/rpc/access-control';
import { ANONYMOUS } from '../../shared/rpc/call-context';
import type { ContractHandlers } from '../../shared/rpc/server';
import { runEngineHost, type HostedEngine, type ParentPortLike } from './engine-host-runner';
import type { MessagePortMainLike } from './electron-api';
import { fakeMessageChannelClass, type FakePort } from './testing/electron-fakes';
import type { BlockingAlarm } from '../../shared/contract/station';
import type { StationAuditEvent } from './updates/update-service-options';
import type { StationStatus } from '../../shared/contract/station';
import { unmanagedStation, type StationPort } from '../engine/station/station-port';

const UNMANAGED = await unmanagedStation('2.0.0', 'test').status();

const config = loadConfig({ env: {}, defaultDataDir: '/tmp/watchfloor-host-test' });

class FakeParentPort implements ParentPortLike {
  readonly reports: unknown[] = [];
  private listener: ((event: { data: unknown; ports: MessagePortMainLike[] }) => void) | undefined;
  on(_event: 'message', listener: (event: { data: unknown; ports: MessagePortMainLike[] }) => void): this {
    this.listener = listener;
    return this;
  }
  postMessage(message: unknown): void {
    this.reports.push(message);
  }
  send(data: unknown, ports: MessagePortMainLike[] = []): void {
    this.listener?.({ data, ports });
  }
}

class FakeEngine implements HostedEngine {
  started = false;
  stopped = false;
  constructor(
    readonly config: Config,
    readonly version: string,
    private readonly failStart?: Error,
    private readonly access?: AccessControl,
  ) {}
  async start(): Promise<void> {
    if (this.failStart) throw this.failStart;
    this.started = true;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  blocking: BlockingAlarm[] = [];
  blockingAlarms(): Promise<BlockingAlarm[]> {
    return Promise.resolve(this.blocking);
  }
  readonly audited: StationAuditEvent[] = [];
  audit(event: StationAuditEvent): void {
    this.audited.push(event);
  }
  handlers(): ContractHandlers {
    return {
      requests: { 'engine.health': () => ({ status: 'ok', version: this.version }) },
      streams: {},
      ...(this.access ? { access: this.access } : {}),
    } as unknown as ContractHandlers;
  }
}

function setup(failStart?: Error, access?: AccessControl) {
  const parent = new FakeParentPort();
  const engines: FakeEngine[] = [];
  const exits: number[] = [];
  const logs: string[] = [];
  const host = runEngineHost({
    parentPort: parent,
    createEngine: (c, v) => {
      const engine = new FakeEngine(c, v, failStart, access);
      engines.push(engine);
      return engine;
    },
    log: (m) => logs.push(m),
    exit: (code) => exits.push(code),
  });
  const { MessageChannelMain } = fakeMessageChannelClass();
  return { parent, engines, exits, logs, host, MessageChannelMain };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('engine host (inside the utility process)', () => {
  it('starts the engine from the configuration in the first message and reports ready', async () => {
    const { parent, engines } = setup();
    parent.send({ type: 'start', config: structuredClone(config), version: '2.0.0' });
    await tick();
    expect(engines).toHaveLength(1);
    expect(engines[0]!.started).toBe(true);
    expect(engines[0]!.config).toEqual(config);
    expect(Object.isFrozen(engines[0]!.config)).toBe(true);
    expect(parent.reports).toEqual([{ type: 'ready' }]);
  });

  it('serves the contract on each port, including ports that arrived before the engine was up', async () => {
    const { parent, MessageChannelMain } = setup();
    const early = new MessageChannelMain();
    parent.send({ type: 'connect' }, [early.port1]);
    parent.send({ type: 'start', config, version: '2.0.0' });
    await tick();
    expect(early.port1.started).toBe(true);

    const replies: unknown[] = [];
    early.port2.on('message', (e: { data: unknown }) => replies.push(e.data));
    early.port2.postMessage({ t: 'req', id: 7, method: 'engine.health', params: {} });
    early.port2.postMessage({ t: 'req', id: 8, method: 'no.such.method', params: {} });
    await tick();
    const byId = (a: unknown, b: unknown) => (a as { id: number }).id - (b as { id: number }).id;
    expect(replies.sort(byId)).toEqual([
      { t: 'res', id: 7, ok: true, data: { status: 'ok', version: '2.0.0' } },
      { t: 'res', id: 8, ok: false, error: expect.objectContaining({ code: 'UNKNOWN_METHOD' }) },
    ]);
  });

  it("makes each window's connection through the engine's access control, as a desktop that must sign in", async () => {
    const kinds: string[] = [];
    const access: AccessControl = {
      connect: (client, _credential, kind) => {
        kinds.push(kind);
        return { caller: ANONYMOUS, client };
      },
      request: (_method, _params, context, run) =>
        context.caller.role === null ? Promise.reject(new EngineError('UNAUTHORIZED', 'sign in first')) : run(),
      stream: () => {},
    };
    const { parent, MessageChannelMain } = setup(undefined, access);
    parent.send({ type: 'start', config, version: '2.0.0' });
    await tick();
    const window = new MessageChannelMain();
    parent.send({ type: 'connect' }, [window.port1]);
    const replies: unknown[] = [];
    window.port2.on('message', (e: { data: unknown }) => replies.push(e.data));
    window.port2.postMessage({ t: 'req', id: 1, method: 'engine.health', params: {} });
    await tick();
    expect(kinds).toEqual(['desktop']);
    expect(replies).toEqual([{ t: 'res', id: 1, ok: false, error: expect.objectContaining({ code: 'UNAUTHORIZED' }) }]);
  });

  it('stops the engine, closes its connections and exits 0 on {type: "stop"}', async () => {
    const { parent, engines, exits, MessageChannelMain } = setup();
    parent.send({ type: 'start', config, version: '2.0.0' });
    await tick();
    const channel = new MessageChannelMain();
    parent.send({ type: 'connect' }, [channel.port1]);
    parent.send({ type: 'stop' });
    await tick();
    expect(engines[0]!.stopped).toBe(true);
    expect((channel.port2 as FakePort).closed).toBe(true);
    expect(parent.reports.at(-1)).toEqual({ type: 'stopped' });
    expect(exits).toEqual([0]);
  });

  it('shutdown() (the SIGTERM path) stops the engine once, however often it is called', async () => {
    const { parent, engines, exits, host } = setup();
    parent.send({ type: 'start', config, version: '2.0.0' });
    await tick();
    await Promise.all([host.shutdown(0), host.shutdown(0)]);
    parent.send({ type: 'stop' });
    await tick();
    expect(engines[0]!.stopped).toBe(true);
    expect(exits).toEqual([0]);
  });

  it('reports an engine that fails to start and exits 1', async () => {
    const { parent, exits } = setup(new Error('state.db is locked'));
    parent.send({ type: 'start', config, version: '2.0.0' });
    await tick();
    expect(parent.reports).toContainEqual({ type: 'error', message: 'state.db is locked' });
    expect(exits).toEqual([1]);
  });

  it('refuses a configuration that fails the schema before creating anything', async () => {
    const { parent, engines, exits } = setup();
    parent.send({ type: 'start', config: { dataDir: '' }, version: '2.0.0' });
    await tick();
    expect(engines).toHaveLength(0);
    expect(parent.reports[0]).toMatchObject({ type: 'error', message: expect.stringContaining('dataDir') });
    expect(exits).toEqual([1]);
  });

  it('ignores malformed messages and connects without a port', async () => {
    const { parent, logs, exits } = setup();
    parent.send({ type: 'explode' });
    parent.send('stop');
    parent.send({ type: 'connect' });
    await tick();
    expect(exits).toEqual([]);
    expect(logs).toHaveLength(3);
  });

  it('start-remote: runs no engine, answers sign-in calls by id, and refuses them in local mode', async () => {
    const { parent, engines } = setup();
    parent.send({ type: 'start-remote', url: 'http://127.0.0.1:1', fingerprint: null, version: '2.0.0' });
    await tick();
    expect(engines).toHaveLength(0);
    expect(parent.reports).toEqual([{ type: 'ready' }]);
    parent.send({ type: 'remote-call', id: 4, request: { call: 'status' } });
    await waitFor(() => parent.reports.length === 2);
    expect(parent.reports[1]).toMatchObject({
      type: 'remote-answer',
      id: 4,
      answer: { ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('nothing answers') } },
    });

    const local = setup();
    local.parent.send({ type: 'start', config, version: '2.0.0' });
    await tick();
    local.parent.send({ type: 'remote-call', id: 1, request: { call: 'signOut' } });
    await tick();
    expect(local.parent.reports.at(-1)).toMatchObject({ type: 'remote-answer', id: 1, answer: { ok: false } });
  });

  it('hands the engine the data key from the start message', async () => {
    const { parent } = setup();
    const keys: (Buffer | undefined)[] = [];
    runEngineHost({
      parentPort: parent,
      createEngine: (c, v, { secretsKey }) => {
        keys.push(secretsKey);
        return new FakeEngine(c, v);
      },
      log: () => {},
      exit: () => {},
    });

    parent.send({ type: 'start', config, version: '2.0.0', secretsKey: 'ab'.repeat(32) });
    await tick();
    expect(keys[0]?.toString('hex')).toBe('ab'.repeat(32));
  });
});

describe("engine host: the station's updater (in the shell) and the engine's station.*", () => {
  const status = (state: StationStatus['state']): StationStatus => ({
    ...structuredClone(UNMANAGED),
    managed: true,
    unmanagedReason: null,
    state,
  });
  const alarm: BlockingAlarm = {
    id: '7',
    device: 'device-001',
    signal: 'temperature',
    priority: 'high',
    message: 'temperature 99 > hi 85',
  };

  function withStation() {
    const parent = new FakeParentPort();
    const engines: FakeEngine[] = [];
    const stations: StationPort[] = [];
    const logs: string[] = [];
    runEngineHost({
      parentPort: parent,
      createEngine: (c, v, { station }) => {
        stations.push(station);
        const engine = new FakeEngine(c, v);
        engines.push(engine);
        return engine;
      },
      log: (m) => logs.push(m),
      exit: () => {},
    });
    return { parent, engines, stations, logs };
  }

  it('hands the engine a StationPort whose calls travel to the shell and whose errors come back with code and details', async () => {
    const { parent, stations } = withStation();
    parent.send({ type: 'start', config, version: '2.0.0' });
    await tick();
    const station = stations[0]!;

    const installing = station.install('now', { user: 'olga', role: 'operator' });
    const call = parent.reports.at(-1) as { type: string; id: number; call: unknown };
    expect(call).toEqual({
      type: 'station-call',
      id: expect.any(Number),
      call: { op: 'install', when: 'now', by: { user: 'olga', role: 'operator' } },
    });
    const error = { code: 'INVALID_STATE', message: '1 high alarm is active', details: { blockedBy: [alarm] } };
    parent.send({ type: 'station-answer', id: call.id, answer: { ok: false, error } });
    const refused = await installing.catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EngineError);
    expect(refused).toMatchObject(error);

    const asked = station.status();
    const second = parent.reports.at(-1) as { id: number };
    parent.send({ type: 'station-answer', id: second.id, answer: { ok: true, data: status('downloaded') } });
    expect((await asked).state).toBe('downloaded');
  });

  it("gives the engine's station.changes what the shell pushes, and ignores a status that is not one", async () => {
    const { parent, stations, logs } = withStation();
    parent.send({ type: 'start', config, version: '2.0.0' });
    await tick();
    const seen: string[] = [];
    stations[0]!.subscribe((s) => seen.push(s.state));
    parent.send({ type: 'station-status', status: status('downloading') });
    parent.send({ type: 'station-status', status: { ...status('downloaded'), state: 'exploded' } });
    expect(seen).toEqual(['downloading']);
    expect(logs).toContain('ignored a malformed message from the shell');
  });

  it("answers the shell's question about blocking alarms from its engine, and records audit events in it", async () => {
    const { parent, engines } = withStation();
    parent.send({ type: 'station-question', id: 1, question: 'blockingAlarms' });
    await tick();
    expect(parent.reports.at(-1)).toMatchObject({
      type: 'station-reply',
      id: 1,
      answer: { ok: false, error: { code: 'UNAVAILABLE' } },
    });

    parent.send({ type: 'start', config, version: '2.0.0' });
    await tick();
    engines[0]!.blocking = [alarm];
    parent.send({ type: 'station-question', id: 2, question: 'blockingAlarms' });
    await tick();
    expect(parent.reports.at(-1)).toEqual({ type: 'station-reply', id: 2, answer: { ok: true, data: [alarm] } });

    const event = {
      actor: 'station',
      action: 'update.downloaded',
      outcome: 'ok',
      version: '2.1.0',
      stationVersion: '2.0.0',
      message: 'Downloaded and verified',
    } as const;
    parent.send({ type: 'station-audit', event });
    await tick();
    expect(engines[0]!.audited).toEqual([event]);
  });

  it('fails the calls still waiting for the shell when it stops', async () => {
    const { parent, stations } = withStation();
    parent.send({ type: 'start', config, version: '2.0.0' });
    await tick();
    const pending = stations[0]!.check();
    parent.send({ type: 'stop' });
    await expect(pending).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}
