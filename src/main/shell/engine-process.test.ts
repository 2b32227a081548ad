import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../engine/config/load-config';
import { EngineProcess } from './engine-process';
import { FakePort, fakeUtilityProcessModule } from './testing/electron-fakes';

const config = loadConfig({ env: {}, defaultDataDir: '/tmp/watchfloor-test-data' });

function setup(overrides: Partial<ConstructorParameters<typeof EngineProcess>[0]> = {}) {
  const { utilityProcess, forks } = fakeUtilityProcessModule();
  const readies: boolean[] = [];
  const exits: number[] = [];
  let now = 0;
  const engine = new EngineProcess({
    utilityProcess,
    modulePath: '/app/out/main/engine-host.js',
    config,
    version: '1.2.3',
    onReady: ({ restarted }) => readies.push(restarted),
    onUnexpectedExit: (code) => exits.push(code),
    backoffMs: [100, 1_000],
    stableAfterMs: 10_000,
    now: () => now,
    ...overrides,
  });
  return { engine, forks, readies, exits, advanceClock: (ms: number) => (now += ms) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('EngineProcess', () => {
  it('forks the engine host as a named utility process and sends it the configuration first', () => {
    const { engine, forks } = setup();
    engine.start();
    expect(forks).toHaveLength(1);
    expect(forks[0]!.modulePath).toBe('/app/out/main/engine-host.js');
    expect(forks[0]!.options).toMatchObject({ serviceName: 'Watchfloor engine' });
    expect(forks[0]!.messages()[0]).toEqual({ type: 'start', config, version: '1.2.3', newState: false });
  });

  it('asks only the first engine for --new-state: a restart never replaces the state again', async () => {
    const { engine, forks } = setup({ newState: true });
    engine.start();
    expect(forks[0]!.messages()[0]).toMatchObject({ type: 'start', newState: true });
    forks[0]!.report({ type: 'ready' });
    forks[0]!.exit(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(forks[1]!.messages()[0]).toMatchObject({ type: 'start', newState: false });
  });

  it('does not restart an engine that reported it cannot start, and hands on its reason', async () => {
    const failures: string[] = [];
    const { engine, forks, exits } = setup({ onStartFailure: (m) => failures.push(m) });
    engine.start();
    forks[0]!.report({ type: 'error', message: '/data/state.db is damaged (file is not a database). Restore…' });
    forks[0]!.exit(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(forks).toHaveLength(1);
    expect(exits).toEqual([]);
    expect(failures).toEqual(['/data/state.db is damaged (file is not a database). Restore…']);
    expect(engine.running).toBe(false);
  });

  it('passes renderer ports to the engine with a connect message', () => {
    const { engine, forks } = setup();
    engine.start();
    const port = new FakePort();
    engine.connect(port);
    expect(forks[0]!.received.at(-1)).toEqual({ message: { type: 'connect' }, transfer: [port] });
  });

  it('restarts the engine with backoff after an unexpected exit, and reports the restart', async () => {
    const { engine, forks, readies, exits } = setup();
    engine.start();
    forks[0]!.report({ type: 'ready' });
    expect(readies).toEqual([false]);

    forks[0]!.exit(1);
    expect(exits).toEqual([1]);
    expect(forks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(forks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(forks).toHaveLength(2);
    expect(forks[1]!.messages()[0]).toMatchObject({ type: 'start' });
    forks[1]!.report({ type: 'ready' });
    expect(readies).toEqual([false, true]);

    // A second quick crash waits longer.
    forks[1]!.exit(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(forks).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(900);
    expect(forks).toHaveLength(3);
  });

  it('resets the backoff once an engine has run stably', async () => {
    const { engine, forks, advanceClock } = setup();
    engine.start();
    forks[0]!.exit(1);
    await vi.advanceTimersByTimeAsync(100);
    forks[1]!.report({ type: 'ready' });
    advanceClock(20_000);
    forks[1]!.exit(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(forks).toHaveLength(3);
  });

  it('holds ports asked for while the engine is down and delivers them to the next one', async () => {
    const { engine, forks } = setup();
    engine.start();
    forks[0]!.exit(1);
    const port = new FakePort();
    engine.connect(port);
    await vi.advanceTimersByTimeAsync(100);
    expect(forks[1]!.received.map((r) => r.message)).toEqual([
      { type: 'start', config, version: '1.2.3', newState: false },
      { type: 'connect' },
    ]);
    expect(forks[1]!.received[1]!.transfer).toEqual([port]);
  });

  it('ignores malformed messages from the host', () => {
    const logs: string[] = [];
    const { engine, forks, readies } = setup({ log: (m) => logs.push(m) });
    engine.start();
    forks[0]!.report({ type: 'ready!' });
    forks[0]!.report('ready');
    expect(readies).toEqual([]);
    expect(logs.filter((l) => l.includes('malformed'))).toHaveLength(2);
  });

  it('stop() sends {type: "stop"} and resolves once the engine exits, without restarting it', async () => {
    const { engine, forks, exits } = setup();
    engine.start();
    const stopped = engine.stop(5_000);
    expect(forks[0]!.messages().at(-1)).toEqual({ type: 'stop' });
    forks[0]!.exit(0);
    await stopped;
    expect(forks[0]!.killed).toBe(false);
    expect(exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(forks).toHaveLength(1);
    expect(engine.running).toBe(false);
  });

  it('kills an engine that does not stop in time', async () => {
    const { engine, forks } = setup();
    engine.start();
    const stopped = engine.stop(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    await stopped;
    expect(forks[0]!.killed).toBe(true);
  });

  it('cancels a pending restart when stopped', async () => {
    const { engine, forks } = setup();
    engine.start();
    forks[0]!.exit(1);
    await engine.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(forks).toHaveLength(1);
    const late = new FakePort();
    engine.connect(late);
    expect(late.closed).toBe(true);
  });
});
