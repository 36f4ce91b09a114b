/**
 * The shape of a JSON value, for golden files that must hold whatever the data: scalars become their type,
 * arrays the merged shape of their elements, objects their keys (a key missing from some elements of an
 * array is marked "key?"). Objects that are maps (field -> value) collapse to {"*": shape}.
 */
const MAPS = new Set([
  'values',
  'identifiers',
  'skipped',
  'origin',
  'override',
  'byKind',
  'counts',
  'applications',
]);

export type Shape = string | Shape[] | { [k: string]: Shape };

export function shapeOf(value: unknown, key = ''): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    return [value.map((v) => shapeOf(v, key)).reduce(mergeShapes)];
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (MAPS.has(key)) {
      const vals = Object.values(obj);
      return vals.length ? { '*': vals.map((v) => shapeOf(v)).reduce(mergeShapes) } : {};
    }
    const out: Record<string, Shape> = {};
    for (const k of Object.keys(obj).sort()) out[k] = shapeOf(obj[k], k);
    return out;
  }
  return typeof value;
}

export function mergeShapes(a: Shape, b: Shape): Shape {
  if (typeof a === 'string' && typeof b === 'string') {
    const types = new Set([...a.split('|'), ...b.split('|')]);
    return [...types].sort().join('|');
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length === 0) return b;
    if (b.length === 0) return a;
    return [mergeShapes(a[0]!, b[0]!)];
  }
  if (isObject(a) && isObject(b)) {
    const out: Record<string, Shape> = {};
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].map((k) => k.replace(/\?$/, '')));
    for (const k of [...keys].sort()) {
      const av = a[k] ?? a[`${k}?`];
      const bv = b[k] ?? b[`${k}?`];
      const optional = av === undefined || bv === undefined || `${k}?` in a || `${k}?` in b;
      out[optional ? `${k}?` : k] = av === undefined ? bv! : bv === undefined ? av : mergeShapes(av, bv);
    }
    return out;
  }
  // Mixed kinds (an object here, a string there): both are recorded.
  return `${JSON.stringify(a)}|${JSON.stringify(b)}`;
}

function isObject(s: Shape): s is { [k: string]: Shape } {
  return typeof s === 'object' && !Array.isArray(s);
}
