// The default plant, as `npm start` runs it, for a compressed half hour: the real engine with its
// embedded broker, the simulator publishing over MQTT, detection, the alarm service and history,
// on a clock that runs 15 times faster than real time (the simulator publishes 15 times as often,
// so every reading keeps its place in plant time). Nobody acknowledges anything, as on a demo
// nobody watches. What a new operator would notice: a handful of alarms in half an hour — at or
// below EEMUA 191's "manageable" one per ten minutes — no flood, each limit-crossing episode of
// the simulator raising exactly one alarm of its kind, nothing else alarming, and no alarm that
// had returned to normal being escalated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { Engine } from '../../src/main/engine/engine';
import { alarmKpis } from '../../src/main/engine/alarms/alarm-kpis';
import type { EpisodeLabel } from '../../src/main/engine/simulator/episodes';
import { makeTempDir } from '../support/temp-dir';

const SCALE = 15;
const HALF_HOUR = 30 * 60_000;

describe('the default plant for half an hour (simulated clock)', () => {
  const dir = makeTempDir('wf-demo-plant-');
  let engine: Engine;
  let t0 = 0;
  let end = 0;
  let labels: EpisodeLabel[] = [];

  beforeAll(
    async () => {
      const realStart = Date.now();
      t0 = realStart;
      const clock = () => realStart + (Date.now() - realStart) * SCALE;
      // Nothing but what a first start has: the default devices, rules, alarm settings and simulator.
      const config = parseConfig(
        mergeConfig({ dataDir: dir.path }, { broker: { port: 0 }, server: { port: 0 }, simulator: { seed: 20261206 } }),
      );
      engine = new Engine(config, { clock, timeScale: SCALE, version: 'test' });
      await engine.start();
      expect(engine.services.simulator?.mode).toBe('episodes');
      await new Promise((resolve) => setTimeout(resolve, HALF_HOUR / SCALE));
      end = clock();
      labels = engine.services.simulator!.episodeLabels();
      await engine.services.simulator!.stop();
    },
    HALF_HOUR / SCALE + 60_000,
  );

  afterAll(async () => {
    await engine?.stop();
    dir.remove();
  });

  it('raises a handful of alarms, at or below one per ten minutes, with no flood', () => {
    const { areas } = alarmKpis(
      engine.services.alarmStore,
      engine.services.alarmStore.open(),
      { from: t0, to: end },
      end,
      t0,
    );
    const alarms = areas.reduce((n, a) => n + a.alarms, 0);
    expect(alarms).toBeGreaterThanOrEqual(1); // the demo is not dead
    expect(alarms).toBeLessThanOrEqual(3);
    for (const a of areas) {
      expect(a.averagePer10Min).toBeLessThanOrEqual(1);
      expect(a.floodPercent).toBe(0);
    }
    expect(engine.services.alarms.floodStatus().every((f) => !f.active)).toBe(true);
  });

  it('raises exactly one alarm for each episode that crosses a limit, and none for anything else', () => {
    const raised = engine.services.alarmStore
      .annunciations(t0, end)
      .map((a) => ({ ...a, alarm: `${a.deviceId}/${a.signal}/${a.kind}` }));
    // An episode still under way at the end may not have lasted its on-delay yet.
    const crossing = labels.filter((l) => l.crosses !== null && l.end <= end - 5_000);
    expect(crossing.length).toBeGreaterThanOrEqual(1);
    for (const l of crossing) {
      const mine = raised.filter(
        (r) => r.alarm === `${l.device}/${l.signal}/${l.crosses}` && r.at >= l.start && r.at <= l.end,
      );
      expect(mine, `${l.kind} on ${l.device} at +${Math.round((l.start - t0) / 1000)} s`).toHaveLength(1);
    }
    // Every annunciation belongs to a crossing episode (one still running at the end included).
    const explained = (r: (typeof raised)[number]) =>
      labels.some(
        (l) =>
          l.crosses !== null && r.alarm === `${l.device}/${l.signal}/${l.crosses}` && r.at >= l.start && r.at <= l.end,
      );
    expect(raised.filter((r) => !explained(r))).toEqual([]);
    // The quiet episodes happened too, and raised nothing (checked above: nothing unexplained).
    expect(labels.some((l) => l.kind === 'stuck' || l.kind === 'dropout')).toBe(true);
  });

  it('escalates no alarm whose condition had returned to normal', () => {
    const store = engine.services.alarmStore;
    const all = [...store.open(), ...store.history({ limit: 1000 })];
    // Not vacuous: some alarm waited unacknowledged after its return for longer than the escalation interval.
    const escalateAfterMs = engine.config.alarms.escalateAfterMs;
    const waited = all.filter(
      (a) => a.state === 'unack_rtn' && a.returnedAt !== null && end - a.returnedAt > escalateAfterMs,
    );
    expect(waited.length).toBeGreaterThanOrEqual(1);
    for (const a of waited) expect(a.reminders).toBe(0);
    for (const a of all) {
      const journal = store.journal(a.id);
      for (const e of journal.filter((j) => j.event === 'escalated' || j.event === 'reminder')) {
        // The condition's last change before the escalation was a raise or reactivation, not a return.
        const before = journal.filter((j) => j.at <= e.at && ['raised', 'reactivated', 'returned'].includes(j.event));
        expect(before.at(-1)?.event, `alarm ${a.id} escalated at +${Math.round((e.at - t0) / 1000)} s`).not.toBe(
          'returned',
        );
      }
    }
  });
});
