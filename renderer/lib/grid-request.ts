/**
 * Turns AG Grid Infinite-row-model requests into the contract's GridRequest. The grid's sort and filter
 * models are already close to the contract; this keeps only what the server understands (text and number
 * filters: the Set filter is Enterprise), so a stray filter type never reaches SQL as garbage.
 */
import {
  type ColumnFilter,
  type GridRequest,
  NUMBER_FILTER_TYPES,
  type NumberFilterType,
  type SimpleFilter,
  type SortItem,
  TEXT_FILTER_TYPES,
  type TextFilterType,
} from '../../src/api/contract.js';

const TEXT_TYPES: ReadonlySet<string> = new Set(TEXT_FILTER_TYPES);
const NUMBER_TYPES: ReadonlySet<string> = new Set(NUMBER_FILTER_TYPES);

function simple(f: unknown, filterType: 'text' | 'number'): SimpleFilter | null {
  if (!f || typeof f !== 'object') return null;
  const o = f as Record<string, unknown>;
  const type = typeof o.type === 'string' ? o.type : 'contains';
  if (filterType === 'text') {
    if (!TEXT_TYPES.has(type)) return null;
    const needsValue = type !== 'blank' && type !== 'notBlank';
    const filter = o.filter === undefined || o.filter === null ? undefined : String(o.filter);
    if (needsValue && (filter === undefined || filter === '')) return null;
    const out: SimpleFilter = { filterType: 'text', type: type as TextFilterType };
    if (needsValue) out.filter = filter;
    return out;
  }
  if (!NUMBER_TYPES.has(type)) return null;
  const needsValue = type !== 'blank' && type !== 'notBlank';
  const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));
  const filter = num(o.filter);
  const filterTo = num(o.filterTo);
  if (needsValue && (filter === undefined || Number.isNaN(filter))) return null;
  if (type === 'inRange' && (filterTo === undefined || Number.isNaN(filterTo))) return null;
  const out: SimpleFilter = { filterType: 'number', type: type as NumberFilterType };
  if (needsValue) out.filter = filter;
  if (type === 'inRange') out.filterTo = filterTo;
  return out;
}

export function sanitizeFilterModel(model: unknown): Record<string, ColumnFilter> {
  const out: Record<string, ColumnFilter> = {};
  if (!model || typeof model !== 'object') return out;
  for (const [col, raw] of Object.entries(model as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object') continue;
    const o = raw as Record<string, unknown>;
    const ft = o.filterType === 'number' ? 'number' : o.filterType === 'text' ? 'text' : null;
    if (!ft) continue;
    if (Array.isArray(o.conditions)) {
      const conditions = o.conditions.map((c) => simple(c, ft)).filter((c): c is SimpleFilter => c !== null);
      if (conditions.length === 0) continue;
      if (conditions.length === 1) out[col] = conditions[0]!;
      else out[col] = { filterType: ft, operator: o.operator === 'OR' ? 'OR' : 'AND', conditions };
      continue;
    }
    const s = simple(o, ft);
    if (s) out[col] = s;
  }
  return out;
}

export function sanitizeSortModel(model: unknown): SortItem[] {
  if (!Array.isArray(model)) return [];
  return model
    .filter(
      (s): s is SortItem =>
        !!s &&
        typeof s === 'object' &&
        typeof (s as SortItem).colId === 'string' &&
        ((s as SortItem).sort === 'asc' || (s as SortItem).sort === 'desc'),
    )
    .map((s) => ({ colId: s.colId, sort: s.sort }));
}

export function toGridRequest(
  p: { startRow: number; endRow: number; sortModel: unknown; filterModel: unknown },
  quickFilter?: string,
): GridRequest {
  const req: GridRequest = {
    startRow: Math.max(0, Math.floor(p.startRow)),
    endRow: Math.max(0, Math.floor(p.endRow)),
    sortModel: sanitizeSortModel(p.sortModel),
    filterModel: sanitizeFilterModel(p.filterModel),
  };
  const q = quickFilter?.trim();
  if (q) req.quickFilter = q;
  return req;
}

/** Human summary of the active filters (shown above the grid and in export file names). */
export function describeFilters(
  model: Record<string, ColumnFilter>,
  label: (col: string) => string = (c) => c,
): string[] {
  const one = (f: SimpleFilter): string => {
    const v =
      f.filterType === 'number' && f.type === 'inRange'
        ? `${f.filter}–${f.filterTo}`
        : f.filter === undefined
          ? ''
          : String(f.filter);
    const op: Record<string, string> = {
      contains: '∋',
      notContains: '∌',
      equals: '=',
      notEqual: '≠',
      startsWith: 'starts',
      endsWith: 'ends',
      blank: 'is blank',
      notBlank: 'is not blank',
      lessThan: '<',
      lessThanOrEqual: '≤',
      greaterThan: '>',
      greaterThanOrEqual: '≥',
      inRange: 'in',
    };
    return `${op[f.type] ?? f.type}${v ? ` ${v}` : ''}`;
  };
  return Object.entries(model).map(([col, f]) =>
    'conditions' in f
      ? `${label(col)} ${f.conditions.map(one).join(` ${f.operator} `)}`
      : `${label(col)} ${one(f)}`,
  );
}
