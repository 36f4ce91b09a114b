import { statSync } from 'node:fs';
import type { Workspace } from '../workspace/workspace.js';

export interface WorkspaceStats {
  workspace: string;
  schemaVersion: number;
  sizeBytes: number;
  sources: number;
  batches: number;
  currentBatches: number;
  records: { current: number; total: number; byType: Record<string, number> };
  relationships: { current: number; total: number; byType: Record<string, number> };
  auditEntries: number;
}

const count = (ws: Workspace, sql: string): number => (ws.db.prepare(sql).get() as { n: number }).n;

export function workspaceStats(ws: Workspace): WorkspaceStats {
  let size = 0;
  for (const f of [ws.path, `${ws.path}-wal`]) {
    try {
      size += statSync(f).size;
    } catch {
      /* no WAL file */
    }
  }
  const byType = ws.db
    .prepare(
      `SELECT r.ci_type AS k, count(*) AS n FROM record r JOIN import_batch b ON b.id = r.batch_id
        WHERE b.is_current = 1 GROUP BY r.ci_type ORDER BY n DESC`,
    )
    .all() as { k: string; n: number }[];
  const relByType = ws.db
    .prepare(
      `SELECT r.rel_type AS k, count(*) AS n FROM relationship r JOIN import_batch b ON b.id = r.batch_id
        WHERE b.is_current = 1 GROUP BY r.rel_type ORDER BY n DESC`,
    )
    .all() as { k: string; n: number }[];
  return {
    workspace: ws.path,
    schemaVersion: ws.db.pragma('user_version', { simple: true }) as number,
    sizeBytes: size,
    sources: count(ws, 'SELECT count(*) AS n FROM source'),
    batches: count(ws, 'SELECT count(*) AS n FROM import_batch'),
    currentBatches: count(ws, 'SELECT count(*) AS n FROM import_batch WHERE is_current = 1'),
    records: {
      current: count(ws, 'SELECT coalesce(sum(record_count), 0) AS n FROM import_batch WHERE is_current = 1'),
      total: count(ws, 'SELECT count(*) AS n FROM record'),
      byType: Object.fromEntries(byType.map((r) => [r.k, r.n])),
    },
    relationships: {
      current: count(
        ws,
        'SELECT coalesce(sum(relationship_count), 0) AS n FROM import_batch WHERE is_current = 1',
      ),
      total: count(ws, 'SELECT count(*) AS n FROM relationship'),
      byType: Object.fromEntries(relByType.map((r) => [r.k, r.n])),
    },
    auditEntries: count(ws, 'SELECT count(*) AS n FROM audit_log'),
  };
}
