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
  blockingAlarms(): Promise<BlockingAlarm[]> {
    return Promise.resolve([]);
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

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}
