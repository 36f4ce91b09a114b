/**
 * One handler per API method. Params arrive already validated by the method's schema (dispatch.ts);
 * handlers resolve file tokens, never paths, and throw UserError for anything the user can act on.
 */
import { existsSync, statSync } from 'node:fs';
import { changesetHandlers } from './changeset-handlers.js';
import type { ApiMethod, ParamsOf, ResultOf } from './contract.js';
import { exportCis } from './export.js';
import { neighbourhood } from './graph.js';
import { runGrid } from './grid-sql.js';
import { AUDIT_GRID, CI_GRID, FINDING_GRID } from './grids.js';
import type { ApiHost } from './host.js';
import { previewImport } from './preview.js';
import { appendAudit, verifyAudit } from '../audit/audit-log.js';
import { parseColumnMapping } from '../importers/mapping.js';
import { explainCluster } from '../reconcile/explain.js';
import { qualityReport } from '../reconcile/queries.js';
import type { QualityReport } from '../reconcile/quality.js';
import type { ReconcileSummary } from '../reconcile/run-reconcile.js';
import { listSources } from '../sources/list-sources.js';
import { workspaceStats } from '../sources/workspace-stats.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';

export type Handler<M extends ApiMethod> = (params: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;
export type Handlers = { [M in ApiMethod]: Handler<M> };

const MAPPING_PREFIX = 'mapping:';

/** The latest run's summary, rebuilt from the database when this host did not run it. */
function lastReconcile(host: ApiHost, ws: Workspace): ReconcileSummary | null {
  const run = ws.db
    .prepare(
      'SELECT id, started_at, finished_at, records, clusters, stats, inputs FROM reconcile_run ORDER BY id DESC LIMIT 1',
    )
    .get() as
    | {
        id: number;
        started_at: string;
        finished_at: string;
        records: number;
        clusters: number;
        stats: string;
        inputs: string;
      }
    | undefined;
  if (!run) return null;
  const known = host.lastSummaries.get(ws.path);
  if (known?.runId === run.id) return known;
  const stats = JSON.parse(run.stats) as Partial<ReconcileSummary['stats']> & { quality?: QualityReport };
  const previous = ws.db
    .prepare('SELECT inputs FROM reconcile_run WHERE id < ? ORDER BY id DESC LIMIT 1')
    .get(run.id) as { inputs: string } | undefined;
  const findings = Object.fromEntries(
    (
      ws.db
        .prepare('SELECT category, count(*) AS n FROM finding GROUP BY category ORDER BY n DESC')
        .all() as {
        category: string;
        n: number;
      }[]
    ).map((r) => [r.category, r.n]),
  );
  return {
    runId: run.id,
    records: run.records,
    clusters: run.clusters,
    findings,
    unchanged: previous?.inputs === run.inputs,
    phases: [],
    quality: stats.quality ?? qualityReport(ws),
    stats: {
      candidatePairs: stats.candidatePairs ?? 0,
      scoredPairs: stats.scoredPairs ?? 0,
      merges: stats.merges ?? 0,
      vetoes: stats.vetoes ?? 0,
    },
    durationMs: Math.max(0, Date.parse(run.finished_at) - Date.parse(run.started_at)),
  };
}

export function createHandlers(host: ApiHost): Handlers {
  const ws = () => host.workspace();

  return {
    'app/info': () => ({
      version: host.version,
      mode: host.mode,
      workspace: host.current() ? host.info() : null,
    }),

    'workspace/recent': () => host.recent.all().filter((r) => existsSync(r.path)),

    'workspace/open': (p) => {
      if (p.sample) return host.openSample();
      if (p.recent) {
        const entry = host.recent.find(p.recent);
        if (!entry) throw new UserError('NOT_FOUND', 'that workspace is no longer in the recent list');
        if (!existsSync(entry.path)) {
          host.recent.remove(entry.id);
          throw new UserError('NOT_FOUND', `${entry.path} no longer exists; it was removed from the list`);
        }
        return host.open(entry.path);
      }
      const file = host.files.resolve(p.file!, 'read');
      if (file.origin !== 'dialog')
        throw new UserError(
          'NOT_SUPPORTED',
          'in the browser, `cmdbw serve` works on the workspace it was started with; restart it with another one',
        );
      return host.open(file.path);
    },

    'workspace/create': (p) => {
      const file = host.files.resolve(p.file, 'write');
      if (file.origin !== 'dialog')
        throw new UserError('NOT_SUPPORTED', 'in the browser, create a workspace with `cmdbw init FILE`');
      if (existsSync(file.path) && statSync(file.path).size > 0)
        throw new UserError(
          'FILE_EXISTS',
          `${file.displayName} already exists: open it, or choose a new name`,
        );
      return host.open(file.path, { create: true });
    },

    'workspace/stats': () => workspaceStats(ws()),

    'workspace/setUser': (p) => {
      const w = ws();
      w.write(() => {
        w.setMeta('user', p.user);
        appendAudit(w.db, { at: w.now(), actor: p.user, action: 'settings.user', detail: { user: p.user } });
      });
      host.clearUserOverride();
      return host.info();
    },

    'sources/list': () => listSources(ws()),

    'import/preview': (p) =>
      previewImport(host.files.resolve(p.file, 'read'), { encoding: p.encoding, format: p.format }),

    'import/start': (p) => {
      const w = ws();
      const files = p.files.map((t) => host.files.resolve(t, 'read'));
      const paths = files.map((f) => f.path);
      return host.jobs.start({
        kind: 'import',
        workspace: w.path,
        displayNames: Object.fromEntries(files.map((f) => [f.path, f.displayName])),
        request: {
          source: p.source,
          paths,
          format: p.format,
          encoding: p.encoding ?? p.mapping?.encoding,
          mapping: p.mapping,
          role: p.role,
        },
      });
    },

    'mappings/list': () => {
      const rows = ws()
        .db.prepare("SELECT key, value FROM workspace_meta WHERE key LIKE 'mapping:%' ORDER BY key")
        .all() as { key: string; value: string }[];
      const out: ResultOf<'mappings/list'> = [];
      for (const r of rows) {
        const name = r.key.slice(MAPPING_PREFIX.length);
        try {
          out.push({ name, mapping: parseColumnMapping(JSON.parse(r.value), `mapping ${name}`) });
        } catch {
          // A mapping saved by a newer version that this one cannot read: leave it out of the list.
        }
      }
      return out;
    },

    'mappings/save': (p) => {
      const w = ws();
      w.write(() => {
        w.setMeta(`${MAPPING_PREFIX}${p.name}`, JSON.stringify(p.mapping));
        appendAudit(w.db, {
          at: w.now(),
          actor: w.user,
          action: 'mapping.save',
          target: `mapping:${p.name}`,
          detail: { mapping: p.mapping },
        });
      });
      return { name: p.name };
    },

    'reconcile/start': (p) =>
      host.jobs.start({ kind: 'reconcile', workspace: ws().path, threshold: p.threshold }),

    'reconcile/last': () => lastReconcile(host, ws()),

    'jobs/get': (p) => host.jobs.get(p.id),

    'jobs/cancel': (p) => host.jobs.cancel(p.id),

    'cis/rows': (p) => runGrid(ws().db, CI_GRID, p, host.counts),

    'cis/get': (p) => explainCluster(ws(), p.id),

    'cis/export': async (p) => {
      const file = host.files.resolve(p.file, 'write');
      const { rows } = await exportCis(ws(), {
        file: file.path,
        format: p.format,
        request: p.request,
        columns: p.columns,
      });
      return { rows, file: file.displayName };
    },

    'findings/rows': (p) => runGrid(ws().db, FINDING_GRID, p, host.counts),

    'findings/summary': () =>
      ws()
        .db.prepare(
          `SELECT category, severity, count(*) AS count FROM finding GROUP BY category, severity
            ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, count DESC`,
        )
        .all() as ResultOf<'findings/summary'>,

    'graph/neighbourhood': (p) => {
      const w = ws();
      return neighbourhood(w, host.graphs.get(w), p);
    },

    'quality/report': () => {
      const w = ws();
      const hasRun = w.db.prepare('SELECT 1 FROM reconcile_run LIMIT 1').get();
      if (!hasRun) return null;
      const history = (
        w.db
          .prepare(
            `SELECT id, finished_at AS at, json_extract(stats, '$.quality.overall.score') AS score FROM reconcile_run
              ORDER BY id DESC LIMIT 100`,
          )
          .all() as { id: number; at: string; score: number | null }[]
      )
        .filter((r) => typeof r.score === 'number')
        .map((r) => ({ runId: r.id, at: r.at, score: r.score! }))
        .reverse();
      return { report: qualityReport(w), history };
    },

    'audit/rows': (p) => runGrid(ws().db, AUDIT_GRID, p, host.counts),

    'audit/verify': () => {
      const v = verifyAudit(ws().db);
      return v.ok
        ? { ok: true, entries: v.entries }
        : { ok: false, entries: v.entries, firstBad: v.firstBad, reason: v.reason };
    },

    ...changesetHandlers(host),
  };
}
