import { newAttributes } from '../../domain/attributes.js';
import {
  type ClassInfo,
  classifyServiceNowClass,
  isIdentifyingMac,
  isPlaceholderSerial,
  normalizeIp,
  normalizeLifecycle,
  normalizeMac,
  normalizeManufacturer,
  normalizeSerial,
  normalizeTimestamp,
  parseHostName,
  parseMemoryMb,
  parseOs,
  uuidFromVmwareSerial,
} from '../../normalize/index.js';
import { ImportError } from '../../util/errors.js';
import { readCsv } from '../csv-reader.js';
import { type FieldAliases, type Getter, indexFields, rowGetter } from '../field-index.js';
import { streamJsonArray } from '../json-stream.js';
import { readHead } from '../detect.js';
import type { FormatImporter, ImportedRecord, ImportSink, InputFile, SourceLocation } from '../types.js';
import { addIssue, parseCount, setIfDefined } from './common.js';

/**
 * ServiceNow CMDB CI exports: CSV list exports (field names or labels) and JSON exports
 * ({"records": [...]} from the list view, or {"result": [...]} from the Table API, with or without
 * display values). Any cmdb_ci* table; the class comes from sys_class_name.
 */

export type SnField =
  | 'sys_id'
  | 'name'
  | 'class'
  | 'serial'
  | 'ip'
  | 'mac'
  | 'os'
  | 'os_version'
  | 'cpu'
  | 'ram'
  | 'manufacturer'
  | 'model'
  | 'correlation_id'
  | 'virtual'
  | 'owner'
  | 'support_group'
  | 'install_status'
  | 'operational_status'
  | 'location'
  | 'last_discovered'
  | 'updated'
  | 'host_name'
  | 'fqdn'
  | 'dns_domain'
  | 'asset_tag'
  | 'environment'
  | 'company'
  | 'disk';

export const SN_ALIASES: FieldAliases<SnField> = {
  sys_id: ['sys_id', 'Sys ID', 'sysid'],
  name: ['name', 'Name', 'Display name'],
  class: ['sys_class_name', 'Class', 'CI class'],
  serial: ['serial_number', 'Serial number', 'serial'],
  ip: ['ip_address', 'IP Address'],
  mac: ['mac_address', 'MAC Address'],
  os: ['os', 'Operating System', 'OS'],
  os_version: ['os_version', 'OS Version'],
  cpu: ['cpu_count', 'CPU count', 'CPU Count', 'cpu_core_count'],
  ram: ['ram', 'RAM (MB)', 'RAM'],
  manufacturer: ['manufacturer', 'Manufacturer'],
  model: ['model_id', 'Model ID', 'model_number', 'Model number', 'Model'],
  correlation_id: ['correlation_id', 'Correlation ID'],
  virtual: ['virtual', 'Is Virtual', 'Virtual'],
  owner: ['owned_by', 'Owned by', 'managed_by', 'Managed by', 'assigned_to', 'Assigned to'],
  support_group: ['support_group', 'Support group', 'managed_by_group', 'Managed by Group'],
  install_status: ['install_status', 'Status', 'Install Status', 'install status'],
  operational_status: ['operational_status', 'Operational status'],
  location: ['location', 'Location'],
  last_discovered: ['last_discovered', 'Most recent discovery', 'Last discovered'],
  updated: ['sys_updated_on', 'Updated'],
  host_name: ['host_name', 'Host name'],
  fqdn: ['fqdn', 'Fully qualified domain name', 'FQDN'],
  dns_domain: ['dns_domain', 'DNS Domain'],
  asset_tag: ['asset_tag', 'Asset tag'],
  environment: ['environment', 'Environment'],
  company: ['company', 'Company'],
  disk: ['disk_space', 'Disk space (GB)'],
};

/** 32 hexadecimal digits, in either case. */
function isSysId(key: string): boolean {
  if (key.length !== 32) return false;
  for (let i = 0; i < 32; i++) {
    const c = key.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    const lower = c | 0x20; // a-f from A-F
    if (lower < 97 || lower > 102) return false;
  }
  return true;
}

/** Maps one ServiceNow CI (however it was read) to an ImportedRecord. */
export function snRecord(
  get: Getter<SnField>,
  raw: string,
  location: SourceLocation,
  file: string,
  sink: ImportSink,
): ImportedRecord {
  const key = get('sys_id');
  if (!key) throw new ImportError('the record has no sys_id', { file, ...location, field: 'sys_id' });
  if (!isSysId(key)) {
    sink.warn({ message: 'sys_id is not 32 hexadecimal digits', location, field: 'sys_id', value: key });
  }
  const cls = get('class');
  const classInfo = classOf(cls);
  const attrs = newAttributes();
  const name = get('name');
  if (name) {
    attrs.name = name;
    const hn = parseHostName(name);
    if (hn && !hn.isIp) {
      attrs.host_name = hn.host;
      setIfDefined(attrs, 'dns_domain', hn.domain);
      setIfDefined(attrs, 'fqdn', hn.fqdn);
    }
  }
  const hostName = parseHostName(get('host_name'));
  if (hostName && !hostName.isIp) {
    attrs.host_name ??= hostName.host;
    if (hostName.domain) attrs.dns_domain ??= hostName.domain;
    if (hostName.fqdn) attrs.fqdn ??= hostName.fqdn;
  }
  const fqdn = parseHostName(get('fqdn'));
  if (fqdn?.fqdn) {
    attrs.fqdn ??= fqdn.fqdn;
    attrs.dns_domain ??= fqdn.domain;
    attrs.host_name ??= fqdn.host;
    if (fqdn.host !== attrs.host_name) attrs.aliases = [fqdn.host];
  }
  const domain = get('dns_domain');
  if (domain && !attrs.dns_domain) attrs.dns_domain = domain.toLowerCase().replace(/\.+$/, '');

  const ipText = get('ip');
  if (ipText) {
    const ip = normalizeIp(ipText);
    if (ip) {
      attrs.ip_address = ip;
      attrs.ip_addresses = [ip];
    } else {
      sink.warn({ message: 'not an IP address', location, field: 'ip_address', value: ipText });
      addIssue(attrs, { field: 'ip_address', value: ipText, problem: 'invalid' });
    }
  }
  const macText = get('mac');
  if (macText) {
    const mac = normalizeMac(macText);
    if (mac) {
      attrs.mac_address = mac;
      attrs.mac_addresses = [mac];
      if (!isIdentifyingMac(mac))
        addIssue(attrs, { field: 'mac_address', value: macText, problem: 'placeholder' });
    } else {
      sink.warn({ message: 'not a MAC address', location, field: 'mac_address', value: macText });
      addIssue(attrs, { field: 'mac_address', value: macText, problem: 'invalid' });
    }
  }
  const serialText = get('serial');
  if (serialText) {
    const serial = normalizeSerial(serialText);
    // normalizeSerial returns a serial other than a VMware one only for text that is not a placeholder,
    // and only a VMware serial holds a BIOS UUID: most serials need neither test.
    const vmware = serial !== undefined && serial.startsWith('VMWARE-');
    if (serial !== undefined) attrs.serial_number = serial;
    if ((serial === undefined || vmware) && isPlaceholderSerial(serialText))
      addIssue(attrs, { field: 'serial_number', value: serialText, problem: 'placeholder' });
    if (vmware) setIfDefined(attrs, 'bios_uuid', uuidFromVmwareSerial(serialText));
  }
  setIfDefined(attrs, 'correlation_id', get('correlation_id'));
  setIfDefined(attrs, 'asset_tag', get('asset_tag'));

  const osText = get('os');
  const osVersion = get('os_version');
  if (osText || osVersion) {
    if (osText) attrs.os = osText;
    const os = parseOs(osText ?? '', { version: osVersion });
    if (os) {
      attrs.os_family = os.family;
      setIfDefined(attrs, 'os_name', os.name);
      setIfDefined(attrs, 'os_version', os.version);
    }
  }
  if (!attrs.os_family && classInfo.osFamily) attrs.os_family = classInfo.osFamily;

  setIfDefined(attrs, 'cpu_count', parseCount(get('cpu'), 'cpu_count', location, sink));
  const ramText = get('ram');
  if (ramText) {
    const ram = parseMemoryMb(ramText, 'MB');
    if (ram !== undefined) attrs.ram_mb = ram;
    else sink.warn({ message: 'not a memory size', location, field: 'ram', value: ramText });
  }
  const disk = get('disk');
  if (disk && Number.isFinite(Number(disk))) attrs.disk_gb = Number(disk);
  setIfDefined(attrs, 'manufacturer', normalizeManufacturer(get('manufacturer')));
  setIfDefined(attrs, 'model', get('model'));
  const virtual = get('virtual');
  if (virtual) attrs.virtual = /^(true|yes|1)$/i.test(virtual);
  else if (classInfo.virtual) attrs.virtual = true;

  const install = get('install_status');
  const operational = get('operational_status');
  let status = normalizeLifecycle(install);
  if (status === 'unknown' && operational) {
    const op = operational.toLowerCase();
    if (op === '6' || op === 'retired') status = 'retired';
    else if (op === '1' || op === 'operational') status = 'installed';
  }
  attrs.status = status;
  setIfDefined(attrs, 'owner', get('owner'));
  setIfDefined(attrs, 'support_group', get('support_group'));
  setIfDefined(attrs, 'location', get('location'));
  setIfDefined(attrs, 'environment', get('environment'));
  setIfDefined(attrs, 'company', get('company'));
  setIfDefined(attrs, 'last_seen', normalizeTimestamp(get('last_discovered')));
  setIfDefined(attrs, 'updated_at', normalizeTimestamp(get('updated')));

  return { key, ciClass: cls, ciType: classInfo.ciType, name, raw, attrs, location };
}

const classCache = new Map<string, ClassInfo>();

/** Class names repeat on every row: classify each distinct one once. */
function classOf(cls: string | undefined): ClassInfo {
  const k = cls ?? '';
  let info = classCache.get(k);
  if (!info) classCache.set(k, (info = classifyServiceNowClass(cls)));
  return info;
}

/** The first non-blank character of the file, past a byte-order mark. */
export function firstChar(file: InputFile): string | undefined {
  const head = readHead(file.path, 4096)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  return /\S/.exec(head)?.[0];
}

/** True when a file that starts with this character is JSON (an object or an array). */
export function opensJson(first: string | undefined): first is '{' | '[' {
  return first === '{' || first === '[';
}

/**
 * Streams the records of a ServiceNow JSON export: {"records": [...]} (list view export), {"result": [...]}
 * (Table API), or a bare array of records (what scripts and other tools write). A document with none of
 * these is refused, not read as an empty export.
 */
export async function streamServiceNowJson(
  file: InputFile,
  first: '{' | '[',
  options: { encoding?: string },
  sink: ImportSink,
  onItem: (value: unknown, index: number) => void,
): Promise<void> {
  const bare = first === '[';
  const { count } = await streamJsonArray(file, {
    encoding: options.encoding,
    onBytes: (n) => sink.progress(n),
    onEncoding: (e) => sink.encoding?.(e),
    pick: bare ? undefined : /^(records|result)$/,
    onItem,
  });
  if (
    count === 0 &&
    !bare &&
    !/"(?:records|result)"\s*:/.test(readHead(file.path, 1 << 20).toString('latin1'))
  ) {
    throw new ImportError(
      'not a ServiceNow JSON export: expected {"records": [...]}, {"result": [...]} or an array of records',
      { file: file.displayName, line: 1 },
    );
  }
}

/** Reads one field of a JSON record: plain values, or {value, display_value} objects (display_value=all). */
export function jsonField(
  obj: Record<string, unknown>,
  names: readonly string[],
  preferDisplay: boolean,
): string | undefined {
  for (const n of names) {
    if (!(n in obj)) continue;
    const v = obj[n];
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'object') {
      const o = v as { value?: unknown; display_value?: unknown };
      const pick = preferDisplay ? (o.display_value ?? o.value) : (o.value ?? o.display_value);
      if (pick === null || pick === undefined) return undefined;
      const s = String(pick).trim();
      return s === '' ? undefined : s;
    }
    const s = String(v).trim();
    return s === '' ? undefined : s;
  }
  return undefined;
}

/** Reference fields read best as display values (people, groups, places, models). */
const DISPLAY_FIELDS = new Set<SnField>([
  'owner',
  'support_group',
  'location',
  'company',
  'manufacturer',
  'model',
  'class',
]);

export const servicenowCi: FormatImporter = {
  id: 'servicenow-ci',
  label: 'ServiceNow CIs',
  role: 'cmdb',
  async run(file, sink, options) {
    const first = firstChar(file);
    if (opensJson(first)) {
      await streamServiceNowJson(file, first, options, sink, (value, index) => {
        if (!value || typeof value !== 'object' || Array.isArray(value)) {
          throw new ImportError('expected a JSON object per record', {
            file: file.displayName,
            record: index + 1,
          });
        }
        const obj = value as Record<string, unknown>;
        const get: Getter<SnField> = (f) => jsonField(obj, SN_ALIASES[f], DISPLAY_FIELDS.has(f));
        sink.record(snRecord(get, JSON.stringify(obj), { record: index + 1 }, file.displayName, sink));
      });
      return;
    }
    let index: Partial<Record<SnField, number>> = {};
    const result = await readCsv(file, {
      encoding: options.encoding,
      onBytes: (n) => sink.progress(n),
      onWarning: (w) => sink.warn(w),
      onHeader: (header, line) => {
        index = indexFields(header, SN_ALIASES);
        if (index.sys_id === undefined) {
          throw new ImportError(
            'no sys_id column: export the list with the sys_id field (e.g. sysparm_default_export_fields=all)',
            { file: file.displayName, line, field: 'sys_id' },
          );
        }
        sink.header?.(header);
      },
      onRow: (row) => {
        const get = rowGetter(index, row.fields);
        sink.record(snRecord(get, row.raw, { line: row.line, record: row.index }, file.displayName, sink));
      },
    });
    sink.encoding?.(result.encoding);
  },
};
