import type { SourceRole } from '../importers/types.js';
import type { Workspace } from '../workspace/workspace.js';

export interface BatchInfo {
  id: number;
  format: string;
  current: boolean;
  importedAt: string;
  importedBy: string;
  records: number;
  relationships: number;
  skipped: number;
  warnings: number;
  bytes: number;
  files: string[];
}

export interface SourceInfo {
  source: string;
  role: SourceRole;
  /** CI records in the source's current snapshots (one per format). */
  records: number;
  /** Relationships in the source's current snapshots. */
  relationships: number;
  formats: string[];
  lastImport: string | null;
  batches: BatchInfo[];
}

interface BatchRow {
  id: number;
  source_id: number;
  format: string;
  is_current: number;
  finished_at: string;
  imported_by: string;
  record_count: number;
  relationship_count: number;
  skipped_count: number;
  warning_count: number;
  bytes: number;
}

/** Every source with its batches (newest first) and the size of its current snapshot. */
export function listSources(ws: Workspace): SourceInfo[] {
  const db = ws.db;
  const sources = db.prepare('SELECT id, name, role FROM source ORDER BY name').all() as {
    id: number;
    name: string;
    role: SourceRole;
  }[];
  const batches = db
    .prepare(
      `SELECT id, source_id, format, is_current, finished_at, imported_by, record_count, relationship_count, skipped_count,
              warning_count, bytes
         FROM import_batch ORDER BY id DESC`,
    )
    .all() as BatchRow[];
  const files = db.prepare('SELECT batch_id, path FROM import_file ORDER BY id').all() as {
    batch_id: number;
    path: string;
  }[];
  const filesByBatch = new Map<number, string[]>();
  for (const f of files) {
    const list = filesByBatch.get(f.batch_id) ?? [];
    list.push(f.path);
    filesByBatch.set(f.batch_id, list);
  }
  return sources.map((s) => {
    const mine = batches.filter((b) => b.source_id === s.id);
    const current = mine.filter((b) => b.is_current === 1);
    return {
      source: s.name,
      role: s.role,
      records: current.reduce((n, b) => n + b.record_count, 0),
      relationships: current.reduce((n, b) => n + b.relationship_count, 0),
      formats: [...new Set(current.map((b) => b.format))].sort(),
      lastImport: mine[0]?.finished_at ?? null,
      batches: mine.map((b) => ({
        id: b.id,
        format: b.format,
        current: b.is_current === 1,
        importedAt: b.finished_at,
        importedBy: b.imported_by,
        records: b.record_count,
        relationships: b.relationship_count,
        skipped: b.skipped_count,
        warnings: b.warning_count,
        bytes: b.bytes,
        files: filesByBatch.get(b.id) ?? [],
      })),
    };
  });
}
