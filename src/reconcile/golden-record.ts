import { type CiAttributes, newAttributes } from '../domain/attributes.js';

/**
 * A CI's golden record, rebuilt from its provenance (attribute -> id of the record that supplied the value,
 * see provenance-codec.ts) and the stored attributes of those records: precedence chooses, for each
 * attribute, one member's value as it is, so the value is that record's. `extra.<name>` attributes come
 * from the supplier's `extra`. A supplier that is not found leaves its attributes out.
 */
export function goldenFromProvenance(
  provenance: Readonly<Record<string, number>>,
  attributesOf: (recordId: number) => CiAttributes | undefined,
): CiAttributes {
  const golden = newAttributes() as Record<string, unknown>;
  let extra: Record<string, unknown> | undefined;
  for (const attribute in provenance) {
    const attrs = attributesOf(provenance[attribute]!);
    if (!attrs) continue;
    if (attribute.startsWith('extra.')) {
      const name = attribute.slice('extra.'.length);
      const v = attrs.extra?.[name];
      if (v !== undefined) (extra ??= {})[name] = v;
    } else {
      const v = (attrs as Record<string, unknown>)[attribute];
      if (v !== undefined) golden[attribute] = v;
    }
  }
  if (extra) golden.extra = extra;
  return golden as CiAttributes;
}

/** The records a provenance names, each once. */
export function suppliersOf(provenance: Readonly<Record<string, number>>): number[] {
  return [...new Set(Object.values(provenance))];
}
