/**
 * Runs force-directed (fcose) and layered (dagre) layouts off the UI thread: on this project's reference
 * machine fcose takes seconds for 5,000 elements, which would freeze the window. Cytoscape runs headless
 * here with a minimal style (node sizes only); the main thread applies the returned positions.
 */
import { setupCytoscape } from './cytoscape-setup.js';
import type { LayoutRequest, LayoutResponse } from './layout-protocol.js';

const cytoscape = setupCytoscape();

self.onmessage = (e: MessageEvent<LayoutRequest>) => {
  const req = e.data;
  const started = performance.now();
  try {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      elements: [
        ...req.nodes.map((n) => ({ data: { id: n.id, root: n.root ? 1 : 0 } })),
        ...req.edges.map((x) => ({ data: { id: x.id, source: x.source, target: x.target } })),
      ],
      style: [
        { selector: 'node', style: { width: 22, height: 22 } },
        { selector: 'node[root = 1]', style: { width: 34, height: 34 } },
      ],
    });
    const big = req.nodes.length > 1200;
    const options =
      req.layout === 'dagre'
        ? { name: 'dagre', rankDir: 'LR', nodeSep: 12, rankSep: 90, edgeSep: 6, animate: false }
        : {
            name: 'fcose',
            quality: big ? 'draft' : 'default',
            randomize: true,
            animate: false,
            nodeRepulsion: () => 6000,
            idealEdgeLength: () => 70,
            numIter: big ? 800 : 2500,
            packComponents: true,
          };
    cy.layout(options as cytoscape.LayoutOptions).run();
    const ids: string[] = [];
    const xy = new Float64Array(req.nodes.length * 2);
    cy.nodes().forEach((n, i) => {
      const p = n.position();
      ids.push(n.id());
      xy[i * 2] = p.x;
      xy[i * 2 + 1] = p.y;
    });
    cy.destroy();
    const res: LayoutResponse = { seq: req.seq, ok: true, ids, xy, ms: performance.now() - started };
    (self as unknown as Worker).postMessage(res, [xy.buffer]);
  } catch (err) {
    const res: LayoutResponse = {
      seq: req.seq,
      ok: false,
      error: String((err as Error)?.message ?? err),
      ms: performance.now() - started,
    };
    (self as unknown as Worker).postMessage(res);
  }
};
