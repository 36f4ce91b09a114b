import { ATTRIBUTE_SLOTS, slotOf } from '../domain/attribute-codec.js';

/**
 * How a golden record's provenance (attribute -> id of the record that supplied the value) is stored in
 * ci_cluster.provenance. The first element lists the supplying records once; each attribute then names
 * its supplier by index in that list. Two forms:
 *
 * - compact (written when it fits): `[[recordId, ...], "=<pairs>", "extra.<name>", supplier, ...]`
 *   where `<pairs>` holds two characters per attribute, its slot number in ATTRIBUTE_SLOTS and its
 *   supplier, each as one digit of the URL-safe base-64 alphabet (`=` marks the form: no attribute name
 *   starts with it); attributes a column mapping brought (`extra.*`, which have no slot) follow by name;
 * - numeric (when a slot or supplier index is over 63, or an `extra.*` attribute was decided before a
 *   slotted one): `[[recordId, ...], slot, supplier, slot, supplier, ...]`, `extra.*` by name.
 *
 * Attributes keep the order they were decided in. Every reconciliation writes one per CI; the compact
 * form is a third of the numeric one, which was a quarter of the JSON object first stored. Both older
 * forms (numeric, object) are still read.
 */

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) DIGIT_VALUE[DIGITS.charCodeAt(i)] = i;

export function encodeProvenance(attributes: readonly string[], recordIds: readonly number[]): string {
  const suppliers: number[] = [];
  const supplier = new Array<number>(attributes.length);
  const slot = new Array<number | undefined>(attributes.length);
  let compact = true;
  let named = false;
  for (let i = 0; i < attributes.length; i++) {
    const id = recordIds[i]!;
    let s = suppliers.indexOf(id);
    if (s < 0) s = suppliers.push(id) - 1;
    supplier[i] = s;
    const k = slotOf(attributes[i]!);
    slot[i] = k;
    if (k === undefined) named = true;
    else if (named || k >= DIGITS.length || s >= DIGITS.length) compact = false;
  }
  let text = `[${JSON.stringify(suppliers)}`;
  if (compact) {
    let pairs = '=';
    for (let i = 0; i < attributes.length; i++)
      if (slot[i] !== undefined) pairs += DIGITS[slot[i]!]! + DIGITS[supplier[i]!]!;
    text += `,"${pairs}"`;
    for (let i = 0; i < attributes.length; i++)
      if (slot[i] === undefined) text += `,${JSON.stringify(attributes[i])},${supplier[i]}`;
  } else {
    for (let i = 0; i < attributes.length; i++)
      text += `,${slot[i] ?? JSON.stringify(attributes[i])},${supplier[i]}`;
  }
  return `${text}]`;
}

/** attribute -> record id, in the order the attributes were decided. */
export function decodeProvenance(text: string): Record<string, number> {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) return parsed as Record<string, number>;
  const suppliers = parsed[0] as number[];
  const out: Record<string, number> = {};
  const set = (entry: number, a: number | string | undefined, s: unknown) => {
    const name = typeof a === 'number' ? ATTRIBUTE_SLOTS[a] : a;
    const id = typeof s === 'number' ? suppliers[s] : undefined;
    if (name === undefined || id === undefined)
      throw new SyntaxError(`stored provenance: entry ${entry} names no attribute or record`);
    out[name] = id;
  };
  let entry = 0;
  let i = 1;
  if (typeof parsed[1] === 'string' && parsed[1].startsWith('=')) {
    const pairs = parsed[1];
    if (pairs.length % 2 !== 1) throw new SyntaxError('stored provenance: an attribute has no supplier');
    for (let p = 1; p < pairs.length; p += 2) {
      const slot = DIGIT_VALUE[pairs.charCodeAt(p)] ?? -1;
      const s = DIGIT_VALUE[pairs.charCodeAt(p + 1)] ?? -1;
      set(++entry, slot < 0 ? undefined : slot, s < 0 ? undefined : s);
    }
    i = 2;
  }
  for (; i + 1 < parsed.length; i += 2) set(++entry, parsed[i] as number | string, parsed[i + 1]);
  return out;
}
