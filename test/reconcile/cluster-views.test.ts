import { describe, expect, it } from 'vitest';
import { newAttributes } from '../../src/domain/attributes.js';
import type { LoadedRecord, LoadedSource } from '../../src/reconcile/load.js';
import { buildClusterViews } from '../../src/reconcile/cluster-views.js';

const source = (idx: number, name: string, role: 'cmdb' | 'discovery'): LoadedSource => ({
  idx,
  id: idx + 1,
  name,
  role,
  formats: [],
  importedAt: '2026-11-01T00:00:00Z',
});
const sources = [
  source(0, 'vmware', 'discovery'),
  source(1, 'servicenow', 'cmdb'),
  source(2, 'glpi', 'discovery'),
];

function record(idx: number, src: number, key: string, name: string | null): LoadedRecord {
  const attrs = newAttributes();
  if (name) attrs.name = name;
  return { idx, id: idx + 10, batchId: 1, source: src, key, ciType: 'computer', ciClass: null, name, attrs };
}

describe('cluster views', () => {
  // Roots: {0, 1, 2, 5} one CI (two CMDB records, two discovery), {3} CMDB only, {4, 6} discovery only.
  const records = [
    record(0, 0, 'vm-2', 'web01'),
    record(1, 1, 'sn-b', 'web01'),
    record(2, 2, 'g-1', 'web01'),
    record(3, 1, 'sn-c', 'db01'),
    record(4, 2, 'g-9', null),
    record(5, 1, 'sn-a', 'web01.corp'),
    record(6, 0, 'vm-1', 'app01'),
  ];
  const root = Int32Array.from([0, 0, 0, 3, 4, 0, 4]);
  const { clusters, clusterOf } = buildClusterViews(records, sources, root);

  it('lists members CMDB first, then by source name and key, and splits them by role', () => {
    const web = clusters[clusterOf[0]!]!;
    expect(web.members).toEqual([5, 1, 2, 0]);
    expect(web.cmdb).toEqual([5, 1]);
    expect(web.discovery).toEqual([2, 0]);
    expect(web.name).toBe('web01.corp');
    const db = clusters[clusterOf[3]!]!;
    expect(db.members).toEqual([3]);
    expect(db.cmdb).toEqual([3]);
    expect(db.discovery).toEqual([]);
    const app = clusters[clusterOf[4]!]!;
    expect(app.members).toEqual([4, 6]);
    expect(app.cmdb).toEqual([]);
    expect(app.discovery).toEqual([4, 6]);
    expect(app.name).toBe('app01');
  });

  it('orders CIs by their first member and maps every record to its CI', () => {
    expect(clusters.map((c) => c.members[0])).toEqual([5, 3, 4]);
    expect(clusters.map((c) => c.idx)).toEqual([0, 1, 2]);
    for (const c of clusters) for (const m of c.members) expect(clusterOf[m]).toBe(c.idx);
  });

  it('never lets one CI change another through a shared empty list', () => {
    const empty = clusters.flatMap((c) => [c.cmdb, c.discovery]).filter((l) => l.length === 0);
    expect(empty.length).toBe(2);
    for (const l of empty) expect(() => l.push(1)).toThrow(TypeError);
  });
});
