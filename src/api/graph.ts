/**
 * A CI's N-hop neighbourhood for the dependency graph: CMDB and discovery relationships resolved to CIs
 * (clusters) the way reconciliation resolves them (RecordLookup: native keys within a source, then names,
 * UUIDs, IPs, instance ids across sources), merged per (parent, child, type), bounded by maxElements.
 *
 * Resolving every relationship needs the whole current snapshot, so the edge index is built once per
 * reconcile run and cached; each request is then a breadth-first walk over adjacency lists.
 * Direction: downstream follows parent -> child (what a CI depends on or runs on), upstream the reverse.
 */
import type { Graph, GraphEdge, GraphNode, GraphRequest } from './contract.js';
import { identityOf, Interner } from '../reconcile/identity.js';
import { loadSnapshot } from '../reconcile/load.js';
import { RecordLookup } from '../reconcile/resolve-relationships.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';

/** An endpoint that names more CIs than this is too ambiguous to draw. */
const MAX_ENDPOINT_CLUSTERS = 4;
const HOSTED_ON = /^hosted on\b/i;
const RELATIONSHIP_CATEGORIES = ['relationship_conflict', 'dangling_relationship', 'missing_relationship'];

interface IndexedEdge {
  parent: number;
  child: number;
  type: string;
  cmdb: boolean;
  discovery: boolean;
  conflict: boolean;
}

export interface EdgeIndex {
  runId: number;
  edges: IndexedEdge[];
  /** Edge indexes by parent cluster and by child cluster. */
  out: Map<number, number[]>;
  in: Map<number, number[]>;
  ciType: Map<number, string>;
}

function lastRunId(ws: Workspace): number {
  const row = ws.db.prepare('SELECT max(id) AS id FROM reconcile_run').get() as { id: number | null };
  return row.id ?? 0;
}

/** Resolves every current relationship to clusters. Cost: one load of the current snapshot. */
export function buildEdgeIndex(ws: Workspace): EdgeIndex {
  const db = ws.db;
  const runId = lastRunId(ws);
  const snapshot = loadSnapshot(ws);
  const { records, sources } = snapshot;
  const interner = new Interner();
  const reverseDns = sources.map((s) => s.formats.length > 0 && s.formats.every((f) => f === 'nmap-xml'));
  const identities = records.map((r) =>
    identityOf(r.attrs, interner, { reverseDnsNames: reverseDns[r.source] }),
  );
  const lookup = new RecordLookup(records, identities, interner);

  const clusterOfRecord = new Map<number, number>();
  for (const [recordId, clusterId] of db
    .prepare('SELECT record_id, cluster_id FROM cluster_member')
    .raw(true)
    .iterate() as IterableIterator<[number, number]>)
    clusterOfRecord.set(recordId, clusterId);
  const clustersOf = (recordIdx: number[]): number[] => {
    const out = new Set<number>();
    for (const i of recordIdx) {
      const c = clusterOfRecord.get(records[i]!.id);
      if (c !== undefined) out.add(c);
    }
    return [...out];
  };

  const conflictRels = new Set<number>();
  const hostedOnConflicts = new Set<number>();
  for (const f of db
    .prepare(
      `SELECT relationship_id, cluster_id, attribute FROM finding WHERE category IN (${RELATIONSHIP_CATEGORIES.map(() => '?').join(',')})`,
    )
    .all(...RELATIONSHIP_CATEGORIES) as {
    relationship_id: number | null;
    cluster_id: number | null;
    attribute: string | null;
  }[]) {
    if (f.relationship_id !== null) conflictRels.add(f.relationship_id);
    if (f.cluster_id !== null && f.attribute === 'hosted_on') hostedOnConflicts.add(f.cluster_id);
  }

  const byKey = new Map<string, number>();
  const edges: IndexedEdge[] = [];
  for (const rel of snapshot.relationships) {
    const parents = clustersOf(lookup.resolve(rel.source, rel.parent));
    const children = clustersOf(lookup.resolve(rel.source, rel.child));
    if (parents.length === 0 || children.length === 0) continue;
    if (parents.length > MAX_ENDPOINT_CLUSTERS || children.length > MAX_ENDPOINT_CLUSTERS) continue;
    const isCmdb = sources[rel.source]!.role === 'cmdb';
    for (const p of parents) {
      for (const c of children) {
        if (p === c) continue;
        const key = `${p}>${c}>${rel.type}`;
        let idx = byKey.get(key);
        if (idx === undefined) {
          idx = edges.length;
          byKey.set(key, idx);
          edges.push({ parent: p, child: c, type: rel.type, cmdb: false, discovery: false, conflict: false });
        }
        const e = edges[idx]!;
        if (isCmdb) e.cmdb = true;
        else e.discovery = true;
        if (conflictRels.has(rel.id) || (HOSTED_ON.test(rel.type) && hostedOnConflicts.has(p)))
          e.conflict = true;
      }
    }
  }
  const out = new Map<number, number[]>();
  const inn = new Map<number, number[]>();
  const push = (m: Map<number, number[]>, k: number, v: number) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  edges.forEach((e, i) => {
    push(out, e.parent, i);
    push(inn, e.child, i);
  });
  const ciType = new Map<number, string>();
  for (const [id, t] of db
    .prepare('SELECT id, ci_type FROM ci_cluster')
    .raw(true)
    .iterate() as IterableIterator<[number, string]>)
    ciType.set(id, t);
  return { runId, edges, out, in: inn, ciType };
}

/** Edge indexes per workspace, rebuilt when a new reconcile run exists or the host invalidates them. */
export class EdgeIndexCache {
  private cached: { path: string; index: EdgeIndex } | undefined;

  get(ws: Workspace): EdgeIndex {
    const runId = lastRunId(ws);
    if (this.cached && this.cached.path === ws.path && this.cached.index.runId === runId)
      return this.cached.index;
    const index = buildEdgeIndex(ws);
    this.cached = { path: ws.path, index };
    return index;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

export function neighbourhood(ws: Workspace, index: EdgeIndex, req: GraphRequest): Graph {
  if (index.runId === 0)
    throw new UserError('NOT_RECONCILED', 'the workspace has not been reconciled yet: reconcile it first');
  if (!index.ciType.has(req.clusterId)) throw new UserError('NOT_FOUND', `no CI with id ${req.clusterId}`);
  const allowed = req.ciTypes?.length ? new Set(req.ciTypes) : undefined;
  const followOut = req.direction !== 'upstream';
  const followIn = req.direction !== 'downstream';

  let budget = req.maxElements - 1;
  let truncated = false;
  const nodes = new Set<number>([req.clusterId]);
  const edgeSet = new Set<number>();
  let frontier = [req.clusterId];
  for (let hop = 0; hop < req.hops && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const n of frontier) {
      const adjacent = [
        ...(followOut ? (index.out.get(n) ?? []).map((e) => [e, index.edges[e]!.child] as const) : []),
        ...(followIn ? (index.in.get(n) ?? []).map((e) => [e, index.edges[e]!.parent] as const) : []),
      ].sort((a, b) => a[0] - b[0]);
      for (const [e, other] of adjacent) {
        if (edgeSet.has(e)) continue;
        if (allowed && !allowed.has(index.ciType.get(other) ?? '')) continue;
        const cost = nodes.has(other) ? 1 : 2;
        if (budget < cost) {
          truncated = true;
          continue;
        }
        budget -= cost;
        edgeSet.add(e);
        if (!nodes.has(other)) {
          nodes.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  // Edges between CIs already shown (siblings that depend on each other).
  for (const n of nodes) {
    for (const e of index.out.get(n) ?? []) {
      if (edgeSet.has(e) || !nodes.has(index.edges[e]!.child)) continue;
      if (budget < 1) {
        truncated = true;
        break;
      }
      budget--;
      edgeSet.add(e);
    }
  }

  const rows = ws.db
    .prepare(
      `SELECT id, ci_type, name, host_name, finding_count, cmdb_count, discovery_count FROM ci_cluster
        WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify([...nodes])) as {
    id: number;
    ci_type: string;
    name: string | null;
    host_name: string | null;
    finding_count: number;
    cmdb_count: number;
    discovery_count: number;
  }[];
  const graphNodes: GraphNode[] = rows
    .map((r) => ({
      id: r.id,
      label: r.name ?? r.host_name ?? `CI ${r.id}`,
      ciType: r.ci_type,
      ...(r.id === req.clusterId ? { root: true } : {}),
      findings: r.finding_count,
      inCmdb: r.cmdb_count > 0,
      discovered: r.discovery_count > 0,
    }))
    .sort((a, b) => a.id - b.id);
  const graphEdges: GraphEdge[] = [...edgeSet]
    .sort((a, b) => a - b)
    .map((i) => {
      const e = index.edges[i]!;
      return {
        id: `${e.parent}>${e.child}:${e.type}`,
        source: e.parent,
        target: e.child,
        type: e.type,
        seenBy: e.cmdb && e.discovery ? 'both' : e.cmdb ? 'cmdb' : 'discovery',
        conflict: e.conflict,
      };
    });
  return { nodes: graphNodes, edges: graphEdges, truncated };
}
