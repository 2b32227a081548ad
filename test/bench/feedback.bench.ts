// npm run bench -- feedback [--seeds 1,2,3] [--phase1-days 5] [--phase2-days 8]
//
// False alarms feed back (issue 13's figure): simulated days at accelerated time through a
// real engine (fleet simulator values as JSON payloads into the pipeline, history, detection,
// the alarm service; the engine's clock follows simulated time), one reading a minute on three
// signals. One signal carries a benign spike at 04:00 every day (a fleet pattern, three
// half-bands up for ten minutes) and real faults of four shapes at fixed times, each once per
// phase: a level shift down, a slow excursion up, a larger spike, and a spike of the benign
// one's size and direction at another hour (test/support/feedback-scenario.ts). Statistical
// anomalies raise alarms (detection.stats.alarms: true — off by default, and the only case in
// which feedback changes what an operator sees).
//
// Phase 1 runs with no labels; the first three benign occurrences are then labelled false
// alarm (a range over each, annotations.create over the contract); phase 2 runs on. Each seed is run
// twice on the same data: with the labels, and as a control without them (the statistics learn
// some of the daily pattern themselves; the control says how much). Prints one JSON document:
// benign alarms per occurrence before (phase 1) and after (phase 2), the reduction against
// phase 1 and against the control's phase 2, fault recall before and after, suppressed counts,
// and the spread over the seeds. Target: ≥ 90 % fewer benign alarms, recall unchanged.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runFeedbackScenario, type ScenarioResult } from '../support/feedback-scenario';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    'phase1-days': { type: 'string', default: '5' },
    'phase2-days': { type: 'string', default: '8' },
  },
});
const seeds = args.seeds.split(',').map(Number);
const phase1Days = Number(args['phase1-days']);
const phase2Days = Number(args['phase2-days']);
const log = (m: string) => process.stderr.write(`[bench feedback] ${m}\n`);

async function scenario(seed: number, label: boolean): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-feedback-'));
  try {
    return await runFeedbackScenario({ dataDir: dir, seed, phase1Days, phase2Days, label });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function summary(seed: number, withLabels: ScenarioResult, control: ScenarioResult) {
  const phase = (r: ScenarioResult, p: 1 | 2) => r.benign.filter((b) => b.phase === p);
  const before = phase(withLabels, 1);
  const after = phase(withLabels, 2);
  const controlAfter = phase(control, 2);
  const perOcc = (list: { alarms: number }[]) => sum(list.map((b) => b.alarms)) / list.length;
  const recall = (r: ScenarioResult, p: 1 | 2) => {
    const f = r.faults.filter((x) => x.phase === p);
    return round(f.filter((x) => x.alarmed).length / f.length);
  };
  const beforeRate = perOcc(before);
  const afterRate = perOcc(after);
  const controlRate = perOcc(controlAfter);
  return {
    seed,
    benignAlarms: {
      before: {
        occurrences: before.length,
        alarms: sum(before.map((b) => b.alarms)),
        perOccurrence: round(beforeRate),
      },
      after: { occurrences: after.length, alarms: sum(after.map((b) => b.alarms)), perOccurrence: round(afterRate) },
      controlAfter: {
        occurrences: controlAfter.length,
        alarms: sum(controlAfter.map((b) => b.alarms)),
        perOccurrence: round(controlRate),
      },
      perOccurrence: withLabels.benign.map((b) => ({ day: b.day, phase: b.phase, ...pick(b) })),
      controlPerOccurrence: control.benign.map((b) => ({ day: b.day, phase: b.phase, ...pick(b) })),
    },
    reductionVsPhase1Percent: beforeRate > 0 ? round((1 - afterRate / beforeRate) * 100, 1) : null,
    reductionVsControlPercent: controlRate > 0 ? round((1 - afterRate / controlRate) * 100, 1) : null,
    faultRecall: {
      before: recall(withLabels, 1),
      after: recall(withLabels, 2),
      controlBefore: recall(control, 1),
      controlAfter: recall(control, 2),
      faults: withLabels.faults.map((f) => ({
        shape: f.shape,
        day: f.day,
        at: f.at,
        alarms: f.alarms,
        suppressed: f.suppressed,
      })),
    },
    suppressed: withLabels.suppressedTotal,
    otherAlarms: { withLabels: withLabels.otherAlarms, control: control.otherAlarms },
    readings: withLabels.readings,
    seconds: { withLabels: round(withLabels.seconds, 1), control: round(control.seconds, 1) },
  };
}

function pick(b: { alarms: number; anomalies: number; suppressed: number }) {
  return { alarms: b.alarms, anomalies: b.anomalies, suppressed: b.suppressed };
}

async function main(): Promise<void> {
  const runs: ReturnType<typeof summary>[] = [];
  for (const seed of seeds) {
    log(`seed ${seed}: ${phase1Days} + ${phase2Days} simulated days, with labels`);
    const withLabels = await scenario(seed, true);
    log(`seed ${seed}: control, no labels`);
    const control = await scenario(seed, false);
    runs.push(summary(seed, withLabels, control));
  }
  const spread = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? { min: Math.min(...v), max: Math.max(...v) } : null;
  };
  const result = {
    benchmark: 'feedback',
    phase1Days,
    phase2Days,
    labelled: 'the first three benign occurrences, false alarm',
    target: '>= 90 % fewer benign alarms per occurrence after labelling; fault recall unchanged',
    spread: {
      reductionVsPhase1Percent: spread(runs.map((r) => r.reductionVsPhase1Percent)),
      reductionVsControlPercent: spread(runs.map((r) => r.reductionVsControlPercent)),
      recallBefore: spread(runs.map((r) => r.faultRecall.before)),
      recallAfter: spread(runs.map((r) => r.faultRecall.after)),
      suppressed: spread(runs.map((r) => r.suppressed)),
      secondsPerRun: spread(runs.map((r) => r.seconds.withLabels)),
    },
    runs,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err: unknown) => {
  log((err as Error).stack ?? String(err));
  process.exit(1);
});
