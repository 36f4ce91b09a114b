import { asIdentifier } from '../util/identifier.js';
import { type CiAttributes, newAttributes } from './attributes.js';

/**
 * How normalised attributes are stored in record.attrs (golden records are rebuilt from them, see
 * golden-record.ts): a JSON array `[presentLow, presentHigh, value, value, ...]`. The two leading
 * integers are bit sets over ATTRIBUTE_SLOTS (bit i of presentLow is slot i, bit i of presentHigh is
 * slot 30 + i) naming the attributes present, and the values follow in slot order.
 *
 * Why not a JSON object: a workspace holds hundreds of thousands of records, written on import and read
 * back by every reconciliation. The attribute names were half of every stored object (a ServiceNow row
 * normalised to 536 bytes carried about 270 bytes of names), and every byte is written twice on import
 * (WAL, then checkpoint) and parsed again on each run.
 *
 * Text written before this encoding (a JSON object) is still read: decoding accepts both.
 */

/**
 * The storage order of attributes. Append only: a slot's position is part of every stored record, so
 * existing names must never move, and a new attribute goes at the end (test/domain/attribute-codec.test.ts
 * holds the list as it was shipped).
 */
export const ATTRIBUTE_SLOTS = [
  'name',
  'host_name',
  'dns_domain',
  'fqdn',
  'aliases',
  'ip_address',
  'ip_addresses',
  'mac_address',
  'mac_addresses',
  'interfaces',
  'serial_number',
  'bios_uuid',
  'vm_id',
  'vm_uuid',
  'instance_id',
  'cloud_provider',
  'correlation_id',
  'asset_tag',
  'os',
  'os_family',
  'os_name',
  'os_version',
  'cpu_count',
  'ram_mb',
  'disk_gb',
  'manufacturer',
  'model',
  'virtual',
  'power_state',
  'host_ref',
  'cluster',
  'datacenter',
  'status',
  'owner',
  'support_group',
  'location',
  'environment',
  'company',
  'last_seen',
  'updated_at',
  'extra',
  'issues',
] as const satisfies readonly (keyof CiAttributes)[];

export type AttributeSlot = (typeof ATTRIBUTE_SLOTS)[number];

/** Slots per bit set: 30 keeps each set a small integer (V8 Smi) and leaves room for 60 attributes. */
const BITS = 30;

const SLOT_INDEX = new Map<string, number>(ATTRIBUTE_SLOTS.map((k, i) => [k, i]));

/** The presence bit of slot i in generated code: which of the two bit sets, and the bit in it. */
function presenceBit(i: number): [word: 'low' | 'high', bit: number] {
  return i < BITS ? ['low', 1 << i] : ['high', 1 << (i - BITS)];
}

/** The slot number of an attribute name, or undefined for a name that is not an attribute. */
export function slotOf(attribute: string): number | undefined {
  return SLOT_INDEX.get(attribute);
}

/**
 * Encodes attributes for storage; undefined and null values are absent.
 *
 * Compiled from ATTRIBUTE_SLOTS into straight-line property reads: an import encodes every record it
 * reads and a reconciliation every golden record, and a loop over the names (one keyed read per slot)
 * took half again as long.
 */
export const encodeAttributes: (a: CiAttributes) => string = compileEncoder();

function compileEncoder(): (a: CiAttributes) => string {
  const lines = ATTRIBUTE_SLOTS.map((name, i) => {
    const [word, bit] = presenceBit(i);
    return `if ((v = a.${asIdentifier(name)}) !== undefined && v !== null) { ${word} |= ${bit}; out.push(v); }`;
  });
  return new Function(
    'a',
    [
      'let low = 0, high = 0, v; const out = [0, 0];',
      ...lines,
      'out[0] = low; out[1] = high;',
      'return JSON.stringify(out);',
    ].join('\n'),
  ) as (a: CiAttributes) => string;
}

/**
 * Calls `visit(slot, value)` for each attribute stored in `text`, in slot order. For text in the older
 * object form, `slot` is the attribute's slot number (names that are no longer attributes are skipped).
 */
export function visitEncodedAttributes(text: string, visit: (slot: number, value: unknown) => void): void {
  visitParsed(JSON.parse(text), visit);
}

/** visitEncodedAttributes over text already parsed. */
function visitParsed(parsed: unknown, visit: (slot: number, value: unknown) => void): void {
  if (Array.isArray(parsed)) {
    const low = parsed[0] as number;
    const high = parsed[1] as number;
    let at = 2;
    for (let i = 0; i < BITS; i++) if (low & (1 << i)) visit(i, parsed[at++]);
    for (let i = 0; i < ATTRIBUTE_SLOTS.length - BITS; i++)
      if (high & (1 << i)) visit(BITS + i, parsed[at++]);
    if (at !== parsed.length) throw new SyntaxError('stored attributes: more values than attributes');
    return;
  }
  if (parsed === null || typeof parsed !== 'object')
    throw new SyntaxError('stored attributes: neither an array nor an object');
  const obj = parsed as Record<string, unknown>;
  for (const k in obj) {
    const slot = SLOT_INDEX.get(k);
    const v = obj[k];
    if (slot !== undefined && v !== undefined && v !== null) visit(slot, v);
  }
}

/** What a compiled decoder does with a slot's value: skip it, keep it, or pass a string through `share`. */
export const SLOT_DROP = 0;
export const SLOT_KEEP = 1;
export const SLOT_SHARE = 2;

/**
 * Compiles a decoder that writes stored attributes into a fixed-shape object, each slot as a named
 * property and handled as `kinds[slot]` says. Decoding through visitEncodedAttributes assigns every value
 * through one keyed store that sees forty names (a slow, megamorphic store); reconciliation decodes every
 * record of the workspace this way. Text in the older object form goes through the visitor.
 */
export function compileAttributeDecoder(
  kinds: Uint8Array,
): (text: string, into: Record<string, unknown>, share: (s: string) => string) => void {
  const lines = ATTRIBUTE_SLOTS.map((slot, i) => {
    const [word, bit] = presenceBit(i);
    const name = asIdentifier(slot);
    const kind = kinds[i] ?? SLOT_KEEP;
    const take =
      kind === SLOT_DROP
        ? 'at++;'
        : kind === SLOT_SHARE
          ? `v = p[at++]; o.${name} = typeof v === 'string' ? share(v) : v;`
          : `o.${name} = p[at++];`;
    return `if (${word} & ${bit}) { ${take} }`;
  });
  const decodeArray = new Function(
    'p',
    'o',
    'share',
    [
      'const low = p[0], high = p[1]; let at = 2, v;',
      ...lines,
      "if (at !== p.length) throw new SyntaxError('stored attributes: more values than attributes');",
    ].join('\n'),
  ) as (p: unknown[], o: Record<string, unknown>, share: (s: string) => string) => void;
  return (text, into, share) => {
    const parsed = JSON.parse(text) as unknown;
    if (Array.isArray(parsed)) return decodeArray(parsed, into, share);
    visitParsed(parsed, (slot, v) => {
      const kind = kinds[slot] ?? SLOT_KEEP;
      if (kind !== SLOT_DROP)
        into[ATTRIBUTE_SLOTS[slot]!] = kind === SLOT_SHARE && typeof v === 'string' ? share(v) : v;
    });
  };
}

/** Decodes stored attributes (either form) into a fresh fixed-shape attribute object. */
export function decodeAttributes(text: string): CiAttributes {
  return decodeInto(newAttributes() as Record<string, unknown>, text) as CiAttributes;
}

/** Decodes stored attributes into a plain object holding only the attributes present (for display and JSON). */
export function decodeAttributesSparse(text: string): Partial<Record<AttributeSlot, unknown>> {
  return decodeInto({}, text);
}

function decodeInto(target: Record<string, unknown>, text: string): Record<string, unknown> {
  visitEncodedAttributes(text, (slot, value) => {
    target[ATTRIBUTE_SLOTS[slot]!] = value;
  });
  return target;
}
