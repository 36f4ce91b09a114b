/**
 * The changeset methods of the API (contract.ts, "changesets" section): thin adapters over
 * src/changesets/ and src/exporters/, which the CLI uses too, so the app and `cmdbw changeset` plan,
 * review, approve and export exactly alike.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  ChangesetDetail,
  ChangesetItemRow,
  ChangesetMethod,
  ChangesetSummary,
  ItemSelection,
  ResultOf,
  ValidationProblem,
} from './contract.js';
import { buildGridQuery, type GridSpec } from './grid-sql.js';
import { FINDING_GRID } from './grids.js';
import type { Handler } from './handlers.js';
import type { ApiHost } from './host.js';
import { approveChangeset } from '../changesets/approve.js';
import { createChangeset } from '../changesets/create.js';
import { describeItem } from '../changesets/describe.js';
import { EDITABLE, effectiveProposal } from '../changesets/effective.js';
import { sha256Hex } from '../changesets/hash.js';
import { loadRevision } from '../changesets/load.js';
import type { ChangesetItem, ItemStatus, ProposalByKind } from '../changesets/model.js';
import { writeReport } from '../changesets/report.js';
import { type Decision, reviewChangeset } from '../changesets/review.js';
import { findStaleItems } from '../changesets/staleness.js';
import { ChangesetStore, ITEM_COLUMNS, itemFromRow, type ItemRow } from '../changesets/store.js';
import { validateItems } from '../changesets/validate.js';
import { workspaceValidationEnv } from '../changesets/validation-env.js';
import { exportChangeset } from '../exporters/export-changeset.js';
import { tarChunks } from '../exporters/tar.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';

type ItemGridColumns = Record<
  | 'seq'
  | 'kind'
  | 'status'
  | 'category'
  | 'severity'
  | 'target_name'
  | 'target_class'
  | 'target_source'
  | 'summary'
  | 'reviewer',
  unknown
>;

/**
 * The item grid over changeset_item (primary key changeset, revision, seq: a revision's items are one
 * index range). The summary the grid shows is made in code; filtering and sorting "summary" use the words
 * it is made of (kind, CI, attribute, reason), which SQL can reach.
 */
export const ITEM_GRID: GridSpec<ItemGridColumns> = {
  name: 'changeset items',
  from: 'changeset_item i',
  id: 'seq',
  defaultSort: [],
  columns: {
    seq: { sql: 'i.seq', type: 'number' },
    kind: { sql: 'i.kind', type: 'text' },
    status: { sql: 'i.status', type: 'text' },
    category: { sql: 'i.category', type: 'text' },
    severity: {
      sql: 'i.severity',
      type: 'text',
      sortSql: "CASE i.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END",
    },
    target_name: { sql: 'i.target_name', type: 'text', quick: true },
    target_class: { sql: 'i.target_class', type: 'text' },
    target_source: { sql: 'i.target_source', type: 'text' },
    summary: {
      sql: `(i.kind || ' ' || coalesce(i.target_name, '') || ' ' || coalesce(json_extract(i.proposal, '$.attribute'), '')
              || ' ' || coalesce(json_extract(i.proposal, '$.reason'), ''))`,
      type: 'text',
      quick: true,
    },
    reviewer: { sql: 'i.reviewer', type: 'text', quick: true },
  },
};

const SQL = {
  findingIds: (where: string) => `SELECT f.id FROM ${FINDING_GRID.from} WHERE ${where} ORDER BY f.id`,
  itemCount: (where: string) =>
    `SELECT count(*) AS n FROM ${ITEM_GRID.from} WHERE i.changeset_id = ? AND i.revision = ? AND ${where}`,
  itemPage: (where: string, orderBy: string) =>
    `SELECT ${ITEM_COLUMNS} FROM ${ITEM_GRID.from} WHERE i.changeset_id = ? AND i.revision = ? AND ${where}
      ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
  itemSeqs: (where: string) =>
    `SELECT i.seq FROM ${ITEM_GRID.from} WHERE i.changeset_id = ? AND i.revision = ? AND ${where} ORDER BY i.seq`,
} as const;

const DECISION: Record<Exclude<ItemStatus, 'edited'>, Decision> = {
  accepted: 'accept',
  rejected: 'reject',
  pending: 'reset',
};

/** Problems per item from the last validation of a revision (the item grid shows their counts). */
interface LastValidation {
  revision: number;
  bySeq: Map<number, { errors: number; warnings: number }>;
}

function summaryOf(store: ChangesetStore, id: number, revisionNo?: number): ChangesetSummary {
  const header = store.changeset(id);
  const rev = store.revision(id, revisionNo ?? header.headRevision);
  const counts = store.statusCounts(id, rev.revision);
  return {
    id,
    ref: header.ref,
    name: header.name,
    createdAt: header.createdAt,
    createdBy: header.createdBy,
    revision: rev.revision,
    state: rev.state,
    approvedAt: rev.approvedAt,
    approvedBy: rev.approvedBy,
    contentHash: rev.contentHash,
    items: counts.pending + counts.accepted + counts.rejected + counts.edited,
    counts,
    byKind: store.kindCounts(id, rev.revision),
    exports: store.exportCount(id),
  };
}

function detailOf(store: ChangesetStore, id: number, revisionNo?: number): ChangesetDetail {
  const header = store.changeset(id);
  const summary = summaryOf(store, id, revisionNo);
  const rev = store.revision(id, summary.revision);
  return {
    ...summary,
    origin: header.origin,
    snapshot: { reconcileRun: rev.snapshot.reconcileRun, batches: rev.snapshot.batches },
    settings: rev.settings,
    skipped: rev.skipped,
    revisions: store.revisions(id).map((r) => ({
      revision: r.revision,
      state: r.state,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      basedOn: r.basedOn,
      approvedAt: r.approvedAt,
      approvedBy: r.approvedBy,
      contentHash: r.contentHash,
    })),
    exportHistory: store.exports(id).map((e) => ({
      id: e.id,
      revision: e.revision,
      format: e.format,
      exportedAt: e.exportedAt,
      exportedBy: e.exportedBy,
      destination: e.directory,
      files: (e.files as { path: string; sha256: string }[]).map((f) => ({ name: f.path, sha256: f.sha256 })),
      warnings: e.warnings as string[],
    })),
  };
}

/** The before and after values of kinds that change one value; the item in words for the others. */
function beforeAfter(it: ChangesetItem, words: { before: string; after: string }): [unknown, unknown] {
  const p = effectiveProposal(it);
  switch (it.kind) {
    case 'update_attribute':
    case 'set_owner':
    case 'set_support_group': {
      const up = p as ProposalByKind['update_attribute'];
      return [up.before ?? null, up.after ?? null];
    }
    case 'retire_ci':
      return [(p as ProposalByKind['retire_ci']).before, 'retired'];
    case 'create_ci':
      return [null, (p as ProposalByKind['create_ci']).values];
    default:
      return [words.before || null, words.after || null];
  }
}

function itemRow(it: ChangesetItem, last: LastValidation | undefined, revision: number): ChangesetItemRow {
  const d = describeItem(it);
  const [before, after] = beforeAfter(it, d);
  const problems = last?.revision === revision ? last.bySeq.get(it.seq) : undefined;
  const change = d.before ? `${d.before} -> ${d.after}` : d.after;
  return {
    seq: it.seq,
    kind: it.kind,
    findingId: it.findingId,
    category: it.category,
    severity: it.severity,
    clusterId: it.clusterId,
    target: it.target
      ? { source: it.target.source, key: it.target.key, name: it.target.name, className: it.target.className }
      : null,
    targetName: it.targetName,
    targetClass: it.targetClass,
    summary: d.attribute ? `${d.attribute}: ${change}` : change,
    before,
    after,
    reason: d.reason,
    proposal: it.proposal as unknown as Record<string, unknown>,
    override: it.override,
    effective: effectiveProposal(it) as unknown as Record<string, unknown>,
    editable: [...EDITABLE[it.kind]],
    status: it.status,
    reviewer: it.reviewer,
    reviewedAt: it.reviewedAt,
    comment: it.comment,
    errors: problems?.errors ?? 0,
    warnings: problems?.warnings ?? 0,
  };
}

/** The item numbers a selection names: explicit, or whatever the item grid's filter matches. */
function selectedSeqs(ws: Workspace, id: number, revision: number, sel: ItemSelection): number[] {
  if ('seqs' in sel) return sel.seqs;
  const q = buildGridQuery(ITEM_GRID, {
    sortModel: [],
    filterModel: sel.filterModel,
    quickFilter: sel.quickFilter,
  });
  return (ws.db.prepare(SQL.itemSeqs(q.where)).all(id, revision, ...q.params) as { seq: number }[]).map(
    (r) => r.seq,
  );
}

/**
 * Writes an export to the one file the user chose: the review report (csv), the changeset document
 * (json, re-importable), or for a format made of several files, all of them (manifest and inverse plan
 * included) in one tar archive. The export itself goes through the same exporter as the CLI, into a
 * private directory first, so its audit entry and manifest are the CLI's.
 */
async function exportToFile(
  ws: Workspace,
  id: number,
  target: string,
  format: string,
  acceptedOnly: boolean,
): Promise<ResultOf<'changesets/export'>> {
  if (format === 'csv') {
    const r = await writeReport(ws, id, target);
    return {
      items: r.rows,
      files: [{ name: path.basename(target), sha256: sha256Hex(readFileSync(target)) }],
      warnings: [],
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cmdbw-export-'));
  try {
    const r = exportChangeset(ws, id, { format, out: dir, acceptedOnly, destination: target });
    const stale = r.stale.length
      ? [
          `the plan may be stale: a newer CMDB import changed what items ${r.stale.map((s) => s.seq).join(', ')} touch`,
        ]
      : [];
    if (format === 'json') {
      const doc = readFileSync(path.join(dir, 'changeset.json'));
      writeFileAtomic(target, [doc]);
      return {
        items: r.items,
        files: [{ name: 'changeset.json', sha256: sha256Hex(doc) }],
        warnings: [...stale, ...r.warnings],
      };
    }
    const names = [
      ...r.files
        .map((f) => f.path)
        .filter((p) => p !== 'manifest.json')
        .sort(),
      'manifest.json',
    ];
    const approvedAt = loadApprovedAt(ws, id, r.revision);
    writeFileAtomic(
      target,
      tarChunks(
        names.map((p) => ({ path: p, content: readFileSync(path.join(dir, p)) })),
        Math.floor(Date.parse(approvedAt) / 1000),
      ),
    );
    return {
      items: r.items,
      files: r.files.map((f) => ({ name: f.path, sha256: f.sha256 })),
      warnings: [...stale, ...r.warnings],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function loadApprovedAt(ws: Workspace, id: number, revision: number): string {
  return new ChangesetStore(ws.db).revision(id, revision).approvedAt ?? ws.now().toISOString();
}

export function changesetHandlers(host: ApiHost): { [M in ChangesetMethod]: Handler<M> } {
  const ws = () => host.workspace();
  const store = () => new ChangesetStore(ws().db);
  const lastValidation = new Map<number, LastValidation>();
  const changed = (reason: string) => host.changed(ws().path, reason);

  return {
    'changesets/create': (p) => {
      const w = ws();
      let ids = p.findingIds;
      if (!ids) {
        const q = buildGridQuery(FINDING_GRID, {
          sortModel: [],
          filterModel: p.filterModel ?? {},
          quickFilter: p.quickFilter,
        });
        ids = (w.db.prepare(SQL.findingIds(q.where)).all(...q.params) as { id: number }[]).map((r) => r.id);
        if (ids.length === 0) throw new UserError('NOTHING_SELECTED', 'no finding matches the filter');
      }
      const r = createChangeset(w, {
        name: p.name,
        filters: [`finding=${ids.join(',')}`],
        retireAfterDays: p.retireAfterDays,
      });
      changed('changeset');
      return r;
    },

    'changesets/list': () => {
      const s = store();
      return s.listChangesets().map((h) => summaryOf(s, h.id));
    },

    'changesets/get': (p) => detailOf(store(), p.id, p.revision),

    'changesets/items': (p) => {
      const w = ws();
      const s = new ChangesetStore(w.db);
      const revision = p.revision ?? s.changeset(p.id).headRevision;
      s.revision(p.id, revision); // NOT_FOUND for a revision that does not exist
      const q = buildGridQuery(ITEM_GRID, p);
      const lastRow = (w.db.prepare(SQL.itemCount(q.where)).get(p.id, revision, ...q.params) as { n: number })
        .n;
      const rows = (
        w.db
          .prepare(SQL.itemPage(q.where, q.orderBy))
          .all(p.id, revision, ...q.params, p.endRow - p.startRow, p.startRow) as ItemRow[]
      ).map((row) => itemRow(itemFromRow(row), lastValidation.get(p.id), revision));
      return { rows, lastRow };
    },

    'changesets/review': (p) => {
      const w = ws();
      const head = new ChangesetStore(w.db).changeset(p.id).headRevision;
      const seqs = selectedSeqs(w, p.id, head, p.items);
      if (seqs.length === 0) throw new UserError('NO_ITEMS', 'no item matches the selection');
      const r =
        p.status === 'edited'
          ? reviewChangeset(w, p.id, { set: p.override, items: seqs, comment: p.comment })
          : reviewChangeset(w, p.id, {
              decision: DECISION[p.status],
              items: seqs,
              bulk: !('seqs' in p.items),
              comment: p.comment,
            });
      if (r.changed > 0) changed('changeset');
      return { updated: r.changed, changeset: summaryOf(store(), p.id) };
    },

    'changesets/validate': (p) => {
      const w = ws();
      const { revision, items } = loadRevision(w, p.id);
      const problems: ValidationProblem[] = validateItems(items, workspaceValidationEnv(w), 'open');
      // The plan may be stale: what it touches changed in a newer CMDB import (a warning, as at export).
      for (const s of findStaleItems(
        w,
        revision,
        items.filter((it) => it.status !== 'rejected'),
      ))
        problems.push({
          seq: s.seq,
          severity: 'warning',
          code: 'stale_target',
          message: s.reasons.join('; '),
        });
      problems.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
      const bySeq = new Map<number, { errors: number; warnings: number }>();
      for (const pr of problems) {
        if (pr.seq === null) continue;
        const c = bySeq.get(pr.seq) ?? { errors: 0, warnings: 0 };
        if (pr.severity === 'error') c.errors++;
        else c.warnings++;
        bySeq.set(pr.seq, c);
      }
      lastValidation.set(p.id, { revision: revision.revision, bySeq });
      return { ok: !problems.some((pr) => pr.severity === 'error'), problems };
    },

    'changesets/approve': (p) => {
      approveChangeset(ws(), p.id, { comment: p.comment });
      changed('changeset');
      return summaryOf(store(), p.id);
    },

    'changesets/export': async (p) => {
      const file = host.files.resolve(p.file, 'write');
      const r = await exportToFile(ws(), p.id, file.path, p.format, p.acceptedOnly ?? false);
      changed('changeset');
      return r;
    },
  };
}
