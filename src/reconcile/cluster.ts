import { cloneIdentity, type Identity, type IdKind, mergeIdentity } from './identity.js';
import { type Evidence, type Frequencies, MAX_VALUE_FREQUENCY, scoreIdentities } from './scoring.js';

/**
 * Identification: which records describe the same CI.
 *
 * 1. Blocking: records that share any identifier value become candidate pairs (values carried by more
 *    than MAX_VALUE_FREQUENCY records identify nothing and are skipped), so cost grows with the number of
 *    records, not its square.
 * 2. Every candidate pair gets a match score (scoring.ts); vetoed pairs are dropped.
 * 3. Pairs are merged greedily, best first, in three phases: discovery records of different sources
 *    (they carry the hardware truth: serials, UUIDs, MACs), then CMDB records onto those clusters, then
 *    records of the same source (CMDB duplicates). Each merge is re-scored between the two whole clusters,
 *    so a CMDB record whose serial contradicts anything already in the cluster is kept out, and two
 *    records of one discovery source (two VMs cloned with one UUID) never become one CI unless hardware
 *    identifiers agree and their names do not disagree.
 */

export interface ClusterRecord {
  identity: Identity;
  source: number;
  role: 'cmdb' | 'discovery';
  /** Logical CIs and templates stay single. */
  matchable: boolean;
}

export type Decision = 'merged' | 'vetoed' | 'below_threshold';

export interface MatchEvent {
  a: number;
  b: number;
  score: number;
  decision: Decision;
  reason: string;
  evidence: Evidence[];
}

export interface ClusterResult {
  /** Root record index of each record's cluster. */
  root: Int32Array;
  events: MatchEvent[];
  stats: { candidatePairs: number; scoredPairs: number; merges: number; vetoes: number };
}

export interface ClusterOptions {
  threshold: number;
  /** Keep non-merge events only when their score is at least this (explains near misses). */
  keepNearMissesFrom?: number;
}

type Kind = 'S' | 'X' | 'M' | 'H' | 'P';

/** Counts of identifier values over the matchable records, for u-probabilities. */
export class ValueFrequencies implements Frequencies {
  private readonly counts = new Map<IdKind, Map<string, number>>();
  private readonly totals = new Map<IdKind, number>();

  constructor(records: readonly ClusterRecord[]) {
    const kinds: IdKind[] = ['serial', 'uuid', 'vmuuid', 'inst', 'vmid', 'corr', 'mac', 'host', 'ip'];
    for (const k of kinds) this.counts.set(k, new Map());
    for (const r of records) {
      if (!r.matchable) continue;
      for (const k of kinds) {
        const values = r.identity[k];
        if (values.length === 0) continue;
        this.totals.set(k, (this.totals.get(k) ?? 0) + 1);
        const m = this.counts.get(k)!;
        for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
      }
    }
    // UUIDs are compared across BIOS and VM kinds: count them together.
    const u = this.counts.get('uuid')!;
    for (const [v, n] of this.counts.get('vmuuid')!) u.set(v, (u.get(v) ?? 0) + n);
    this.totals.set('uuid', (this.totals.get('uuid') ?? 0) + (this.totals.get('vmuuid') ?? 0));
  }

  count(kind: IdKind, value: string): number {
    return this.counts.get(kind)?.get(value) ?? 0;
  }

  total(kind: IdKind): number {
    return this.totals.get(kind) ?? 0;
  }
}

function blockingTokens(id: Identity, emit: (kind: Kind, value: string) => void): void {
  for (const v of id.serial) emit('S', v);
  for (const v of id.uuid) emit('X', v);
  for (const v of id.vmuuid) emit('X', v);
  for (const v of id.inst) emit('X', v);
  for (const v of id.vmid) emit('X', v);
  for (const v of id.corr) emit('X', v);
  for (const v of id.mac) emit('M', v);
  for (const v of id.host) emit('H', v);
  for (const v of id.ip) emit('P', v);
}

/** Candidate pairs as a flat array [a0, b0, a1, b1, ...] with a < b, each pair once. */
export function candidatePairs(records: readonly ClusterRecord[]): Uint32Array {
  const index = new Map<string, number | number[]>();
  records.forEach((r, i) => {
    if (!r.matchable) return;
    blockingTokens(r.identity, (kind, value) => {
      const token = `${kind}${value}`;
      const cur = index.get(token);
      if (cur === undefined) index.set(token, i);
      else if (typeof cur === 'number') {
        if (cur !== i) index.set(token, [cur, i]);
      } else if (cur[cur.length - 1] !== i) cur.push(i);
    });
  });
  const seen = new Set<number>();
  const out: number[] = [];
  const n = records.length;
  for (const list of index.values()) {
    if (typeof list === 'number' || list.length > MAX_VALUE_FREQUENCY) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const a = Math.min(list[x]!, list[y]!);
        const b = Math.max(list[x]!, list[y]!);
        const k = a * n + b;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(a, b);
      }
    }
  }
  return Uint32Array.from(out);
}

function phaseOf(a: ClusterRecord, b: ClusterRecord): number {
  if (a.source === b.source) return 2;
  if (a.role === 'discovery' && b.role === 'discovery') return 0;
  return 1;
}

export function clusterRecords(
  records: readonly ClusterRecord[],
  freq: Frequencies,
  opts: ClusterOptions,
): ClusterResult {
  const n = records.length;
  const sourceRole = new Map<number, 'cmdb' | 'discovery'>();
  for (const r of records) sourceRole.set(r.source, r.role);
  const pairs = candidatePairs(records);
  const nearMiss = opts.keepNearMissesFrom ?? opts.threshold / 2;

  // Score candidate pairs record to record: the queue order.
  const queue: { a: number; b: number; phase: number; score: number }[] = [];
  let vetoes = 0;
  const events: MatchEvent[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const a = pairs[i]!;
    const b = pairs[i + 1]!;
    const ra = records[a]!;
    const rb = records[b]!;
    const s = scoreIdentities(ra.identity, rb.identity, freq);
    if (s.veto) {
      vetoes++;
      events.push({ a, b, score: s.score, decision: 'vetoed', reason: s.veto, evidence: s.evidence });
      continue;
    }
    if (s.score <= 0) continue;
    queue.push({ a, b, phase: phaseOf(ra, rb), score: s.score });
  }
  queue.sort((x, y) => x.phase - y.phase || y.score - x.score || x.a - y.a || x.b - y.b);

  // Union-find with a profile per cluster: merged identity and the sources it holds.
  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  for (let i = 0; i < n; i++) parent[i] = i;
  const profile = new Map<number, Identity>();
  const sources = new Map<number, Map<number, number>>();
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const profileOf = (root: number): Identity => profile.get(root) ?? records[root]!.identity;
  const sourcesOf = (root: number): Map<number, number> =>
    sources.get(root) ?? new Map([[records[root]!.source, 1]]);

  let merges = 0;
  for (const p of queue) {
    const ra = find(p.a);
    const rb = find(p.b);
    if (ra === rb) continue;
    const s = scoreIdentities(profileOf(ra), profileOf(rb), freq);
    let decision: Decision = 'merged';
    let reason = '';
    if (s.veto) {
      decision = 'vetoed';
      reason = `the clusters conflict: ${s.veto}`;
    } else if (s.score < opts.threshold) {
      decision = 'below_threshold';
      reason = `score ${s.score.toFixed(1)} is below the threshold ${opts.threshold}`;
    } else {
      const sb = sourcesOf(rb);
      const clash = [...sourcesOf(ra).keys()].some(
        (src) => sb.has(src) && sourceRole.get(src) === 'discovery',
      );
      if (clash && (!s.hardwareAgree || s.hostDisagree)) {
        decision = 'below_threshold';
        reason =
          'both hold a record of the same discovery source, and no hardware identifier says they are one machine';
      }
    }
    if (decision !== 'merged') {
      if (s.score >= nearMiss || decision === 'vetoed')
        events.push({ a: p.a, b: p.b, score: s.score, decision, reason, evidence: s.evidence });
      continue;
    }
    // Merge the smaller cluster into the larger.
    const [big, small] = size[ra]! >= size[rb]! ? [ra, rb] : [rb, ra];
    const merged = profile.get(big) ?? cloneIdentity(records[big]!.identity);
    mergeIdentity(merged, profileOf(small));
    profile.set(big, merged);
    profile.delete(small);
    const srcBig = sources.get(big) ?? new Map([[records[big]!.source, 1]]);
    for (const [src, count] of sourcesOf(small)) srcBig.set(src, (srcBig.get(src) ?? 0) + count);
    sources.set(big, srcBig);
    sources.delete(small);
    parent[small] = big;
    size[big]! += size[small]!;
    merges++;
    events.push({
      a: p.a,
      b: p.b,
      score: s.score,
      decision: 'merged',
      reason: 'identifiers agree',
      evidence: s.evidence,
    });
  }
  const root = new Int32Array(n);
  for (let i = 0; i < n; i++) root[i] = find(i);
  return {
    root,
    events,
    stats: { candidatePairs: pairs.length / 2, scoredPairs: queue.length, merges, vetoes },
  };
}
