import type { Workspace } from '../workspace/workspace.js';
import type { ValidationEnv } from './validate.js';

const SQL = {
  lastRunInputs: 'SELECT inputs FROM reconcile_run ORDER BY id DESC LIMIT 1',
  currentCmdbBatches: `SELECT b.id, s.id AS source_id, s.name AS source, b.record_count FROM import_batch b
                         JOIN source s ON s.id = b.source_id WHERE b.is_current = 1 AND s.role = 'cmdb'`,
  reconciledKey: 'SELECT 1 FROM cluster_member WHERE source_id = ? AND native_key = ?',
  batchRecordKeys: 'SELECT native_key FROM record WHERE batch_id = ?',
  currentCmdbRelationships: `SELECT s.name, r.native_key FROM relationship r JOIN import_batch b ON b.id = r.batch_id
                               JOIN source s ON s.id = b.source_id WHERE b.is_current = 1 AND s.role = 'cmdb'`,
} as const;

interface BatchRow {
  id: number;
  source_id: number;
  source: string;
  record_count: number;
}

/**
 * Validation against the current CMDB snapshot (the newest import of each CMDB source). A source whose
 * current records were all reconciled is answered from the reconciled key index (a lookup per key); a
 * source imported since is read batch by batch, so a newer import counts as soon as it lands.
 */
export function workspaceValidationEnv(ws: Workspace): ValidationEnv {
  const run = ws.db.prepare(SQL.lastRunInputs).get() as { inputs: string } | undefined;
  const reconciledBatches = new Set<number>(
    run ? ((JSON.parse(run.inputs) as { batches?: number[] }).batches ?? []) : [],
  );
  const bySource = new Map<string, { id: number; batches: BatchRow[] }>();
  for (const b of ws.db.prepare(SQL.currentCmdbBatches).all() as BatchRow[]) {
    const entry = bySource.get(b.source) ?? { id: b.source_id, batches: [] };
    if (b.record_count > 0) entry.batches.push(b);
    bySource.set(b.source, entry);
  }
  const reconciledKey = ws.db.prepare(SQL.reconciledKey).pluck();
  const scanned = new Map<string, Set<string>>();
  let relationships: Set<string> | undefined;
  return {
    recordExists(source, key) {
      const s = bySource.get(source);
      if (!s) return false;
      if (s.batches.every((b) => reconciledBatches.has(b.id)))
        return reconciledKey.get(s.id, key) !== undefined;
      let keys = scanned.get(source);
      if (!keys) {
        keys = new Set();
        const stmt = ws.db.prepare(SQL.batchRecordKeys).pluck();
        for (const b of s.batches)
          for (const k of stmt.iterate(b.id) as IterableIterator<string>) keys.add(k);
        scanned.set(source, keys);
      }
      return keys.has(key);
    },
    relationshipExists(source, key) {
      if (!relationships) {
        relationships = new Set();
        for (const [s, k] of ws.db
          .prepare(SQL.currentCmdbRelationships)
          .raw(true)
          .iterate() as IterableIterator<[string, string]>)
          relationships.add(`${s}\u0000${k}`);
      }
      return relationships.has(`${source}\u0000${key}`);
    },
  };
}
