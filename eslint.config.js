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
          // A regex, not gitignore globs: `../src/*` also matches the directory `../src/api`, and a negated
          // file pattern cannot re-include a file whose parent directory is excluded.
          { regex: '^(\\.\\./)+src/(?!api/contract\\.js$)', message: 'The renderer may import only the API contract from src/.' },
        ],
      },
    ],
  },
};

/**
 * Scripts that drive Chromium through Playwright: the callbacks passed to page.evaluate/waitForFunction run in
 * the page, so browser globals are legitimate there (alongside Node's for the rest of the file).
 */
const browserDrivers = {
  files: ['scripts/bench-ui.mjs', 'test/e2e/**/*.ts'],
  languageOptions: { globals: { ...globals.node, ...globals.browser } },
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
  browserDrivers,
  prettier,
);
