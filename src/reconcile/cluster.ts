import {
  cloneIdentity,
  ID_KINDS,
  type Identity,
  type IdKind,
  type Interner,
  mergeIdentity,
} from './identity.js';
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

/** A scored pair that mattered. Evidence is recomputed when written (see run-reconcile). */
export interface MatchEvent {
  a: number;
  b: number;
  score: number;
  decision: Decision;
  reason: string;
  /** Set by matchers whose evidence cannot be recomputed from identities (the generic matcher). */
  evidence?: Evidence[];
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

/** Counts of identifier values over the matchable records, for u-probabilities. */
export class ValueFrequencies implements Frequencies {
  private readonly counts: Record<IdKind, Int32Array>;
  private readonly totals: Record<IdKind, number>;

  constructor(records: readonly ClusterRecord[], valueSpace: number) {
    const make = () => new Int32Array(valueSpace);
    const uuid = make(); // BIOS and VM UUIDs are compared across kinds: counted together
    this.counts = {
      serial: make(),
      uuid,
      vmuuid: uuid,
      inst: make(),
      vmid: make(),
      corr: make(),
      mac: make(),
      host: make(),
      ip: make(),
    };
    this.totals = { serial: 0, uuid: 0, vmuuid: 0, inst: 0, vmid: 0, corr: 0, mac: 0, host: 0, ip: 0 };
    for (const r of records) {
      if (!r.matchable) continue;
      for (const k of ID_KINDS) {
        const values = r.identity[k];
        if (values.length === 0) continue;
        this.totals[k]++;
        const c = this.counts[k];
        for (const v of values) c[v]!++;
      }
    }
    this.totals.uuid += this.totals.vmuuid;
    this.totals.vmuuid = this.totals.uuid;
  }

  count(kind: IdKind, value: number): number {
    return this.counts[kind][value] ?? 0;
  }

  total(kind: IdKind): number {
    return this.totals[kind];
  }
}

const BLOCKING_KINDS: readonly IdKind[] = [
  'serial',
  'uuid',
  'vmuuid',
  'inst',
  'vmid',
  'corr',
  'mac',
  'host',
  'ip',
];

/** Candidate pairs as a flat array [a0, b0, a1, b1, ...] with a < b, each pair once. */
export function candidatePairs(records: readonly ClusterRecord[], valueSpace: number): Uint32Array {
  // Records per value, in compressed-row form: counts, then offsets, then the record indices.
  const counts = new Int32Array(valueSpace + 1);
  const each = (fn: (value: number, record: number) => void) => {
    records.forEach((r, i) => {
      if (!r.matchable) return;
      for (const k of BLOCKING_KINDS) for (const v of r.identity[k]) fn(v, i);
    });
  };
  each((v) => counts[v + 1]!++);
  for (let v = 0; v < valueSpace; v++) counts[v + 1]! += counts[v]!;
  const fill = counts.slice();
  const members = new Int32Array(counts[valueSpace]!);
  each((v, i) => {
    const at = fill[v]!;
    if (at > counts[v]! && members[at - 1] === i) return; // the same value twice on one record
    members[at] = i;
    fill[v] = at + 1;
  });
  const n = records.length;
  const seen = new Set<number>();
  const out: number[] = [];
  for (let v = 1; v < valueSpace; v++) {
    const start = counts[v]!;
    const end = fill[v]!;
    const size = end - start;
    if (size < 2 || size > MAX_VALUE_FREQUENCY) continue;
    for (let x = start; x < end; x++) {
      for (let y = x + 1; y < end; y++) {
        const a = Math.min(members[x]!, members[y]!);
        const b = Math.max(members[x]!, members[y]!);
        if (a === b) continue;
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
  texts: Interner,
  opts: ClusterOptions,
): ClusterResult {
  const n = records.length;
  const sourceRole = new Map<number, 'cmdb' | 'discovery'>();
  for (const r of records) sourceRole.set(r.source, r.role);
  const pairs = candidatePairs(records, texts.size);
  const nearMiss = opts.keepNearMissesFrom ?? opts.threshold / 2;

  // Score candidate pairs record to record: the queue order. Kept in typed arrays (millions of pairs).
  const count = pairs.length / 2;
  const qa = new Uint32Array(count);
  const qb = new Uint32Array(count);
  const qscore = new Float64Array(count);
  const qphase = new Uint8Array(count);
  const qflags = new Uint8Array(count); // bit 0: hardware agrees, bit 1: names disagree
  let queued = 0;
  let vetoes = 0;
  const events: MatchEvent[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const a = pairs[i]!;
    const b = pairs[i + 1]!;
    const ra = records[a]!;
    const rb = records[b]!;
    const s = scoreIdentities(ra.identity, rb.identity, freq, texts);
    if (s.veto) {
      vetoes++;
      events.push({ a, b, score: s.score, decision: 'vetoed', reason: s.veto });
      continue;
    }
    if (s.score <= 0) continue;
    qa[queued] = a;
    qb[queued] = b;
    qscore[queued] = s.score;
    qphase[queued] = phaseOf(ra, rb);
    qflags[queued] = (s.hardwareAgree ? 1 : 0) | (s.hostDisagree ? 2 : 0);
    queued++;
  }
  const order = new Uint32Array(queued);
  for (let i = 0; i < queued; i++) order[i] = i;
  order.sort(
    (x, y) => qphase[x]! - qphase[y]! || qscore[y]! - qscore[x]! || qa[x]! - qa[y]! || qb[x]! - qb[y]!,
  );

  // Union-find with a profile per multi-record cluster: merged identity and the sources it holds.
  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  for (let i = 0; i < n; i++) parent[i] = i;
  const profile = new Map<number, Identity>();
  // Sources held by each cluster as a bit mask (estates have a handful of sources; beyond 31, a set).
  const bitOf = new Map<number, number>();
  for (const r of records) if (!bitOf.has(r.source)) bitOf.set(r.source, bitOf.size);
  const useMask = bitOf.size <= 31;
  const mask = new Int32Array(useMask ? n : 0);
  if (useMask) records.forEach((r, i) => (mask[i] = 1 << bitOf.get(r.source)!));
  let discoveryMask = 0;
  for (const [src, bit] of bitOf)
    if (sourceRole.get(src) === 'discovery' && bit < 31) discoveryMask |= 1 << bit;
  const sources = new Map<number, Set<number>>();
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const profileOf = (root: number): Identity => profile.get(root) ?? records[root]!.identity;
  const sourcesOf = (root: number): Set<number> => sources.get(root) ?? new Set([records[root]!.source]);
  const sameDiscoverySource = (ra: number, rb: number): boolean => {
    if (useMask) return (mask[ra]! & mask[rb]! & discoveryMask) !== 0;
    const sb = sourcesOf(rb);
    for (const src of sourcesOf(ra)) if (sb.has(src) && sourceRole.get(src) === 'discovery') return true;
    return false;
  };

  let merges = 0;
  for (const q of order) {
    const pa = qa[q]!;
    const pb = qb[q]!;
    const ra = find(pa);
    const rb = find(pb);
    if (ra === rb) continue;
    // Two single records: the cluster score is the record score already computed.
    const singletons = size[ra] === 1 && size[rb] === 1;
    const s = singletons
      ? {
          score: qscore[q]!,
          veto: undefined,
          hardwareAgree: (qflags[q]! & 1) !== 0,
          hostDisagree: (qflags[q]! & 2) !== 0,
        }
      : scoreIdentities(profileOf(ra), profileOf(rb), freq, texts);
    let decision: Decision = 'merged';
    let reason = '';
    if (s.veto) {
      decision = 'vetoed';
      reason = `the clusters conflict: ${s.veto}`;
    } else if (s.score < opts.threshold) {
      decision = 'below_threshold';
      reason = `score ${s.score.toFixed(1)} is below the threshold ${opts.threshold}`;
    } else {
      if (sameDiscoverySource(ra, rb) && (!s.hardwareAgree || s.hostDisagree)) {
        decision = 'below_threshold';
        reason =
          'both hold a record of the same discovery source, and no hardware identifier says they are one machine';
      }
    }
    if (decision !== 'merged') {
      if (s.score >= nearMiss || decision === 'vetoed')
        events.push({ a: pa, b: pb, score: s.score, decision, reason });
      continue;
    }
    // Merge the smaller cluster into the larger.
    const [big, small] = size[ra]! >= size[rb]! ? [ra, rb] : [rb, ra];
    const merged = profile.get(big) ?? cloneIdentity(records[big]!.identity);
    mergeIdentity(merged, profileOf(small));
    profile.set(big, merged);
    profile.delete(small);
    if (useMask) mask[big]! |= mask[small]!;
    else {
      const srcBig = sources.get(big) ?? new Set([records[big]!.source]);
      for (const src of sourcesOf(small)) srcBig.add(src);
      sources.set(big, srcBig);
      sources.delete(small);
    }
    parent[small] = big;
    size[big]! += size[small]!;
    merges++;
    events.push({ a: pa, b: pb, score: s.score, decision: 'merged', reason: 'identifiers agree' });
  }
  const root = new Int32Array(n);
  for (let i = 0; i < n; i++) root[i] = find(i);
  return { root, events, stats: { candidatePairs: count, scoredPairs: queued, merges, vetoes } };
}
