import { jaroWinkler } from './string-similarity.js';

/**
 * Record linkage for records that carry no machine identifiers: people, locations, anything imported
 * through a column mapping (the Febrl benchmark is the yardstick). Classic Fellegi-Sunter:
 * - blocking on the exact value of every field (values shared by too many records are skipped);
 * - each field compared as exact / close (Jaro-Winkler >= 0.9) / different / missing;
 * - m and u probabilities estimated by expectation-maximisation over the candidate pairs, so no field
 *   weights need tuning for a new kind of data;
 * - pairs whose posterior match probability passes the threshold are merged best first, one record per
 *   source in a cluster unless the source may hold duplicates (a CMDB).
 */

export interface GenericRecord {
  fields: Record<string, string>;
  source: number;
  /** Whether this source may list one entity twice (a CMDB may; a discovery feed does not). */
  duplicatesPossible: boolean;
}

export interface GenericMatch {
  a: number;
  b: number;
  probability: number;
  weight: number;
  comparison: Record<string, Level>;
}

type Level = 'exact' | 'close' | 'different' | 'missing';
const LEVELS: Level[] = ['exact', 'close', 'different'];
const CLOSE = 0.9;
const MAX_BLOCK = 64;
const EM_ITERATIONS = 30;

function normalise(v: string): string {
  return v.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function compare(a: string | undefined, b: string | undefined): Level {
  if (!a || !b) return 'missing';
  if (a === b) return 'exact';
  return jaroWinkler(a, b) >= CLOSE ? 'close' : 'different';
}

/** Fields present in at least a fifth of the records: the ones worth comparing. */
function commonFields(records: readonly GenericRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const r of records)
    for (const [k, v] of Object.entries(r.fields)) if (v) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n >= records.length / 5)
    .map(([k]) => k)
    .sort();
}

export interface GenericResult {
  /** Root index (into `records`) of each record's cluster. */
  root: Int32Array;
  matches: GenericMatch[];
  fields: string[];
  weights: Record<string, Record<Level, number>>;
}

export function matchGeneric(
  records: readonly GenericRecord[],
  opts: { threshold?: number } = {},
): GenericResult {
  const n = records.length;
  const fields = commonFields(records);
  const values = records.map((r) => fields.map((f) => normalise(r.fields[f] ?? '')));

  // Blocking: records sharing the exact value of any field.
  const seen = new Set<number>();
  const pairs: number[] = [];
  fields.forEach((_, fi) => {
    const blocks = new Map<string, number[]>();
    values.forEach((v, i) => {
      const x = v[fi]!;
      if (!x) return;
      const list = blocks.get(x);
      if (list) list.push(i);
      else blocks.set(x, [i]);
    });
    for (const list of blocks.values()) {
      if (list.length < 2 || list.length > MAX_BLOCK) continue;
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < list.length; y++) {
          const a = list[x]!;
          const b = list[y]!;
          const ra = records[a]!;
          const rb = records[b]!;
          if (ra.source === rb.source && !ra.duplicatesPossible) continue;
          const k = a * n + b;
          if (seen.has(k)) continue;
          seen.add(k);
          pairs.push(a, b);
        }
      }
    }
  });

  // Comparison vectors, counted by pattern so EM runs over distinct patterns only.
  const patternOf: string[] = [];
  const patternCount = new Map<string, number>();
  for (let i = 0; i < pairs.length; i += 2) {
    const va = values[pairs[i]!]!;
    const vb = values[pairs[i + 1]!]!;
    let p = '';
    for (let f = 0; f < fields.length; f++) p += compare(va[f], vb[f])[0];
    patternOf.push(p);
    patternCount.set(p, (patternCount.get(p) ?? 0) + 1);
  }
  const patterns = [...patternCount];
  const idx = (c: string) => (c === 'e' ? 0 : c === 'c' ? 1 : c === 'd' ? 2 : -1);

  // EM for m, u and the match proportion.
  let m = fields.map(() => [0.85, 0.1, 0.05]);
  let u = fields.map(() => [0.05, 0.05, 0.9]);
  let lambda = 0.1;
  for (let it = 0; it < EM_ITERATIONS; it++) {
    const mNext = fields.map(() => [1e-6, 1e-6, 1e-6]);
    const uNext = fields.map(() => [1e-6, 1e-6, 1e-6]);
    let matchMass = 0;
    let total = 0;
    for (const [p, count] of patterns) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (let f = 0; f < fields.length; f++) {
        const l = idx(p[f]!);
        if (l < 0) continue;
        pm *= m[f]![l]!;
        pu *= u[f]![l]!;
      }
      const g = pm / (pm + pu);
      matchMass += g * count;
      total += count;
      for (let f = 0; f < fields.length; f++) {
        const l = idx(p[f]!);
        if (l < 0) continue;
        mNext[f]![l]! += g * count;
        uNext[f]![l]! += (1 - g) * count;
      }
    }
    m = mNext.map((row) => row.map((x) => x / row.reduce((s, y) => s + y, 0)));
    u = uNext.map((row) => row.map((x) => x / row.reduce((s, y) => s + y, 0)));
    lambda = Math.min(0.99, Math.max(1e-6, matchMass / Math.max(1, total)));
  }

  const weights: Record<string, Record<Level, number>> = {};
  fields.forEach((f, fi) => {
    weights[f] = { exact: 0, close: 0, different: 0, missing: 0 };
    LEVELS.forEach((l, li) => (weights[f]![l] = Math.log2(m[fi]![li]! / u[fi]![li]!)));
  });
  const priorLogOdds = Math.log2(lambda / (1 - lambda));
  const threshold = opts.threshold ?? 0.5;

  const scored: GenericMatch[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const p = patternOf[i / 2]!;
    let w = 0;
    const comparison: Record<string, Level> = {};
    for (let f = 0; f < fields.length; f++) {
      const level: Level =
        p[f] === 'e' ? 'exact' : p[f] === 'c' ? 'close' : p[f] === 'd' ? 'different' : 'missing';
      comparison[fields[f]!] = level;
      w += weights[fields[f]!]![level];
    }
    const probability = 1 / (1 + 2 ** -(w + priorLogOdds));
    if (probability >= threshold)
      scored.push({ a: pairs[i]!, b: pairs[i + 1]!, probability, weight: w, comparison });
  }
  scored.sort((x, y) => y.weight - x.weight || x.a - y.a || x.b - y.b);

  // Best-first merging; a cluster holds one record per source unless the source may repeat entities.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const sources = new Map<number, Set<number>>();
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const sourcesOf = (r: number) => sources.get(r) ?? new Set([records[r]!.source]);
  const repeats = new Map<number, boolean>();
  for (const r of records) repeats.set(r.source, r.duplicatesPossible);
  const matches: GenericMatch[] = [];
  for (const s of scored) {
    const ra = find(s.a);
    const rb = find(s.b);
    if (ra === rb) continue;
    const sa = sourcesOf(ra);
    const sb = sourcesOf(rb);
    if ([...sa].some((x) => sb.has(x) && !repeats.get(x))) continue;
    parent[rb] = ra;
    sources.set(ra, new Set([...sa, ...sb]));
    sources.delete(rb);
    matches.push(s);
  }
  const root = new Int32Array(n);
  for (let i = 0; i < n; i++) root[i] = find(i);
  return { root, matches, fields, weights };
}
