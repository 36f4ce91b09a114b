/**
 * SVG export of the dependency graph, drawn from the positions Cytoscape computed (cytoscape-svg is not
 * installed, and a hand-written serialiser keeps the output small and text-searchable). Pure: the graph
 * screen collects plain shapes from `cy.nodes()` / `cy.edges()` and this turns them into a document.
 */

export interface SvgNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  shape: 'ellipse' | 'round-rectangle' | 'diamond' | 'hexagon' | 'rectangle';
  fill: string;
  stroke: string;
  strokeWidth: number;
  label: string;
  labelColor: string;
}

export interface SvgEdge {
  id: string;
  sx: number;
  sy: number;
  tx: number;
  ty: number;
  color: string;
  width: number;
  dashed: boolean;
  dotted: boolean;
  arrow: boolean;
  label?: string;
}

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

const n = (v: number) => (Math.round(v * 10) / 10).toString();

function shapePath(node: SvgNode): string {
  const { x, y, width: w, height: h } = node;
  const attrs = `fill="${escapeXml(node.fill)}" stroke="${escapeXml(node.stroke)}" stroke-width="${n(node.strokeWidth)}"`;
  switch (node.shape) {
    case 'ellipse':
      return `<ellipse cx="${n(x)}" cy="${n(y)}" rx="${n(w / 2)}" ry="${n(h / 2)}" ${attrs}/>`;
    case 'diamond':
      return `<polygon points="${n(x)},${n(y - h / 2)} ${n(x + w / 2)},${n(y)} ${n(x)},${n(y + h / 2)} ${n(x - w / 2)},${n(y)}" ${attrs}/>`;
    case 'hexagon': {
      const q = w / 4;
      return `<polygon points="${n(x - w / 2)},${n(y)} ${n(x - q)},${n(y - h / 2)} ${n(x + q)},${n(y - h / 2)} ${n(x + w / 2)},${n(y)} ${n(x + q)},${n(y + h / 2)} ${n(x - q)},${n(y + h / 2)}" ${attrs}/>`;
    }
    case 'round-rectangle':
      return `<rect x="${n(x - w / 2)}" y="${n(y - h / 2)}" width="${n(w)}" height="${n(h)}" rx="${n(Math.min(w, h) / 4)}" ${attrs}/>`;
    default:
      return `<rect x="${n(x - w / 2)}" y="${n(y - h / 2)}" width="${n(w)}" height="${n(h)}" ${attrs}/>`;
  }
}

/** Where a segment from the node's centre towards (tx, ty) leaves its bounding ellipse (good enough for arrows). */
function clipToNode(cx: number, cy: number, w: number, h: number, tx: number, ty: number): [number, number] {
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const a = w / 2;
  const b = h / 2;
  const t = 1 / Math.sqrt((dx * dx) / (a * a) + (dy * dy) / (b * b));
  return [cx + dx * Math.min(t, 1), cy + dy * Math.min(t, 1)];
}

export function graphToSvg(
  nodes: readonly SvgNode[],
  edges: readonly SvgEdge[],
  opts: { background: string; padding?: number; title?: string; fontFamily?: string } = {
    background: '#ffffff',
  },
): string {
  const pad = opts.padding ?? 24;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const nd of nodes) {
    minX = Math.min(minX, nd.x - nd.width / 2);
    maxX = Math.max(maxX, nd.x + nd.width / 2);
    minY = Math.min(minY, nd.y - nd.height / 2);
    maxY = Math.max(maxY, nd.y + nd.height / 2 + 14);
  }
  if (!Number.isFinite(minX)) {
    minX = minY = 0;
    maxX = maxY = 1;
  }
  const w = maxX - minX + 2 * pad;
  const h = maxY - minY + 2 * pad;
  const vb = `${n(minX - pad)} ${n(minY - pad)} ${n(w)} ${n(h)}`;
  const colors = [...new Set(edges.filter((e) => e.arrow).map((e) => e.color))];
  const markerId = (c: string) => `arrow-${colors.indexOf(c)}`;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${vb}" width="${n(w)}" height="${n(h)}" font-family="${escapeXml(opts.fontFamily ?? 'Inter, Segoe UI, Helvetica, Arial, sans-serif')}">`,
  );
  if (opts.title) out.push(`<title>${escapeXml(opts.title)}</title>`);
  out.push('<defs>');
  for (const c of colors)
    out.push(
      `<marker id="${markerId(c)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${escapeXml(c)}"/></marker>`,
    );
  out.push('</defs>');
  out.push(
    `<rect x="${n(minX - pad)}" y="${n(minY - pad)}" width="${n(w)}" height="${n(h)}" fill="${escapeXml(opts.background)}"/>`,
  );
  out.push('<g class="edges">');
  for (const e of edges) {
    const dash = e.dashed ? ' stroke-dasharray="6 4"' : e.dotted ? ' stroke-dasharray="2 3"' : '';
    const marker = e.arrow ? ` marker-end="url(#${markerId(e.color)})"` : '';
    out.push(
      `<line data-id="${escapeXml(e.id)}" x1="${n(e.sx)}" y1="${n(e.sy)}" x2="${n(e.tx)}" y2="${n(e.ty)}" stroke="${escapeXml(e.color)}" stroke-width="${n(e.width)}"${dash}${marker}/>`,
    );
  }
  out.push('</g>');
  out.push('<g class="nodes">');
  for (const nd of nodes) {
    out.push(`<g data-id="${escapeXml(nd.id)}">${shapePath(nd)}`);
    if (nd.label)
      out.push(
        `<text x="${n(nd.x)}" y="${n(nd.y + nd.height / 2 + 11)}" font-size="10" text-anchor="middle" fill="${escapeXml(nd.labelColor)}">${escapeXml(nd.label)}</text>`,
      );
    out.push('</g>');
  }
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}

/** Edge endpoints clipped to the node outlines, so arrow heads touch the target's border. */
export function clipEdge(
  s: { x: number; y: number; width: number; height: number },
  t: { x: number; y: number; width: number; height: number },
): { sx: number; sy: number; tx: number; ty: number } {
  const [sx, sy] = clipToNode(s.x, s.y, s.width, s.height, t.x, t.y);
  const [tx, ty] = clipToNode(t.x, t.y, t.width, t.height, s.x, s.y);
  return { sx, sy, tx, ty };
}
