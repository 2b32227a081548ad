// The import graph of a source folder as TypeScript resolves it (the project's tsconfig, its
// module resolution, `import type` and `export … from` included: a type-only cycle still ties
// two modules together for whoever reads or changes them), and the cycles in it. Files may be
// replaced or added in memory, which is how the cycle test proves it would catch one.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface ImportGraphOptions {
  /** The tsconfig whose compiler options resolve imports. */
  tsconfig: string;
  /** Absolute path → text, read instead of the file on disk (or added beside it). */
  overrides?: ReadonlyMap<string, string>;
}

/** Every .ts/.tsx file under `dir` (declaration files left out). */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function compilerOptions(tsconfig: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    resolve(tsconfig),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${tsconfig}`);
  return parsed.options;
}

/** File → the files under `dir` it imports, resolved as the compiler resolves them. */
export function importGraph(dir: string, options: ImportGraphOptions): Map<string, string[]> {
  const root = resolve(dir);
  const overrides = options.overrides ?? new Map<string, string>();
  const compiler = compilerOptions(options.tsconfig);
  const host: ts.ModuleResolutionHost = {
    fileExists: (p) => overrides.has(p) || ts.sys.fileExists(p),
    readFile: (p) => overrides.get(p) ?? ts.sys.readFile(p),
    directoryExists: ts.sys.directoryExists,
    realpath: ts.sys.realpath,
    getCurrentDirectory: ts.sys.getCurrentDirectory,
  };
  const files = new Set(sourceFiles(root));
  for (const p of overrides.keys()) if (p.startsWith(root + '/')) files.add(p);
  const inside = (p: string) => p.startsWith(root + '/') && !p.endsWith('.d.ts');
  const graph = new Map<string, string[]>();
  for (const file of [...files].sort()) {
    const text = overrides.get(file) ?? readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const resolved = ts.resolveModuleName(ref.fileName, file, compiler, host).resolvedModule?.resolvedFileName;
      if (resolved && inside(resolved)) targets.add(resolve(resolved));
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/**
 * The cycles of a graph, one per strongly connected component (Tarjan), each as the shortest
 * loop through the component's first file: `[a, b, a]`. Empty when the graph is acyclic.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = component.length === 1 && (graph.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return components.map((c) => shortestLoop(graph, c[0]!, new Set(c)));
}

/** Breadth-first from `start` back to it, staying inside its component. */
function shortestLoop(graph: ReadonlyMap<string, readonly string[]>, start: string, within: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!within.has(w)) continue;
      if (w === start) {
        const loop = [start];
        for (let at: string | undefined = v; at !== undefined && at !== start; at = previous.get(at)) loop.unshift(at);
        loop.unshift(start);
        return loop;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** "engine.ts → api-handlers.ts → engine.ts", relative to `base`. */
export function describeCycle(cycle: readonly string[], base: string): string {
  return cycle.map((f) => relative(base, f)).join(' → ');
}
