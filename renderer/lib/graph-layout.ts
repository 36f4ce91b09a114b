/**
 * An instant layout for large neighbourhoods: rings by hop distance from the root (BFS over edges in both
 * directions). It is the first paint of a big graph while the force-directed layout runs in a worker.
 */
export interface LayoutNode {
  id: string;
  root?: boolean;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

export function hopDistances(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
): Map<string, number> {
  const adj = new Map<string, string[]>();
  for (const n of nodes) adj.set(n.id, []);
  for (const e of edges) {
    adj.get(e.source)?.push(e.target);
    adj.get(e.target)?.push(e.source);
  }
  const dist = new Map<string, number>();
  const roots = nodes.filter((n) => n.root).map((n) => n.id);
  const queue = roots.length ? [...roots] : nodes.length ? [nodes[0]!.id] : [];
  for (const r of queue) dist.set(r, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const d = dist.get(id)!;
    for (const m of adj.get(id) ?? []) {
      if (!dist.has(m)) {
        dist.set(m, d + 1);
        queue.push(m);
      }
    }
  }
  // Disconnected leftovers (possible after a class filter) go on an outer ring.
  const max = Math.max(0, ...dist.values());
  for (const n of nodes) if (!dist.has(n.id)) dist.set(n.id, max + 1);
  return dist;
}

/** Concentric rings: ring k holds the nodes k hops away, spaced so neighbours do not overlap. */
export function ringLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  spacing = 30,
): Map<string, { x: number; y: number }> {
  const dist = hopDistances(nodes, edges);
  const rings = new Map<number, string[]>();
  for (const n of nodes) {
    const d = dist.get(n.id)!;
    const list = rings.get(d) ?? [];
    list.push(n.id);
    rings.set(d, list);
  }
  const out = new Map<string, { x: number; y: number }>();
  let radius = 0;
  const levels = [...rings.keys()].sort((a, b) => a - b);
  for (const level of levels) {
    const ids = rings.get(level)!;
    if (level === 0 && ids.length === 1) {
      out.set(ids[0]!, { x: 0, y: 0 });
      radius = spacing * 2;
      continue;
    }
    // Big rings are split into several concentric circles so the circumference fits the nodes.
    let placed = 0;
    while (placed < ids.length) {
      radius = Math.max(radius, spacing * 2);
      const capacity = Math.max(6, Math.floor((2 * Math.PI * radius) / spacing));
      const count = Math.min(capacity, ids.length - placed);
      for (let i = 0; i < count; i++) {
        const a = (2 * Math.PI * i) / count + level * 0.37;
        out.set(ids[placed + i]!, { x: radius * Math.cos(a), y: radius * Math.sin(a) });
      }
      placed += count;
      radius += spacing * 1.4;
    }
    radius += spacing * 0.8;
  }
  return out;
}
