// One build for three targets: the main bundle (Electron entry, headless CLI and the engine's
// utility-process host), the sandboxed preload, and the renderer that both Electron windows
// and browsers load. The renderer's build checks its size budget and precompresses its files.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { precompress } from './scripts/vite/precompress';
import { rendererBudget } from './scripts/vite/renderer-budget';
import { zodWithoutJsonSchema } from './scripts/vite/zod-without-json-schema';

/** What a browser may load before the Wall's first live tile (docs/developer-guide.md: Bundle budget). */
const FIRST_VIEW_BUDGET_BYTES = 400_000;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          'engine-host': resolve(__dirname, 'src/main/shell/engine-host.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    base: './',
    plugins: [
      zodWithoutJsonSchema(),
      react(),
      rendererBudget({ budgetBytes: FIRST_VIEW_BUDGET_BYTES, firstView: 'src/renderer/src/views/WallView.tsx' }),
      precompress(),
    ],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
