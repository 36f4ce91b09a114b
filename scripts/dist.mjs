#!/usr/bin/env node
// `npm run dist [-- <electron-builder args>]`: builds the app and the sample workspace, then packages it
// with electron-builder (electron-builder.yml). electron-builder rebuilds better-sqlite3 for Electron
// inside node_modules; the Node build (used by the CLI and the tests) is saved first and put back after.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build-app.mjs';
import { buildSample } from './sample-workspace.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeBinding = path.join(
  root,
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
);
const saved = path.join(root, 'node_modules', '.cache', 'cmdbw-node-binding', 'better_sqlite3.node');

await buildAll();
await buildSample({
  out: path.join(root, 'dist', 'sample', 'sample.cmdbw'),
  estate: path.join(root, 'fixtures', 'sample-estate'),
  force: false,
});

const haveNodeBinding = existsSync(nodeBinding);
if (haveNodeBinding) {
  mkdirSync(path.dirname(saved), { recursive: true });
  copyFileSync(nodeBinding, saved);
}
try {
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--config',
      'electron-builder.yml',
      ...process.argv.slice(2),
    ],
    { cwd: root, stdio: 'inherit' },
  );
} finally {
  if (haveNodeBinding) copyFileSync(saved, nodeBinding);
}
