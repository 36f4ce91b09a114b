/**
 * Column mapping for generic CSV imports: the canonical attributes a column can feed, a first guess from
 * header names, and validation that mirrors the core's schema (src/importers/mapping.ts) so the editor
 * can name a mistake before the import runs. Pure functions.
 */
import { CI_TYPES, type ImportParams, MAPPABLE_ATTRIBUTES } from '../../src/api/contract.js';

export type ColumnMapping = NonNullable<ImportParams['mapping']>;

export { CI_TYPES, MAPPABLE_ATTRIBUTES };

/** Header spellings seen in real exports → canonical attribute. Compared after lower-casing and removing non-alphanumerics. */
const SYNONYMS: Record<string, string> = {
  name: 'name',
  displayname: 'name',
  ciname: 'name',
  devicename: 'name',
  hostname: 'host_name',
  host: 'host_name',
  computername: 'host_name',
  fqdn: 'fqdn',
  dnsname: 'fqdn',
  domain: 'dns_domain',
  ip: 'ip_address',
  ipaddress: 'ip_address',
  primaryip: 'ip_address',
  ipv4: 'ip_address',
  ipaddresses: 'ip_addresses',
  mac: 'mac_address',
  macaddress: 'mac_address',
  serial: 'serial_number',
  serialnumber: 'serial_number',
  serialno: 'serial_number',
  sn: 'serial_number',
  uuid: 'bios_uuid',
  biosuuid: 'bios_uuid',
  smbiosuuid: 'bios_uuid',
  assettag: 'asset_tag',
  correlationid: 'correlation_id',
  vmid: 'vm_id',
  vmuuid: 'vm_uuid',
  instanceid: 'instance_id',
  os: 'os',
  operatingsystem: 'os',
  osversion: 'os_version',
  cpu: 'cpu_count',
  cpus: 'cpu_count',
  cpucount: 'cpu_count',
  vcpu: 'cpu_count',
  vcpus: 'cpu_count',
  ram: 'ram_mb',
  rammb: 'ram_mb',
  memory: 'ram_mb',
  memorymb: 'ram_mb',
  disk: 'disk_gb',
  diskgb: 'disk_gb',
  manufacturer: 'manufacturer',
  vendor: 'manufacturer',
  model: 'model',
  virtual: 'virtual',
  isvirtual: 'virtual',
  powerstate: 'power_state',
  state: 'status',
  status: 'status',
  installstatus: 'status',
  lifecycle: 'status',
  owner: 'owner',
  ownedby: 'owner',
  supportgroup: 'support_group',
  team: 'support_group',
  location: 'location',
  site: 'location',
  environment: 'environment',
  env: 'environment',
  company: 'company',
  lastseen: 'last_seen',
  updated: 'updated_at',
  updatedat: 'updated_at',
  lastupdated: 'updated_at',
  cluster: 'cluster',
  datacenter: 'datacenter',
  host_ref: 'host_ref',
  hypervisor: 'host_ref',
};

const KEY_HINTS = [
  'id',
  'sysid',
  'key',
  'uid',
  'guid',
  'assetid',
  'ciid',
  'deviceid',
  'objectid',
  'serialnumber',
  'serial',
  'hostname',
  'name',
];
const CLASS_HINTS = ['class', 'sysclassname', 'ciclass', 'type', 'citype', 'devicetype', 'category'];

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A first mapping from header names; the user reviews it in the editor. */
export function guessMapping(header: readonly string[]): ColumnMapping {
  const attributes: Record<string, string> = {};
  const taken = new Set<string>();
  let key: string | undefined;
  let klass: string | undefined;
  for (const hint of KEY_HINTS) {
    const col = header.find((h) => squash(h) === hint);
    if (col) {
      key = col;
      break;
    }
  }
  for (const hint of CLASS_HINTS) {
    const col = header.find((h) => squash(h) === hint);
    if (col && col !== key) {
      klass = col;
      break;
    }
  }
  for (const h of header) {
    if (h === klass) continue;
    const attr = SYNONYMS[squash(h)];
    if (attr && !taken.has(attr)) {
      attributes[h] = attr;
      taken.add(attr);
    }
  }
  const m: ColumnMapping = { key: key ?? header[0] ?? '', attributes };
  if (klass) m.class = klass;
  return m;
}

export interface MappingProblem {
  field: string;
  message: string;
  /** Errors block the import; warnings are shown. */
  severity: 'error' | 'warning';
}

/** The checks the core's zod schema makes, plus "that column is not in the file". */
export function validateMapping(m: ColumnMapping, header: readonly string[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const cols = new Set(header.map((h) => h.toLowerCase()));
  const has = (c: string) => cols.has(c.toLowerCase());
  const keys = Array.isArray(m.key) ? m.key : [m.key];
  if (keys.length === 0 || keys.some((k) => !k))
    problems.push({
      field: 'key',
      message: 'choose the column(s) that identify a record',
      severity: 'error',
    });
  for (const k of keys)
    if (k && !has(k))
      problems.push({ field: 'key', message: `key column "${k}" is not in the file`, severity: 'error' });
  if (m.class && !has(m.class))
    problems.push({
      field: 'class',
      message: `class column "${m.class}" is not in the file`,
      severity: 'error',
    });
  if (m.ciTypeColumn && !has(m.ciTypeColumn))
    problems.push({
      field: 'ciTypeColumn',
      message: `CI type column "${m.ciTypeColumn}" is not in the file`,
      severity: 'error',
    });
  if (m.ciType && !(CI_TYPES as readonly string[]).includes(m.ciType))
    problems.push({ field: 'ciType', message: `unknown CI type "${m.ciType}"`, severity: 'error' });
  if (m.delimiter !== undefined && m.delimiter.length !== 1)
    problems.push({ field: 'delimiter', message: 'the delimiter must be one character', severity: 'error' });
  const mapped = Object.entries(m.attributes);
  if (mapped.length === 0)
    problems.push({
      field: 'attributes',
      message: 'map at least one column to an attribute',
      severity: 'error',
    });
  for (const [col, attr] of mapped) {
    if (!has(col))
      problems.push({
        field: `attributes.${col}`,
        message: `column "${col}" is not in the file`,
        severity: 'error',
      });
    if (!attr.trim())
      problems.push({
        field: `attributes.${col}`,
        message: `column "${col}" has no attribute name`,
        severity: 'error',
      });
  }
  if (!mapped.some(([, a]) => a === 'name' || a === 'host_name' || a === 'fqdn'))
    problems.push({
      field: 'attributes',
      message: 'no column is mapped to name, host_name or fqdn: CIs will have no name',
      severity: 'warning',
    });
  return problems;
}

/** Removes empty optional fields so the saved mapping is what the core's strict schema accepts. */
export function cleanMapping(m: ColumnMapping): ColumnMapping {
  const out: ColumnMapping = {
    key: Array.isArray(m.key) && m.key.length === 1 ? m.key[0]! : m.key,
    attributes: {},
  };
  for (const [c, a] of Object.entries(m.attributes)) if (c && a.trim()) out.attributes[c] = a.trim();
  if (m.class) out.class = m.class;
  if (m.classValue) out.classValue = m.classValue;
  if (m.ciType) out.ciType = m.ciType;
  if (m.ciTypeColumn) out.ciTypeColumn = m.ciTypeColumn;
  if (m.role) out.role = m.role;
  if (m.delimiter) out.delimiter = m.delimiter;
  if (m.encoding) out.encoding = m.encoding;
  return out;
}
