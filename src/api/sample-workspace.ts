/**
 * The bundled sample workspace: fixtures/sample-estate (scripts/make-sample-estate.mjs) imported exactly as
 * its README says, then reconciled, with a fixed clock (the day after the exports were taken) so every
 * planted finding, staleness included, looks the same whenever the sample is built.
 * Used by scripts/sample-workspace.mjs (npm start, npm run dist) and by tests.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { importFiles } from '../ingest/import-files.js';
import { loadColumnMapping } from '../importers/mapping.js';
import { reconcile, type ReconcileSummary } from '../reconcile/run-reconcile.js';
import { UserError } from '../util/errors.js';
import { Workspace } from '../workspace/workspace.js';

/** One import batch of the sample: the source name and files documented in fixtures/sample-estate/README.md. */
export interface SampleImport {
  source: string;
  files: string[];
  mapping?: string;
}

export const SAMPLE_IMPORTS: readonly SampleImport[] = [
  // cmdb_ci.csv and cmdb_ci_appl.json are one snapshot of the CIs: one batch.
  { source: 'servicenow', files: ['servicenow/cmdb_ci.csv', 'servicenow/cmdb_ci_appl.json'] },
  { source: 'servicenow', files: ['servicenow/cmdb_rel_ci.csv'] },
  { source: 'nmap', files: ['discovery/nmap-scan.xml'] },
  { source: 'rvtools', files: ['discovery/rvtools_vInfo.csv'] },
  { source: 'glpi', files: ['discovery/glpi'] },
  { source: 'aws', files: ['discovery/aws-ec2-describe-instances.json'] },
  { source: 'netbox', files: ['netbox/netbox-export.json'] },
  { source: 'assets', files: ['other/assets.csv'], mapping: 'other/assets.mapping.json' },
];

/** The exports were taken on 22 November 2026; the sample is reconciled the next morning. */
export const SAMPLE_CLOCK_START = Date.UTC(2026, 10, 23, 9, 0, 0);
export const SAMPLE_USER = 'sample';

export async function buildSampleWorkspace(
  estateDir: string,
  file: string,
  opts: { onStep?: (line: string) => void } = {},
): Promise<ReconcileSummary> {
  for (const step of SAMPLE_IMPORTS)
    for (const f of [...step.files, ...(step.mapping ? [step.mapping] : [])])
      if (!existsSync(path.join(estateDir, f)))
        throw new UserError(
          'NO_SAMPLE_ESTATE',
          `${path.join(estateDir, f)} is missing: is ${estateDir} the sample estate?`,
        );
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  let t = SAMPLE_CLOCK_START;
  const ws = Workspace.open(file, { create: true, user: SAMPLE_USER, now: () => new Date((t += 1000)) });
  try {
    ws.write(() => ws.setMeta('sample', '1'));
    for (const step of SAMPLE_IMPORTS) {
      const mapping = step.mapping ? loadColumnMapping(path.join(estateDir, step.mapping)) : undefined;
      const summary = await importFiles(ws, {
        source: step.source,
        paths: step.files.map((f) => path.join(estateDir, f)),
        mapping,
        encoding: mapping?.encoding,
        inline: true,
      });
      opts.onStep?.(
        `${step.source}: ${summary.records} records, ${summary.relationships} relationships (${summary.format})`,
      );
    }
    const summary = reconcile(ws);
    opts.onStep?.(
      `reconciled ${summary.records} records into ${summary.clusters} CIs: ${Object.entries(summary.findings)
        .map(([c, n]) => `${n} ${c}`)
        .join(', ')}`,
    );
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    return summary;
  } finally {
    ws.close();
  }
}
