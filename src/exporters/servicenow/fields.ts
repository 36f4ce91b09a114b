import { normalizeLifecycle } from '../../normalize/index.js';

/**
 * The ServiceNow vocabulary for canonical attributes: which cmdb_ci field holds each one, which fields are
 * references (sys_ids over REST), and how values are written (strings; choice codes for install_status).
 * Field names follow the Table API (see ../shared/reference/formats-security-reliability.md, A3).
 */

export const SN_FIELD: Readonly<Record<string, string>> = {
  name: 'name',
  host_name: 'host_name',
  fqdn: 'fqdn',
  dns_domain: 'dns_domain',
  ip_address: 'ip_address',
  mac_address: 'mac_address',
  serial_number: 'serial_number',
  asset_tag: 'asset_tag',
  os: 'os',
  os_version: 'os_version',
  cpu_count: 'cpu_count',
  ram_mb: 'ram',
  disk_gb: 'disk_space',
  manufacturer: 'manufacturer',
  model: 'model_id',
  virtual: 'virtual',
  instance_id: 'correlation_id',
  correlation_id: 'correlation_id',
  status: 'install_status',
  owner: 'owned_by',
  support_group: 'support_group',
  location: 'location',
  environment: 'environment',
  company: 'company',
  last_seen: 'last_discovered',
};

/** Reference fields and the table each one points at: over REST they take a sys_id, not a name. */
export const SN_REFERENCE_TABLE: Readonly<Record<string, string>> = {
  owned_by: 'sys_user',
  managed_by: 'sys_user',
  assigned_to: 'sys_user',
  support_group: 'sys_user_group',
  managed_by_group: 'sys_user_group',
  location: 'cmn_location',
  company: 'core_company',
  manufacturer: 'core_company',
  model_id: 'cmdb_model',
};

/** install_status choice codes (cmdb_ci); customisable per instance, these are the base system's. */
export const SN_INSTALL_STATUS: Readonly<Record<string, string>> = {
  installed: '1',
  planned: '2',
  in_maintenance: '3',
  in_stock: '6',
  retired: '7',
  absent: '100',
};

/** operational_status choice codes (cmdb_ci), by label. */
const SN_OPERATIONAL_STATUS: Readonly<Record<string, string>> = {
  operational: '1',
  'non-operational': '2',
  'non operational': '2',
  'repair in progress': '3',
  'dr standby': '4',
  ready: '5',
  retired: '6',
  pipeline: '7',
  catalog: '8',
};

/** operational_status that goes with a retirement (6 = Retired). */
export const SN_OPERATIONAL_RETIRED = '6';

/** Fields a new CI of any class gets, in this column order (import-set CSV headers follow it). */
export const SN_FIELD_ORDER: readonly string[] = [
  'name',
  'host_name',
  'fqdn',
  'dns_domain',
  'ip_address',
  'mac_address',
  'serial_number',
  'asset_tag',
  'correlation_id',
  'os',
  'os_version',
  'cpu_count',
  'ram',
  'disk_space',
  'manufacturer',
  'model_id',
  'virtual',
  'install_status',
  'operational_status',
  'owned_by',
  'support_group',
  'location',
  'environment',
  'company',
];

export function snFieldOf(attribute: string): string {
  if (attribute.startsWith('extra.')) return attribute.slice(6);
  return SN_FIELD[attribute] ?? attribute;
}

/** A canonical value as ServiceNow text: the IRE and import sets take strings. */
export function snText(attribute: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (attribute === 'status' && typeof value === 'string') return installStatusCode(value);
  if (attribute === 'operational_status' && typeof value === 'string') return operationalStatusCode(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') {
    if (!Array.isArray(value) && 'family' in value) {
      const o = value as { family: string; name?: string; version?: string };
      return [o.name ?? o.family, o.version].filter(Boolean).join(' ');
    }
    return JSON.stringify(value);
  }
  return String(value);
}

/** install_status as a choice code, from a code, a label ("Installed") or a canonical status ("retired"). */
export function installStatusCode(value: string): string {
  if (/^\d+$/.test(value.trim())) return value.trim();
  return SN_INSTALL_STATUS[normalizeLifecycle(value)] ?? value;
}

/** operational_status as a choice code, from a code or a label ("Operational"). */
export function operationalStatusCode(value: string): string {
  const v = value.trim();
  if (/^\d+$/.test(v)) return v;
  return SN_OPERATIONAL_STATUS[v.toLowerCase().replace(/_/g, ' ')] ?? v;
}
