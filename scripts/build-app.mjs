#!/usr/bin/env node
// Builds the desktop app: the core (dist/cli.mjs, workers), the renderer (dist/renderer, Vite) and the
// Electron bundles (dist/electron: main, preload, the worker threads), plus the electron-builder hook.
//
//   node scripts/build-app.mjs              everything (npm run build)
//   node scripts/build-app.mjs --electron   the Electron bundles only
//
// Electron bundles:
// - main.cjs: CommonJS (package.json "main"); npm packages stay external (resolved from app.asar's
//   node_modules, which main can read); `import.meta.url` of core modules is mapped to the bundle's file.
// - preload.cjs: one self-contained CommonJS file, as sandboxed preloads require (only 'electron' external).
// - job-worker.mjs, import-worker.mjs: worker threads cannot read app.asar, so these run from
//   app.asar.unpacked and carry their dependencies inside, except better-sqlite3 (unpacked whole).
// - better-sqlite3 is redirected to electron/better-sqlite3.ts in all of them (dev: an Electron-ABI binding
//   from .electron-native/, see scripts/start.mjs).
// - dist/build/after-pack.cjs: the afterPack hook that flips Electron's fuses (electron-builder.yml).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SQLITE_SHIM = path.join(root, 'electron', 'better-sqlite3.ts');

/** Every `better-sqlite3` import goes through the shim, except the shim's own. */
const sqliteShim = {
  name: 'cmdbw-better-sqlite3',
  setup(b) {
    b.onResolve({ filter: /^better-sqlite3$/ }, (args) =>
      args.importer === SQLITE_SHIM ? { path: 'better-sqlite3', external: true } : { path: SQLITE_SHIM },
    );
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
};

export async function buildElectron() {
  await Promise.all([
    build({
      ...common,
      entryPoints: { main: 'electron/main.ts' },
      outdir: 'dist/electron',
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      packages: 'external',
      external: ['electron'],
      plugins: [sqliteShim],
      define: { 'import.meta.url': '__cmdbw_import_meta_url' },
      banner: { js: "const __cmdbw_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    }),
    build({
      ...common,
      entryPoints: { preload: 'electron/preload.ts' },
      outdir: 'dist/electron',
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      external: ['electron'],
    }),
    build({
      ...common,
      entryPoints: { 'job-worker': 'src/api/job-worker.ts', 'import-worker': 'src/ingest/import-worker.ts' },
      outdir: 'dist/electron',
      outExtension: { '.js': '.mjs' },
      format: 'esm',
      plugins: [sqliteShim],
      // CommonJS dependencies bundled into ESM still call require() and use __dirname.
      banner: {
        js: [
          "import { createRequire as __cmdbwCreateRequire } from 'node:module';",
          "import { fileURLToPath as __cmdbwFileURLToPath } from 'node:url';",
          "import { dirname as __cmdbwDirname } from 'node:path';",
          'const require = __cmdbwCreateRequire(import.meta.url);',
          'const __filename = __cmdbwFileURLToPath(import.meta.url);',
          'const __dirname = __cmdbwDirname(__filename);',
        ].join('\n'),
      },
    }),
    build({
      ...common,
      entryPoints: { 'after-pack': 'electron/after-pack.ts' },
      outdir: 'dist/build',
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      packages: 'external',
    }),
  ]);
}

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
}

export function buildRenderer() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (pkg.scripts?.['build:renderer']) return run(npm, ['run', '--silent', 'build:renderer']);
  if (!existsSync(path.join(root, 'vite.config.ts'))) {
    process.stdout.write('build-app: no renderer to build (no vite.config.ts)\n');
    return;
  }
  run(process.execPath, [
    path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--logLevel',
    'warn',
  ]);
}

export async function buildAll() {
  run(process.execPath, [path.join(root, 'scripts', 'build-core.mjs')]);
  buildRenderer();
  await buildElectron();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  if (process.argv.includes('--electron')) await buildElectron();
  else await buildAll();
  process.stdout.write(`build-app: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
