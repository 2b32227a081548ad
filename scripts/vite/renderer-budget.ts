// The renderer's size budget, measured at every build: what a browser must load before the
// Wall's first live tile — the page, its entry script and everything that script imports
// statically, their styles, and the Wall view's own chunk with its static imports. Prints those
// files with their raw (minified, uncompressed) size and what `serve` sends of them (the .gz
// and .br copies precompress.ts wrote, which is why this runs after it), then what is fetched
// later on demand, and fails the build when the raw total is over the budget
// (docs/developer-guide.md: Bundle budget).
import { statSync } from 'node:fs';
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

/** The file's size, and what goes over the wire to a browser taking gzip, or brotli. */
function sizes(dir: string, fileName: string, raw: number): { raw: number; gzip: number; brotli: number } {
  const copy = (suffix: string) => {
    try {
      return statSync(join(dir, fileName + suffix)).size;
    } catch {
      return raw; // no smaller copy: sent as it is
    }
  };
  return { raw, gzip: copy('.gz'), brotli: copy('.br') };
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
        const all = bundle as unknown as Record<string, BundleFile>;
        const dir = output.dir ?? '.';
        const initial = initialFiles(all, options.firstView);
        const rows = initial.map((name) => ({ name, ...sizes(dir, name, bytesOf(all[name]!).length) }));
        const total = rows.reduce(
          (t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
          {
            raw: 0,
            gzip: 0,
            brotli: 0,
          },
        );
        const width = Math.max(...rows.map((r) => r.name.length), 5) + 2;
        const line = (name: string, s: { raw: number; gzip: number; brotli: number }) =>
          `  ${name.padEnd(width)}${kB(s.raw).padStart(10)}${kB(s.gzip).padStart(11)} gzip${kB(s.brotli).padStart(11)} br`;
        const later = Object.values(all).filter((f) => !initial.includes(f.fileName) && /\.(js|css)$/.test(f.fileName));
        const largest = later.reduce<BundleFile | null>(
          (a, f) => (!a || bytesOf(f).length > bytesOf(a).length ? f : a),
          null,
        );
        const over = total.raw > options.budgetBytes;
        console.log(
          [
            '',
            `renderer: what the browser loads before the first live tile (budget ${kB(options.budgetBytes)} minified; then as sent):`,
            ...rows.map((r) => line(r.name, r)),
            line('total', total) + (over ? '  OVER BUDGET' : `  (${kB(options.budgetBytes - total.raw)} to spare)`),
            `  later, on demand: ${later.length} files, ${kB(later.reduce((n, f) => n + bytesOf(f).length, 0))}` +
              (largest ? `; the largest is ${largest.fileName} (${kB(bytesOf(largest).length)})` : ''),
            '',
          ].join('\n'),
        );
        if (over) {
          this.error(
            `the first view needs ${kB(total.raw)} of code and styles, over the ${kB(options.budgetBytes)} budget: ` +
              'load the new weight lazily (docs/developer-guide.md: Bundle budget)',
          );
        }
      },
    },
  };
}
