/**
 * Finds columns by any of their accepted names (field names or labels, any case, spaces or underscores),
 * so exports made with labels ("Serial number") and with field names (serial_number) both work.
 */

export type FieldAliases<K extends string> = Record<K, readonly string[]>;

export function headerKey(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[\s_\-./()]+/g, ' ')
    .trim();
}

export function indexFields<K extends string>(
  header: readonly string[],
  aliases: FieldAliases<K>,
): Partial<Record<K, number>> {
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    const k = headerKey(h);
    if (!positions.has(k)) positions.set(k, i);
  });
  const out: Partial<Record<K, number>> = {};
  for (const field of Object.keys(aliases) as K[]) {
    for (const alias of aliases[field]) {
      const pos = positions.get(headerKey(alias));
      if (pos !== undefined) {
        out[field] = pos;
        break;
      }
    }
  }
  return out;
}

/** A value accessor over one row: trimmed text, undefined when the column is absent or the cell empty. */
export type Getter<K extends string> = (field: K) => string | undefined;

export function rowGetter<K extends string>(
  index: Partial<Record<K, number>>,
  fields: readonly string[],
): Getter<K> {
  return (field) => {
    const i = index[field];
    if (i === undefined) return undefined;
    const v = fields[i];
    if (v === undefined) return undefined;
    const t = v.trim();
    return t === '' ? undefined : t;
  };
}
