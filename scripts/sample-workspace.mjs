#!/usr/bin/env node
// Builds the sample workspace from fixtures/sample-estate (the estate documented in its README.md):
//
//   node scripts/sample-workspace.mjs [--out .sample/sample.cmdbw] [--estate fixtures/sample-estate] [--force]
//
// Skips the work when the workspace is newer than every estate file (and than this builder), unless
// --force. When fixtures/sample-estate is not there, the estate is generated into .sample/estate with
// scripts/make-sample-estate.mjs (deterministic) and used from there.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = {
    out: path.join(root, '.sample', 'sample.cmdbw'),
    estate: path.join(root, 'fixtures', 'sample-estate'),
    force: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--estate') opts.estate = path.resolve(argv[++i]);
    else if (a === '--force') opts.force = true;
    else {
      process.stderr.write(`sample-workspace: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  return opts;
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Ensures the estate exists; returns its directory. */
export function ensureEstate(estate) {
  if (existsSync(path.join(estate, 'servicenow', 'cmdb_ci.csv'))) return estate;
  const generated = path.join(root, '.sample', 'estate');
  const generator = path.join(root, 'scripts', 'make-sample-estate.mjs');
  if (!existsSync(generator))
    throw new Error(`no sample estate at ${estate}, and no ${generator} to make one`);
  process.stdout.write(
    `sample-workspace: ${path.relative(root, estate)} is not there; generating the estate into .sample/estate\n`,
  );
  execFileSync(process.execPath, [generator, '--out', generated], { stdio: 'inherit' });
  return generated;
}

export async function buildSample({ out, estate, force }) {
  const estateDir = ensureEstate(estate);
  const builderSource = path.join(root, 'src', 'api', 'sample-workspace.ts');
  // Stale when the estate, the builder or a migration changed: a workspace made under an edited migration
  // is refused by the core (checksum mismatch), and this one is ours to remake.
  const inputs = Math.max(
    newestMtime(estateDir),
    statSync(builderSource).mtimeMs,
    newestMtime(path.join(root, 'migrations')),
  );
  if (!force && existsSync(out) && statSync(out).mtimeMs > inputs) {
    process.stdout.write(`sample-workspace: ${path.relative(process.cwd(), out)} is up to date\n`);
    return out;
  }
  // The builder is TypeScript in src/: bundle it next to the other bundles (so node_modules resolves).
  const bundle = path.join(root, 'dist', `.sample-builder-${process.pid}.mjs`);
  mkdirSync(path.dirname(bundle), { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: [builderSource],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  try {
    const { buildSampleWorkspace } = await import(pathToFileURL(bundle).href);
    mkdirSync(path.dirname(out), { recursive: true });
    process.stdout.write(
      `sample-workspace: building ${path.relative(process.cwd(), out)} from ${path.relative(process.cwd(), estateDir)}\n`,
    );
    await buildSampleWorkspace(estateDir, out, { onStep: (line) => process.stdout.write(`  ${line}\n`) });
  } finally {
    rmSync(bundle, { force: true });
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildSample(parseArgs(process.argv.slice(2)));
}
