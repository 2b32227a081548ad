// Lint, and the architecture's import direction (DESIGN.md): shared ← main/engine ←
// main/server, main/shell; preload and renderer import only shared; electron only in
// main/shell, main/index.ts and preload. A wrong import fails `npm run lint`.
//
// Layers are judged on the file an import RESOLVES to, wherever the importing file sits
// (import-x/no-restricted-paths with zones), never on the text of the import: '../server',
// '../../../server/serve' and 'src/main/server/x' from any depth are the same import.
// Package names (electron, Node's built-ins) are names, not paths: no-restricted-imports.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const root = dirname(fileURLToPath(import.meta.url));

const electron = {
  regex: '^electron(/.*)?$',
  message: 'Only src/main/shell, src/main/index.ts and src/preload may import electron.',
};
const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'child_process', 'os', 'net', 'http', 'crypto', 'worker_threads'],
  message: 'The renderer and the preload run in a sandboxed page, and src/shared runs in both: no Node APIs.',
};
const restricted = (...patterns) => ['error', { patterns }];

// Each zone: files under `target` may not import files under `from` (paths from the repo root).
const entries = ['src/main/index.ts', 'src/main/cli.ts'];
const layerZones = [
  {
    target: 'src/shared',
    from: ['src/main', 'src/preload', 'src/renderer'],
    message: 'src/shared is the bottom layer: it imports only src/shared.',
  },
  {
    target: 'src/main/engine',
    from: ['src/main/server', 'src/main/shell'],
    message: 'The engine does not know its transports or the shell.',
  },
  {
    target: ['src/main/server', 'src/main/cli.ts'],
    from: ['src/main/shell', 'src/main/index.ts'],
    message: 'The headless server never depends on the Electron shell.',
  },
  {
    target: 'src/main',
    from: entries,
    message: 'Entry points (src/main/index.ts, src/main/cli.ts) are imported by nobody.',
  },
  {
    target: 'src/main',
    from: ['src/renderer', 'src/preload'],
    message: 'Main-process code never imports the renderer or the preload.',
  },
  {
    target: 'src/preload',
    from: ['src/main', 'src/renderer'],
    message: 'The preload imports only src/shared.',
  },
  {
    target: 'src/renderer',
    from: ['src/main', 'src/preload'],
    message:
      'The renderer imports only src/shared: the engine through the contract, the preload through window.watchfloor.',
  },
];

export default tseslint.config(
  { ignores: ['.scratch/**', 'out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js', '.json', '.node'] })],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: root, zones: layerZones }] },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': restricted(electron, nodeBuiltins) },
  },
  {
    files: ['src/main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(electron),
      // Configuration is resolved once at the entry point and handed in.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'The engine receives its configuration; it never reads process.env.',
        },
      ],
    },
  },
  {
    files: ['src/main/server/**/*.ts', 'src/main/cli.ts'],
    rules: { 'no-restricted-imports': restricted(electron) },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': restricted(nodeBuiltins) },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restricted(electron, nodeBuiltins),
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
