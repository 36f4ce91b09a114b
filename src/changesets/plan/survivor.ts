import type { CiAttributes } from '../../domain/attributes.js';
import type { PlanRecord } from './plan-data.js';

/** Attributes a CMDB record can be more or less complete in (what people and the IRE use). */
const COMPLETENESS: readonly (keyof CiAttributes)[] = [
  'name',
  'serial_number',
  'ip_address',
  'mac_address',
  'os',
  'cpu_count',
  'ram_mb',
  'manufacturer',
  'model',
  'owner',
  'support_group',
  'location',
  'last_seen',
];

export function completeness(a: CiAttributes): number {
  let n = 0;
  for (const k of COMPLETENESS) {
    const v = a[k];
    if (v !== undefined && v !== null && v !== '') n++;
  }
  return n;
}

/**
 * The duplicate that survives a merge: the most complete record; among equally complete ones, the most
 * recently discovered (the CMDB's last-discovered date), then the most recently updated, then the lowest
 * key (so the choice is stable).
 */
export function pickSurvivor(records: readonly PlanRecord[]): { survivor: PlanRecord; reason: string } {
  const scored = records.map((r) => ({ r, c: completeness(r.attrs) }));
  scored.sort(
    (x, y) =>
      y.c - x.c ||
      cmpDesc(x.r.attrs.last_seen, y.r.attrs.last_seen) ||
      cmpDesc(x.r.attrs.updated_at, y.r.attrs.updated_at) ||
      (x.r.key < y.r.key ? -1 : x.r.key > y.r.key ? 1 : 0),
  );
  const best = scored[0]!;
  const runnerUp = scored[1];
  let why: string;
  if (!runnerUp || best.c > runnerUp.c)
    why = `most complete (${best.c} of ${COMPLETENESS.length} attributes${runnerUp ? ` against ${runnerUp.c}` : ''})`;
  else if (cmpDesc(best.r.attrs.last_seen, runnerUp.r.attrs.last_seen) < 0)
    why = `as complete as the others and most recently discovered (${best.r.attrs.last_seen!.slice(0, 10)})`;
  else if (cmpDesc(best.r.attrs.updated_at, runnerUp.r.attrs.updated_at) < 0)
    why = `as complete and as recently discovered as the others, and most recently updated (${best.r.attrs.updated_at!.slice(0, 10)})`;
  else why = 'as complete and as recent as the others; lowest key';
  return { survivor: best.r, reason: `${best.r.name ?? best.r.key} survives: ${why}` };
}

/** Orders present values before absent ones, later before earlier. */
function cmpDesc(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a > b ? -1 : 1;
}
