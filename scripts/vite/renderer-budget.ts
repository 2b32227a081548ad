// The renderer's size budget, measured at every build: what a browser must load before the
// Wall's first live tile — the page, its entry script and everything that script imports
// statically, their styles, and the Wall view's own chunk with its static imports. Prints those
// files with their raw (minified, uncompressed) size and what `serve` sends of them (the .gz
// and .br copies precompress.ts wrote, which is why this runs after it), then what is fetched
// later on demand, and fails the build when the raw total is over the budget
// (docs/developer-guide.md: Bundle budget). The same figures go to out/renderer-budget.json.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

export interface RendererBudgetOptions {
  /** Most bytes (minified, uncompressed) the first view may need. */
  budgetBytes: number;
  /** The module of the view a browser opens first (its path ends with this). */
  firstView: string;
}

interface BundleChunk {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
  dynamicImports: string[];
  viteMetadata?: { importedCss: Set<string> };
}
interface BundleAsset {
  type: 'asset';
  fileName: string;
  source: string | Uint8Array;
}
type BundleFile = BundleChunk | BundleAsset;

const bytesOf = (f: BundleFile): Buffer => Buffer.from(f.type === 'chunk' ? f.code : f.source);

/** The page, and every chunk and stylesheet the first view needs before it can draw, in load order. */
export function initialFiles(bundle: Readonly<Record<string, BundleFile>>, firstView: string): string[] {
  const files = Object.values(bundle);
  const chunks = files.filter((f): f is BundleChunk => f.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry);
  const view = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(firstView));
  if (!entry) throw new Error('the renderer build has no entry chunk');
  if (!view) throw new Error(`no chunk of the renderer build starts at ${firstView}`);
  const seen = new Set<string>();
  const order: string[] = files.filter((f) => f.fileName.endsWith('.html')).map((f) => f.fileName);
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const chunk = bundle[name];
    if (chunk?.type !== 'chunk') return;
    chunk.imports.forEach(visit);
    order.push(name, ...(chunk.viteMetadata?.importedCss ?? []));
  };
  visit(entry.fileName);
  visit(view.fileName);
  return [...new Set(order)];
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

/** What the build found, also written to out/renderer-budget.json for tests and CI. */
export interface BudgetReport {
  budgetBytes: number;
  /** The first view's files, in load order (paths under out/renderer). */
  initial: (Sizes & { file: string })[];
  total: Sizes;
  later: { files: number; raw: number; largest: string | null };
}

/** The file's size, and what goes over the wire to a browser taking gzip, or brotli. */
function sizes(dir: string, fileName: string, raw: number): Sizes {
  const copy = (suffix: string) => {
    try {
      return statSync(join(dir, fileName + suffix)).size;
    } catch {
      return raw; // no smaller copy: sent as it is
    }
  };
  return { raw, gzip: copy('.gz'), brotli: copy('.br') };
}

function measure(
  bundle: Readonly<Record<string, BundleFile>>,
  dir: string,
  options: RendererBudgetOptions,
): BudgetReport {
  const names = initialFiles(bundle, options.firstView);
  const initial = names.map((file) => ({ file, ...sizes(dir, file, bytesOf(bundle[file]!).length) }));
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of initial) {
    total.raw += f.raw;
    total.gzip += f.gzip;
    total.brotli += f.brotli;
  }
  const later = Object.values(bundle)
    .filter((f) => !names.includes(f.fileName) && /\.(js|css)$/.test(f.fileName))
    .map((f) => ({ file: f.fileName, raw: bytesOf(f).length }))
    .sort((a, b) => b.raw - a.raw);
  return {
    budgetBytes: options.budgetBytes,
    initial,
    total,
    later: { files: later.length, raw: later.reduce((n, f) => n + f.raw, 0), largest: later[0]?.file ?? null },
  };
}

function format(report: BudgetReport): string {
  const width = Math.max(...report.initial.map((r) => r.file.length), 5) + 2;
  const line = (name: string, s: Sizes) =>
    `  ${name.padEnd(width)}${kB(s.raw).padStart(10)}${kB(s.gzip).padStart(11)} gzip${kB(s.brotli).padStart(11)} br`;
  const spare = report.budgetBytes - report.total.raw;
  return [
    '',
    `renderer: what the browser loads before the first live tile (budget ${kB(report.budgetBytes)} minified; then as sent):`,
    ...report.initial.map((r) => line(r.file, r)),
    line('total', report.total) + (spare < 0 ? '  OVER BUDGET' : `  (${kB(spare)} to spare)`),
    `  later, on demand: ${report.later.files} files, ${kB(report.later.raw)}` +
      (report.later.largest ? `; the largest is ${report.later.largest}` : ''),
    '',
  ].join('\n');
}

export function rendererBudget(options: RendererBudgetOptions): Plugin {
  return {
    name: 'watchfloor:renderer-budget',
    apply: 'build',
    writeBundle: {
      // After precompress has written its copies.
      order: 'post',
      sequential: true,
      handler(output, bundle) {
        const dir = output.dir ?? '.';
        const report = measure(bundle as unknown as Record<string, BundleFile>, dir, options);
        console.log(format(report));
        writeFileSync(join(dir, '..', 'renderer-budget.json'), `${JSON.stringify(report, null, 2)}\n`);
        if (report.total.raw > options.budgetBytes) {
          this.error(
            `the first view needs ${kB(report.total.raw)} of code and styles, over the ${kB(options.budgetBytes)} budget: ` +
              'load the new weight lazily (docs/developer-guide.md: Bundle budget)',
          );
        }
      },
    },
  };
}
