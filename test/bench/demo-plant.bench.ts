// npm run bench -- demo-plant [--seeds N] [--hours H]
//
// What the default plant, as `npm start` runs it, puts in front of an operator: the simulator's
// walk and episodes (the same functions it publishes from) for H hours per seed, every reading
// through the real detection stage and alarm service (state.db in a temporary folder) with the
// default rules, alarm defaults per signal kind and alarm settings, on a simulated clock. Per
// half hour: new alarms (annunciations, as the KPI screen counts them), the peak in any ten
// minutes, floods, and escalations of returned alarms; per episode, whether a limit crossing
// raised exactly one alarm. For comparison, the specification's 5 % anomaly injection for
// half an hour (with and without the per-kind defaults: where the old demo stood).
// Prints one JSON document on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import defaults from '../../resources/default-config.json';
import { alarmKpis } from '../../src/main/engine/alarms/alarm-kpis';
import { AlarmService } from '../../src/main/engine/alarms/alarm-service';
import { AlarmStore } from '../../src/main/engine/alarms/alarm-store';
import { ConfigSchema } from '../../src/main/engine/config/config-schema';
import { DetectionStage } from '../../src/main/engine/detect/detection-stage';
import { RuleBook } from '../../src/main/engine/detect/rule-book';
import { EpisodePlanner, type EpisodeLabel } from '../../src/main/engine/simulator/episodes';
import { createRandom } from '../../src/main/engine/simulator/random';
import { injected, walk } from '../../src/main/engine/simulator/simulator';
import { openStateDb } from '../../src/main/engine/state/state-db';
import { Device, type Reading } from '../../src/shared/domain';

const { values: args } = parseArgs({
  options: { seeds: { type: 'string', default: '10' }, hours: { type: 'string', default: '24' } },
});
const SEEDS = Number(args.seeds);
const HOURS = Number(args.hours);
const DEVICES = defaults.devices.map((d) => Device.parse(d));
const CONFIG = ConfigSchema.parse({ dataDir: '/unused' });
const HALF_HOUR = 30 * 60_000;
const T0 = Date.UTC(2026, 11, 6);

interface Run {
  halfHours: number[];
  peakPer10Min: number;
  floods: number;
  escalatedAfterReturn: number;
  crossing: number;
  crossingWithOneAlarm: number;
  alarmsOutsideEpisodes: number;
  readings: number;
  ms: number;
}

function plant(seed: number, minutes: number, mode: 'episodes' | 'injection', kindDefaults: boolean): Run {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'wf-demo-plant-'));
  const db = openStateDb(dir);
  const store = new AlarmStore(db);
  let now = T0;
  const { escalateAfterMs, chattering, flood } = CONFIG.alarms;
  const alarms = new AlarmService(store, { clock: () => now, tickMs: 0, escalateAfterMs, chattering, flood });
  alarms.start();
  const rules = new RuleBook([], { kindDefaults, deviceKind: (id) => DEVICES.find((d) => d.id === id)?.kind });
  const registry = {
    get: (id: string) => DEVICES.find((d) => d.id === id),
    signal: (id: string, key: string) => DEVICES.find((d) => d.id === id)?.signals.find((s) => s.key === key),
  };
  const stage = new DetectionStage({ registry, alarms, rules, clock: () => now });
  const random = createRandom(seed);
  const planner =
    mode === 'episodes'
      ? new EpisodePlanner(
          DEVICES,
          {
            alarmingPerHour: CONFIG.simulator.alarmEpisodesPerHour,
            quietPerHour: CONFIG.simulator.quietEpisodesPerHour,
          },
          random,
          T0,
        )
      : undefined;
  const channels = DEVICES.flatMap((device) =>
    device.signals.map((signal) => {
      const [lo, hi] = signal.normal ?? [0, 100];
      return { device, signal, next: T0, value: lo + (hi - lo) * (0.4 + 0.2 * random()) };
    }),
  );
  const end = T0 + minutes * 60_000;
  let nextTick = T0 + 1000;
  let readings = 0;
  for (;;) {
    const c = channels.reduce((a, b) => (b.next < a.next ? b : a));
    if (c.next >= end) break;
    now = c.next;
    while (nextTick <= now) alarms.tick((nextTick += CONFIG.alarms.tickMs));
    c.value = walk(c.signal, c.value, now, random);
    const [lo, hi] = c.signal.normal ?? [0, 100];
    let value: number | undefined = c.value;
    if (planner) value = planner.shape(c.device, c.signal, value, now);
    else if (random() < CONFIG.simulator.anomalyRate) value = injected(c.signal, hi - lo, random);
    c.next += c.signal.intervalMs;
    if (value === undefined) continue;
    const reading: Reading = {
      deviceId: c.device.id,
      signal: c.signal.key,
      ts: now,
      value: Math.round(value * 100) / 100,
      quality: 'good',
    };
    stage.process([reading]);
    readings++;
  }
  now = end;
  alarms.tick(now);

  const raised = store.annunciations(T0, end);
  const halfHours = Array.from({ length: Math.floor(minutes / 30) }, (_, i) => {
    const from = T0 + i * HALF_HOUR;
    return raised.filter((r) => r.at >= from && r.at < from + HALF_HOUR).length;
  });
  const kpis = alarmKpis(store, store.open(), { from: T0, to: end }, end, T0);
  let escalatedAfterReturn = 0;
  for (const a of [...store.open(), ...store.history({ limit: 100_000 })]) {
    const journal = store.journal(a.id);
    for (const e of journal.filter((j) => j.event === 'escalated' || j.event === 'reminder')) {
      const before = journal.filter((j) => j.at <= e.at && ['raised', 'reactivated', 'returned'].includes(j.event));
      if (before.at(-1)?.event === 'returned') escalatedAfterReturn++;
    }
  }
  const labels: EpisodeLabel[] = planner?.labels() ?? [];
  const alarmOf = (l: EpisodeLabel) => `${l.device}/${l.signal}/${l.crosses}`;
  const crossing = labels.filter((l) => l.crosses !== null && l.end <= end - 5_000);
  const one = crossing.filter(
    (l) => raised.filter((r) => r.key === alarmOf(l) && r.at >= l.start && r.at <= l.end).length === 1,
  ).length;
  const outside = raised.filter(
    (r) => !labels.some((l) => l.crosses !== null && r.key === alarmOf(l) && r.at >= l.start && r.at <= l.end),
  ).length;
  const floods = store.floods(T0, end).length;
  alarms.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    halfHours,
    peakPer10Min: Math.max(0, ...kpis.areas.map((a) => a.peakPer10Min)),
    floods,
    escalatedAfterReturn,
    crossing: crossing.length,
    crossingWithOneAlarm: one,
    alarmsOutsideEpisodes: mode === 'episodes' ? outside : raised.length,
    readings,
    ms: Math.round(performance.now() - started),
  };
}

const spread = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { min: s[0]!, median: at(0.5), p95: at(0.95), max: s.at(-1)!, mean: s.reduce((a, b) => a + b, 0) / s.length };
};

const runs: Run[] = [];
for (let seed = 1; seed <= SEEDS; seed++) {
  runs.push(plant(seed, HOURS * 60, 'episodes', true));
  process.stderr.write(`seed ${seed}: ${runs.at(-1)!.halfHours.reduce((a, b) => a + b, 0)} alarms in ${HOURS} h\n`);
}
const halfHours = runs.flatMap((r) => r.halfHours);
const injection = [1, 2, 3].map((seed) => ({
  withKindDefaults: plant(seed, 30, 'injection', true),
  withoutKindDefaults: plant(seed, 30, 'injection', false),
}));

console.log(
  JSON.stringify(
    {
      plant: {
        devices: DEVICES.length,
        seeds: SEEDS,
        hoursPerSeed: HOURS,
        readings: runs.reduce((a, r) => a + r.readings, 0),
      },
      episodes: {
        alarmsPerHalfHour: spread(halfHours),
        alarmsPer10MinAverage: Math.round((spread(halfHours).mean / 3) * 100) / 100,
        halfHoursOver3: halfHours.filter((n) => n > 3).length,
        halfHours: halfHours.length,
        peakPer10Min: Math.max(...runs.map((r) => r.peakPer10Min)),
        floods: runs.reduce((a, r) => a + r.floods, 0),
        escalatedAfterReturn: runs.reduce((a, r) => a + r.escalatedAfterReturn, 0),
        limitCrossingEpisodes: runs.reduce((a, r) => a + r.crossing, 0),
        withExactlyOneAlarm: runs.reduce((a, r) => a + r.crossingWithOneAlarm, 0),
        alarmsOutsideEpisodes: runs.reduce((a, r) => a + r.alarmsOutsideEpisodes, 0),
        msPerSeed: spread(runs.map((r) => r.ms)),
      },
      injection5pct: {
        alarmsFirstHalfHourWithKindDefaults: injection.map((i) => i.withKindDefaults.halfHours[0]),
        alarmsFirstHalfHourWithoutKindDefaults: injection.map((i) => i.withoutKindDefaults.halfHours[0]),
        floodsWithKindDefaults: injection.map((i) => i.withKindDefaults.floods),
        floodsWithoutKindDefaults: injection.map((i) => i.withoutKindDefaults.floods),
      },
    },
    null,
    2,
  ),
);
