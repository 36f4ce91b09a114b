import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { sha256Hex } from '../../changesets/hash.js';
import { UserError } from '../../util/errors.js';

/**
 * Reference fields (owned_by, support_group, location, manufacturer, model_id, company) take sys_ids over
 * REST, and the CMDB exports we import carry display names. A reference map supplies the sys_ids:
 * `{"sys_user": {"Lena Fischer": "<sys_id>"}, "sys_user_group": {...}, "cmn_location": {...}}`, built
 * from a Table API read of those tables. Names it does not resolve are left out of the IRE values and
 * listed in references-unresolved.csv.
 */

export type ReferenceMap = Record<string, Record<string, string>>;

const SYS_ID = /^[0-9a-f]{32}$/;
const schema = z.record(
  z.string(),
  z.record(z.string(), z.string().regex(SYS_ID, 'must be a 32-hex sys_id')),
);

export function loadReferenceMap(file: string): { map: ReferenceMap; sha256: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError('NO_FILE', `cannot read the reference map ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError('BAD_REFERENCES', `${file} is not JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new UserError(
      'BAD_REFERENCES',
      `${file}: ${i.path.join('.')}: ${i.message} (expected {"<table>": {"<display name>": "<sys_id>"}})`,
    );
  }
  return { map: parsed.data, sha256: sha256Hex(text) };
}

/** Resolves display names to sys_ids: exact name first, then ignoring case. */
export class ReferenceResolver {
  private readonly lower = new Map<string, Map<string, string>>();

  constructor(private readonly map: ReferenceMap) {}

  resolve(table: string, display: string): string | undefined {
    const names = this.map[table];
    if (!names) return undefined;
    const exact = names[display];
    if (exact) return exact;
    let lower = this.lower.get(table);
    if (!lower) {
      lower = new Map(Object.entries(names).map(([k, v]) => [k.toLowerCase(), v]));
      this.lower.set(table, lower);
    }
    return lower.get(display.toLowerCase());
  }
}
