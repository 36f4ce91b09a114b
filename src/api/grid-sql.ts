/**
 * AG Grid Infinite-row-model requests (sortModel, filterModel, quick filter, a row window) translated to
 * parameterised SQL over a column whitelist. Column ids never reach SQL text: each one is looked up in the
 * grid's whitelist and replaced by the expression the whitelist holds; every value is a bound parameter.
 *
 * Paging is LIMIT/OFFSET over a total order: the requested sort, then the grid's unique id as tie-break,
 * so two requests for adjacent windows never skip or repeat a row, and a sort on an indexed column walks
 * that index (an index on (col) is ordered by (col, rowid), which is exactly "col, id").
 */
import type Database from 'better-sqlite3';
import type { ColumnFilter, GridPage, GridRequest, SimpleFilter, SortItem } from './contract.js';
import { UserError } from '../util/errors.js';

/** The most rows one request may ask for (the grid asks for blocks of 100 by default). */
export const MAX_GRID_WINDOW = 10_000;
/** At most this many words of a quick filter are matched (each must match some quick column). */
const MAX_QUICK_WORDS = 8;

export interface GridColumn {
  /** SQL expression over the grid's FROM clause. */
  sql: string;
  type: 'text' | 'number';
  /** Matched by the quick filter. */
  quick?: boolean;
  /** What to sort by when it differs from `sql` (severity by rank, not alphabetically). */
  sortSql?: string;
}

export interface GridSpec<Row> {
  name: string;
  from: string;
  columns: { readonly [K in keyof Row & string]: GridColumn };
  /** A unique, indexed expression: the tie-break of every ORDER BY. */
  id: keyof Row & string;
  /** Order when the request has no sortModel. */
  defaultSort: readonly SortItem[];
}

export interface GridQuery {
  where: string;
  params: (string | number)[];
  orderBy: string;
}

function badRequest(field: string, message: string): UserError {
  return new UserError('BAD_REQUEST', `${field}: ${message}`, { field });
}

function column<Row>(spec: GridSpec<Row>, colId: string, field: string): GridColumn {
  if (!Object.hasOwn(spec.columns, colId))
    throw new UserError('BAD_REQUEST', `${field}: the ${spec.name} grid has no column "${colId}"`, {
      field,
    });
  return spec.columns[colId as keyof Row & string];
}

/** A LIKE pattern matching `s` literally, with `\` as the escape character. */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function textCondition(
  expr: string,
  f: Extract<SimpleFilter, { filterType: 'text' }>,
  params: (string | number)[],
  field: string,
): string {
  if (f.type === 'blank') return `(${expr} IS NULL OR ${expr} = '')`;
  if (f.type === 'notBlank') return `(${expr} IS NOT NULL AND ${expr} <> '')`;
  if (f.filter === undefined) throw badRequest(`${field}.filter`, `a "${f.type}" filter needs a value`);
  const v = f.filter;
  switch (f.type) {
    case 'equals':
      params.push(v);
      return `${expr} = ?`;
    case 'notEqual':
      params.push(v);
      return `(${expr} IS NULL OR ${expr} <> ?)`;
    case 'contains':
      params.push(`%${likeLiteral(v)}%`);
      return `${expr} LIKE ? ESCAPE '\\'`;
    case 'notContains':
      params.push(`%${likeLiteral(v)}%`);
      return `(${expr} IS NULL OR ${expr} NOT LIKE ? ESCAPE '\\')`;
    case 'startsWith':
      params.push(`${likeLiteral(v)}%`);
      return `${expr} LIKE ? ESCAPE '\\'`;
    case 'endsWith':
      params.push(`%${likeLiteral(v)}`);
      return `${expr} LIKE ? ESCAPE '\\'`;
  }
}

const NUMBER_OPS = {
  equals: '=',
  lessThan: '<',
  lessThanOrEqual: '<=',
  greaterThan: '>',
  greaterThanOrEqual: '>=',
} as const;

function numberCondition(
  expr: string,
  f: Extract<SimpleFilter, { filterType: 'number' }>,
  params: (string | number)[],
  field: string,
): string {
  if (f.type === 'blank') return `${expr} IS NULL`;
  if (f.type === 'notBlank') return `${expr} IS NOT NULL`;
  if (f.filter === undefined) throw badRequest(`${field}.filter`, `a "${f.type}" filter needs a value`);
  if (f.type === 'notEqual') {
    params.push(f.filter);
    return `(${expr} IS NULL OR ${expr} <> ?)`;
  }
  if (f.type === 'inRange') {
    if (f.filterTo === undefined) throw badRequest(`${field}.filterTo`, 'an "inRange" filter needs filterTo');
    // Exclusive at both ends, as AG Grid's number filter is by default.
    params.push(f.filter, f.filterTo);
    return `(${expr} > ? AND ${expr} < ?)`;
  }
  params.push(f.filter);
  return `${expr} ${NUMBER_OPS[f.type]} ?`;
}

function simpleCondition(
  col: GridColumn,
  f: SimpleFilter,
  params: (string | number)[],
  field: string,
): string {
  if (f.filterType !== col.type)
    throw badRequest(`${field}.filterType`, `a ${f.filterType} filter on a ${col.type} column`);
  return f.filterType === 'text'
    ? textCondition(col.sql, f, params, field)
    : numberCondition(col.sql, f, params, field);
}

function filterCondition(
  col: GridColumn,
  f: ColumnFilter,
  params: (string | number)[],
  field: string,
): string {
  if ('conditions' in f) {
    if (f.filterType !== col.type)
      throw badRequest(`${field}.filterType`, `a ${f.filterType} filter on a ${col.type} column`);
    if (f.conditions.length === 0) return '1';
    const parts = f.conditions.map((c, i) => simpleCondition(col, c, params, `${field}.conditions.${i}`));
    return `(${parts.join(f.operator === 'OR' ? ' OR ' : ' AND ')})`;
  }
  return simpleCondition(col, f, params, field);
}

/** WHERE and ORDER BY for a request; throws BAD_REQUEST naming the field for anything off the whitelist. */
export function buildGridQuery<Row>(
  spec: GridSpec<Row>,
  req: Pick<GridRequest, 'sortModel' | 'filterModel' | 'quickFilter'>,
): GridQuery {
  const params: (string | number)[] = [];
  const where: string[] = [];
  for (const [colId, filter] of Object.entries(req.filterModel ?? {})) {
    const field = `filterModel.${colId}`;
    where.push(filterCondition(column(spec, colId, field), filter, params, field));
  }
  const words = (req.quickFilter ?? '').trim().split(/\s+/).filter(Boolean).slice(0, MAX_QUICK_WORDS);
  const quick = Object.values<GridColumn>(spec.columns).filter((c) => c.quick);
  for (const w of words) {
    if (quick.length === 0) break;
    where.push(`(${quick.map((c) => `${c.sql} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    for (let i = 0; i < quick.length; i++) params.push(`%${likeLiteral(w)}%`);
  }

  const sort = req.sortModel.length > 0 ? req.sortModel : spec.defaultSort;
  const seen = new Set<string>();
  const order: string[] = [];
  let unique = false;
  sort.forEach((s, i) => {
    const col = column(spec, s.colId, `sortModel.${i}.colId`);
    if (seen.has(s.colId) || unique) return;
    seen.add(s.colId);
    order.push(`${col.sortSql ?? col.sql} ${s.sort === 'desc' ? 'DESC' : 'ASC'}`);
    if (s.colId === spec.id) unique = true;
  });
  if (!unique) order.push(`${spec.columns[spec.id].sql} ASC`);
  return { where: where.length ? where.join(' AND ') : '1', params, orderBy: order.join(', ') };
}

function selectList<Row>(spec: GridSpec<Row>, colIds: readonly string[]): string {
  return colIds.map((id) => `${spec.columns[id as keyof Row & string].sql} AS "${id}"`).join(', ');
}

/** Caches row counts per filter until the workspace changes (the grid asks for the count with every block). */
export class CountCache {
  private generation = 0;
  private readonly counts = new Map<string, number>();

  invalidate(): void {
    this.generation++;
    this.counts.clear();
  }

  get(key: string): number | undefined {
    return this.counts.get(`${this.generation}\u0000${key}`);
  }

  set(key: string, n: number): void {
    if (this.counts.size > 500) this.counts.clear();
    this.counts.set(`${this.generation}\u0000${key}`, n);
  }
}

export interface GridSql {
  count: { sql: string; params: (string | number)[] };
  page: { sql: string; params: (string | number)[] };
}

export function gridSql<Row>(spec: GridSpec<Row>, req: GridRequest): GridSql {
  if (!Number.isInteger(req.startRow) || !Number.isInteger(req.endRow) || req.startRow < 0)
    throw badRequest('startRow', 'startRow and endRow must be whole numbers, startRow >= 0');
  if (req.endRow <= req.startRow || req.endRow - req.startRow > MAX_GRID_WINDOW)
    throw badRequest('endRow', `endRow must be after startRow, at most ${MAX_GRID_WINDOW} rows further`);
  const q = buildGridQuery(spec, req);
  const cols = Object.keys(spec.columns);
  return {
    count: { sql: `SELECT count(*) AS n FROM ${spec.from} WHERE ${q.where}`, params: q.params },
    page: {
      sql: `SELECT ${selectList(spec, cols)} FROM ${spec.from} WHERE ${q.where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`,
      params: [...q.params, req.endRow - req.startRow, req.startRow],
    },
  };
}

export function runGrid<Row>(
  db: Database.Database,
  spec: GridSpec<Row>,
  req: GridRequest,
  cache?: CountCache,
): GridPage<Row> {
  const { count, page } = gridSql(spec, req);
  const key = `${spec.name}\u0000${count.sql}\u0000${JSON.stringify(count.params)}`;
  let lastRow = cache?.get(key);
  if (lastRow === undefined) {
    lastRow = (db.prepare(count.sql).get(...count.params) as { n: number }).n;
    cache?.set(key, lastRow);
  }
  const rows = db.prepare(page.sql).all(...page.params) as Row[];
  return { rows, lastRow };
}

/** Every row of the grid's current view (filters and sort), with the chosen columns, for exports. */
export function iterateGrid<Row>(
  db: Database.Database,
  spec: GridSpec<Row>,
  req: Pick<GridRequest, 'sortModel' | 'filterModel' | 'quickFilter'>,
  colIds: readonly string[],
): IterableIterator<Record<string, unknown>> {
  colIds.forEach((id, i) => column(spec, id, `columns.${i}`));
  const q = buildGridQuery(spec, req);
  return db
    .prepare(`SELECT ${selectList(spec, colIds)} FROM ${spec.from} WHERE ${q.where} ORDER BY ${q.orderBy}`)
    .iterate(...q.params) as IterableIterator<Record<string, unknown>>;
}
