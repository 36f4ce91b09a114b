import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph, GraphRequest } from '../../src/api/contract.js';
import { createApi, type Api } from '../../src/api/create-api.js';
import type { EdgeIndex } from '../../src/api/graph.js';
import { fileScopedDir, reconciledSimWorkspace } from './fixtures.js';

describe('graph/neighbourhood on a reconciled cmdb-sim workspace', () => {
  const files = fileScopedDir();
  let api: Api;
  let index: EdgeIndex;
  let hub: number;

  const graph = async (req: Partial<GraphRequest>): Promise<Graph> => {
    const r = await api.dispatch('graph/neighbourhood', {
      clusterId: hub,
      hops: 2,
      direction: 'both',
      maxElements: 2000,
      ...req,
    });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as Graph;
  };

  beforeAll(async () => {
    api = createApi({ mode: 'browser', version: 'test' });
    api.host.open(await reconciledSimWorkspace(files.dir), { remember: false });
    index = api.host.graphs.get(api.host.workspace());
    // The CI with the most relationships (a hypervisor host with its VMs).
    const degree = new Map<number, number>();
    for (const e of index.edges) {
      degree.set(e.parent, (degree.get(e.parent) ?? 0) + 1);
      degree.set(e.child, (degree.get(e.child) ?? 0) + 1);
    }
    hub = [...degree.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  }, 180_000);
  afterAll(async () => {
    await api.host.close();
    files.remove();
  });

  it('resolves CMDB and discovery relationships to CIs, merging what both report', () => {
    expect(index.edges.length).toBeGreaterThan(50);
    expect(index.edges.some((e) => e.cmdb && e.discovery)).toBe(true);
    expect(index.edges.some((e) => e.cmdb && !e.discovery)).toBe(true);
    expect(index.edges.some((e) => !e.cmdb && e.discovery)).toBe(true);
  });

  it('returns the root and its neighbours, every edge between returned nodes', async () => {
    const g = await graph({});
    const ids = new Set(g.nodes.map((n) => n.id));
    expect(g.nodes.filter((n) => n.root).map((n) => n.id)).toEqual([hub]);
    expect(g.nodes.length).toBeGreaterThan(3);
    for (const e of g.edges) {
      expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
      expect(['cmdb', 'discovery', 'both']).toContain(e.seenBy);
    }
    expect(g.truncated).toBe(false);
    expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
  });

  it('stays within maxElements and says it was truncated', async () => {
    const full = await graph({});
    for (const max of [1, 2, 5, 9]) {
      const g = await graph({ maxElements: max });
      expect(g.nodes.length + g.edges.length).toBeLessThanOrEqual(max);
      expect(g.nodes.some((n) => n.root)).toBe(true);
      expect(g.truncated).toBe(full.nodes.length + full.edges.length > max);
    }
  });

  it('follows the direction asked for', async () => {
    const down = await graph({ hops: 1, direction: 'downstream' });
    const up = await graph({ hops: 1, direction: 'upstream' });
    const both = await graph({ hops: 1, direction: 'both' });
    for (const e of down.edges.filter((x) => x.source === hub || x.target === hub))
      expect(e.source).toBe(hub);
    for (const e of up.edges.filter((x) => x.source === hub || x.target === hub)) expect(e.target).toBe(hub);
    expect(both.nodes.length).toBe(new Set([...down.nodes, ...up.nodes].map((n) => n.id)).size);
  });

  it('keeps to the CI types asked for, and answers hops 0 with the root alone', async () => {
    const g = await graph({ ciTypes: ['hypervisor'] });
    expect(g.nodes.filter((n) => !n.root).every((n) => n.ciType === 'hypervisor')).toBe(true);
    const alone = await graph({ hops: 0 });
    expect(alone.nodes.map((n) => n.id)).toEqual([hub]);
    expect(alone.edges).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown CI', async () => {
    const r = await api.dispatch('graph/neighbourhood', {
      clusterId: 987_654_321,
      hops: 1,
      direction: 'both',
      maxElements: 10,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
