import type { CiAttributes, CiType } from '../../domain/attributes.js';
import type { LoadedRecord, LoadedSource } from '../load.js';
import type { ReconContext } from '../model.js';

/** Types of CI that discovery can see on a network (logical CIs are never "not discovered"). */
export const MACHINE_TYPES: ReadonlySet<CiType> = new Set<CiType>([
  'computer',
  'hypervisor',
  'network_device',
  'printer',
  'storage',
]);

/** Lifecycle states in which a CMDB record claims the CI exists and runs. */
export function claimsLive(a: CiAttributes): boolean {
  return (
    a.status === undefined ||
    a.status === 'installed' ||
    a.status === 'in_maintenance' ||
    a.status === 'unknown'
  );
}

export function sourceOf(ctx: ReconContext, recordIdx: number): LoadedSource {
  return ctx.sources[ctx.records[recordIdx]!.source]!;
}

export function isCmdb(ctx: ReconContext, recordIdx: number): boolean {
  return sourceOf(ctx, recordIdx).role === 'cmdb';
}

export function ref(
  ctx: ReconContext,
  recordIdx: number,
): { source: string; key: string; name: string | null } {
  const r: LoadedRecord = ctx.records[recordIdx]!;
  return { source: ctx.sources[r.source]!.name, key: r.key, name: r.name };
}

/**
 * Discovery formats in order of how much their technical values are trusted: an agent reads the machine
 * itself, a hypervisor or cloud API knows what it configured, a network scan guesses from outside.
 */
const FORMAT_TRUST = ['glpi-inventory', 'aws-ec2', 'rvtools-vinfo', 'netbox', 'csv', 'nmap-xml'];

export function discoveryTrust(src: LoadedSource): number {
  let best = FORMAT_TRUST.length;
  for (const f of src.formats) {
    const i = FORMAT_TRUST.indexOf(f);
    if (i >= 0 && i < best) best = i;
  }
  return best;
}

/**
 * Discovery members of a CI, most trusted first (stable for equal trust). One member needs no copy: this
 * runs for every CI, and sorting allocates even a one-element array.
 */
export function byTrust(ctx: ReconContext, discovery: readonly number[]): readonly number[] {
  if (discovery.length < 2) return discovery;
  return [...discovery].sort(
    (x, y) =>
      discoveryTrust(ctx.sources[ctx.records[x]!.source]!) -
      discoveryTrust(ctx.sources[ctx.records[y]!.source]!),
  );
}

export function label(ctx: ReconContext, recordIdx: number): string {
  const r = ref(ctx, recordIdx);
  return r.name ? `${r.source} ${r.name} (${r.key})` : `${r.source} ${r.key}`;
}
