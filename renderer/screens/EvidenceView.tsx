import { formatValue, humanize } from '../lib/format.js';

/** Evidence is free-form JSON from the core; show it as nested key/value lists (text only, never HTML). */
export function EvidenceView({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object'))
      return <span className="mono">{value.map(formatValue).join(', ')}</span>;
    return (
      <ol className="evidence-list">
        {value.map((v, i) => (
          <li key={i}>
            <EvidenceView value={v} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object') {
    if (depth > 4) return <span className="mono">{formatValue(value)}</span>;
    return (
      <dl className="evidence" data-testid={depth === 0 ? 'evidence' : undefined}>
        {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
          <div key={k} className="evidence-row">
            <dt>{humanize(k)}</dt>
            <dd>
              <EvidenceView value={v} depth={depth + 1} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span className={typeof value === 'number' ? 'mono' : undefined}>{String(value)}</span>;
}
