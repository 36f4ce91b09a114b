import type { CiType } from '../domain/attributes.js';
import type { LoadedRecord, LoadedSource } from './load.js';
import type { ClusterView } from './model.js';

/** Which record's type names the CI: CMDB first, then the most specific discovery type. */
const TYPE_RANK: Record<CiType, number> = {
  hypervisor: 0,
  network_device: 1,
  printer: 2,
  storage: 3,
  computer: 4,
  cluster: 5,
  database: 6,
  application: 7,
  service: 8,
  site: 9,
  person: 10,
  other: 11,
  template: 12,
};

const NONE: number[] = Object.freeze([]) as unknown as number[];

/** Code-unit order, as `<` compares strings. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Groups records by cluster root into views, in a deterministic order (by first member). */
export function buildClusterViews(
  records: readonly LoadedRecord[],
  sources: readonly LoadedSource[],
  root: Int32Array,
): { clusters: ClusterView[]; clusterOf: Int32Array } {
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < records.length; i++) {
    const r = root[i]!;
    const list = byRoot.get(r);
    if (list) list.push(i);
    else byRoot.set(r, [i]);
  }
  // CMDB sources first, then by name (names are unique): one number per source instead of comparing
  // roles and names inside sorts that run over hundreds of thousands of CIs.
  const bySource = sources.map((_, i) => i);
  bySource.sort((x, y) => {
    const sx = sources[x]!;
    const sy = sources[y]!;
    if (sx.role !== sy.role) return sx.role === 'cmdb' ? -1 : 1;
    return compareText(sx.name, sy.name);
  });
  const sourceRank = new Int32Array(sources.length);
  bySource.forEach((s, rank) => (sourceRank[s] = rank));
  const order = (a: number, b: number) => {
    const ra = records[a]!;
    const rb = records[b]!;
    if (ra.source !== rb.source) return sourceRank[ra.source]! - sourceRank[rb.source]!;
    return compareText(ra.key, rb.key);
  };
  // A single member needs no sort (and sorting allocates even then).
  const groups = [...byRoot.values()];
  for (const m of groups) if (m.length > 1) m.sort(order);
  // CIs by first member, compared through compact arrays rather than through the records.
  const firstRank = Int32Array.from(groups, (m) => sourceRank[records[m[0]!]!.source]!);
  const firstKey = groups.map((m) => records[m[0]!]!.key);
  const byFirst = groups.map((_, g) => g);
  byFirst.sort((x, y) => firstRank[x]! - firstRank[y]! || compareText(firstKey[x]!, firstKey[y]!));
  const clusterOf = new Int32Array(records.length);
  const clusters = byFirst.map((g, idx) => {
    const grown = groups[g]!;
    // Exact-size arrays: an array grown by push keeps room for ~17 more entries, and a view of each of
    // hundreds of thousands of CIs lives until the results are written. Members are in role order (CMDB
    // first), so both role lists are slices of them; an empty list is one shared array.
    const members = grown.length === 1 ? grown : grown.slice();
    let nCmdb = 0;
    for (const m of members) {
      clusterOf[m] = idx;
      if (sources[records[m]!.source]!.role === 'cmdb') nCmdb++;
    }
    const cmdb = nCmdb === 0 ? NONE : nCmdb === members.length ? members : members.slice(0, nCmdb);
    const discovery = nCmdb === 0 ? members : nCmdb === members.length ? NONE : members.slice(nCmdb);
    const typeFrom = cmdb.length > 0 ? cmdb : discovery;
    let ciType = records[typeFrom[0]!]!.ciType;
    for (const m of typeFrom)
      if (TYPE_RANK[records[m]!.ciType] < TYPE_RANK[ciType]) ciType = records[m]!.ciType;
    const named = members.find((m) => records[m]!.name) ?? members[0]!;
    return {
      idx,
      members,
      cmdb,
      discovery,
      ciType,
      name: records[named]!.name ?? records[named]!.attrs.host_name ?? null,
    };
  });
  return { clusters, clusterOf };
}
