import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reconcile } from '../../src/reconcile/run-reconcile.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { generateEstate, importEstate } from '../helpers/workspace.js';

/** A directory that lives for the whole test file (helpers/workspace.ts's tempDir is per test). */
export function fileScopedDir(prefix = 'cmdbw-api-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const built = new Map<string, string>();

/**
 * A reconciled cmdb-sim workspace (built once per process and size), copied to `dir` so each test file
 * may change its own copy.
 */
export async function reconciledSimWorkspace(dir: string, cis = 400, seed = 11): Promise<string> {
  const key = `${cis}-${seed}`;
  let master = built.get(key);
  if (!master) {
    const estate = generateEstate(cis, seed);
    master = path.join(mkdtempSync(path.join(os.tmpdir(), 'cmdbw-api-master-')), 'sim.cmdbw');
    let t = Date.UTC(2026, 10, 23, 9, 0, 0);
    const ws = Workspace.open(master, { create: true, user: 'tester', now: () => new Date((t += 1000)) });
    try {
      await importEstate(ws, estate);
      reconcile(ws);
      ws.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      ws.close();
    }
    built.set(key, master);
  }
  const copy = path.join(dir, `sim-${key}.cmdbw`);
  copyFileSync(master, copy);
  return copy;
}

export function simEstate(cis = 400, seed = 11): string {
  return generateEstate(cis, seed);
}
