// `watchfloor import --lake DIR`: loads a Parquet lake (the layout `export --lake` writes)
// into history. Readings already stored are skipped, so importing twice is harmless.
import { resolve } from 'node:path';
import { expectArgs, LOCATION_OPTIONS, resolveConfig, stringOption, UsageError, type Command } from './command-line';
import { describeProgress, followJob, withEngine } from './engine-access';

export const importCommand: Command = {
  options: { ...LOCATION_OPTIONS, lake: { type: 'string' } },
  async run(line, ctx) {
    expectArgs(line, 'import', []);
    const lake = stringOption(line.values, 'lake');
    if (!lake) throw new UsageError('import needs --lake DIR');
    const config = resolveConfig(line.values, ctx);
    const dir = resolve(lake);
    const done = await withEngine(config, ctx, async (engine) => {
      const job = await engine.request('history.importLake', { dir });
      return followJob(engine, job, (j) => ctx.status.progress(describeProgress('import', j)));
    });
    ctx.status.clear();
    // The job counts what was added; readings already stored are skipped (the engine logs how many).
    ctx.out(`imported ${done.rows} readings from ${dir} into ${config.dataDir}`);
    return 0;
  },
};
