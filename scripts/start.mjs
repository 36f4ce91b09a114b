#!/usr/bin/env node
// `npm start`: builds the app, builds the sample workspace (.sample/sample.cmdbw, from
// fixtures/sample-estate) and opens the desktop app on it. Where Electron's binary is not installed (it is
// downloaded on first launch, which needs network access), it says so and serves the same UI in the
// browser instead (`cmdbw serve`), printing the URL.
//
//   npm start [-- --browser] [-- --no-build] [-- --port N] [-- --open]
//
// Native module: node_modules/better-sqlite3 stays built for Node (CLI, tests). For Electron, a copy is
// rebuilt for Electron's ABI into node_modules/.cache/cmdbw-electron/<version>/ once, and the app is pointed
// at it (CMDBW_SQLITE_BINDING, see electron/better-sqlite3.ts).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build-app.mjs';
import { buildSample } from './sample-workspace.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const passThrough = args.filter((a) => a !== '--browser' && a !== '--no-build');

/**
 * The Electron executable, without loading the `electron` package (its index.js downloads the binary when
 * it is missing): node_modules/electron/path.txt names it inside node_modules/electron/dist.
 */
export function electronBinary() {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile))
    return { missing: 'node_modules/electron/path.txt is missing: the binary was never downloaded' };
  const rel = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist');
  const bin = path.join(dist, rel);
  return existsSync(bin) ? { bin } : { missing: `${path.relative(root, bin)} is missing` };
}

async function electronSqliteBinding() {
  const version = JSON.parse(
    readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
  ).version;
  const dir = path.join(root, 'node_modules', '.cache', 'cmdbw-electron', version);
  const binding = path.join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  process.stdout.write(`start: building better-sqlite3 for Electron ${version} (once)\n`);
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  const target = path.join(dir, 'node_modules', 'better-sqlite3');
  mkdirSync(target, { recursive: true });
  cpSync(source, target, {
    recursive: true,
    filter: (src) => path.relative(source, src).split(path.sep)[0] !== 'build',
  });
  const sqliteVersion = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')).version;
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'cmdbw-electron-native',
      private: true,
      dependencies: { 'better-sqlite3': sqliteVersion },
    }),
  );
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: dir, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
  if (!existsSync(binding))
    throw new Error(`rebuilding better-sqlite3 for Electron ${version} produced no ${binding}`);
  return binding;
}

function runChild(cmd, argv, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(signal ? 0 : (code ?? 0));
    });
  });
}

async function main() {
  if (!flag('--no-build')) await buildAll();
  const sample = await buildSample({
    out: path.join(root, '.sample', 'sample.cmdbw'),
    estate: path.join(root, 'fixtures', 'sample-estate'),
    force: false,
  });

  const electron = flag('--browser') ? { missing: 'you asked for --browser' } : electronBinary();
  if (electron.bin) {
    const binding = await electronSqliteBinding();
    process.stdout.write(`start: launching CMDB Workbench on ${path.relative(process.cwd(), sample)}\n`);
    return runChild(electron.bin, [root, '--workspace', sample], { CMDBW_SQLITE_BINDING: binding });
  }
  process.stdout.write(
    `\nElectron's binary is not installed (${electron.missing}; it is downloaded on first launch, which needs network access); serving the same UI in your browser instead.\n\n`,
  );
  return runChild(
    process.execPath,
    [path.join(root, 'bin', 'cmdbw.mjs'), 'serve', sample, ...passThrough],
    {},
  );
}

process.exitCode = await main();
