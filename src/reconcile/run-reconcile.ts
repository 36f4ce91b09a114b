import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import { UserError } from '../util/errors.js';
import { asBusyError, type Workspace } from '../workspace/workspace.js';
import { buildClusterViews } from './cluster-views.js';
import { type ClusterRecord, clusterRecords, ValueFrequencies } from './cluster.js';
import { findAll } from './find-all.js';
import { matchGeneric } from './generic-matcher.js';
import { ID_KINDS, type Identity, identityOf, MATCHABLE_TYPES } from './identity.js';
import { type LoadedRecord, type LoadedSource, loadSnapshot } from './load.js';
import type { Finding, ReconContext } from './model.js';
import { Precedence } from './precedence.js';
import { type QualityReport, scoreQuality } from './quality.js';
import { RecordLookup, resolveRelationships } from './resolve-relationships.js';
import { assignStableIds, memberKey } from './stable-ids.js';

export const DEFAULT_THRESHOLD = 8;

export interface ReconcileOptions {
  threshold?: number;
  onProgress?: (phase: string, fraction: number) => void;
}

export interface ReconcileSummary {
  runId: number;
  records: number;
  clusters: number;
  findings: Record<string, number>;
  unchanged: boolean;
  phases: { phase: string; ms: number }[];
  quality: QualityReport;
  stats: { candidatePairs: number; scoredPairs: number; merges: number; vetoes: number };
  durationMs: number;
}

const PHASES = ['load', 'identify', 'relationships', 'findings', 'golden records', 'write'] as const;

function isGeneric(ciType: string, id: Identity, attrs: LoadedRecord['attrs']): boolean {
  if (ciType === 'person') return true;
  const hasIds = ID_KINDS.some((k) => id[k].length > 0);
  return ciType === 'other' && !hasIds && Object.keys(attrs.extra ?? {}).length >= 2;
}

/** Runs the generic matcher over the records set aside for it and folds its clusters into the result. */
function linkGeneric(
  records: LoadedRecord[],
  sources: LoadedSource[],
  generic: boolean[],
  clustering: ReturnType<typeof clusterRecords>,
): void {
  const members = records.map((_, i) => i).filter((i) => generic[i]);
  if (members.length < 2) return;
  const result = matchGeneric(
    members.map((i) => {
      const r = records[i]!;
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.attrs.extra ?? {})) fields[k] = String(v);
      if (r.attrs.name) fields.name ??= r.attrs.name;
      return { fields, source: r.source, duplicatesPossible: sources[r.source]!.role === 'cmdb' };
    }),
  );
  members.forEach((g, j) => (clustering.root[g] = members[result.root[j]!]!));
  for (const m of result.matches) {
    clustering.events.push({
      a: members[m.a]!,
      b: members[m.b]!,
      score: m.weight,
      decision: 'merged',
      reason: `match probability ${(m.probability * 100).toFixed(1)}% (fields compared with Jaro-Winkler; weights estimated by EM)`,
      evidence: Object.entries(m.comparison).map(([field, level]) => ({
        kind: field,
        outcome:
          level === 'exact'
            ? 'agree'
            : level === 'close'
              ? 'near'
              : level === 'missing'
                ? 'near'
                : 'disagree',
        weight: Math.round(result.weights[field]![level] * 10) / 10,
        detail: level,
      })),
    });
    clustering.stats.merges++;
  }
}

export function fingerprint(f: Pick<Finding, 'category' | 'source' | 'key' | 'attribute'>): string {
  return createHash('sha1')
    .update(`${f.category}\u0000${f.source}\u0000${f.key}\u0000${f.attribute ?? ''}`)
    .digest('hex');
}

/**
 * Reconciles the workspace's current snapshots: identifies CIs, derives findings, golden records and
 * quality scores, and replaces the previous results in one transaction. Running it again on the same
 * data gives the same cluster ids and the same finding fingerprints.
 */
export function reconcile(ws: Workspace, opts: ReconcileOptions = {}): ReconcileSummary {
  const started = Date.now();
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const phases: { phase: string; ms: number }[] = [];
  let t = Date.now();
  const mark = (phase: (typeof PHASES)[number]) => {
    const now = Date.now();
    phases.push({ phase, ms: now - t });
    t = now;
    opts.onProgress?.(phase, (PHASES.indexOf(phase) + 1) / PHASES.length);
  };

  const snapshot = loadSnapshot(ws);
  if (snapshot.records.length === 0)
    throw new UserError('NOTHING_TO_RECONCILE', 'the workspace has no records yet: import some files first');
  const { sources, records } = snapshot;
  mark('load');

  const reverseDns = sources.map((s) => s.formats.length > 0 && s.formats.every((f) => f === 'nmap-xml'));
  const identities = records.map((r) => identityOf(r.attrs, { reverseDnsNames: reverseDns[r.source] }));
  const clusterInput: ClusterRecord[] = records.map((r, i) => ({
    identity: identities[i]!,
    source: r.source,
    role: sources[r.source]!.role,
    matchable: MATCHABLE_TYPES.has(r.ciType),
  }));
  // Records without machine identifiers (people, mapped CSV data) go to the generic matcher instead.
  const generic = records.map((r, i) => isGeneric(r.ciType, identities[i]!, r.attrs));
  generic.forEach((g, i) => {
    if (g) clusterInput[i]!.matchable = false;
  });
  const freq = new ValueFrequencies(clusterInput);
  const clustering = clusterRecords(clusterInput, freq, { threshold });
  linkGeneric(records, sources, generic, clustering);
  const { clusters, clusterOf } = buildClusterViews(records, sources, clustering.root);
  mark('identify');

  const lookup = new RecordLookup(records, identities);
  const ctx: ReconContext = {
    snapshot,
    sources,
    records,
    identities,
    clusterOf,
    clusters,
    relationships: resolveRelationships(snapshot.relationships, lookup),
    now: ws.now(),
  };
  mark('relationships');

  const findings = findAll(ctx);
  mark('findings');

  const precedence = Precedence.load(ws);
  const goldens = clusters.map((c) =>
    precedence.golden(
      c.members.map((m) => records[m]!),
      sources,
    ),
  );
  const quality = scoreQuality(ctx, findings);
  mark('golden records');

  const { runId, unchanged } = write(
    ws,
    ctx,
    findings,
    goldens,
    quality,
    clustering,
    snapshot.batchIds,
    started,
  );
  mark('write');

  const byCategory: Record<string, number> = {};
  for (const f of findings) byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
  return {
    runId,
    records: records.length,
    clusters: clusters.length,
    findings: byCategory,
    unchanged,
    phases,
    quality: quality.report,
    stats: clustering.stats,
    durationMs: Date.now() - started,
  };
}

function write(
  ws: Workspace,
  ctx: ReconContext,
  findings: Finding[],
  goldens: ReturnType<Precedence['golden']>[],
  qualityResult: ReturnType<typeof scoreQuality>,
  clustering: ReturnType<typeof clusterRecords>,
  batchIds: number[],
  started: number,
): { runId: number; unchanged: boolean } {
  const db = ws.db;
  const { records, sources, clusters } = ctx;
  const quality = qualityResult.perCluster;
  try {
    return ws.write(() => {
      const last = db.prepare('SELECT id, inputs FROM reconcile_run ORDER BY id DESC LIMIT 1').get() as
        { id: number; inputs: string } | undefined;
      const inputs = JSON.stringify({
        batches: batchIds,
        rules: db.prepare('SELECT * FROM precedence_rule ORDER BY attribute, source').all(),
      });

      // Stable ids from the previous clustering.
      const previous = new Map<string, number>();
      for (const row of db
        .prepare(
          `SELECT cm.cluster_id, b.source_id, r.native_key FROM cluster_member cm
             JOIN record r ON r.id = cm.record_id JOIN import_batch b ON b.id = r.batch_id`,
        )
        .iterate() as IterableIterator<{ cluster_id: number; source_id: number; native_key: string }>) {
        previous.set(memberKey(row.source_id, row.native_key), row.cluster_id);
      }
      const nextFree = Number(ws.getMeta('next_cluster_id') ?? '1');
      let maxOld = 1;
      for (const id of previous.values()) if (id >= maxOld) maxOld = id + 1;
      const { ids, nextFreeId } = assignStableIds(
        clusters.map((c) => ({
          memberKeys: c.members.map((m) => memberKey(sources[records[m]!.source]!.id, records[m]!.key)),
        })),
        previous,
        Math.max(nextFree, maxOld),
      );
      ws.setMeta('next_cluster_id', String(nextFreeId));

      const at = ws.now().toISOString();
      const runId = Number(
        db
          .prepare(
            'INSERT INTO reconcile_run (started_at, finished_at, actor, records, clusters, findings, inputs, stats) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            new Date(started).toISOString(),
            at,
            ws.user,
            records.length,
            clusters.length,
            findings.length,
            inputs,
            JSON.stringify({ ...clustering.stats, quality: qualityResult.report }),
          ).lastInsertRowid,
      );

      db.exec('DELETE FROM cluster_member; DELETE FROM match_evidence; DELETE FROM ci_cluster;');
      const findingCount = new Map<number, number>();
      for (const f of findings)
        if (f.cluster !== undefined) findingCount.set(f.cluster, (findingCount.get(f.cluster) ?? 0) + 1);
      const insCluster = db.prepare(
        `INSERT INTO ci_cluster (id, run_id, ci_type, name, host_name, ip_address, serial_number, os, os_family, owner, support_group,
           location, status, sources, member_count, cmdb_count, discovery_count, finding_count, quality, golden, provenance, quality_detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const insMember = db.prepare(
        'INSERT INTO cluster_member (record_id, cluster_id, source_id, via_match) VALUES (?, ?, ?, ?)',
      );
      clusters.forEach((c, i) => {
        const g = goldens[i]!.golden;
        const from = goldens[i]!.from;
        const provenance: Record<string, number> = {};
        for (const [attr, memberIdx] of Object.entries(from))
          provenance[attr] = records[c.members[memberIdx]!]!.id;
        const q = quality[i]!;
        const srcNames = [...new Set(c.members.map((m) => sources[records[m]!.source]!.name))].join(',');
        const osText = g.os ?? ([g.os_name, g.os_version].filter(Boolean).join(' ') || null);
        insCluster.run(
          ids[i],
          runId,
          c.ciType,
          g.name ?? c.name,
          g.host_name ?? null,
          g.ip_address ?? null,
          g.serial_number ?? null,
          osText,
          g.os_family ?? null,
          g.owner ?? null,
          g.support_group ?? null,
          g.location ?? null,
          g.status ?? null,
          srcNames,
          c.members.length,
          c.cmdb.length,
          c.discovery.length,
          findingCount.get(i) ?? 0,
          q.score,
          JSON.stringify(g),
          JSON.stringify(provenance),
          JSON.stringify({
            completeness: q.completeness,
            correctness: q.correctness,
            compliance: q.compliance,
            missing: q.missing,
            failedRules: q.failedRules,
          }),
        );
      });

      // Membership, with the merge that brought each record in.
      const insEvidence = db.prepare(
        'INSERT INTO match_evidence (record_a, record_b, score, decision, reason, evidence) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const joinedBy = new Map<number, number>();
      for (const e of clustering.events) {
        const id = Number(
          insEvidence.run(
            records[e.a]!.id,
            records[e.b]!.id,
            Number.isFinite(e.score) ? e.score : -1e9,
            e.decision,
            e.reason,
            JSON.stringify(
              e.evidence.map((x) => ({
                ...x,
                weight: Number.isFinite(x.weight) ? Math.round(x.weight * 10) / 10 : null,
              })),
            ),
          ).lastInsertRowid,
        );
        if (e.decision === 'merged') {
          // The later of the two records (in cluster order) is the one that joined.
          if (!joinedBy.has(e.b)) joinedBy.set(e.b, id);
          else if (!joinedBy.has(e.a)) joinedBy.set(e.a, id);
        }
      }
      records.forEach((r, i) =>
        insMember.run(r.id, ids[ctx.clusterOf[i]!], sources[r.source]!.id, joinedBy.get(i) ?? null),
      );

      // Findings: keyed by fingerprint so a finding keeps its id (and review decisions) across runs.
      const existing = new Map<string, { id: number; first_seen_run: number }>();
      for (const row of db.prepare('SELECT id, fingerprint, first_seen_run FROM finding').all() as {
        id: number;
        fingerprint: string;
        first_seen_run: number;
      }[]) {
        existing.set(row.fingerprint, row);
      }
      const upsert = db.prepare(
        `INSERT INTO finding (id, fingerprint, category, severity, cluster_id, record_id, relationship_id, source, native_key, attribute, summary, evidence, first_seen_run, last_seen_run)
         VALUES (@id, @fingerprint, @category, @severity, @cluster_id, @record_id, @relationship_id, @source, @native_key, @attribute, @summary, @evidence, @first_seen_run, @last_seen_run)
         ON CONFLICT (fingerprint) DO UPDATE SET severity = excluded.severity, cluster_id = excluded.cluster_id, record_id = excluded.record_id,
           relationship_id = excluded.relationship_id, summary = excluded.summary, evidence = excluded.evidence, last_seen_run = excluded.last_seen_run`,
      );
      const seen = new Set<string>();
      for (const f of findings) {
        const fp = fingerprint(f);
        if (seen.has(fp)) continue;
        seen.add(fp);
        const prev = existing.get(fp);
        upsert.run({
          id: prev?.id ?? null,
          fingerprint: fp,
          category: f.category,
          severity: f.severity,
          cluster_id: f.cluster !== undefined ? ids[f.cluster]! : null,
          record_id: f.record !== undefined ? records[f.record]!.id : null,
          relationship_id: f.relationship !== undefined ? ctx.relationships[f.relationship]!.rel.id : null,
          source: f.source,
          native_key: f.key,
          attribute: f.attribute ?? null,
          summary: f.summary,
          evidence: JSON.stringify(f.evidence),
          first_seen_run: prev?.first_seen_run ?? runId,
          last_seen_run: runId,
        });
      }
      db.prepare('DELETE FROM finding WHERE last_seen_run <> ?').run(runId);

      appendAudit(db, {
        at: ws.now(),
        actor: ws.user,
        action: 'reconcile',
        target: `run:${runId}`,
        detail: {
          records: records.length,
          clusters: clusters.length,
          findings: findings.length,
          batches: batchIds,
          unchangedInputs: last?.inputs === inputs,
        },
      });
      return { runId, unchanged: last?.inputs === inputs };
    });
  } catch (err) {
    throw asBusyError(err, ws.path);
  }
}
