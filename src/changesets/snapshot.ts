import { randomUUID } from 'node:crypto';
import type { Workspace } from '../workspace/workspace.js';
import type { ChangesetSnapshot, SnapshotBatch } from './model.js';

const SQL = {
  currentCmdbBatches: `SELECT s.name AS source, b.format, b.id AS batchId, b.finished_at AS importedAt
                         FROM import_batch b JOIN source s ON s.id = b.source_id
                        WHERE b.is_current = 1 AND s.role = 'cmdb' ORDER BY s.name, b.format`,
  latestRun: 'SELECT id FROM reconcile_run ORDER BY id DESC LIMIT 1',
} as const;

/** The workspace's own id, so a snapshot's batch ids are only compared within the workspace they came from. */
export function workspaceId(ws: Workspace): string {
  const existing = ws.getMeta('workspace_id');
  if (existing) return existing;
  const id = randomUUID();
  ws.setMeta('workspace_id', id);
  return id;
}

export function currentCmdbBatches(ws: Workspace): SnapshotBatch[] {
  return ws.db.prepare(SQL.currentCmdbBatches).all() as SnapshotBatch[];
}

/** The CMDB snapshot a plan is made against: the current batch of each CMDB source and format. */
export function takeSnapshot(ws: Workspace): ChangesetSnapshot {
  const run = ws.db.prepare(SQL.latestRun).get() as { id: number } | undefined;
  return { workspace: workspaceId(ws), reconcileRun: run?.id ?? null, batches: currentCmdbBatches(ws) };
}
