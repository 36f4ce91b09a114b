import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import type { QualityReport } from './quality.js';

export interface FindingRow {
  id: number;
  category: string;
  severity: string;
  clusterId: number | null;
  source: string;
  key: string;
  attribute: string | null;
  summary: string;
  evidence: unknown;
}

export interface FindingQuery {
  categories?: string[];
  severities?: string[];
  clusterId?: number;
  limit?: number;
  offset?: number;
}

function requireRun(ws: Workspace): { id: number; stats: string } {
  const run = ws.db.prepare('SELECT id, stats FROM reconcile_run ORDER BY id DESC LIMIT 1').get() as
    { id: number; stats: string } | undefined;
  if (!run)
    throw new UserError(
      'NOT_RECONCILED',
      'the workspace has not been reconciled yet: run cmdbw reconcile first',
    );
  return run;
}

export function listFindings(
  ws: Workspace,
  q: FindingQuery = {},
): { total: number; byCategory: Record<string, number>; findings: FindingRow[] } {
  requireRun(ws);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (q.categories?.length) {
    where.push(`category IN (${q.categories.map(() => '?').join(',')})`);
    params.push(...q.categories);
  }
  if (q.severities?.length) {
    where.push(`severity IN (${q.severities.map(() => '?').join(',')})`);
    params.push(...q.severities);
  }
  if (q.clusterId !== undefined) {
    where.push('cluster_id = ?');
    params.push(q.clusterId);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (ws.db.prepare(`SELECT count(*) AS n FROM finding ${clause}`).get(...params) as { n: number })
    .n;
  const byCategory = Object.fromEntries(
    (
      ws.db
        .prepare(`SELECT category, count(*) AS n FROM finding ${clause} GROUP BY category ORDER BY n DESC`)
        .all(...params) as { category: string; n: number }[]
    ).map((r) => [r.category, r.n]),
  );
  const limit = q.limit && q.limit > 0 ? q.limit : -1;
  const rows = ws.db
    .prepare(
      `SELECT id, category, severity, cluster_id, source, native_key, attribute, summary, evidence FROM finding ${clause}
        ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, category, id LIMIT ? OFFSET ?`,
    )
    .all(...params, limit, q.offset ?? 0) as {
    id: number;
    category: string;
    severity: string;
    cluster_id: number | null;
    source: string;
    native_key: string;
    attribute: string | null;
    summary: string;
    evidence: string;
  }[];
  return {
    total,
    byCategory,
    findings: rows.map((r) => ({
      id: r.id,
      category: r.category,
      severity: r.severity,
      clusterId: r.cluster_id,
      source: r.source,
      key: r.native_key,
      attribute: r.attribute,
      summary: r.summary,
      evidence: JSON.parse(r.evidence) as unknown,
    })),
  };
}

/** The quality report of the latest run (kept in the run's stats). */
export function qualityReport(ws: Workspace): QualityReport {
  const run = requireRun(ws);
  const stats = JSON.parse(run.stats) as { quality?: QualityReport };
  if (!stats.quality)
    throw new UserError(
      'NOT_RECONCILED',
      'the latest reconciliation has no quality report: run cmdbw reconcile again',
    );
  return stats.quality;
}
