import type Database from 'better-sqlite3';
import { UserError } from '../util/errors.js';
import { canonicalItemFromTexts, type StoredTexts, withStoredTexts } from './document.js';
import { canonicalJson } from './hash.js';
import type {
  BaseEntry,
  ChangesetHeader,
  ChangesetItem,
  ItemStatus,
  PlannedItem,
  RecordRef,
  Review,
  RevisionHeader,
} from './model.js';

/** Every SQL statement over the changeset tables, named. */
const SQL = {
  insertChangeset: `INSERT INTO changeset (ref, name, created_at, created_by, origin, head_revision)
                    VALUES (@ref, @name, @createdAt, @createdBy, @origin, @headRevision)`,
  setHead: 'UPDATE changeset SET head_revision = ? WHERE id = ?',
  changeset:
    'SELECT id, ref, name, created_at, created_by, origin, head_revision FROM changeset WHERE id = ?',
  changesetByRef: 'SELECT id FROM changeset WHERE ref = ?',
  listChangesets:
    'SELECT id, ref, name, created_at, created_by, origin, head_revision FROM changeset ORDER BY id',
  insertRevision: `INSERT INTO changeset_revision (changeset_id, revision, state, created_at, created_by, based_on, snapshot,
                     settings, skipped, approved_at, approved_by, content_hash)
                   VALUES (@changesetId, @revision, @state, @createdAt, @createdBy, @basedOn, @snapshot, @settings, @skipped,
                     @approvedAt, @approvedBy, @contentHash)`,
  revision: `SELECT changeset_id, revision, state, created_at, created_by, based_on, snapshot, settings, skipped,
                    approved_at, approved_by, content_hash
               FROM changeset_revision WHERE changeset_id = ? AND revision = ?`,
  approve: `UPDATE changeset_revision SET state = 'approved', approved_at = ?, approved_by = ?, content_hash = ?
             WHERE changeset_id = ? AND revision = ? AND state = 'draft'`,
  insertItem: `INSERT INTO changeset_item (changeset_id, revision, seq, kind, finding_id, fingerprint, category, severity,
                 cluster_id, target_source, target_key, target_class, target_name, target_ref, proposal, base,
                 status, override, reviewer, reviewed_at, comment)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  items: `SELECT seq, kind, finding_id, fingerprint, category, severity, cluster_id, target_source, target_key,
                 target_class, target_name, target_ref, proposal, base, status, override, reviewer,
                 reviewed_at, comment
            FROM changeset_item WHERE changeset_id = ? AND revision = ? ORDER BY seq`,
  copyItems: `INSERT INTO changeset_item (changeset_id, revision, seq, kind, finding_id, fingerprint, category, severity,
                cluster_id, target_source, target_key, target_class, target_name, target_ref, proposal, base,
                status, override, reviewer, reviewed_at, comment)
              SELECT changeset_id, @to, seq, kind, finding_id, fingerprint, category, severity, cluster_id, target_source,
                     target_key, target_class, target_name, target_ref, proposal, base, status, override,
                     reviewer, reviewed_at, comment
                FROM changeset_item WHERE changeset_id = @id AND revision = @from ORDER BY seq`,
  setReview: `UPDATE changeset_item SET status = ?, override = ?, reviewer = ?, reviewed_at = ?, comment = ?
               WHERE changeset_id = ? AND revision = ? AND seq = ?`,
  statusCounts: `SELECT status, count(*) AS n FROM changeset_item WHERE changeset_id = ? AND revision = ? GROUP BY status`,
  kindCounts: `SELECT kind, count(*) AS n FROM changeset_item WHERE changeset_id = ? AND revision = ? GROUP BY kind`,
  revisionNumbers: 'SELECT revision FROM changeset_revision WHERE changeset_id = ? ORDER BY revision',
  exportCount: 'SELECT count(*) AS n FROM changeset_export WHERE changeset_id = ?',
  insertExport: `INSERT INTO changeset_export (changeset_id, revision, format, exported_at, exported_by, directory,
                   content_hash, files, warnings)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  exports: `SELECT id, revision, format, exported_at, exported_by, directory, content_hash, files, warnings
              FROM changeset_export WHERE changeset_id = ? ORDER BY id`,
} as const;

interface ChangesetRow {
  id: number;
  ref: string;
  name: string;
  created_at: string;
  created_by: string;
  origin: string;
  head_revision: number;
}

interface RevisionRow {
  changeset_id: number;
  revision: number;
  state: 'draft' | 'approved';
  created_at: string;
  created_by: string;
  based_on: number | null;
  snapshot: string;
  settings: string;
  skipped: string;
  approved_at: string | null;
  approved_by: string | null;
  content_hash: string | null;
}

export interface ItemRow {
  seq: number;
  kind: ChangesetItem['kind'];
  finding_id: number | null;
  fingerprint: string | null;
  category: string | null;
  severity: string | null;
  cluster_id: number | null;
  target_source: string | null;
  target_key: string | null;
  target_class: string | null;
  target_name: string | null;
  target_ref: string | null;
  proposal: string;
  base: string;
  status: ItemStatus;
  override: string | null;
  reviewer: string | null;
  reviewed_at: string | null;
  comment: string | null;
}

export class ChangesetStore {
  private readonly stmts: { [K in keyof typeof SQL]: Database.Statement };

  constructor(private readonly db: Database.Database) {
    this.stmts = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as {
      [K in keyof typeof SQL]: Database.Statement;
    };
  }

  insertChangeset(h: Omit<ChangesetHeader, 'id'>): number {
    return Number(this.stmts.insertChangeset.run({ ...h, origin: JSON.stringify(h.origin) }).lastInsertRowid);
  }

  setHead(id: number, revision: number): void {
    this.stmts.setHead.run(revision, id);
  }

  changeset(id: number): ChangesetHeader {
    const row = this.stmts.changeset.get(id) as ChangesetRow | undefined;
    if (!row) throw new UserError('NOT_FOUND', `no changeset with id ${id} (see cmdbw changeset list)`);
    return toHeader(row);
  }

  changesetIdByRef(ref: string): number | undefined {
    return (this.stmts.changesetByRef.get(ref) as { id: number } | undefined)?.id;
  }

  listChangesets(): ChangesetHeader[] {
    return (this.stmts.listChangesets.all() as ChangesetRow[]).map(toHeader);
  }

  insertRevision(r: RevisionHeader): void {
    this.stmts.insertRevision.run({
      ...r,
      snapshot: JSON.stringify(r.snapshot),
      settings: JSON.stringify(r.settings),
      skipped: JSON.stringify(r.skipped),
    });
  }

  revision(id: number, revision: number): RevisionHeader {
    const row = this.stmts.revision.get(id, revision) as RevisionRow | undefined;
    if (!row) throw new UserError('NOT_FOUND', `changeset ${id} has no revision ${revision}`);
    return toRevision(row);
  }

  /** Every revision of a changeset, oldest first. */
  revisions(id: number): RevisionHeader[] {
    return (this.stmts.revisionNumbers.all(id) as { revision: number }[]).map((r) =>
      this.revision(id, r.revision),
    );
  }

  kindCounts(id: number, revision: number): Partial<Record<ChangesetItem['kind'], number>> {
    const out: Partial<Record<ChangesetItem['kind'], number>> = {};
    for (const row of this.stmts.kindCounts.all(id, revision) as { kind: ChangesetItem['kind']; n: number }[])
      out[row.kind] = row.n;
    return out;
  }

  exportCount(id: number): number {
    return (this.stmts.exportCount.get(id) as { n: number }).n;
  }

  approve(id: number, revision: number, at: string, by: string, hash: string): void {
    const r = this.stmts.approve.run(at, by, hash, id, revision);
    if (r.changes !== 1)
      throw new UserError('NOT_DRAFT', `revision ${revision} of changeset ${id} is not a draft`);
  }

  /** Items in seq order, streamed: a revision may hold tens of thousands. */
  *items(id: number, revision: number): Generator<ChangesetItem> {
    for (const row of this.stmts.items.iterate(id, revision) as IterableIterator<ItemRow>)
      yield withStoredTexts(toItem(row), textsOf(row));
  }

  /** Items as canonical JSON straight from the stored texts (for hashing: nothing is parsed). */
  *canonicalItems(id: number, revision: number): Generator<string> {
    for (const row of this.stmts.items.iterate(id, revision) as IterableIterator<ItemRow>)
      yield canonicalItemFromTexts(
        {
          category: row.category,
          clusterId: row.cluster_id,
          comment: row.comment,
          findingId: row.finding_id,
          fingerprint: row.fingerprint,
          kind: row.kind,
          reviewedAt: row.reviewed_at,
          reviewer: row.reviewer,
          seq: row.seq,
          severity: row.severity,
          status: row.status,
          targetClass: row.target_class,
          targetName: row.target_name,
        },
        textsOf(row),
      );
  }

  insertItems(
    id: number,
    revision: number,
    items: Iterable<PlannedItem & Partial<Review> & { seq: number }>,
  ): number {
    let n = 0;
    for (const it of items) {
      this.stmts.insertItem.run(
        id,
        revision,
        it.seq,
        it.kind,
        it.findingId,
        it.fingerprint,
        it.category,
        it.severity,
        it.clusterId,
        it.target?.source ?? null,
        it.target?.key ?? null,
        it.targetClass,
        it.targetName,
        it.target ? canonicalJson(it.target) : null,
        canonicalJson(it.proposal),
        canonicalJson(it.base),
        it.status ?? 'pending',
        it.override ? canonicalJson(it.override) : null,
        it.reviewer ?? null,
        it.reviewedAt ?? null,
        it.comment ?? null,
      );
      n++;
    }
    return n;
  }

  copyItems(id: number, from: number, to: number): void {
    this.stmts.copyItems.run({ id, from, to });
  }

  setReview(id: number, revision: number, seq: number, r: Review): void {
    this.stmts.setReview.run(
      r.status,
      r.override ? canonicalJson(r.override) : null,
      r.reviewer,
      r.reviewedAt,
      r.comment,
      id,
      revision,
      seq,
    );
  }

  statusCounts(id: number, revision: number): Record<ItemStatus, number> {
    const out: Record<ItemStatus, number> = { pending: 0, accepted: 0, rejected: 0, edited: 0 };
    for (const row of this.stmts.statusCounts.all(id, revision) as { status: ItemStatus; n: number }[])
      out[row.status] = row.n;
    return out;
  }

  insertExport(e: {
    id: number;
    revision: number;
    format: string;
    at: string;
    by: string;
    directory: string;
    contentHash: string;
    files: unknown;
    warnings: unknown;
  }): number {
    return Number(
      this.stmts.insertExport.run(
        e.id,
        e.revision,
        e.format,
        e.at,
        e.by,
        e.directory,
        e.contentHash,
        JSON.stringify(e.files),
        JSON.stringify(e.warnings),
      ).lastInsertRowid,
    );
  }

  exports(id: number): {
    id: number;
    revision: number;
    format: string;
    exportedAt: string;
    exportedBy: string;
    directory: string;
    contentHash: string;
    files: unknown;
    warnings: unknown;
  }[] {
    return (
      this.stmts.exports.all(id) as {
        id: number;
        revision: number;
        format: string;
        exported_at: string;
        exported_by: string;
        directory: string;
        content_hash: string;
        files: string;
        warnings: string;
      }[]
    ).map((r) => ({
      id: r.id,
      revision: r.revision,
      format: r.format,
      exportedAt: r.exported_at,
      exportedBy: r.exported_by,
      directory: r.directory,
      contentHash: r.content_hash,
      files: JSON.parse(r.files) as unknown,
      warnings: JSON.parse(r.warnings) as unknown,
    }));
  }
}

function textsOf(row: ItemRow): StoredTexts {
  return {
    proposal: row.proposal,
    base: row.base,
    target: row.target_ref ?? 'null',
    override: row.override ?? 'null',
  };
}

function toRevision(row: RevisionRow): RevisionHeader {
  return {
    changesetId: row.changeset_id,
    revision: row.revision,
    state: row.state,
    createdAt: row.created_at,
    createdBy: row.created_by,
    basedOn: row.based_on,
    snapshot: JSON.parse(row.snapshot) as RevisionHeader['snapshot'],
    settings: JSON.parse(row.settings) as RevisionHeader['settings'],
    skipped: JSON.parse(row.skipped) as Record<string, number>,
    approvedAt: row.approved_at,
    approvedBy: row.approved_by,
    contentHash: row.content_hash,
  };
}

function toHeader(row: ChangesetRow): ChangesetHeader {
  return {
    id: row.id,
    ref: row.ref,
    name: row.name,
    createdAt: row.created_at,
    createdBy: row.created_by,
    origin: JSON.parse(row.origin) as Record<string, unknown>,
    headRevision: row.head_revision,
  };
}

/** The columns an item row is read from (for queries that page or filter items, e.g. the app's grid). */
export const ITEM_COLUMNS =
  'seq, kind, finding_id, fingerprint, category, severity, cluster_id, target_source, target_key, target_class, target_name, target_ref, proposal, base, status, override, reviewer, reviewed_at, comment';

/** An item from a row of ITEM_COLUMNS. */
export function itemFromRow(row: ItemRow): ChangesetItem {
  return withStoredTexts(toItem(row), textsOf(row));
}

function toItem(row: ItemRow): ChangesetItem {
  const target = row.target_ref ? (JSON.parse(row.target_ref) as RecordRef) : null;
  return {
    seq: row.seq,
    kind: row.kind,
    findingId: row.finding_id,
    fingerprint: row.fingerprint,
    category: row.category,
    severity: row.severity,
    clusterId: row.cluster_id,
    target,
    targetName: row.target_name,
    targetClass: row.target_class,
    proposal: JSON.parse(row.proposal) as ChangesetItem['proposal'],
    base: JSON.parse(row.base) as BaseEntry[],
    status: row.status,
    override: row.override ? (JSON.parse(row.override) as Record<string, unknown>) : null,
    reviewer: row.reviewer,
    reviewedAt: row.reviewed_at,
    comment: row.comment,
  };
}
