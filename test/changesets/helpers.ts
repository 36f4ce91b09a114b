import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reconcile } from '../../src/reconcile/run-reconcile.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { generateEstate, importEstate, tempDir } from '../helpers/workspace.js';

/** The estate every changeset test plans from: small, and it yields every item kind. */
export const ESTATE = { cis: 300, seed: 77 };

let base: Promise<string> | undefined;

/** A reconciled workspace file, built once per test file (import and reconcile take seconds). */
function baseFile(): Promise<string> {
  base ??= (async () => {
    const estate = generateEstate(ESTATE.cis, ESTATE.seed);
    // Outside the per-test temporary directories (removed after each test); removed when the run ends.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cmdbw-changeset-base-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    let t = Date.UTC(2026, 10, 23, 9, 0, 0);
    const ws = Workspace.open(path.join(dir, 'base.cmdbw'), {
      create: true,
      now: () => new Date((t += 1000)),
      user: 'tester',
    });
    await importEstate(ws, estate);
    reconcile(ws);
    const file = ws.path;
    ws.close();
    return file;
  })();
  return base;
}

/**
 * A private copy of the reconciled workspace, opened with a fixed clock (one second per call, from
 * 2026-11-23 09:00 UTC) and user "tester": every test mutates its own.
 */
export async function reconciledWorkspace(opts: { user?: string } = {}): Promise<Workspace> {
  const src = await baseFile();
  const dir = tempDir();
  const file = path.join(dir, 'ws.cmdbw');
  copyFileSync(src, file);
  let t = Date.UTC(2026, 10, 23, 12, 0, 0);
  return Workspace.open(file, { now: () => new Date((t += 1000)), user: opts.user ?? 'tester' });
}

/** Every file under a directory, relative path -> content. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(dir, p).split(path.sep).join('/'), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

export const GOLDEN_DIR = path.resolve(__dirname, '../../fixtures/changesets');

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it. */
export function golden(name: string, actual: string): string {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    // A missing golden file is created, to be reviewed and committed.
    writeFileSync(file, actual);
  }
  return readFileSync(file, 'utf8');
}

export function outDir(): string {
  return path.join(tempDir(), 'out');
}
