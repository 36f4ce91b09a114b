import {
  ID_KINDS,
  type Identity,
  IdentityTable,
  type IdKind,
  type Interner,
  KIND_INDEX,
} from './identity.js';
import { type Evidence, type Frequencies, MAX_VALUE_FREQUENCY, scoreEntries } from './scoring.js';

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

/** What identification reads of each record, in typed arrays (hundreds of thousands of records). */
export interface ClusterInput {
  identities: IdentityTable;
  /** Source index per record. */
  source: Int32Array;
  /** 1 when the record's source is a discovery source. */
  discovery: Uint8Array;
  /** 1 when the record takes part in identification: logical CIs and templates stay single. */
  matchable: Uint8Array;
}

export function clusterInput(records: readonly ClusterRecord[]): ClusterInput {
  return {
    identities: IdentityTable.of(records.map((r) => r.identity)),
    source: Int32Array.from(records, (r) => r.source),
    discovery: Uint8Array.from(records, (r) => (r.role === 'discovery' ? 1 : 0)),
    matchable: Uint8Array.from(records, (r) => (r.matchable ? 1 : 0)),
  };
}

const asInput = (records: ClusterInput | readonly ClusterRecord[]): ClusterInput =>
  Array.isArray(records) ? clusterInput(records as readonly ClusterRecord[]) : (records as ClusterInput);

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

const DECISIONS: readonly Decision[] = ['merged', 'vetoed', 'below_threshold'];
const MERGED_REASON = 'identifiers agree';

/**
 * Match events in typed arrays: an estate of 700,000 records makes hundreds of thousands of merges, all
 * kept until written. Reasons are stored only when they are not the plain merge reason.
 */
export class MatchEvents {
  length = 0;
  a: Int32Array;
  b: Int32Array;
  score: Float64Array;
  decisionCode: Uint8Array;
  private readonly reasons = new Map<number, string>();
  private readonly evidenceOf = new Map<number, Evidence[]>();

  /** `capacity`: the events expected; more still fit (the arrays grow). */
  constructor(capacity = 1024) {
    const n = Math.max(capacity, 16);
    this.a = new Int32Array(n);
    this.b = new Int32Array(n);
    this.score = new Float64Array(n);
    this.decisionCode = new Uint8Array(n);
  }

  push(e: MatchEvent): void {
    if (this.length === this.a.length) this.grow();
    const i = this.length++;
    this.a[i] = e.a;
    this.b[i] = e.b;
    this.score[i] = e.score;
    this.decisionCode[i] = DECISIONS.indexOf(e.decision);
    if (e.reason !== MERGED_REASON || e.decision !== 'merged') this.reasons.set(i, e.reason);
    if (e.evidence) this.evidenceOf.set(i, e.evidence);
  }

  private grow(): void {
    const n = this.a.length * 2;
    const a = new Int32Array(n);
    a.set(this.a);
    this.a = a;
    const b = new Int32Array(n);
    b.set(this.b);
    this.b = b;
    const s = new Float64Array(n);
    s.set(this.score);
    this.score = s;
    const d = new Uint8Array(n);
    d.set(this.decisionCode);
    this.decisionCode = d;
  }

  decision(i: number): Decision {
    return DECISIONS[this.decisionCode[i]!]!;
  }

  reason(i: number): string {
    return this.reasons.get(i) ?? MERGED_REASON;
  }

  /** Evidence kept by the matcher that made the event, if it could not be recomputed. */
  evidence(i: number): Evidence[] | undefined {
    return this.evidenceOf.get(i);
  }

  get(i: number): MatchEvent {
    const e: MatchEvent = {
      a: this.a[i]!,
      b: this.b[i]!,
      score: this.score[i]!,
      decision: this.decision(i),
      reason: this.reason(i),
    };
    const ev = this.evidenceOf.get(i);
    if (ev) e.evidence = ev;
    return e;
  }

  toArray(): MatchEvent[] {
    return Array.from({ length: this.length }, (_, i) => this.get(i));
  }
}

export interface ClusterResult {
  /** Root record index of each record's cluster. */
  root: Int32Array;
  events: MatchEvents;
  stats: { candidatePairs: number; scoredPairs: number; merges: number; vetoes: number };
}

export interface ClusterOptions {
  threshold: number;
  /** Keep non-merge events only when their score is at least this (explains near misses). */
  keepNearMissesFrom?: number;
}

const KINDS = ID_KINDS.length;
const CORR = KIND_INDEX.corr;

/**
 * Counts of identifier values over the matchable records, for u-probabilities. A value id belongs to one
 * namespace, and each namespace to one kind apart from correlation ids (BIOS and VM UUIDs share theirs:
 * they are compared across kinds), so two arrays hold every count.
 */
export class ValueFrequencies implements Frequencies {
  private readonly counts: Int32Array;
  private readonly corrCounts: Int32Array;
  private readonly totals: Record<IdKind, number>;

  constructor(records: ClusterInput | readonly ClusterRecord[], valueSpace: number) {
    const input = asInput(records);
    this.counts = new Int32Array(valueSpace);
    this.corrCounts = new Int32Array(valueSpace);
    const totals = new Int32Array(KINDS);
    const { start, vals } = input.identities;
    for (let r = 0; r < input.matchable.length; r++) {
      if (!input.matchable[r]) continue;
      for (let k = 0; k < KINDS; k++) {
        const lo = start[r * KINDS + k]!;
        const hi = start[r * KINDS + k + 1]!;
        if (lo === hi) continue;
        totals[k]!++;
        const c = k === CORR ? this.corrCounts : this.counts;
        for (let i = lo; i < hi; i++) c[vals[i]!]!++;
      }
    }
    this.totals = Object.fromEntries(ID_KINDS.map((k, i) => [k, totals[i]!])) as Record<IdKind, number>;
    this.totals.uuid += this.totals.vmuuid;
    this.totals.vmuuid = this.totals.uuid;
  }

  count(kind: IdKind, value: number): number {
    return (kind === 'corr' ? this.corrCounts[value] : this.counts[value]) ?? 0;
  }

  total(kind: IdKind): number {
    return this.totals[kind];
  }
}

/** Every kind blocks: records sharing any identifier value are compared. */
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

/**
 * Pairs of records already seen, in open addressing over two typed arrays: the pairs number in the
 * millions, and a Set of a*n+b keys would hold one heap number per pair.
 */
class PairSet {
  private mask: number;
  private keysA: Int32Array;
  private keysB: Int32Array;
  private size = 0;

  constructor(expected: number) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.mask = cap - 1;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
  }

  /** Adds the pair; false when it was already there. */
  add(a: number, b: number): boolean {
    if (this.size * 2 >= this.keysA.length) this.rehash();
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    for (;;) {
      const ka = this.keysA[h]!;
      if (ka === -1) {
        this.keysA[h] = a;
        this.keysB[h] = b;
        this.size++;
        return true;
      }
      if (ka === a && this.keysB[h] === b) return false;
      h = (h + 1) & this.mask;
    }
  }

  private rehash(): void {
    const oldA = this.keysA;
    const oldB = this.keysB;
    this.mask = oldA.length * 2 - 1;
    this.keysA = new Int32Array(oldA.length * 2).fill(-1);
    this.keysB = new Int32Array(oldA.length * 2);
    this.size = 0;
    for (let i = 0; i < oldA.length; i++) if (oldA[i] !== -1) this.add(oldA[i]!, oldB[i]!);
  }
}

/** Candidate pairs as a flat array [a0, b0, a1, b1, ...] with a < b, each pair once. */
export function candidatePairs(
  records: ClusterInput | readonly ClusterRecord[],
  valueSpace: number,
): Uint32Array {
  const input = asInput(records);
  const { start, vals } = input.identities;
  const n = input.matchable.length;
  const blocking = BLOCKING_KINDS.map((k) => KIND_INDEX[k]);
  // Records per value, in compressed-row form: counts, then offsets, then the record indices.
  const counts = new Int32Array(valueSpace + 1);
  const each = (fn: (value: number, record: number) => void) => {
    for (let i = 0; i < n; i++) {
      if (!input.matchable[i]) continue;
      for (const k of blocking) {
        const hi = start[i * KINDS + k + 1]!;
        for (let j = start[i * KINDS + k]!; j < hi; j++) fn(vals[j]!, i);
      }
    }
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
  const seen = new PairSet(n);
  let out = new Uint32Array(1024);
  let len = 0;
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
        if (!seen.add(a, b)) continue;
        if (len + 2 > out.length) {
          const grown = new Uint32Array(out.length * 2);
          grown.set(out);
          out = grown;
        }
        out[len++] = a;
        out[len++] = b;
      }
    }
  }
  // A view, not a copy: the pairs are read once and dropped.
  return out.subarray(0, len);
}

export function clusterRecords(
  records: ClusterInput | readonly ClusterRecord[],
  freq: Frequencies,
  texts: Interner,
  opts: ClusterOptions,
): ClusterResult {
  const input = asInput(records);
  const ids = input.identities;
  const { source, discovery } = input;
  const n = input.matchable.length;
  const pairs = candidatePairs(input, texts.size);
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
  // Sized up front: grown by doubling, these tables (tens of megabytes at 700,000 records) leave as much
  // garbage outside the heap as they hold, and V8 answers every 64 MB of it with a full collection.
  // A candidate pair makes at most one event.
  const events = new MatchEvents(count);
  for (let i = 0; i < pairs.length; i += 2) {
    const a = pairs[i]!;
    const b = pairs[i + 1]!;
    const s = scoreEntries(ids, a, ids, b, freq, texts);
    if (s.veto) {
      vetoes++;
      events.push({ a, b, score: s.score, decision: 'vetoed', reason: s.veto });
      continue;
    }
    if (s.score <= 0) continue;
    qa[queued] = a;
    qb[queued] = b;
    qscore[queued] = s.score;
    // Discovery records of different sources first, then CMDB records onto them, then one source's own.
    qphase[queued] = source[a] === source[b] ? 2 : discovery[a] && discovery[b] ? 0 : 1;
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
  // Profiles are appended to their own table (a merge writes a new entry); -1: the root's own record.
  // A merge writes one entry (there are fewer merges than records, and than scored pairs); merged
  // identities hold about as many values as the records' own.
  const profiles = new IdentityTable(Math.min(queued, n) + 1, ids.valueCount);
  const profile = new Int32Array(n).fill(-1);
  // Sources held by each cluster as a bit mask (estates have a handful of sources; beyond 31, a set).
  const bitOf = new Map<number, number>();
  const roleOf = new Map<number, boolean>();
  for (let i = 0; i < n; i++) {
    if (!bitOf.has(source[i]!)) bitOf.set(source[i]!, bitOf.size);
    roleOf.set(source[i]!, discovery[i] === 1);
  }
  const useMask = bitOf.size <= 31;
  const mask = new Int32Array(useMask ? n : 0);
  if (useMask) for (let i = 0; i < n; i++) mask[i] = 1 << bitOf.get(source[i]!)!;
  let discoveryMask = 0;
  for (const [src, bit] of bitOf) if (roleOf.get(src) && bit < 31) discoveryMask |= 1 << bit;
  const sources = new Map<number, Set<number>>();
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const sourcesOf = (root: number): Set<number> => sources.get(root) ?? new Set([source[root]!]);
  const sameDiscoverySource = (ra: number, rb: number): boolean => {
    if (useMask) return (mask[ra]! & mask[rb]! & discoveryMask) !== 0;
    const sb = sourcesOf(rb);
    for (const src of sourcesOf(ra)) if (sb.has(src) && roleOf.get(src)) return true;
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
    let s: { score: number; veto?: string; hardwareAgree: boolean; hostDisagree: boolean };
    if (singletons)
      s = {
        score: qscore[q]!,
        veto: undefined,
        hardwareAgree: (qflags[q]! & 1) !== 0,
        hostDisagree: (qflags[q]! & 2) !== 0,
      };
    else {
      const xa = profile[ra]!;
      const xb = profile[rb]!;
      s = scoreEntries(
        xa < 0 ? ids : profiles,
        xa < 0 ? ra : xa,
        xb < 0 ? ids : profiles,
        xb < 0 ? rb : xb,
        freq,
        texts,
      );
    }
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
    const xBig = profile[big]!;
    const xSmall = profile[small]!;
    profile[big] = profiles.appendUnion(
      xBig < 0 ? ids : profiles,
      xBig < 0 ? big : xBig,
      xSmall < 0 ? ids : profiles,
      xSmall < 0 ? small : xSmall,
    );
    profile[small] = -1;
    if (useMask) mask[big]! |= mask[small]!;
    else {
      const srcBig = sources.get(big) ?? new Set([source[big]!]);
      for (const src of sourcesOf(small)) srcBig.add(src);
      sources.set(big, srcBig);
      sources.delete(small);
    }
    parent[small] = big;
    size[big]! += size[small]!;
    merges++;
    events.push({ a: pa, b: pb, score: s.score, decision: 'merged', reason: MERGED_REASON });
  }
  const root = new Int32Array(n);
  for (let i = 0; i < n; i++) root[i] = find(i);
  return { root, events, stats: { candidatePairs: count, scoredPairs: queued, merges, vetoes } };
}
