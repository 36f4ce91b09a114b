// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/** The core must run headless (CLI, HTTP server, tests): no Electron, UI or DOM in src/. */
const coreBoundary = {
  files: ['src/**/*.ts'],
  languageOptions: { globals: { ...globals.node } },
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'src/ is the headless core: no Electron imports.' },
          {
            group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
            message: 'src/ is the headless core: no React.',
          },
          {
            group: ['ag-grid-*', 'cytoscape', 'cytoscape-*'],
            message: 'src/ is the headless core: no UI libraries.',
          },
          {
            group: ['../renderer/*', '../../renderer/*', '../electron/*', '../../electron/*'],
            message: 'src/ may not depend on the shells.',
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      { name: 'window', message: 'src/ is the headless core: no DOM.' },
      { name: 'document', message: 'src/ is the headless core: no DOM.' },
      { name: 'navigator', message: 'src/ is the headless core: no DOM.' },
      { name: 'localStorage', message: 'src/ is the headless core: no DOM.' },
    ],
  },
};

/** The renderer runs in a browser (Chromium in Electron, or any browser in `cmdbw serve` mode). */
const renderer = {
  files: ['renderer/**/*.{ts,tsx}'],
  languageOptions: { globals: { ...globals.browser } },
  plugins: { 'react-hooks': reactHooks },
  rules: {
    ...reactHooks.configs.recommended.rules,
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['electron', 'node:*', 'better-sqlite3'], message: 'The renderer reaches the core only through the bridge (src/api/contract.ts).' },
          { group: ['../src/*', '../../src/*', '!../src/api/contract.js', '!../../src/api/contract.js'], message: 'The renderer may import only the API contract from src/.' },
        ],
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'release/',
      'coverage/',
      'fixtures/',
      'test-results/',
      '.bench/',
      '.agents/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  coreBoundary,
  renderer,
  prettier,
);
