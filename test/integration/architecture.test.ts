// The import direction of DESIGN.md is enforced by lint: these cases prove the rules bite.
// Each probe is linted as if it were a file deep inside its layer (ESLint resolves the import
// from the probe's own directory), so a rule that only matched import texts such as '../server'
// would let the deep probes through. One ESLint instance serves every probe.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lint(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

/** A probe that imports `spec` from `file`; the import must name a real file, or the layer
 * rule (which judges the resolved file) would have nothing to judge and the case would prove nothing. */
function importing(file: string, spec: string): [string, string] {
  if (!spec.startsWith('.')) return [file, `import * as probe from '${spec}';\nexport const p = probe;\n`];
  const target = join(dirname(file), spec);
  const found = ['.ts', '.tsx', '/index.ts'].some((ext) => existsSync(target + ext));
  if (!found) throw new Error(`probe target ${target} does not exist: pick a file that does`);
  return [file, `import * as probe from '${spec}';\nexport const p = probe;\n`];
}

const LAYERS = 'import-x/no-restricted-paths';
const ENGINE = 'The engine does not know its transports or the shell.';
const SHARED = 'src/shared is the bottom layer';
const SERVER = 'The headless server never depends on the Electron shell.';
const ENTRY = 'Entry points (src/main/index.ts, src/main/cli.ts) are imported by nobody.';
const MAIN = 'Main-process code never imports the renderer or the preload.';
const PRELOAD = 'The preload imports only src/shared.';
const RENDERER = 'The renderer imports only src/shared';

describe('architecture rules: layers, judged on the file an import resolves to', () => {
  const forbidden: [string, string, string, string][] = [
    // [what, importing file (deep in its layer), import, message]
    ['engine → server, three levels down', 'src/main/engine/ingest/kafka/probe.ts', '../../../server/serve', ENGINE],
    ['engine → shell, three levels down', 'src/main/engine/detect/models/probe.ts', '../../../shell/shell-app', ENGINE],
    ['engine → server, at the top', 'src/main/engine/probe.ts', '../server/serve', ENGINE],
    ['engine → shell, at the top', 'src/main/engine/probe.ts', '../shell/shell-app', ENGINE],
    ['engine → an entry point', 'src/main/engine/ingest/kafka/probe.ts', '../../../cli', ENTRY],
    ['engine → renderer', 'src/main/engine/ingest/kafka/probe.ts', '../../../../renderer/src/main', MAIN],
    ['server → shell, two levels down', 'src/main/server/rest/probe.ts', '../../shell/shell-app', SERVER],
    ['server → the Electron entry', 'src/main/server/rest/probe.ts', '../../index', SERVER],
    ['server → preload', 'src/main/server/access/probe.ts', '../../../preload/index', MAIN],
    ['headless entry → shell', 'src/main/cli.ts', './shell/shell-app', SERVER],
    ['shell → renderer', 'src/main/shell/testing/probe.ts', '../../../renderer/src/main', MAIN],
    ['shell → the headless entry', 'src/main/shell/testing/probe.ts', '../../cli', ENTRY],
    ['shared → engine', 'src/shared/contract/probe.ts', '../../main/engine/engine', SHARED],
    ['shared → server', 'src/shared/rpc/probe.ts', '../../main/server/serve', SHARED],
    ['shared → renderer', 'src/shared/contract/probe.ts', '../../renderer/src/main', SHARED],
    ['shared → preload', 'src/shared/probe.ts', '../preload/index', SHARED],
    ['preload → engine', 'src/preload/probe.ts', '../main/engine/engine', PRELOAD],
    ['preload → renderer', 'src/preload/probe.ts', '../renderer/src/main', PRELOAD],
    ['renderer → engine', 'src/renderer/src/probe.ts', '../../main/engine/engine', RENDERER],
    ['renderer → engine, deep', 'src/renderer/src/views/settings/probe.ts', '../../../../main/engine/engine', RENDERER],
    ['renderer → server, deep', 'src/renderer/src/views/sources/probe.tsx', '../../../../main/server/serve', RENDERER],
    ['renderer → preload', 'src/renderer/src/api/probe.ts', '../../../preload/index', RENDERER],
  ];
  it.each(forbidden)('fails %s', async (_what, file, spec, message) => {
    const msgs = await lint(...importing(file, spec));
    expect(msgs).toContainEqual(expect.stringMatching(new RegExp(`^${LAYERS}: .*${escape(message)}`)));
  });

  it('fails a type-only import and a dynamic import across a layer', async () => {
    const file = 'src/main/engine/ingest/kafka/probe.ts';
    importing(file, '../../../server/serve');
    const typeOnly = await lint(
      file,
      "import type { ServeOptions } from '../../../server/serve';\nexport type S = ServeOptions;\n",
    );
    expect(typeOnly).toContainEqual(expect.stringContaining(ENGINE));
    const dynamic = await lint(file, "export const s = () => import('../../../server/serve');\n");
    expect(dynamic).toContainEqual(expect.stringContaining(ENGINE));
  });

  const allowed: [string, string, string][] = [
    ['shared → shared', 'src/shared/contract/probe.ts', '../errors'],
    ['engine → shared', 'src/main/engine/probe.ts', '../../shared/errors'],
    ['engine → shared, deep', 'src/main/engine/ingest/kafka/probe.ts', '../../../../shared/errors'],
    ['engine → engine', 'src/main/engine/ingest/kafka/probe.ts', '../../engine'],
    ['server → engine, deep', 'src/main/server/rest/probe.ts', '../../engine/engine'],
    ['server → shared', 'src/main/server/rest/probe.ts', '../../../shared/errors'],
    ['headless entry → server', 'src/main/cli.ts', './server/serve'],
    ['shell → engine', 'src/main/shell/testing/probe.ts', '../../engine/engine'],
    ['Electron entry → shell', 'src/main/index.ts', './shell/shell-app'],
    ['preload → shared', 'src/preload/probe.ts', '../shared/errors'],
    ['renderer → shared, deep', 'src/renderer/src/views/settings/probe.ts', '../../../../shared/errors'],
    ['renderer → renderer', 'src/renderer/src/views/settings/probe.ts', '../../main'],
  ];
  it.each(allowed)('allows %s', async (_what, file, spec) => {
    expect(await lint(...importing(file, spec))).toEqual([]);
  });
});

describe('architecture rules: electron only in the shell, src/main/index.ts and the preload', () => {
  const ELECTRON = 'Only src/main/shell, src/main/index.ts and src/preload may import electron.';
  it.each([
    ['src/shared/contract/probe.ts', 'electron'],
    ['src/main/engine/ingest/kafka/probe.ts', 'electron'],
    ['src/main/engine/probe.ts', 'electron'],
    ['src/main/engine/probe.ts', 'electron/main'],
    ['src/main/server/rest/probe.ts', 'electron'],
    ['src/main/cli.ts', 'electron'],
    ['src/renderer/src/views/settings/probe.tsx', 'electron'],
    ['src/renderer/src/probe.ts', 'electron/renderer'],
  ])('fails %s importing %s', async (file, spec) => {
    const msgs = await lint(...importing(file, spec));
    expect(msgs).toContainEqual(expect.stringMatching(new RegExp(`^no-restricted-imports: .*${escape(ELECTRON)}`)));
  });

  it.each([
    ['src/main/shell/probe.ts', 'electron'],
    ['src/main/shell/testing/probe.ts', 'electron'],
    ['src/main/index.ts', 'electron'],
    ['src/preload/probe.ts', 'electron'],
  ])('allows %s importing %s', async (file, spec) => {
    expect(await lint(...importing(file, spec))).toEqual([]);
  });
});

describe('architecture rules: the engine and the sandboxed pages', () => {
  it('fails process.env anywhere in the engine', async () => {
    for (const file of ['src/main/engine/probe.ts', 'src/main/engine/ingest/kafka/probe.ts']) {
      const msgs = await lint(file, 'export const port = process.env.PORT;\n');
      expect(msgs).toContainEqual(expect.stringMatching(/^no-restricted-properties: .*never reads process\.env/));
    }
  });

  it.each([
    ['src/renderer/src/views/settings/probe.ts', 'node:fs'],
    ['src/renderer/src/probe.ts', 'child_process'],
    ['src/shared/rpc/probe.ts', 'node:path'],
    ['src/preload/probe.ts', 'node:os'],
  ])('fails %s importing Node API %s', async (file, spec) => {
    const msgs = await lint(...importing(file, spec));
    expect(msgs).toContainEqual(expect.stringMatching(/^no-restricted-imports: .*no Node APIs/));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
