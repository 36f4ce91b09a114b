import { UserError } from '../util/errors.js';

/**
 * The filter language of `--filter`, shared by changeset creation (over findings) and bulk review (over
 * items). A filter is `field=value`, `field!=value` or `field~text`:
 * - `=` and `!=` take a comma-separated list (any of / none of), compared case-insensitively;
 *   on numeric fields an element may be a range `10-20`;
 * - `~` is a case-insensitive substring match.
 * Several filters must all match.
 */

export interface FilterClause {
  field: string;
  op: '=' | '!=' | '~';
  values: string[];
}

export type FilterRow = Record<string, string | number | null | undefined>;

const CLAUSE = /^([a-z_]+)\s*(!=|=|~)\s*(.*)$/s;

export function parseFilters(texts: readonly string[], fields: readonly string[]): FilterClause[] {
  return texts.map((text) => {
    const m = CLAUSE.exec(text.trim());
    if (!m)
      throw new UserError(
        'BAD_FILTER',
        `cannot read filter ${JSON.stringify(text)}: write field=value, field!=value or field~text (fields: ${fields.join(', ')})`,
      );
    const field = m[1]!;
    if (!fields.includes(field))
      throw new UserError('BAD_FILTER', `unknown filter field "${field}" (fields: ${fields.join(', ')})`);
    const op = m[2] as FilterClause['op'];
    const raw = m[3]!.trim();
    const values = op === '~' ? [raw.toLowerCase()] : raw.split(',').map((v) => v.trim().toLowerCase());
    if (values.some((v) => v === '') && op !== '~')
      throw new UserError('BAD_FILTER', `filter ${JSON.stringify(text)} has an empty value`);
    return { field, op, values };
  });
}

export function matchesFilters(row: FilterRow, clauses: readonly FilterClause[]): boolean {
  return clauses.every((c) => matches(row[c.field], c));
}

function matches(value: string | number | null | undefined, c: FilterClause): boolean {
  const text = value === null || value === undefined ? '' : String(value).toLowerCase();
  if (c.op === '~') return text.includes(c.values[0]!);
  const hit = c.values.some((v) => {
    const range = typeof value === 'number' ? /^(\d+)-(\d+)$/.exec(v) : null;
    if (range) return (value as number) >= Number(range[1]) && (value as number) <= Number(range[2]);
    return text === v;
  });
  return c.op === '=' ? hit : !hit;
}
