// `watchfloor audit verify | export` and the restore's own entry, as an operator runs them: the
// built CLI against a stopped data directory. verify's exit code is what a monitoring script
// reads: 0 for an intact chain, 1 (with the seq) for an edited one. Needs `npm run build` first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { runCli } from '../support/cli-process';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';

describe('watchfloor audit', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  const at = (name: string) => join(tmp.path, name);

  beforeAll(async () => {
    tmp = makeTempDir();
    const engine = await startEngine(at('data'), { simulator: { enabled: false }, broker: { embedded: false } });
    for (const id of ['oven', 'press', 'kiln']) {
      await engine.services.audit.call('rules.delete', { id }, IN_PROCESS, async () => ({ deleted: true }));
    }
    await engine.stop();
  }, 30_000);
  afterAll(() => tmp?.remove());

  it('verifies an intact trail (exit 0) and exports it as CSV, recording the export', async () => {
    const ok = await runCli(['audit', 'verify', '--data', at('data')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toBe('3 entries, chain intact');

    const out = await runCli(['audit', 'export', '--out', at('audit.csv'), '--action', 'rules.', '--data', at('data')]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('wrote 3 audit entries');
    const rows = readFileSync(at('audit.csv'), 'utf8').trim().split('\r\n');
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => r.split(',')[6])).toEqual(['oven', 'press', 'kiln']);

    const after = await runCli(['audit', 'verify', '--data', at('data')]);
    expect(after.stdout.trim()).toBe('4 entries, chain intact');
  });

  it('exits 1 naming the first edited entry', async () => {
    const db = new Database(join(at('data'), 'state.db'));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET target = 'nothing' WHERE seq = 2").run();
    db.close();
    const broken = await runCli(['audit', 'verify', '--data', at('data')]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/broken at seq 2: .*edited/);
  });

  it('refuses a mistyped command line with exit 2', async () => {
    expect((await runCli(['audit', 'check', '--data', at('data')])).code).toBe(2);
    expect((await runCli(['audit', 'export', '--data', at('data')])).code).toBe(2);
  });

  it('records a restore as the restored trail’s newest entry; the edit the backup carried still shows', async () => {
    const backup = await runCli(['backup', at('backup'), '--data', at('data')], { timeoutMs: 60_000 });
    expect(backup.code, backup.stderr).toBe(0);
    // The command's backup passed the engine's access control: it is in the trail as an export.
    const source = new Database(join(at('data'), 'state.db'), { readonly: true });
    const backedUp = source.prepare("SELECT actor, client, outcome FROM audit_log WHERE action = 'admin.backup'").all();
    source.close();
    expect(backedUp).toEqual([{ actor: 'local', client: 'in-process', outcome: 'ok' }]);
    const restore = await runCli(['restore', at('backup'), '--data', at('data-b')]);
    expect(restore.code, restore.stderr).toBe(0);
    // The backup carried the edited entry; the restore is recorded after it all the same.
    const db = new Database(join(at('data-b'), 'state.db'), { readonly: true });
    const last = db.prepare('SELECT actor, action, target FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    db.close();
    expect(last).toEqual({ actor: 'local', action: 'admin.restore', target: at('backup') });
    const verdict = await runCli(['audit', 'verify', '--data', at('data-b')]);
    expect(verdict.code).toBe(1);
    expect(verdict.stdout).toMatch(/broken at seq 2/);
  }, 90_000);
});
