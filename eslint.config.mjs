// Lint, and the architecture's import direction (DESIGN.md): shared ← main/engine ←
// main/server, main/shell; preload and renderer import only shared; electron only in
// main/shell, main/index.ts and preload. A wrong import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electron = {
  name: 'electron',
  message: 'Only src/main/shell, src/main/index.ts and src/preload may import electron.',
};
const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'child_process', 'os', 'net', 'http', 'crypto', 'worker_threads'],
  message: 'The renderer runs in a sandboxed page: no Node APIs.',
};
const upToMain = {
  group: ['**/main/**', '../main/*', '../../main/*'],
  message: 'Import the engine only through src/shared/contract.',
};
const intoRendererOrPreload = {
  group: ['**/renderer/**', '**/preload/**'],
  message: 'Main-process code never imports the renderer or the preload.',
};

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
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electron], patterns: [nodeBuiltins, upToMain, intoRendererOrPreload] },
      ],
    },
  },
  {
    files: ['src/main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            {
              group: [
                '../server',
                '../server/*',
                '../../server/*',
                '../shell',
                '../shell/*',
                '../../shell/*',
                '**/main/server/*',
                '**/main/shell/*',
              ],
              message: 'The engine does not know its transports or the shell.',
            },
            intoRendererOrPreload,
          ],
        },
      ],
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            {
              group: ['./shell', './shell/*', '../shell', '../shell/*'],
              message: 'The headless server never depends on the Electron shell.',
            },
            intoRendererOrPreload,
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/shell/**/*.ts', 'src/main/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [intoRendererOrPreload] }] },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            upToMain,
            { group: ['**/renderer/**'], message: 'The preload imports only shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            nodeBuiltins,
            upToMain,
            { group: ['**/preload/**'], message: 'The renderer talks to the preload only through window.watchfloor.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
