// No import cycle between engine modules (nor elsewhere in main and shared): the composition
// root wires services, and nothing it wires imports it back. Checked on the graph TypeScript resolves (test/support/import-graph.ts);
// the probes prove that a cycle anywhere in the tree, even type-only and deep down, fails it.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCycle, findCycles, importGraph } from '../support/import-graph';

const root = process.cwd();
const engineDir = resolve(root, 'src/main/engine');
const tsconfig = join(root, 'tsconfig.node.json');

function engineCycles(overrides?: Map<string, string>): string[] {
  const graph = importGraph(engineDir, { tsconfig, overrides });
  return findCycles(graph).map((c) => describeCycle(c, engineDir));
}

describe('engine import graph', () => {
  it('has no import cycle', () => {
    expect(engineCycles()).toEqual([]);
  });

  it('has none in the transports, the shell and shared either', () => {
    for (const dir of ['src/main', 'src/shared'].map((d) => resolve(root, d))) {
      const cycles = findCycles(importGraph(dir, { tsconfig })).map((c) => describeCycle(c, dir));
      expect(cycles, dir).toEqual([]);
    }
  });

  it('sees the engine modules and their imports', () => {
    const graph = importGraph(engineDir, { tsconfig });
    const engine = graph.get(join(engineDir, 'engine.ts'));
    expect(engine).toContain(join(engineDir, 'api-handlers.ts'));
    expect(engine).toContain(join(engineDir, 'history/history-store.ts'));
  });

  it('fails on a type-only cycle deep in the tree (probe)', () => {
    // A source that asks the composition root for its type: the cycle issue 11 removed.
    const probe = join(engineDir, 'ingest/kafka/probe.ts');
    const store = join(engineDir, 'history/history-store.ts');
    const overrides = new Map([
      [probe, "import type { Engine } from '../../engine';\nexport type E = Engine;\n"],
      [store, `import type { E } from '../ingest/kafka/probe';\nexport type Probe = E;\n`],
    ]);
    const cycles = engineCycles(overrides);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toContain('engine.ts');
    expect(cycles[0]).toContain('history/history-store.ts');
    expect(cycles[0]).toContain('ingest/kafka/probe.ts');
  });

  it('fails on a module that imports itself (probe)', () => {
    const metrics = join(engineDir, 'metrics.ts');
    const overrides = new Map([[metrics, "export * from './metrics';\n"]]);
    expect(engineCycles(overrides)).toEqual(['metrics.ts → metrics.ts']);
  });
});
