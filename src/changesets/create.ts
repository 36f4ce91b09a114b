import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import { FINDING_CATEGORIES } from '../reconcile/model.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { type FilterRow, matchesFilters, parseFilters } from './filter.js';
import { DEFAULT_SETTINGS, type PlanSettings } from './model.js';
import type { PlanFinding } from './plan/plan-data.js';
import { planChangeset } from './plan/planner.js';
import { SqlitePlanData } from './plan/sqlite-plan-data.js';
import { takeSnapshot } from './snapshot.js';
import { ChangesetStore } from './store.js';

export const FINDING_FILTER_FIELDS = [
  'category',
  'severity',
  'source',
  'key',
  'attribute',
  'ci_type',
  'name',
  'cluster',
  'finding',
] as const;

export interface CreateOptions {
  name?: string;
  all?: boolean;
  categories?: string[];
  filters?: string[];
  /** Keep only the first N items (in plan order). */
  limit?: number;
  retireAfterDays?: number;
}

export interface CreateResult {
  id: number;
  ref: string;
  revision: number;
  name: string;
  findings: number;
  items: number;
  byKind: Record<string, number>;
  skipped: Record<string, number>;
}

const SQL = {
  latestRun: 'SELECT id FROM reconcile_run ORDER BY id DESC LIMIT 1',
  findings: `SELECT id, fingerprint, category, severity, cluster_id, record_id, relationship_id, source, native_key,
                    attribute, summary, evidence FROM finding ORDER BY id`,
  // Only when a filter names the CI's type or name: a lookup per finding into the large cluster table.
  clusterNames:
    'SELECT id, ci_type, name FROM ci_cluster WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
} as const;

export const RETIRE_SETTING = 'changeset.retire_after_days';

/** Plans a changeset from the chosen findings of the latest reconciliation and stores it as revision 1. */
export function createChangeset(ws: Workspace, opts: CreateOptions): CreateResult {
  const run = ws.db.prepare(SQL.latestRun).get() as { id: number } | undefined;
  if (!run)
    throw new UserError(
      'NOT_RECONCILED',
      'the workspace has not been reconciled yet: run cmdbw reconcile first',
    );
  const categories = opts.categories ?? [];
  if (!opts.all && categories.length === 0 && !opts.filters?.length)
    throw new UserError(
      'NOTHING_SELECTED',
      'choose the findings to plan: --all, --category CATEGORY... or --filter FIELD=VALUE',
    );
  for (const c of categories)
    if (!(FINDING_CATEGORIES as readonly string[]).includes(c))
      throw new UserError(
        'BAD_CATEGORY',
        `unknown finding category "${c}" (categories: ${FINDING_CATEGORIES.join(', ')})`,
      );
  const clauses = parseFilters(opts.filters ?? [], FINDING_FILTER_FIELDS);
  if (opts.limit !== undefined && (!Number.isInteger(opts.limit) || opts.limit < 1))
    throw new UserError('BAD_LIMIT', '--limit must be a positive whole number');

  const loaded = loadFindings(ws, categories);
  if (clauses.some((c) => c.field === 'ci_type' || c.field === 'name')) addClusterNames(ws, loaded);
  const findings = loaded.filter((f) => matchesFilters(filterRow(f), clauses));
  const settings = planSettings(ws, opts.retireAfterDays);
  const now = ws.now();
  const data = new SqlitePlanData(ws, now, settings);
  data.prefetch(findings);
  const plan = planChangeset(findings, data);
  let items = plan.items;
  const skipped = { ...plan.skipped };
  if (opts.limit !== undefined && items.length > opts.limit) {
    skipped[`limit: items beyond --limit ${opts.limit}`] = items.length - opts.limit;
    items = items.slice(0, opts.limit);
  }
  const byKind: Record<string, number> = {};
  for (const it of items) byKind[it.kind] = (byKind[it.kind] ?? 0) + 1;

  const name =
    opts.name ??
    `${opts.all || categories.length === 0 ? 'All findings' : categories.join(', ')} of run ${run.id}`;
  const ref = randomUUID();
  const at = now.toISOString();
  const origin = {
    from: 'findings',
    reconcileRun: run.id,
    categories: opts.all ? [] : [...categories].sort(),
    filters: opts.filters ?? [],
    limit: opts.limit ?? null,
  };
  const id = ws.write(() => {
    const store = new ChangesetStore(ws.db);
    const snapshot = takeSnapshot(ws);
    const cid = store.insertChangeset({
      ref,
      name,
      createdAt: at,
      createdBy: ws.user,
      origin,
      headRevision: 1,
    });
    store.insertRevision({
      changesetId: cid,
      revision: 1,
      state: 'draft',
      createdAt: at,
      createdBy: ws.user,
      basedOn: null,
      snapshot,
      settings,
      skipped,
      approvedAt: null,
      approvedBy: null,
      contentHash: null,
    });
    store.insertItems(
      cid,
      1,
      items.map((it, i) => ({ ...it, seq: i + 1 })),
    );
    appendAudit(ws.db, {
      at: now,
      actor: ws.user,
      action: 'changeset.create',
      target: `changeset:${cid}`,
      detail: {
        changeset: cid,
        ref,
        name,
        revision: 1,
        findings: findings.length,
        items: items.length,
        byKind,
        skipped,
        selection: origin,
        settings,
        snapshot: snapshot.batches,
      },
    });
    return cid;
  });
  return { id, ref, revision: 1, name, findings: findings.length, items: items.length, byKind, skipped };
}

export function planSettings(ws: Workspace, retireAfterDays?: number): PlanSettings {
  const configured = ws.getMeta(RETIRE_SETTING);
  const days =
    retireAfterDays ?? (configured !== undefined ? Number(configured) : DEFAULT_SETTINGS.retireAfterDays);
  if (!Number.isInteger(days) || days < 0)
    throw new UserError(
      'BAD_SETTING',
      `the retirement threshold must be a whole number of days, not ${days}`,
    );
  return { retireAfterDays: days };
}

function loadFindings(ws: Workspace, categories: readonly string[]): PlanFinding[] {
  const wanted = (c: string) => categories.length === 0 || categories.includes(c);
  return (
    ws.db.prepare(SQL.findings).all() as {
      id: number;
      fingerprint: string;
      category: string;
      severity: string;
      cluster_id: number | null;
      record_id: number | null;
      relationship_id: number | null;
      source: string;
      native_key: string;
      attribute: string | null;
      summary: string;
      evidence: string;
    }[]
  )
    .filter((r) => wanted(r.category))
    .map((r) => ({
      id: r.id,
      fingerprint: r.fingerprint,
      category: r.category,
      severity: r.severity,
      clusterId: r.cluster_id,
      recordId: r.record_id,
      relationshipId: r.relationship_id,
      source: r.source,
      key: r.native_key,
      attribute: r.attribute,
      summary: r.summary,
      evidence: JSON.parse(r.evidence) as Record<string, unknown>,
      ciType: null,
      ciName: null,
    }));
}

function filterRow(f: PlanFinding): FilterRow {
  return {
    category: f.category,
    severity: f.severity,
    source: f.source,
    key: f.key,
    attribute: f.attribute,
    ci_type: f.ciType,
    name: f.ciName,
    cluster: f.clusterId,
    finding: f.id,
  };
}

function addClusterNames(ws: Workspace, findings: PlanFinding[]): void {
  const ids = [...new Set(findings.map((f) => f.clusterId).filter((id): id is number => id !== null))].sort(
    (a, b) => a - b,
  );
  const names = new Map<number, { ci_type: string; name: string | null }>();
  for (const row of ws.db.prepare(SQL.clusterNames).iterate(JSON.stringify(ids)) as IterableIterator<{
    id: number;
    ci_type: string;
    name: string | null;
  }>)
    names.set(row.id, row);
  for (const f of findings) {
    const c = f.clusterId !== null ? names.get(f.clusterId) : undefined;
    f.ciType = c?.ci_type ?? null;
    f.ciName = c?.name ?? null;
  }
}
