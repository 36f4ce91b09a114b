/**
 * The normalised attribute model shared by every importer and by reconciliation.
 *
 * Importers keep each record's original row verbatim and, beside it, these normalised attributes as JSON.
 * Every attribute is optional: sources differ in what they know. Values are already canonical
 * (see src/normalize), so two sources agree on a value exactly when the strings are equal.
 */

/** Canonical kind of configuration item, independent of any source's class names. */
export type CiType =
  | 'computer' // physical server, workstation, VM or cloud instance
  | 'hypervisor' // a computer that hosts VMs (ESXi host, Hyper-V host)
  | 'network_device'
  | 'printer'
  | 'storage'
  | 'application'
  | 'database'
  | 'service'
  | 'cluster'
  | 'site'
  | 'template' // a VM template: known to the hypervisor, never a CI
  | 'person'
  | 'other';

export const CI_TYPES: readonly CiType[] = [
  'computer',
  'hypervisor',
  'network_device',
  'printer',
  'storage',
  'application',
  'database',
  'service',
  'cluster',
  'site',
  'template',
  'person',
  'other',
];

/** Machines that discovery tools can see on a network; logical CIs are never "not discovered". */
export const PHYSICAL_OR_VIRTUAL_MACHINE: ReadonlySet<CiType> = new Set<CiType>([
  'computer',
  'hypervisor',
  'network_device',
  'printer',
  'storage',
]);

/** Lifecycle state normalised from install_status / status / State.Name and similar. */
export type LifecycleStatus =
  'installed' | 'planned' | 'in_maintenance' | 'in_stock' | 'retired' | 'absent' | 'unknown';

/** Power state as reported by hypervisors and clouds. */
export type PowerState = 'on' | 'off' | 'suspended' | 'unknown';

export interface NetworkInterface {
  name?: string;
  mac?: string; // canonical aa:bb:cc:dd:ee:ff
  ips?: string[]; // canonical
  virtual?: boolean; // loopback, bridge, tunnel, docker
}

export interface CiAttributes {
  /** Name as the source displays it (trimmed, case kept). */
  name?: string;
  /** Short host name, lower case, no domain (from a host name or FQDN). */
  host_name?: string;
  /** DNS domain, lower case, when the source gave a fully qualified name. */
  dns_domain?: string;
  /** Fully qualified name, lower case, when known. */
  fqdn?: string;
  /** Other names the source gives for this CI (VM display name, DNS name, PTR name), normalised short names. */
  aliases?: string[];

  /** The source's primary IP address (canonical). */
  ip_address?: string;
  /** Every address the source reports, primary included (canonical, deduplicated). */
  ip_addresses?: string[];
  /** Primary MAC (canonical). */
  mac_address?: string;
  /** Every MAC the source reports (canonical, deduplicated). */
  mac_addresses?: string[];
  interfaces?: NetworkInterface[];

  /** Hardware serial, normalised; absent when the source gave a placeholder. */
  serial_number?: string;
  /** SMBIOS/BIOS UUID as 32 lower-case hex digits in the order the source gave it. */
  bios_uuid?: string;
  /** Hypervisor-side VM identifiers. */
  vm_id?: string; // e.g. vCenter moref "vm-1234" (scoped by vcenter)
  vm_uuid?: string; // 32 hex
  /** Cloud identifiers. */
  instance_id?: string; // i-0abc...
  cloud_provider?: 'aws' | 'azure' | 'gcp' | 'kubernetes';
  /** CMDB correlation id (ServiceNow correlation_id, iTop/NetBox external ids). */
  correlation_id?: string;
  asset_tag?: string;

  /** Operating system: family (linux/windows/esxi/...), distribution and major version. */
  os?: string; // raw text as given
  os_family?: string; // 'windows' | 'linux' | 'esxi' | 'macos' | 'unix' | 'network_os' | 'embedded' | ...
  os_name?: string; // distribution / product, e.g. 'rhel', 'ubuntu', 'windows server'
  os_version?: string; // major version, e.g. '8', '2019', '22'

  cpu_count?: number;
  ram_mb?: number;
  disk_gb?: number;
  manufacturer?: string; // canonical vendor name
  model?: string;
  virtual?: boolean;
  power_state?: PowerState;

  /** Hosting: for a VM, the name/identifier of its hypervisor host as the source reports it. */
  host_ref?: string;
  cluster?: string;
  datacenter?: string;

  status?: LifecycleStatus;
  owner?: string;
  support_group?: string;
  location?: string;
  environment?: string;
  company?: string;
  /** When the source last saw the CI (ISO 8601, UTC). */
  last_seen?: string;
  /** When the record was last changed in the source (ISO 8601, UTC). */
  updated_at?: string;

  /** Attributes mapped by a user column mapping that have no canonical slot. */
  extra?: Record<string, string | number | boolean>;

  /** Identifier values the source gave that are placeholders or invalid (kept out of the attributes above). */
  issues?: IdentifierIssue[];
}

export interface IdentifierIssue {
  field: string;
  value: string;
  problem: 'placeholder' | 'invalid';
}

/**
 * A fresh attribute object with every attribute present (undefined) in one fixed order. Importers fill
 * these for hundreds of thousands of records: a single object shape keeps property stores and
 * JSON.stringify (which omits undefined values) on V8's fast path.
 */
export function newAttributes(): CiAttributes {
  return {
    name: undefined,
    host_name: undefined,
    dns_domain: undefined,
    fqdn: undefined,
    aliases: undefined,
    ip_address: undefined,
    ip_addresses: undefined,
    mac_address: undefined,
    mac_addresses: undefined,
    interfaces: undefined,
    serial_number: undefined,
    bios_uuid: undefined,
    vm_id: undefined,
    vm_uuid: undefined,
    instance_id: undefined,
    cloud_provider: undefined,
    correlation_id: undefined,
    asset_tag: undefined,
    os: undefined,
    os_family: undefined,
    os_name: undefined,
    os_version: undefined,
    cpu_count: undefined,
    ram_mb: undefined,
    disk_gb: undefined,
    manufacturer: undefined,
    model: undefined,
    virtual: undefined,
    power_state: undefined,
    host_ref: undefined,
    cluster: undefined,
    datacenter: undefined,
    status: undefined,
    owner: undefined,
    support_group: undefined,
    location: undefined,
    environment: undefined,
    company: undefined,
    last_seen: undefined,
    updated_at: undefined,
    extra: undefined,
    issues: undefined,
  };
}
