import type { CiAttributes, CiType } from '../domain/attributes.js';
import type { RefKind, SourceRole } from '../importers/types.js';
import type { Workspace } from '../workspace/workspace.js';

/** What reconciliation reads: every source's current snapshots. */

export interface LoadedSource {
  idx: number;
  id: number;
  name: string;
  role: SourceRole;
  formats: string[];
  /** When the newest current snapshot of the source was imported (ISO). */
  importedAt: string;
}

export interface LoadedRecord {
  idx: number;
  id: number;
  batchId: number;
  source: number;
  key: string;
  ciType: CiType;
  ciClass: string | null;
  name: string | null;
  attrs: CiAttributes;
}

export interface LoadedRelationship {
  id: number;
  source: number;
  key: string;
  type: string;
  parent: { kind: RefKind; value: string };
  child: { kind: RefKind; value: string };
}

export interface Snapshot {
  sources: LoadedSource[];
  records: LoadedRecord[];
  relationships: LoadedRelationship[];
  /** Current batch ids, ascending: two runs over the same ids saw the same data. */
  batchIds: number[];
}

export function loadSnapshot(ws: Workspace): Snapshot {
  const db = ws.db;
  const batches = db
    .prepare(
      `SELECT b.id, b.source_id, b.format, b.finished_at, s.name, s.role FROM import_batch b JOIN source s ON s.id = b.source_id
        WHERE b.is_current = 1 ORDER BY s.name, b.id`,
    )
    .all() as {
    id: number;
    source_id: number;
    format: string;
    finished_at: string;
    name: string;
    role: SourceRole;
  }[];
  const sources: LoadedSource[] = [];
  const sourceIdx = new Map<number, number>();
  const batchSource = new Map<number, number>();
  for (const b of batches) {
    let idx = sourceIdx.get(b.source_id);
    if (idx === undefined) {
      idx = sources.length;
      sourceIdx.set(b.source_id, idx);
      sources.push({
        idx,
        id: b.source_id,
        name: b.name,
        role: b.role,
        formats: [],
        importedAt: b.finished_at,
      });
    }
    const s = sources[idx]!;
    if (!s.formats.includes(b.format)) s.formats.push(b.format);
    if (b.finished_at > s.importedAt) s.importedAt = b.finished_at;
    batchSource.set(b.id, idx);
  }

  const records: LoadedRecord[] = [];
  const recStmt = db.prepare(
    `SELECT r.id, r.batch_id, r.native_key, r.ci_type, r.ci_class, r.name, r.attrs FROM record r
      WHERE r.batch_id = ? ORDER BY r.id`,
  );
  const relationships: LoadedRelationship[] = [];
  const relStmt = db.prepare(
    `SELECT id, native_key, rel_type, parent_ref, parent_ref_kind, child_ref, child_ref_kind FROM relationship
      WHERE batch_id = ? ORDER BY id`,
  );
  for (const b of batches) {
    const src = batchSource.get(b.id)!;
    for (const row of recStmt.iterate(b.id) as IterableIterator<{
      id: number;
      batch_id: number;
      native_key: string;
      ci_type: CiType;
      ci_class: string | null;
      name: string | null;
      attrs: string;
    }>) {
      records.push({
        idx: records.length,
        id: row.id,
        batchId: row.batch_id,
        source: src,
        key: row.native_key,
        ciType: row.ci_type,
        ciClass: row.ci_class,
        name: row.name,
        attrs: JSON.parse(row.attrs) as CiAttributes,
      });
    }
    for (const row of relStmt.iterate(b.id) as IterableIterator<{
      id: number;
      native_key: string;
      rel_type: string;
      parent_ref: string;
      parent_ref_kind: RefKind;
      child_ref: string;
      child_ref_kind: RefKind;
    }>) {
      relationships.push({
        id: row.id,
        source: src,
        key: row.native_key,
        type: row.rel_type,
        parent: { kind: row.parent_ref_kind, value: row.parent_ref },
        child: { kind: row.child_ref_kind, value: row.child_ref },
      });
    }
  }
  return { sources, records, relationships, batchIds: batches.map((b) => b.id).sort((a, b) => a - b) };
}
