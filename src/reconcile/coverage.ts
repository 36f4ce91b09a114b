import type { CiAttributes } from '../domain/attributes.js';
import { valueText } from './identity.js';
import type { LoadedSource } from './load.js';
import type { ReconContext } from './model.js';

/**
 * Which part of the estate each discovery source looks at, so "nobody discovers this CI" can say whether
 * somebody should have: a network scan covers the subnets it found hosts in, a hypervisor inventory the
 * on-premises VMs, a cloud inventory the cloud instances.
 */

export interface SourceScope {
  source: LoadedSource;
  /** /24 (IPv4) or /64 (IPv6) prefixes in which the source reported at least one address. */
  subnets: Set<string>;
  virtualMachines: boolean;
  cloudInstances: boolean;
}

export function subnetOf(ip: string): string {
  if (ip.includes(':')) return ip.split(':').slice(0, 4).join(':');
  return ip.slice(0, ip.lastIndexOf('.'));
}

export function buildScopes(ctx: ReconContext): SourceScope[] {
  const scopes = new Map<number, SourceScope>();
  for (const s of ctx.sources) {
    if (s.role !== 'discovery') continue;
    scopes.set(s.idx, {
      source: s,
      subnets: new Set(),
      virtualMachines: s.formats.includes('rvtools-vinfo'),
      cloudInstances: s.formats.includes('aws-ec2'),
    });
  }
  const ids = ctx.identities;
  ctx.records.forEach((r, i) => {
    const scope = scopes.get(r.source);
    if (!scope || !isAddressScoped(scope.source)) return;
    const hi = ids.hi(i, 'ip');
    for (let j = ids.lo(i, 'ip'); j < hi; j++)
      scope.subnets.add(subnetOf(valueText(ctx.interner, ids.vals[j]!)));
  });
  return [...scopes.values()];
}

/** Network scanners and agents: sources whose reach is defined by addresses. */
function isAddressScoped(s: LoadedSource): boolean {
  return s.formats.includes('nmap-xml') || s.formats.includes('glpi-inventory') || s.formats.includes('csv');
}

function isCloud(a: CiAttributes): boolean {
  return (
    Boolean(a.instance_id) ||
    /^i-[0-9a-f]{8,17}$/i.test(a.correlation_id ?? '') ||
    Boolean(a.fqdn?.endsWith('.compute.internal')) ||
    Boolean(a.cloud_provider) ||
    /\b(aws|azure|gcp)\b/i.test(a.location ?? '')
  );
}

/** Discovery sources whose scope includes this record, with why. */
export function expectedSources(
  scopes: readonly SourceScope[],
  a: CiAttributes,
  ips: readonly string[],
): { source: string; why: string }[] {
  const out: { source: string; why: string }[] = [];
  const cloud = isCloud(a);
  for (const sc of scopes) {
    const subnet = ips.map(subnetOf).find((n) => sc.subnets.has(n));
    if (subnet && sc.source.formats.includes('nmap-xml'))
      out.push({ source: sc.source.name, why: `scans ${subnet}.0/24` });
    else if (sc.virtualMachines && a.virtual && !cloud)
      out.push({ source: sc.source.name, why: 'inventories the virtual machines' });
    else if (sc.cloudInstances && cloud)
      out.push({ source: sc.source.name, why: 'inventories the cloud instances' });
  }
  return out;
}
