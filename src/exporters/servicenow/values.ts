import type { CiChange } from '../compile.js';
import { SN_OPERATIONAL_RETIRED, SN_REFERENCE_TABLE, snFieldOf, snText } from './fields.js';
import type { ReferenceResolver } from './references.js';

/** Canonical attributes that are not cmdb_ci fields (they shape relationships or are derived). */
const NOT_FIELDS = new Set([
  'host_ref',
  'os_name',
  'os_family',
  'last_seen',
  'aliases',
  'ip_addresses',
  'mac_addresses',
]);

export interface UnresolvedReference {
  field: string;
  table: string;
  display: string;
}

export interface SnValues {
  values: Record<string, string>;
  unresolved: UnresolvedReference[];
}

/**
 * A CI change as ServiceNow field values: the identifying values first (name and serial as the CMDB holds
 * them), then every field the plan writes. Reference fields carry sys_ids when `refs` resolves the name;
 * with `displayReferences` (import sets, whose transform maps look names up) they carry the name.
 */
export function serviceNowValues(change: CiChange, refs: ReferenceResolver | null): SnValues {
  const values: Record<string, string> = {};
  const unresolved: UnresolvedReference[] = [];
  if (!change.create) for (const [k, v] of Object.entries(change.ci.identifiers)) values[k] = v;
  for (const [attribute, value] of Object.entries(change.set)) {
    if (NOT_FIELDS.has(attribute)) continue;
    const field = snFieldOf(attribute);
    const text = snText(attribute, value);
    if (attribute === 'status' && text === '7') values.operational_status = SN_OPERATIONAL_RETIRED;
    const table = SN_REFERENCE_TABLE[field];
    if (!table || text === '' || !refs) {
      values[field] = text;
      continue;
    }
    const sysId = refs.resolve(table, text);
    if (sysId) values[field] = sysId;
    else unresolved.push({ field, table, display: text });
  }
  return { values, unresolved };
}

/** ServiceNow's actual-value time format, UTC: "YYYY-MM-DD hh:mm:ss". */
export function serviceNowTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 19).replace('T', ' ') : iso;
}
