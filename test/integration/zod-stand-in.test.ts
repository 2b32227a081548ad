// The renderer's build swaps zod's JSON Schema modules for stand-ins (scripts/vite/
// zod-without-json-schema.ts). A stand-in must export every name the real module does, or the
// renderer would not link after a zod upgrade — and zod must still validate with them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { exportNames, standIn } from '../../scripts/vite/zod-without-json-schema';

const require = createRequire(import.meta.url);
const root = require.resolve('zod/package.json').replace(/package\.json$/, '');
const MODULES = [
  'v4/core/json-schema-processors.js',
  'v4/core/to-json-schema.js',
  'v4/core/json-schema-generator.js',
  'v4/classic/from-json-schema.js',
];

describe('zod without JSON Schema in the renderer', () => {
  it.each(MODULES)('stands in for every export of %s', async (module) => {
    const real = Object.keys(await import(`${root}${module}`)).sort();
    expect(exportNames(readFileSync(`${root}${module}`, 'utf8')).sort()).toEqual(real);
  });

  it('builds schemas (the stand-ins are only called to convert) and throws if asked to convert', async () => {
    const code = standIn(['createToJSONSchemaMethod']);
    const mod = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as Record<string, () => () => void>;
    const method = mod.createToJSONSchemaMethod!();
    expect(() => method()).toThrow(/not part of the renderer build/);
  });
});
