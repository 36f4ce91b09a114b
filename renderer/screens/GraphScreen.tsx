/**
 * Dependency graph: the N-hop neighbourhood of one CI, drawn with Cytoscape.
 *
 * Built to stay responsive at 5,000 elements: the first paint uses an instant ring layout (by hop
 * distance), the force-directed (fcose) or layered (dagre) layout runs in a Web Worker and is applied when
 * ready; big graphs use haystack edges without arrows, hide edges and labels while panning/zooming, draw
 * a texture during viewport changes, never animate, and keep the stylesheet short.
 */
import type cytoscapeType from 'cytoscape';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CiRow, Graph, GraphNode, GraphRequest } from '../../src/api/contract.js';
import { useApi, useTheme, useToast, useWorkspace } from '../app/context.js';
import { navigate, useLoad } from '../app/hooks.js';
import { setupCytoscape } from '../graph/cytoscape-setup.js';
import type { LayoutRequest, LayoutResponse } from '../graph/layout-protocol.js';
import { Icon } from '../components/icons.js';
import {
  Badge,
  Banner,
  Button,
  EmptyState,
  ErrorBanner,
  Properties,
  Screen,
  SearchBox,
  Spinner,
} from '../components/ui.js';
import { clipEdge, graphToSvg, type SvgEdge, type SvgNode } from '../lib/graph-svg.js';
import { colorFor, paletteFor, shapeFor, type GraphPalette } from '../lib/graph-style.js';
import { ringLayout } from '../lib/graph-layout.js';
import { formatInt, humanize } from '../lib/format.js';
import { CI_TYPES } from '../lib/mapping.js';

const cytoscape = setupCytoscape();

type LayoutChoice = 'fcose' | 'dagre' | 'rings';
/** Above this many elements: performance styles, and layouts run in the worker after a ring first paint. */
const BIG = 1500;
/** Below this many nodes, fcose / dagre run on the main thread before the first paint (fast enough). */
const INLINE_LAYOUT_NODES = 250;

function buildStyle(p: GraphPalette, big: boolean): cytoscapeType.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': 'data(color)',
        shape: 'data(shape)' as never,
        width: 22,
        height: 22,
        label: 'data(label)',
        'font-size': 9,
        'min-zoomed-font-size': 8,
        color: p.text,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-max-width': '120px',
        'text-wrap': 'ellipsis',
        'border-width': 0,
      },
    },
    { selector: 'node[findings > 0]', style: { 'border-width': 2, 'border-color': p.conflict } },
    {
      selector: 'node[notInCmdb = 1]',
      style: { 'border-width': 2, 'border-style': 'dashed', 'border-color': p.notInCmdb },
    },
    {
      selector: 'node[root = 1]',
      style: {
        width: 36,
        height: 36,
        'border-width': 3,
        'border-color': p.accent,
        'font-size': 11,
        'font-weight': 'bold',
        'min-zoomed-font-size': 0,
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.2,
        'line-color': p.edge,
        'curve-style': big ? 'haystack' : 'straight',
        'haystack-radius': 0,
        'target-arrow-shape': big ? 'none' : 'triangle',
        'target-arrow-color': p.edge,
        'arrow-scale': 0.7,
      },
    },
    {
      selector: 'edge[seenBy = "cmdb"]',
      style: {
        'line-style': 'dashed',
        'line-dash-pattern': [6, 4],
        'line-color': p.edgeCmdbOnly,
        'target-arrow-color': p.edgeCmdbOnly,
      },
    },
    {
      selector: 'edge[seenBy = "discovery"]',
      style: {
        'line-style': 'dashed',
        'line-dash-pattern': [2, 3],
        'line-color': p.edgeDiscoveryOnly,
        'target-arrow-color': p.edgeDiscoveryOnly,
      },
    },
    {
      selector: 'edge[conflict = 1]',
      style: { width: 2.6, 'line-color': p.conflict, 'target-arrow-color': p.conflict },
    },
    {
      selector: 'node:selected',
      style: { 'border-width': 3, 'border-color': p.accent, 'border-style': 'solid' },
    },
    { selector: '.faded', style: { opacity: 0.12 } },
    { selector: 'edge.hl', style: { width: 2.4, 'line-color': p.accent, 'target-arrow-color': p.accent } },
    { selector: 'node.hl', style: { 'border-width': 3, 'border-color': p.accent } },
  ];
}

function toElements(g: Graph, p: GraphPalette): cytoscapeType.ElementDefinition[] {
  const els: cytoscapeType.ElementDefinition[] = [];
  for (const n of g.nodes)
    els.push({
      group: 'nodes',
      data: {
        id: String(n.id),
        label: n.label,
        ciType: n.ciType,
        color: colorFor(p, n.ciType),
        shape: shapeFor(n.ciType),
        root: n.root ? 1 : 0,
        findings: n.findings,
        notInCmdb: n.inCmdb ? 0 : 1,
      },
    });
  for (const e of g.edges)
    els.push({
      group: 'edges',
      data: {
        id: e.id,
        source: String(e.source),
        target: String(e.target),
        type: e.type,
        seenBy: e.seenBy,
        conflict: e.conflict ? 1 : 0,
      },
    });
  return els;
}

/** Fits the graph, but never zooms a small graph in so far that labels look like headlines. */
function fitClamped(cy: cytoscapeType.Core): void {
  cy.fit(undefined, 30);
  if (cy.zoom() > 1.3) {
    cy.zoom(1.3);
    cy.center();
  }
}

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Deep links may set the starting hops and element cap: #/graph/42?hops=3&max=5000. */
export function GraphScreen({ id, hops, max }: { id: number | null; hops: number | null; max: number | null }) {
  if (id === null) return <GraphPicker />;
  return <GraphView id={id} initialHops={hops} initialMax={max} />;
}

function GraphPicker() {
  const api = useApi();
  const [q, setQ] = useState('');
  const results = useLoad(
    () =>
      q.trim()
        ? api.call('cis/rows', {
            startRow: 0,
            endRow: 12,
            sortModel: [{ colId: 'finding_count', sort: 'desc' }],
            filterModel: {},
            quickFilter: q.trim(),
          })
        : api.call('cis/rows', {
            startRow: 0,
            endRow: 12,
            sortModel: [{ colId: 'finding_count', sort: 'desc' }],
            filterModel: {},
          }),
    [api, q],
  );
  return (
    <Screen
      title="Dependency graph"
      subtitle="Choose a CI to see its neighbourhood."
      testid="screen-graph"
      ready={results.data !== undefined}
    >
      <div className="picker">
        <SearchBox
          value={q}
          onChange={setQ}
          placeholder="Find a CI by name, host, IP or serial"
          testid="graph-ci-search"
        />
        <ErrorBanner error={results.error} onRetry={results.reload} />
        {results.data && results.data.rows.length === 0 ? (
          <EmptyState icon="graph" title={q ? 'No CI matches' : 'No CIs yet'}>
            {q ? 'Try another name or address.' : 'Import and reconcile sources first.'}
          </EmptyState>
        ) : (
          <ul className="picker-list">
            {(results.data?.rows ?? []).map((r: CiRow) => (
              <li key={r.id}>
                <button
                  type="button"
                  className="picker-item"
                  onClick={() => navigate({ name: 'graph', id: r.id })}
                  data-testid="graph-pick"
                >
                  <Icon name="graph" />
                  <strong>{r.name ?? `CI #${r.id}`}</strong>
                  <span className="muted">{humanize(r.ci_type)}</span>
                  {r.finding_count ? <Badge tone="warn">{r.finding_count} findings</Badge> : null}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Screen>
  );
}

function GraphView({ id, initialHops, initialMax }: { id: number; initialHops: number | null; initialMax: number | null }) {
  const api = useApi();
  const ws = useWorkspace();
  const { theme } = useTheme();
  const { push } = useToast();
  const [hops, setHops] = useState(() => Math.min(6, Math.max(1, initialHops ?? 2)));
  const [direction, setDirection] = useState<GraphRequest['direction']>('both');
  const [types, setTypes] = useState<string[]>([]);
  const [layout, setLayout] = useState<LayoutChoice>('fcose');
  const [maxElements, setMaxElements] = useState(() => Math.min(5000, Math.max(100, initialMax ?? 2000)));
  const [selected, setSelected] = useState<GraphNode | null>(null);
  const [phase, setPhase] = useState<'idle' | 'drawn' | 'refining' | 'done'>('idle');
  const [timing, setTiming] = useState<{ paint: number; layout: number | null } | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscapeType.Core | null>(null);
  /** The palette and size class the live graph is styled for (restyling 5,000 elements costs seconds). */
  const styledFor = useRef<{ palette: GraphPalette; big: boolean } | null>(null);
  const workerRef = useRef<Worker | null>(null);
  const seq = useRef(0);

  const req = useMemo<GraphRequest>(
    () => ({ clusterId: id, hops, direction, maxElements, ...(types.length ? { ciTypes: types } : {}) }),
    [id, hops, direction, maxElements, types],
  );
  const graph = useLoad(() => api.call('graph/neighbourhood', req), [api, req, ws.version]);
  const g = graph.data;
  const elementCount = g ? g.nodes.length + g.edges.length : 0;
  const big = elementCount > BIG;
  const palette = paletteFor(theme);
  const byId = useMemo(() => new Map((g?.nodes ?? []).map((n) => [String(n.id), n])), [g]);
  const presentTypes = useMemo(() => [...new Set((g?.nodes ?? []).map((n) => n.ciType))].sort(), [g]);

  const byIdRef = useRef(byId);
  useEffect(() => {
    byIdRef.current = byId;
  }, [byId]);

  // Worker lifetime = this view.
  useEffect(() => {
    return () => {
      workerRef.current?.terminate();
      workerRef.current = null;
      cyRef.current?.destroy();
      cyRef.current = null;
    };
  }, []);

  const runWorkerLayout = useCallback(
    (cy: cytoscapeType.Core, name: 'fcose' | 'dagre', started: number) => {
      const my = ++seq.current;
      if (!workerRef.current)
        workerRef.current = new Worker(new URL('../graph/layout.worker.ts', import.meta.url), {
          type: 'module',
          name: 'graph-layout',
        });
      const w = workerRef.current;
      setPhase('refining');
      const msg: LayoutRequest = {
        seq: my,
        layout: name,
        nodes: cy.nodes().map((n) => ({ id: n.id(), root: n.data('root') === 1 })),
        edges: cy.edges().map((e) => ({
          id: e.id(),
          source: e.data('source') as string,
          target: e.data('target') as string,
        })),
      };
      w.onmessage = (e: MessageEvent<LayoutResponse>) => {
        const r = e.data;
        if (r.seq !== seq.current || cy.destroyed()) return;
        if (!r.ok) {
          setPhase('done');
          push({ kind: 'error', title: 'Layout failed', detail: r.error });
          return;
        }
        cy.batch(() => {
          r.ids.forEach((nid, i) =>
            cy.getElementById(nid).position({ x: r.xy[i * 2]!, y: r.xy[i * 2 + 1]! }),
          );
        });
        fitClamped(cy);
        setPhase('done');
        setTiming((t) => ({ paint: t?.paint ?? 0, layout: performance.now() - started }));
      };
      w.onerror = (e) => {
        setPhase('done');
        push({ kind: 'error', title: 'Layout worker failed', detail: e.message });
      };
      w.postMessage(msg);
    },
    [push],
  );

  // (Re)build the graph when the data arrives.
  useEffect(() => {
    const el = container.current;
    if (!el || !g) return;
    const started = performance.now();
    seq.current++;
    cyRef.current?.destroy();
    const pal = paletteFor(document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');
    const isBig = g.nodes.length + g.edges.length > BIG;
    const inline = g.nodes.length <= INLINE_LAYOUT_NODES && layout !== 'rings';
    const rings = inline
      ? null
      : ringLayout(
          g.nodes.map((n) => ({ id: String(n.id), root: n.root })),
          g.edges.map((e) => ({ source: String(e.source), target: String(e.target) })),
        );
    const cy = cytoscape({
      container: el,
      elements: toElements(g, pal),
      style: buildStyle(pal, isBig),
      layout: inline
        ? layout === 'dagre'
          ? ({
              name: 'dagre',
              rankDir: 'LR',
              nodeSep: 14,
              rankSep: 90,
              animate: false,
              fit: true,
              padding: 30,
            } as cytoscapeType.LayoutOptions)
          : ({
              name: 'fcose',
              quality: 'default',
              randomize: true,
              animate: false,
              fit: true,
              padding: 30,
              nodeRepulsion: () => 6000,
              idealEdgeLength: () => 70,
            } as cytoscapeType.LayoutOptions)
        : { name: 'preset', positions: Object.fromEntries(rings!), fit: true, padding: 30 },
      minZoom: 0.03,
      maxZoom: 4,
      boxSelectionEnabled: false,
      hideEdgesOnViewport: isBig,
      hideLabelsOnViewport: isBig,
      textureOnViewport: isBig,
      motionBlur: false,
      pixelRatio: isBig ? 1 : 'auto',
    });
    if (isBig) cy.edges().unselectify();
    cy.on('tap', 'node', (e) => {
      const n = byIdRef.current.get(e.target.id());
      setSelected(n ?? null);
    });
    cy.on('tap', (e) => {
      if (e.target === cy) {
        setSelected(null);
        cy.elements().removeClass('faded hl');
      }
    });
    cy.on('dbltap', 'node', (e) => navigate({ name: 'graph', id: Number(e.target.id()) }));
    cyRef.current = cy;
    styledFor.current = { palette: pal, big: isBig };
    // The first frame is drawn on the next animation frame; measure to then.
    requestAnimationFrame(() => {
      fitClamped(cy);
      setTiming({
        paint: performance.now() - started,
        layout: inline || layout === 'rings' ? performance.now() - started : null,
      });
      setPhase(inline || layout === 'rings' ? 'done' : 'drawn');
      if (!inline && layout !== 'rings') runWorkerLayout(cy, layout, started);
    });
    // Theme changes restyle in place (below); layout or data changes rebuild.
  }, [g, layout, runWorkerLayout]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !g) return;
    // Runs after every rebuild too: nothing to do unless the theme (or the size class) really changed.
    if (styledFor.current?.palette === palette && styledFor.current.big === big) return;
    styledFor.current = { palette, big };
    cy.style(buildStyle(palette, big));
    cy.batch(() =>
      cy.nodes().forEach((n) => void n.data('color', colorFor(palette, n.data('ciType') as string))),
    );
  }, [palette, big, g]);

  const highlight = (which: 'up' | 'down' | 'clear') => {
    const cy = cyRef.current;
    if (!cy || !selected) return;
    cy.elements().removeClass('faded hl');
    if (which === 'clear') return;
    const n = cy.getElementById(String(selected.id));
    const reach = which === 'up' ? n.predecessors() : n.successors();
    const keep = reach.union(n);
    cy.batch(() => {
      cy.elements().difference(keep).addClass('faded');
      reach.addClass('hl');
    });
  };

  const exportPng = async () => {
    const cy = cyRef.current;
    if (!cy) return;
    const blob = (await cy.png({
      output: 'blob-promise',
      full: true,
      scale: big ? 1 : 2,
      bg: palette.background,
      maxWidth: 8000,
      maxHeight: 8000,
    })) as Blob;
    download(blob, `graph-ci-${id}.png`);
  };

  const exportSvg = () => {
    const cy = cyRef.current;
    if (!cy) return;
    const nodes: SvgNode[] = cy.nodes().map((n) => {
      const p = n.position();
      const root = n.data('root') === 1;
      const size = root ? 36 : 22;
      const findings = (n.data('findings') as number) > 0;
      const notInCmdb = n.data('notInCmdb') === 1;
      return {
        id: n.id(),
        x: p.x,
        y: p.y,
        width: size,
        height: size,
        shape: n.data('shape') as SvgNode['shape'],
        fill: n.data('color') as string,
        stroke: root ? palette.accent : findings ? palette.conflict : notInCmdb ? palette.notInCmdb : 'none',
        strokeWidth: root ? 3 : findings || notInCmdb ? 2 : 0,
        label: n.data('label') as string,
        labelColor: palette.text,
      };
    });
    const pos = new Map(nodes.map((n) => [n.id, n]));
    const edges: SvgEdge[] = cy.edges().map((e) => {
      const s = pos.get(e.data('source') as string)!;
      const t = pos.get(e.data('target') as string)!;
      const seenBy = e.data('seenBy') as string;
      const conflict = e.data('conflict') === 1;
      return {
        id: e.id(),
        ...clipEdge(s, t),
        color: conflict
          ? palette.conflict
          : seenBy === 'cmdb'
            ? palette.edgeCmdbOnly
            : seenBy === 'discovery'
              ? palette.edgeDiscoveryOnly
              : palette.edge,
        width: conflict ? 2.6 : 1.2,
        dashed: seenBy === 'cmdb',
        dotted: seenBy === 'discovery',
        arrow: true,
      };
    });
    const svg = graphToSvg(nodes, edges, {
      background: palette.background,
      title: `Dependency graph of CI #${id}`,
    });
    download(new Blob([svg], { type: 'image/svg+xml' }), `graph-ci-${id}.svg`);
  };

  const root = g?.nodes.find((n) => n.root);
  const conflicts = g?.edges.filter((e) => e.conflict).length ?? 0;
  const cmdbOnly = g?.edges.filter((e) => e.seenBy === 'cmdb').length ?? 0;
  const discOnly = g?.edges.filter((e) => e.seenBy === 'discovery').length ?? 0;
  const ready = phase !== 'idle' || !!graph.error;

  return (
    <Screen
      testid="screen-graph"
      ready={ready}
      className="screen-fill"
      title={
        <span className="row gap-sm">
          <span>Dependency graph</span>
          {root ? (
            <a href={`#/cis/${root.id}`} className="title-link" data-testid="graph-root">
              {root.label}
            </a>
          ) : null}
        </span>
      }
      subtitle={
        g ? (
          <span className="row gap" data-testid="graph-summary">
            <span>
              {formatInt(g.nodes.length)} CIs · {formatInt(g.edges.length)} relationships
            </span>
            {conflicts ? <span className="bad-text">{conflicts} in conflict</span> : null}
            {cmdbOnly ? <span className="warn-text">{cmdbOnly} CMDB-only</span> : null}
            {discOnly ? <span className="info-text">{discOnly} discovery-only</span> : null}
            {timing ? (
              <span className="muted small" data-testid="graph-timing">
                drawn in {Math.round(timing.paint)} ms
                {timing.layout !== null ? ` · layout ${Math.round(timing.layout)} ms` : ''}
              </span>
            ) : null}
          </span>
        ) : (
          'Loading…'
        )
      }
      actions={
        <>
          <Button icon="fit" onClick={() => cyRef.current && fitClamped(cyRef.current)} title="Fit to view">
            Fit
          </Button>
          <Button icon="image" onClick={() => void exportPng()} disabled={!g} data-testid="graph-export-png">
            PNG
          </Button>
          <Button icon="download" onClick={exportSvg} disabled={!g} data-testid="graph-export-svg">
            SVG
          </Button>
        </>
      }
    >
      <div className="graph-toolbar" data-testid="graph-toolbar">
        <label className="inline-field">
          Hops
          <select value={hops} onChange={(e) => setHops(Number(e.target.value))} data-testid="graph-hops">
            {[1, 2, 3, 4, 5, 6].map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label="Direction">
          {(
            [
              ['both', 'Both'],
              ['upstream', 'Upstream'],
              ['downstream', 'Downstream'],
            ] as const
          ).map(([v, l]) => (
            <button
              key={v}
              type="button"
              className={direction === v ? 'active' : ''}
              aria-pressed={direction === v}
              onClick={() => setDirection(v)}
              data-testid={`graph-dir-${v}`}
            >
              {l}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Layout">
          {(
            [
              ['fcose', 'Force (fcose)'],
              ['dagre', 'Layered (dagre)'],
              ['rings', 'Rings'],
            ] as const
          ).map(([v, l]) => (
            <button
              key={v}
              type="button"
              className={layout === v ? 'active' : ''}
              aria-pressed={layout === v}
              onClick={() => setLayout(v)}
              data-testid={`graph-layout-${v}`}
            >
              {l}
            </button>
          ))}
        </div>
        <label className="inline-field">
          Max elements
          <select value={maxElements} onChange={(e) => setMaxElements(Number(e.target.value))}>
            {[...new Set([500, 2000, 5000, maxElements])].sort((a, b) => a - b).map((m) => (
              <option key={m} value={m}>
                {formatInt(m)}
              </option>
            ))}
          </select>
        </label>
        <details className="type-filter">
          <summary>
            <Icon name="filter" size={14} /> Classes {types.length ? `(${types.length})` : '(all)'}
          </summary>
          <div className="popover type-popover">
            {(presentTypes.length ? [...new Set([...presentTypes, ...types])] : [...CI_TYPES]).map((t) => (
              <label key={t} className="check-row">
                <input
                  type="checkbox"
                  checked={types.length === 0 || types.includes(t)}
                  onChange={(e) => {
                    const all = types.length === 0 ? presentTypes : types;
                    const next = e.target.checked ? [...new Set([...all, t])] : all.filter((x) => x !== t);
                    setTypes(
                      next.length === presentTypes.length && presentTypes.every((x) => next.includes(x))
                        ? []
                        : next,
                    );
                  }}
                />
                <span className="legend-swatch" style={{ background: colorFor(palette, t) }} />
                {humanize(t)}
              </label>
            ))}
            {types.length ? (
              <Button size="sm" variant="ghost" onClick={() => setTypes([])}>
                All classes
              </Button>
            ) : null}
          </div>
        </details>
        {phase === 'refining' ? (
          <span className="chip refining" data-testid="graph-refining">
            <Spinner label="Laying out" /> laying out {formatInt(elementCount)} elements…
          </span>
        ) : null}
      </div>
      {graph.error ? (
        <ErrorBanner
          error={graph.error}
          onRetry={graph.reload}
          title={graph.error.code === 'NOT_FOUND' ? 'No such CI' : 'Could not load the graph'}
        />
      ) : null}
      {g?.truncated ? (
        <Banner tone="warn">
          Showing the first {formatInt(elementCount)} elements of a larger neighbourhood: reduce the hops,
          pick classes, or raise the maximum.
        </Banner>
      ) : null}
      <div className="graph-area">
        <div
          className="graph-canvas"
          ref={container}
          data-testid="graph-canvas"
          data-state={phase === 'idle' ? 'loading' : 'ready'}
          data-layout={phase === 'done' ? 'done' : 'pending'}
          data-nodes={g?.nodes.length ?? ''}
          data-edges={g?.edges.length ?? ''}
          role="img"
          aria-label={
            g
              ? `Dependency graph of ${root?.label ?? `CI ${id}`}: ${g.nodes.length} CIs, ${g.edges.length} relationships`
              : 'Dependency graph loading'
          }
        />
        {graph.loading && !g ? (
          <div className="graph-overlay">
            <Spinner />
          </div>
        ) : null}
        {g && g.nodes.length <= 1 && !graph.loading ? (
          <div className="graph-overlay">
            <EmptyState icon="graph" title="No relationships">
              No source reports a relationship for this CI{types.length ? ' among the chosen classes' : ''}.
            </EmptyState>
          </div>
        ) : null}
        <div className="graph-legend" aria-label="Legend">
          <span className="legend-item">
            <span className="edge-swatch both" /> CMDB and discovery
          </span>
          <span className="legend-item">
            <span className="edge-swatch cmdb" /> CMDB only
          </span>
          <span className="legend-item">
            <span className="edge-swatch discovery" /> Discovery only
          </span>
          <span className="legend-item">
            <span className="edge-swatch conflict" /> Conflict
          </span>
          <span className="legend-item">
            <span className="node-swatch dashed" /> not in CMDB
          </span>
          <span className="legend-item">
            <span className="node-swatch findings" /> has findings
          </span>
        </div>
        {selected ? (
          <aside className="graph-panel" data-testid="graph-node-panel">
            <header className="side-panel-header">
              <div>
                <span className="muted small">{humanize(selected.ciType)}</span>
                <h2>{selected.label}</h2>
              </div>
              <button type="button" className="icon-btn" aria-label="Close" onClick={() => setSelected(null)}>
                <Icon name="close" />
              </button>
            </header>
            <Properties
              items={[
                ['CI', <span className="mono">#{selected.id}</span>],
                ['Findings', selected.findings ? <span className="bad-text">{selected.findings}</span> : '0'],
                ['In CMDB', selected.inCmdb ? 'yes' : <span className="warn-text">no</span>],
                ['Discovered', selected.discovered ? 'yes' : <span className="warn-text">no</span>],
              ]}
            />
            <div className="side-panel-actions">
              <Button
                size="sm"
                onClick={() => highlight('up')}
                title="Highlight everything with a path into this CI"
              >
                Upstream impact
              </Button>
              <Button
                size="sm"
                onClick={() => highlight('down')}
                title="Highlight everything this CI has a path to"
              >
                Downstream
              </Button>
              <Button size="sm" variant="ghost" onClick={() => highlight('clear')}>
                Clear
              </Button>
            </div>
            <div className="side-panel-actions">
              <Button
                size="sm"
                variant="primary"
                icon="link"
                onClick={() => navigate({ name: 'ci', id: selected.id, tab: null })}
              >
                Open CI
              </Button>
              {!selected.root ? (
                <Button size="sm" icon="graph" onClick={() => navigate({ name: 'graph', id: selected.id })}>
                  Center here
                </Button>
              ) : null}
            </div>
          </aside>
        ) : null}
      </div>
      <div className="grid-hint muted">
        Click a CI for details · double-click to re-center · scroll to zoom · drag to pan
      </div>
    </Screen>
  );
}
