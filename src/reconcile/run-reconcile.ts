import { BulkInsert } from '../workspace/bulk-insert.js';
import { appendAudit } from '../audit/audit-log.js';
import { UserError } from '../util/errors.js';
import { replaceTableContents } from '../workspace/bulk-replace.js';
import { asBusyError, type Workspace } from '../workspace/workspace.js';
import { buildClusterViews } from './cluster-views.js';
import { type ClusterInput, clusterRecords, ValueFrequencies } from './cluster.js';
import { collectFindings } from './find-all.js';
import { type FindingTable } from './finding-table.js';
import { matchGeneric } from './generic-matcher.js';
import { evidenceJson, scoreEntries } from './scoring.js';
import { identityOf, IdentityTable, Interner, MATCHABLE_TYPES } from './identity.js';
import { type LoadedRecord, type LoadedSource, loadSnapshot } from './load.js';
import type { ReconContext } from './model.js';
import { Precedence } from './precedence.js';
import { QualityScorer, type QualityReport } from './quality.js';
import { RecordLookup, resolveRelationships } from './resolve-relationships.js';
import { assignStableIds } from './stable-ids.js';

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

const PHASES = ['load', 'identify', 'relationships', 'findings', 'write'] as const;

function isGeneric(ciType: string, hasIds: boolean, attrs: LoadedRecord['attrs']): boolean {
  if (ciType === 'person') return true;
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

export { fingerprint } from './finding-table.js';

/**
 * Reconciles the workspace's current snapshots: identifies CIs, derives findings, golden records and
 * quality scores, and replaces the previous results in one transaction. Running it again on the same
 * data gives the same cluster ids and the same finding fingerprints.
 */
export function reconcile(ws: Workspace, opts: ReconcileOptions = {}): ReconcileSummary {
  const cacheSize = ws.db.pragma('cache_size', { simple: true }) as number;
  ws.db.pragma(`cache_size = -${RECONCILE_CACHE_KIB}`);
  try {
    return run(ws, opts);
  } finally {
    ws.db.pragma(`cache_size = ${cacheSize}`);
  }
}

/**
 * Page cache of the connection while it reconciles, in KiB. The run reads the records once, in order,
 * and appends its results: a large cache holds nothing it reads twice, and only gathers hundreds of MB
 * of dirty result pages that COMMIT then writes at once. With 32 MB SQLite spills them to the WAL as it
 * goes; at 200,000 machines that took 100 to 150 MB off the peak RSS and a second off the write.
 */
export const RECONCILE_CACHE_KIB = 32768;

function run(ws: Workspace, opts: ReconcileOptions): ReconcileSummary {
  const started = Date.now();
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const phases: { phase: string; ms: number }[] = [];
  let t = Date.now();
  const debug = Boolean(process.env.CMDBW_DEBUG_MEMORY);
  // CPU time too: on a busy machine wall time says little about the engine.
  let cpu = debug ? process.cpuUsage() : undefined;
  const mark = (phase: (typeof PHASES)[number]) => {
    const now = Date.now();
    phases.push({ phase, ms: now - t });
    if (cpu) {
      const used = process.cpuUsage(cpu);
      // Under --expose-gc, live memory rather than whatever garbage has not been collected yet.
      (globalThis as { gc?: () => void }).gc?.();
      process.stderr.write(
        `${phase}: ${now - t} ms, cpu ${Math.round((used.user + used.system) / 1000)} ms, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB, peak rss ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
      );
      cpu = process.cpuUsage();
    }
    t = now;
    opts.onProgress?.(phase, (PHASES.indexOf(phase) + 1) / PHASES.length);
  };

  const snapshot = loadSnapshot(ws);
  if (snapshot.records.length === 0)
    throw new UserError('NOTHING_TO_RECONCILE', 'the workspace has no records yet: import some files first');
  const { sources, records } = snapshot;
  mark('load');

  const reverseDns = sources.map((s) => s.formats.length > 0 && s.formats.every((f) => f === 'nmap-xml'));
  const interner = new Interner();
  const n = records.length;
  const identities = new IdentityTable(n, n * 6);
  for (const r of records)
    identities.append(identityOf(r.attrs, interner, { reverseDnsNames: reverseDns[r.source] }));
  // Records without machine identifiers (people, mapped CSV data) go to the generic matcher instead.
  const generic = records.map((r, i) => isGeneric(r.ciType, identities.count(i) > 0, r.attrs));
  const clusterInput: ClusterInput = {
    identities,
    source: Int32Array.from(records, (r) => r.source),
    discovery: Uint8Array.from(records, (r) => (sources[r.source]!.role === 'discovery' ? 1 : 0)),
    matchable: Uint8Array.from(records, (r, i) => (MATCHABLE_TYPES.has(r.ciType) && !generic[i] ? 1 : 0)),
  };
  const freq = new ValueFrequencies(clusterInput, interner.size);
  const clustering = clusterRecords(clusterInput, freq, interner, { threshold });
  linkGeneric(records, sources, generic, clustering);
  const { clusters, clusterOf } = buildClusterViews(records, sources, clustering.root);
  mark('identify');

  const lookup = new RecordLookup(records, identities, interner);
  const ctx: ReconContext = {
    snapshot,
    sources,
    records,
    identities,
    interner,
    clusterOf,
    clusters,
    relationships: resolveRelationships(snapshot.relationships, lookup),
    now: ws.now(),
  };
  mark('relationships');

  const findings = collectFindings(ctx);
  const quality = new QualityScorer(ctx, findings);
  mark('findings');

  const precedence = Precedence.load(ws);
  const { runId, unchanged, report } = write(
    ws,
    ctx,
    findings,
    precedence,
    quality,
    clustering,
    freq,
    snapshot.batchIds,
    started,
  );
  mark('write');

  const byCategory: Record<string, number> = {};
  for (let i = 0; i < findings.length; i++) {
    const category = findings.category(i);
    byCategory[category] = (byCategory[category] ?? 0) + 1;
  }
  return {
    runId,
    records: records.length,
    clusters: clusters.length,
    findings: byCategory,
    unchanged,
    phases,
    quality: report,
    stats: clustering.stats,
    durationMs: Date.now() - started,
  };
}

const CLUSTER_COLUMNS = [
  'id',
  'run_id',
  'ci_type',
  'name',
  'host_name',
  'ip_address',
  'serial_number',
  'os',
  'os_family',
  'owner',
  'support_group',
  'location',
  'status',
  'sources',
  'member_count',
  'cmdb_count',
  'discovery_count',
  'finding_count',
  'quality',
  'provenance',
  'quality_detail',
] as const;

function write(
  ws: Workspace,
  ctx: ReconContext,
  findings: FindingTable,
  precedence: Precedence,
  quality: QualityScorer,
  clustering: ReturnType<typeof clusterRecords>,
  freq: ValueFrequencies,
  batchIds: number[],
  started: number,
): { runId: number; unchanged: boolean; report: QualityReport } {
  const db = ws.db;
  const { records, sources, clusters } = ctx;
  let tw = Date.now();
  let cpu = process.env.CMDBW_DEBUG_MEMORY ? process.cpuUsage() : undefined;
  const step = (label: string) => {
    if (cpu) {
      const used = process.cpuUsage(cpu);
      process.stderr.write(
        `  write/${label}: ${Date.now() - tw} ms, cpu ${Math.round((used.user + used.system) / 1000)} ms, peak rss ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
      );
      cpu = process.cpuUsage();
    }
    tw = Date.now();
  };
  try {
    const result = ws.write(() => {
      const last = db.prepare('SELECT id, inputs FROM reconcile_run ORDER BY id DESC LIMIT 1').get() as
        { id: number; inputs: string } | undefined;
      const inputs = JSON.stringify({
        batches: batchIds,
        rules: db.prepare('SELECT * FROM precedence_rule ORDER BY attribute, source').all(),
      });

      // Stable ids from the previous clustering: by record id when the record was already there, else by
      // source and native key (they survive re-imports).
      const maxRecordId = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM record').get() as { m: number })
        .m;
      const prevById = new Int32Array(maxRecordId + 1);
      let maxOld = 0;
      for (const [recordId, clusterId] of db
        .prepare('SELECT record_id, cluster_id FROM cluster_member')
        .raw(true)
        .iterate() as IterableIterator<[number, number]>) {
        if (recordId <= maxRecordId) prevById[recordId] = clusterId;
        if (clusterId > maxOld) maxOld = clusterId;
      }
      const changedSources = new Set<number>();
      for (const r of records) if (prevById[r.id] === 0) changedSources.add(sources[r.source]!.id);
      const prevByKey = new Map<number, Map<string, number>>();
      for (const sourceId of changedSources) {
        const keys = new Map<string, number>();
        for (const [key, clusterId] of db
          .prepare('SELECT native_key, cluster_id FROM cluster_member WHERE source_id = ?')
          .raw(true)
          .iterate(sourceId) as IterableIterator<[string, number]>) {
          keys.set(key, clusterId);
        }
        prevByKey.set(sourceId, keys);
      }
      const nextFree = Number(ws.getMeta('next_cluster_id') ?? '1');
      const { ids, nextFreeId } = assignStableIds(
        clusters.map((c) => c.members),
        (m) => {
          const r = records[m]!;
          return prevById[r.id] || prevByKey.get(sources[r.source]!.id)?.get(r.key);
        },
        Math.max(nextFree, maxOld + 1),
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
            '{}',
          ).lastInsertRowid,
      );

      step('stable ids');
      replaceTableContents(db, ['ci_cluster', 'cluster_member', 'match_evidence'], () => {
        const findingCount = new Int32Array(clusters.length);
        for (let f = 0; f < findings.length; f++)
          if (findings.cluster[f]! >= 0) findingCount[findings.cluster[f]!]!++;
        const insCluster = new BulkInsert(db, 'ci_cluster', CLUSTER_COLUMNS);
        const insMember = new BulkInsert(db, 'cluster_member', [
          'record_id',
          'cluster_id',
          'source_id',
          'native_key',
          'via_match',
        ]);
        // Golden records are computed while writing, one cluster at a time, so they are never all in memory;
        // only their provenance is stored (the values are the suppliers': see golden-record.ts).
        // In id order: rows appended in key order fill the table's B-tree sequentially (random order costs
        // a page split and a cache miss per row).
        const byId = clusters.map((_, i) => i).sort((x, y) => ids[x]! - ids[y]!);
        for (const i of byId) {
          const c = clusters[i]!;
          const { golden: g, provenance } = precedence.goldenWithProvenance(
            c.members.map((m) => records[m]!),
            sources,
          );
          const q = quality.score(i);
          const names: string[] = [];
          for (const m of c.members) {
            const name = sources[records[m]!.source]!.name;
            if (!names.includes(name)) names.push(name);
          }
          const srcNames = names.join(',');
          const osText = g.os ?? ([g.os_name, g.os_version].filter(Boolean).join(' ') || null);
          insCluster.add(
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
            findingCount[i]!,
            q.score,
            provenance,
            JSON.stringify({
              completeness: q.completeness,
              correctness: q.correctness,
              compliance: q.compliance,
              missing: q.missing,
              failedRules: q.failedRules,
            }),
          );
        }
        insCluster.flush();
        step('clusters');
        // Membership, with the merge that brought each record in.
        const insEvidence = new BulkInsert(db, 'match_evidence', [
          'id',
          'record_a',
          'record_b',
          'score',
          'decision',
          'reason',
          'evidence',
        ]);
        // The match_evidence id of the merge that brought each record in (0: none).
        const joinedBy = new Float64Array(records.length);
        const events = clustering.events;
        const ids_ = ctx.identities;
        for (let i = 0; i < events.length; i++) {
          const a = events.a[i]!;
          const b = events.b[i]!;
          const score = events.score[i]!;
          const decision = events.decision(i);
          // The table was emptied: evidence ids are the event numbers.
          const id = i + 1;
          insEvidence.add(
            id,
            records[a]!.id,
            records[b]!.id,
            Number.isFinite(score) ? score : -1e9,
            decision,
            events.reason(i),
            // Evidence between the two records themselves (the clustering kept only the decision): kinds,
            // outcomes and weights as compact tuples; explain names the values from the records' attributes.
            evidenceJson(
              events.evidence(i) ?? scoreEntries(ids_, a, ids_, b, freq, ctx.interner, 'weights').evidence,
            ),
          );
          if (decision === 'merged') {
            // The later of the two records (in cluster order) is the one that joined.
            if (!joinedBy[b]) joinedBy[b] = id;
            else if (!joinedBy[a]) joinedBy[a] = id;
          }
        }
        insEvidence.flush();
        records.forEach((r, i) =>
          insMember.add(r.id, ids[ctx.clusterOf[i]!], sources[r.source]!.id, r.key, joinedBy[i] || null),
        );
        insMember.flush();
      });
      step('evidence+members');
      // Findings: keyed by fingerprint so a finding keeps its id (and review decisions) across runs.
      // Previous findings: fingerprint -> row of prevId / prevFirstSeen.
      const existing = new Map<string, number>();
      const prevId: number[] = [];
      const prevFirstSeen: number[] = [];
      let nextFindingId = Number(ws.getMeta('next_finding_id') ?? '1');
      for (const [id, fp, first] of db
        .prepare('SELECT id, fingerprint, first_seen_run FROM finding')
        .raw(true)
        .iterate() as IterableIterator<[number, string, number]>) {
        existing.set(fp, prevId.length);
        prevId.push(id);
        prevFirstSeen.push(first);
        if (id >= nextFindingId) nextFindingId = id + 1;
      }
      replaceTableContents(db, ['finding'], () => {
        const insert = new BulkInsert(db, 'finding', [
          'id',
          'fingerprint',
          'category',
          'severity',
          'cluster_id',
          'record_id',
          'relationship_id',
          'source',
          'native_key',
          'attribute',
          'summary',
          'evidence',
          'first_seen_run',
          'last_seen_run',
        ]);
        // Ids first (kept from the previous run by fingerprint), then rows in id order (see ci_cluster).
        const seen = new Set<string>();
        const rows: number[] = [];
        const rowId = new Float64Array(findings.length);
        const firstSeen = new Float64Array(findings.length);
        for (let f = 0; f < findings.length; f++) {
          const fp = findings.fingerprint[f]!;
          if (seen.has(fp)) continue;
          seen.add(fp);
          const prev = existing.get(fp);
          rowId[f] = prev !== undefined ? prevId[prev]! : nextFindingId++;
          firstSeen[f] = prev !== undefined ? prevFirstSeen[prev]! : runId;
          rows.push(f);
        }
        rows.sort((a, b) => rowId[a]! - rowId[b]!);
        for (const f of rows) {
          const cluster = findings.cluster[f]!;
          const record = findings.record[f]!;
          const relationship = findings.relationship[f]!;
          insert.add(
            rowId[f]!,
            findings.fingerprint[f]!,
            findings.category(f),
            findings.severity(f),
            cluster >= 0 ? ids[cluster]! : null,
            record >= 0 ? records[record]!.id : null,
            relationship >= 0 ? ctx.relationships[relationship]!.rel.id : null,
            findings.source[f]!,
            findings.key[f]!,
            findings.attribute[f]!,
            findings.summary[f]!,
            findings.evidence[f]!,
            firstSeen[f]!,
            runId,
          );
        }
        insert.flush();
      });
      ws.setMeta('next_finding_id', String(nextFindingId));
      step('findings');
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
      const report = quality.report();
      db.prepare('UPDATE reconcile_run SET stats = ? WHERE id = ?').run(
        JSON.stringify({ ...clustering.stats, quality: report }),
        runId,
      );
      step('run record');
      return { runId, unchanged: last?.inputs === inputs, report };
    });
    // COMMIT: the WAL is synced (synchronous=FULL) and checkpointed into the database file.
    step('commit');
    return result;
  } catch (err) {
    throw asBusyError(err, ws.path);
  }
}
