/**
 * Small SVG charts drawn with React (no chart library): horizontal bars, stacked bars, a line over time and
 * columns. Colours come from CSS classes, so both themes apply; every chart has a text alternative.
 */
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';

/** The element's width, following resizes (charts draw at their real size: crisp text, no letterboxing). */
function useWidth<T extends HTMLElement>(fallback = 560): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (w > 0) setWidth(Math.max(280, w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** The SVG of a chart at its measured size, with its text alternative (the summary) for screen readers. */
function ChartSvg({
  width,
  height,
  title,
  summary,
  testid,
  children,
}: {
  width: number;
  height: number;
  title: string;
  summary: string;
  testid: string | undefined;
  children: ReactNode;
}) {
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={title}
      data-testid={testid}
    >
      <title>{summary}</title>
      {children}
    </svg>
  );
}

/** A chart's legend: a swatch per series, and any note after them. */
function Legend({
  items,
  children,
}: {
  items: { label: string; className: string }[];
  children?: ReactNode;
}) {
  return (
    <figcaption className="legend">
      {items.map((it) => (
        <span key={it.label} className="legend-item">
          <span className={`legend-swatch ${it.className}`} />
          {it.label}
        </span>
      ))}
      {children}
    </figcaption>
  );
}

export interface BarDatum {
  label: string;
  value: number;
  hint?: string;
  onClick?: () => void;
}

function toneOf(v: number): string {
  return v >= 80 ? 'good' : v >= 50 ? 'warn' : 'bad';
}

/** Horizontal bars on a 0..max scale, one row per datum, value printed at the end. */
export function HBarChart({
  data,
  max = 100,
  format = (v) => v.toFixed(0),
  tone = toneOf,
  testid,
  title,
}: {
  data: BarDatum[];
  max?: number;
  format?: (v: number) => string;
  tone?: (v: number) => string;
  testid?: string;
  title: string;
}) {
  const rowH = 24;
  const labelW = 150;
  const [box, width] = useWidth<HTMLDivElement>();
  const barW = width - labelW - 56;
  const h = data.length * rowH + 8;
  return (
    <div ref={box} className="chart-box">
      <ChartSvg
        width={width}
        height={h}
        title={title}
        summary={`${title}: ${data.map((d) => `${d.label} ${format(d.value)}`).join(', ')}`}
        testid={testid}
      >
        {[0.25, 0.5, 0.75, 1].map((f) => (
          <line
            key={f}
            className="chart-grid"
            x1={labelW + barW * f}
            x2={labelW + barW * f}
            y1={0}
            y2={h - 4}
          />
        ))}
        {data.map((d, i) => {
          const y = i * rowH + 4;
          const w = max > 0 ? Math.max(1, (Math.min(d.value, max) / max) * barW) : 1;
          return (
            <g key={d.label} className={d.onClick ? 'chart-row clickable' : 'chart-row'} onClick={d.onClick}>
              <text x={labelW - 8} y={y + rowH / 2 + 4} textAnchor="end" className="chart-label">
                {d.label.length > 22 ? `${d.label.slice(0, 21)}…` : d.label}
              </text>
              <rect x={labelW} y={y + 4} width={barW} height={rowH - 10} rx={3} className="chart-track" />
              <rect
                x={labelW}
                y={y + 4}
                width={w}
                height={rowH - 10}
                rx={3}
                className={`chart-bar tone-${tone(d.value)}`}
              >
                <title>{`${d.label}: ${format(d.value)}${d.hint ? ` — ${d.hint}` : ''}`}</title>
              </rect>
              <text x={labelW + barW + 8} y={y + rowH / 2 + 4} className="chart-value">
                {format(d.value)}
              </text>
            </g>
          );
        })}
      </ChartSvg>
    </div>
  );
}

export interface Series {
  key: string;
  label: string;
  className: string;
}

/** Grouped horizontal bars: for each row, one thin bar per series (e.g. completeness, correctness, compliance). */
export function GroupedBars({
  rows,
  series,
  max = 100,
  title,
  testid,
}: {
  rows: { label: string; values: Record<string, number> }[];
  series: Series[];
  max?: number;
  title: string;
  testid?: string;
}) {
  const barH = 6;
  const gap = 2;
  const rowH = series.length * (barH + gap) + 10;
  const labelW = 150;
  const [box, width] = useWidth<HTMLElement>();
  const barW = width - labelW - 56;
  const h = rows.length * rowH + 28;
  return (
    <figure className="chart-figure" ref={box}>
      <ChartSvg width={width} height={h} title={title} summary={title} testid={testid}>
        {rows.map((r, i) => {
          const y0 = i * rowH + 4;
          return (
            <g key={r.label}>
              <text x={labelW - 8} y={y0 + rowH / 2} textAnchor="end" className="chart-label">
                {r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label}
              </text>
              {series.map((s, j) => {
                const v = r.values[s.key] ?? 0;
                return (
                  <rect
                    key={s.key}
                    x={labelW}
                    y={y0 + j * (barH + gap)}
                    width={Math.max(1, (Math.min(v, max) / max) * barW)}
                    height={barH}
                    rx={2}
                    className={`chart-bar ${s.className}`}
                  >
                    <title>{`${r.label} — ${s.label}: ${v.toFixed(0)}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </ChartSvg>
      <Legend items={series.map((s) => ({ label: s.label, className: s.className }))} />
    </figure>
  );
}

/** A line over ordered points (e.g. the overall score per reconciliation run). */
export function LineChart({
  points,
  max = 100,
  title,
  testid,
  format = (v) => v.toFixed(0),
}: {
  points: { x: string; y: number; hint?: string }[];
  max?: number;
  title: string;
  testid?: string;
  format?: (v: number) => string;
}) {
  const [hover, setHover] = useState<number | null>(null);
  const gid = useId().replace(/:/g, '');
  const [box, width] = useWidth<HTMLDivElement>();
  const h = 180;
  const pad = { l: 36, r: 12, t: 12, b: 26 };
  const iw = width - pad.l - pad.r;
  const ih = h - pad.t - pad.b;
  const xs = (i: number) => pad.l + (points.length <= 1 ? iw / 2 : (i / (points.length - 1)) * iw);
  const ys = (v: number) => pad.t + ih - (Math.max(0, Math.min(v, max)) / max) * ih;
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${xs(i).toFixed(1)},${ys(p.y).toFixed(1)}`)
    .join(' ');
  const area = points.length
    ? `${path} L${xs(points.length - 1).toFixed(1)},${pad.t + ih} L${xs(0).toFixed(1)},${pad.t + ih} Z`
    : '';
  const step = Math.max(1, Math.ceil(points.length / 8));
  return (
    <div ref={box} className="chart-box">
      <ChartSvg
        width={width}
        height={h}
        title={title}
        summary={`${title}: ${points.map((p) => `${p.x} ${format(p.y)}`).join(', ')}`}
        testid={testid}
      >
        <defs>
          <linearGradient id={`fill-${gid}`} x1="0" x2="0" y1="0" y2="1">
            <stop offset="0%" className="chart-area-stop-a" />
            <stop offset="100%" className="chart-area-stop-b" />
          </linearGradient>
        </defs>
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v}>
            <line className="chart-grid" x1={pad.l} x2={width - pad.r} y1={ys(v)} y2={ys(v)} />
            <text className="chart-axis" x={pad.l - 6} y={ys(v) + 4} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {points.length > 1 ? <path d={area} fill={`url(#fill-${gid})`} /> : null}
        <path d={path} className="chart-line" />
        {points.map((p, i) => (
          <g key={i} onMouseEnter={() => setHover(i)} onMouseLeave={() => setHover(null)}>
            <circle cx={xs(i)} cy={ys(p.y)} r={hover === i ? 5 : 3.5} className="chart-dot" />
            <rect x={xs(i) - 10} y={pad.t} width={20} height={ih} className="chart-hit">
              <title>{`${p.x}: ${format(p.y)}${p.hint ? ` — ${p.hint}` : ''}`}</title>
            </rect>
            {i % step === 0 || i === points.length - 1 ? (
              <text className="chart-axis" x={xs(i)} y={h - 8} textAnchor="middle">
                {p.x}
              </text>
            ) : null}
          </g>
        ))}
        {hover !== null && points[hover] ? (
          <text className="chart-value" x={Math.min(xs(hover) + 8, width - 60)} y={ys(points[hover].y) - 8}>
            {format(points[hover].y)}
          </text>
        ) : null}
      </ChartSvg>
    </div>
  );
}

/** Columns per import batch, coloured by source. */
export function BatchColumns({
  batches,
  title,
  testid,
}: {
  batches: { id: number; source: string; records: number; at: string; current: boolean }[];
  title: string;
  testid?: string;
}) {
  const sources = [...new Set(batches.map((b) => b.source))];
  const max = Math.max(1, ...batches.map((b) => b.records));
  const [box, width] = useWidth<HTMLElement>();
  const h = 180;
  const pad = { l: 44, r: 8, t: 10, b: 24 };
  const iw = width - pad.l - pad.r;
  const ih = h - pad.t - pad.b;
  const cw = batches.length ? Math.min(36, iw / batches.length - 4) : 0;
  return (
    <figure className="chart-figure" ref={box}>
      <ChartSvg
        width={width}
        height={h}
        title={title}
        summary={`${title}: ${batches.map((b) => `batch ${b.id} ${b.source} ${b.records}`).join(', ')}`}
        testid={testid}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              className="chart-grid"
              x1={pad.l}
              x2={width - pad.r}
              y1={pad.t + ih - f * ih}
              y2={pad.t + ih - f * ih}
            />
            <text className="chart-axis" x={pad.l - 6} y={pad.t + ih - f * ih + 4} textAnchor="end">
              {Math.round(max * f).toLocaleString('en-US')}
            </text>
          </g>
        ))}
        {batches.map((b, i) => {
          const x = pad.l + (i + 0.5) * (iw / batches.length) - cw / 2;
          const hh = Math.max(1, (b.records / max) * ih);
          return (
            <g key={b.id}>
              <rect
                x={x}
                y={pad.t + ih - hh}
                width={cw}
                height={hh}
                rx={2}
                className={`chart-bar series-${sources.indexOf(b.source) % 8}${b.current ? '' : ' faded'}`}
              >
                <title>{`batch #${b.id} · ${b.source} · ${b.records.toLocaleString('en-US')} records · ${b.at}${b.current ? '' : ' (superseded)'}`}</title>
              </rect>
              <text className="chart-axis" x={x + cw / 2} y={h - 8} textAnchor="middle">
                #{b.id}
              </text>
            </g>
          );
        })}
      </ChartSvg>
      <Legend items={sources.map((s, i) => ({ label: s, className: `series-${i % 8}` }))}>
        <span className="legend-item muted">faded: superseded snapshot</span>
      </Legend>
    </figure>
  );
}
