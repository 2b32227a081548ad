// The renderer validates with zod and never converts a schema to or from JSON Schema, yet every
// zod schema's constructor refers to the JSON Schema processors, so the bundler keeps them all:
// about 18 kB of the first view (docs/developer-guide.md: Bundle budget). This plugin gives the
// renderer's build stand-ins for those four modules, with the same export names: a schema still
// builds, and a call that would produce JSON Schema throws, saying why. Node (engine, CLI,
// tests) uses zod untouched.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const MODULES = [
  /zod\/v4\/core\/json-schema-processors\.js$/,
  /zod\/v4\/core\/to-json-schema\.js$/,
  /zod\/v4\/core\/json-schema-generator\.js$/,
  /zod\/v4\/classic\/from-json-schema\.js$/,
];

/** The names a module exports: `export function|const|class x` and `export { a as b }`. */
export function exportNames(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+([\w$]+)/gm))
    names.add(m[1]!);
  for (const m of source.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const part of m[1]!.split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name) names.add(name);
    }
  }
  return [...names];
}

/** A module exporting each name as a function whose result throws: schemas build, conversions fail loudly. */
export function standIn(names: readonly string[]): string {
  const body = [
    'const refuse = () => { throw new Error("JSON Schema conversion is not part of the renderer build"); };',
    'function unavailable() { return refuse; }',
    ...names.map((n) => `export { unavailable as ${n} };`),
  ];
  return body.join('\n');
}

export function zodWithoutJsonSchema(): Plugin {
  return {
    name: 'watchfloor:zod-without-json-schema',
    enforce: 'pre',
    load(id) {
      const path = id.split('?')[0]!;
      if (!MODULES.some((re) => re.test(path))) return null;
      return standIn(exportNames(readFileSync(path, 'utf8')));
    },
  };
}
