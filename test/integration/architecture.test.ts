// The import direction of DESIGN.md is enforced by lint: these cases prove the rules bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('architecture rules', () => {
  it('fails an electron import inside the engine', async () => {
    const msgs = await ruleIds('src/main/engine/probe.ts', "import { app } from 'electron';\nexport const x = app;\n");
    expect(msgs.some((m) => m.startsWith('no-restricted-imports') && m.includes('electron'))).toBe(true);
  });

  it('fails process.env in the engine', async () => {
    const msgs = await ruleIds('src/main/engine/probe.ts', 'export const port = process.env.PORT;\n');
    expect(msgs.some((m) => m.startsWith('no-restricted-properties'))).toBe(true);
  });

  it('fails the renderer reaching into main or Node', async () => {
    const main = await ruleIds(
      'src/renderer/src/probe.ts',
      "import { Engine } from '../../main/engine/engine';\nexport const e = Engine;\n",
    );
    expect(main.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    const node = await ruleIds(
      'src/renderer/src/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    );
    expect(node.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('fails the engine importing its transports', async () => {
    const msgs = await ruleIds(
      'src/main/engine/probe.ts',
      "import { serve } from '../server/serve';\nexport const s = serve;\n",
    );
    expect(msgs.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('allows the shell to import electron and the engine to import shared', async () => {
    expect(
      await ruleIds('src/main/shell/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toEqual([]);
    expect(
      await ruleIds(
        'src/main/engine/probe.ts',
        "import { EngineError } from '../../shared/errors';\nexport const e = EngineError;\n",
      ),
    ).toEqual([]);
  });
});
