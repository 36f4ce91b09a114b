import { writeFileAtomic } from '../util/atomic-write.js';
import { csvLine } from '../util/csv-write.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * Machine-readable results in the cmdb-sim scoring contract (../shared/cmdb-sim/README.md):
 * clusters.csv `source,record_key,cluster_id` (one row per current record) and findings.csv
 * `category,source,record_key,attribute` (one row per finding).
 */

function assertReconciled(ws: Workspace): void {
  const run = ws.db.prepare('SELECT id FROM reconcile_run LIMIT 1').get();
  if (!run)
    throw new UserError(
      'NOT_RECONCILED',
      'the workspace has not been reconciled yet: run cmdbw reconcile first',
    );
}

export function exportClusters(ws: Workspace, file: string): { rows: number; bytes: number } {
  assertReconciled(ws);
  const rows = ws.db
    .prepare(
      `SELECT s.name AS source, cm.native_key AS key, cm.cluster_id AS cluster
         FROM cluster_member cm JOIN source s ON s.id = cm.source_id
        ORDER BY cm.cluster_id, s.name, cm.native_key`,
    )
    .iterate() as IterableIterator<{ source: string; key: string; cluster: number }>;
  let n = 0;
  const bytes = writeFileAtomic(
    file,
    (function* () {
      yield 'source,record_key,cluster_id\r\n';
      for (const r of rows) {
        n++;
        yield csvLine([r.source, r.key, r.cluster]);
      }
    })(),
  );
  return { rows: n, bytes };
}

export function exportFindings(
  ws: Workspace,
  file: string,
  categories?: string[],
): { rows: number; bytes: number } {
  assertReconciled(ws);
  const where = categories?.length ? `WHERE category IN (${categories.map(() => '?').join(',')})` : '';
  const rows = ws.db
    .prepare(
      `SELECT category, source, native_key AS key, attribute FROM finding ${where} ORDER BY category, source, native_key, attribute`,
    )
    .iterate(...(categories ?? [])) as IterableIterator<{
    category: string;
    source: string;
    key: string;
    attribute: string | null;
  }>;
  let n = 0;
  const bytes = writeFileAtomic(
    file,
    (function* () {
      yield 'category,source,record_key,attribute\r\n';
      for (const r of rows) {
        n++;
        yield csvLine([r.category, r.source, r.key, r.attribute ?? '']);
      }
    })(),
  );
  return { rows: n, bytes };
}
