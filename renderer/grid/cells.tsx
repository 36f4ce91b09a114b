/** Cell renderers shared by the grids. Values from imported files are untrusted: React escapes them. */
import type { CustomCellRendererProps } from 'ag-grid-react';
import { humanize } from '../lib/format.js';

export function QualityCell(p: CustomCellRendererProps) {
  const v = typeof p.value === 'number' ? p.value : null;
  if (v === null) return null;
  const tone = v >= 80 ? 'good' : v >= 50 ? 'warn' : 'bad';
  return (
    <span className="q-cell" title={`Quality ${v.toFixed(0)} / 100`}>
      <span className={`q-bar tone-${tone}`}>
        <span style={{ width: `${Math.max(0, Math.min(100, v))}%` }} />
      </span>
      <span className="q-num">{v.toFixed(0)}</span>
    </span>
  );
}

export function SeverityCell(p: CustomCellRendererProps) {
  if (!p.value) return null;
  return <span className={`badge sev-${String(p.value)}`}>{String(p.value)}</span>;
}

export function CategoryCell(p: CustomCellRendererProps) {
  if (!p.value) return null;
  return <span className={`tag cat-${String(p.value)}`}>{humanize(String(p.value))}</span>;
}

export function CountCell(p: CustomCellRendererProps) {
  const v = typeof p.value === 'number' ? p.value : null;
  if (v === null) return null;
  return <span className={v > 0 ? 'count-pill warn' : 'count-pill'}>{v}</span>;
}

export function SourcesCell(p: CustomCellRendererProps) {
  if (!p.value) return null;
  const list = String(p.value).split(',').filter(Boolean);
  return (
    <span className="chips">
      {list.map((s) => (
        <span key={s} className="chip">
          {s}
        </span>
      ))}
    </span>
  );
}

export function TypeCell(p: CustomCellRendererProps) {
  if (!p.value) return null;
  return <span className={`type-cell type-${String(p.value)}`}>{humanize(String(p.value))}</span>;
}

export function MonoCell(p: CustomCellRendererProps) {
  if (p.value === null || p.value === undefined) return null;
  return <span className="mono">{String(p.value)}</span>;
}

/** Loading placeholder rows of the Infinite row model have no data yet. */
export function isLoadingRow(p: { data?: unknown }): boolean {
  return p.data === undefined;
}
