import { ATTRIBUTE_SLOTS, slotOf } from '../domain/attribute-codec.js';

/**
 * How a golden record's provenance (attribute -> id of the record that supplied the value) is stored in
 * ci_cluster.provenance: `[[recordId, ...], attr, supplier, attr, supplier, ...]`. The first element lists
 * the supplying records once; then each attribute (its slot number in ATTRIBUTE_SLOTS, or its name for
 * `extra.*` attributes a column mapping brought) is followed by the index of its supplier in that list.
 * Attributes keep the order they were decided in.
 *
 * A cluster's few members supply its 20 to 30 golden values: naming each record once instead of per
 * attribute, and attributes by number, makes the text a quarter of the JSON object it replaces, which
 * every reconciliation writes for every CI. Text in the older object form is still read.
 */

export function encodeProvenance(attributes: readonly string[], recordIds: readonly number[]): string {
  const suppliers: number[] = [];
  const out: unknown[] = [suppliers];
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i]!;
    const id = recordIds[i]!;
    let s = suppliers.indexOf(id);
    if (s < 0) s = suppliers.push(id) - 1;
    out.push(slotOf(a) ?? a, s);
  }
  return JSON.stringify(out);
}

/** attribute -> record id, in the order the attributes were decided. */
export function decodeProvenance(text: string): Record<string, number> {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) return parsed as Record<string, number>;
  const suppliers = parsed[0] as number[];
  const out: Record<string, number> = {};
  for (let i = 1; i + 1 < parsed.length; i += 2) {
    const a = parsed[i] as number | string;
    const name = typeof a === 'number' ? ATTRIBUTE_SLOTS[a] : a;
    const id = suppliers[parsed[i + 1] as number];
    if (name === undefined || id === undefined)
      throw new SyntaxError(`stored provenance: entry ${(i + 1) / 2} names no attribute or record`);
    out[name] = id;
  }
  return out;
}
