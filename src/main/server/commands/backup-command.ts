// `watchfloor backup DIR`: a consistent copy of history and state while ingest goes on. The
// engine that owns the data makes it — the running one if there is one, else this process.
import { resolve } from 'node:path';
import { BACKUP_FILES } from '../../engine/backup';
import { expectArgs, LOCATION_OPTIONS, resolveConfig, type Command } from './command-line';
import { withEngine } from './engine-access';
import { followJob } from './job-follow';

export const backupCommand: Command = {
  options: LOCATION_OPTIONS,
  async run(line, ctx) {
    const [target] = expectArgs(line, 'backup', ['DIR']);
    const config = resolveConfig(line.values, ctx);
    // Absolute: a running engine resolves paths against its own working directory, not ours.
    const dir = resolve(target!);
    const source = await withEngine(config, ctx, async (engine) => {
      const job = await engine.request('admin.backup', { dir });
      await followJob(engine, job, ctx.status, 'backup', { rows: false });
      return engine.dataDir;
    });
    ctx.status.clear();
    ctx.out(`backed up ${source} to ${dir} (${[...BACKUP_FILES, 'manifest.json'].join(', ')})`);
    return 0;
  },
};
