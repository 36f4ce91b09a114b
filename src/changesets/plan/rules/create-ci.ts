import type { CiAttributes, NetworkInterface } from '../../../domain/attributes.js';
import type { NetworkInterfaceValue } from '../../model.js';
import { item, type PlanContext, type RuleResult, skip } from '../context.js';
import type { PlanFinding } from '../plan-data.js';
import { serviceNowClassFor } from '../target-class.js';

/** Golden attributes a new CI is created with (identifiers, technical facts, ownership). */
const CREATE_ATTRIBUTES: readonly (keyof CiAttributes)[] = [
  'name',
  'host_name',
  'fqdn',
  'dns_domain',
  'ip_address',
  'mac_address',
  'serial_number',
  'asset_tag',
  'instance_id',
  'os',
  'os_version',
  'cpu_count',
  'ram_mb',
  'disk_gb',
  'manufacturer',
  'model',
  'virtual',
  'host_ref',
  'owner',
  'support_group',
  'location',
  'environment',
  'company',
];

/** missing_in_cmdb -> create_ci, with the cluster's golden record as values. */
export function planCreate(ctx: PlanContext, f: PlanFinding): RuleResult {
  if (f.clusterId === null) return skip('no CI');
  const c = ctx.data.cluster(f.clusterId);
  if (!c) return skip('the CI is gone since the last reconciliation');
  if (c.members.some((m) => m.role === 'cmdb')) return skip('the CI has a CMDB record now');
  const g = c.golden;
  const name = g.name ?? g.host_name ?? g.ip_address;
  if (!name) return skip('no name, host name or IP address to create it with');
  const values: Record<string, unknown> = {};
  for (const k of CREATE_ATTRIBUTES) {
    const v = g[k];
    if (v !== undefined && v !== null && v !== '') values[k] = v;
  }
  values.name = name;
  // Discovery sees it running now.
  values.status = 'installed';
  const className = serviceNowClassFor(c.ciType, g);
  const first = f.recordId !== null ? ctx.data.record(f.recordId) : undefined;
  const macFrom =
    c.provenance.mac_address !== undefined ? ctx.data.record(c.provenance.mac_address) : undefined;
  const seenBy = c.members
    .filter((m) => m.role === 'discovery')
    .map((m) => ({ source: m.source, key: m.key }));
  const identifiers: Record<string, string> = { name };
  if (g.serial_number) identifiers.serial_number = g.serial_number;
  ctx.created.set(c.id, { record: null, createdBy: c.id, name, className, identifiers });
  return [
    item(
      f,
      'create_ci',
      null,
      {
        ciType: c.ciType,
        className,
        values,
        interfaces: interfacesOf(macFrom?.attrs.interfaces, g),
        nativeKey: `${f.source}:${f.key}`,
        seenBy,
        observedAt: g.last_seen ?? first?.importedAt ?? null,
        reason: `seen by ${[...new Set(seenBy.map((s) => s.source))].join(', ')} and in no CMDB`,
      },
      [],
      { name, className },
    ),
  ];
}

/** The CI's network adapters: what the discovery record reports, else its primary MAC and IP. */
function interfacesOf(reported: NetworkInterface[] | undefined, g: CiAttributes): NetworkInterfaceValue[] {
  const real = (reported ?? []).filter((i) => i.mac && !i.virtual);
  if (real.length > 0)
    return real.map((i) => ({ name: i.name ?? null, mac: i.mac!, ips: (i.ips ?? []).slice().sort() }));
  if (g.mac_address) return [{ name: null, mac: g.mac_address, ips: g.ip_address ? [g.ip_address] : [] }];
  return [];
}
