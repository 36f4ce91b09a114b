import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importFiles } from '../../src/ingest/import-files.js';
import { reconcile } from '../../src/reconcile/run-reconcile.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { generateEstate } from '../helpers/workspace.js';

export const SIM_IMPORTS = [
  ['servicenow', 'servicenow-ci', 'servicenow/cmdb_ci.csv'],
  ['servicenow', 'servicenow-rel', 'servicenow/cmdb_rel_ci.csv'],
  ['nmap', 'nmap-xml', 'discovery/nmap-scan.xml'],
  ['rvtools', 'rvtools-vinfo', 'discovery/rvtools_vInfo.csv'],
  ['glpi', 'glpi-inventory', 'discovery/glpi-inventory.ndjson'],
  ['aws', 'aws-ec2', 'discovery/aws-ec2-describe-instances.json'],
] as const;

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
      for (const [source, format, file] of SIM_IMPORTS)
        await importFiles(ws, { source, format, paths: [path.join(estate, file)], inline: true });
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
