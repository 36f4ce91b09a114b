import type { CiAttributes } from './attributes.js';

/**
 * The canonical attributes a column of a generic CSV can feed (src/importers/formats/generic-csv.ts has a
 * handler for each), in the order the mapping editor lists them.
 */
export const MAPPABLE_ATTRIBUTES = [
  'name',
  'host_name',
  'fqdn',
  'dns_domain',
  'ip_address',
  'ip_addresses',
  'mac_address',
  'mac_addresses',
  'serial_number',
  'bios_uuid',
  'asset_tag',
  'correlation_id',
  'vm_id',
  'vm_uuid',
  'instance_id',
  'cloud_provider',
  'os',
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
] as const satisfies readonly (keyof CiAttributes)[];

export type MappableAttribute = (typeof MAPPABLE_ATTRIBUTES)[number];
