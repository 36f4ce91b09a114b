import { TextDecoder } from 'node:util';
import type { CiAttributes, LifecycleStatus, NetworkInterface } from '../../domain/attributes.js';
import {
  classifyNetboxRole,
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
import { readHead } from '../detect.js';
import { streamJsonArray } from '../json-stream.js';
import { canonicalEncoding, detectEncoding } from '../text-input.js';
import type {
  FormatImporter,
  ImportedRelationship,
  ImportSink,
  InputFile,
  SourceLocation,
} from '../types.js';
import { setIfDefined } from './common.js';

/**
 * NetBox, the DCIM/IPAM source of truth, from two kinds of file:
 *
 * - Django `dumpdata` JSON: the whole database as `[{model, pk, fields}]`. Rows refer to each other by pk
 *   in no guaranteed order, so the file is streamed twice: pass 1 keeps only small lookup tables (names,
 *   interface owners and addresses, cable terminations), pass 2 emits records and relationships.
 * - REST API list responses `{count, next, previous, results}`: nested objects are inline, so each file is
 *   read once, on its own. Devices, VMs and clusters become records and cables relationships. Interface
 *   and IP address lists are skipped: an interface or an address is not a CI, so it can be neither a record
 *   nor a relationship endpoint, and a device record from another file of the batch cannot be amended
 *   (records are replaced by key, never merged). Interface MACs and IPs come from dumpdata only.
 *
 * Records: `device:<pk>`, `vm:<pk>`, `cluster:<pk>`. No correlation_id: a NetBox pk is a per-database
 * counter, so two unrelated NetBox instances share `device:1`, and nothing outside NetBox stores it.
 * Units: VM memory is MB in every version; disk is GB up to NetBox 4.0 and MB (SI, 1000 MB = 1 GB) from
 * 4.1, the release that also added the VM `serial` field, so that field's presence tells the unit.
 * Rows of auth.*, sessions.*, users.* (password hashes, sessions, API tokens) are skipped on their model
 * label before anything is read from them.
 */

type Obj = Record<string, unknown>;
/** A content type as a pk (plain dumpdata), a natural key `["dcim","interface"]`, or a REST label. */
type TypeRef = number | string | readonly unknown[];

interface Iface {
  owner: number;
  name?: string;
  virtual?: boolean;
  /** pk of the v4.2+ dcim.macaddress row marked primary. */
  primaryMac?: number;
  macs?: string[];
  ips?: string[];
}

interface IpRow {
  ip: string;
  type?: TypeRef;
  id?: number;
  dns?: string;
}

interface MacRow {
  mac: string;
  type?: TypeRef;
  id?: number;
}

interface Term {
  end: string;
  type: TypeRef;
  id: number;
  /** NetBox 3.3+ caches the owning device on the termination row. */
  device?: number;
}

const MODEL_LABEL = /^[a-z_][a-z0-9_]*\.[a-z0-9_]+$/;
const PG_DUMP = /PostgreSQL database dump|^\s*(?:--|SET\s|CREATE\s|COPY\s)/m;
const NEWLINE = /\n/g;
/** NetBox interface types that carry no hardware of their own (SVIs, loopbacks, bonds, bridges). */
const VIRTUAL_IFACE_TYPES: ReadonlySet<string> = new Set(['virtual', 'lag', 'bridge']);
/** Components that have a `device` field, so a cable ending on one connects that device. */
const DEVICE_PORTS: ReadonlySet<string> = new Set([
  'dcim.frontport',
  'dcim.rearport',
  'dcim.powerport',
  'dcim.poweroutlet',
  'dcim.consoleport',
  'dcim.consoleserverport',
]);
const IFACE = 'dcim.interface';
const VM_IFACE = 'virtualization.vminterface';

const REL_MEMBER = 'Member of::Member';
const REL_HOSTED = 'Hosted on::Hosts';
const REL_CABLE = 'Connects to::Connected by';

const REST_ADDRESS_NOTE =
  'a REST list of interfaces or addresses cannot amend the device records of another file; export with dumpdata for interface MACs and IPs';

// ---------------------------------------------------------------------------------------------------
// Small readers of loosely typed JSON

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? undefined : s;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** REST nested objects (`{id, name, ...}`), choice fields (`{value, label}`) or plain values. */
function nestedName(v: unknown): string | undefined {
  if (isObj(v)) return str(v.name) ?? str(v.display);
  return str(v);
}

function choiceValue(v: unknown): string | undefined {
  return isObj(v) ? str(v.value) : str(v);
}

function nestedId(v: unknown): number | undefined {
  return isObj(v) ? int(v.id) : int(v);
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------------
// What both inputs reduce to before the attributes are built

interface MachineView {
  name?: string;
  serial?: string;
  assetTag?: string;
  status?: string;
  role?: string;
  manufacturer?: string;
  model?: string;
  site?: string;
  location?: string;
  rack?: string;
  tenant?: string;
  tenantGroup?: string;
  platform?: string;
  primary4?: string;
  primary6?: string;
  cluster?: string;
  hostDevice?: string;
  updated?: string;
  ifaces?: readonly Iface[];
  /** DNS names of the primary IPs: the FQDN when the name is short, or aliases. */
  dnsNames?: readonly string[];
  vcpus?: unknown;
  memory?: unknown;
  disk?: unknown;
  diskInMb?: boolean;
}

function setHostNames(attrs: CiAttributes, name: string): void {
  const hn = parseHostName(name);
  if (!hn || hn.isIp) return;
  attrs.host_name = hn.host;
  setIfDefined(attrs, 'dns_domain', hn.domain);
  setIfDefined(attrs, 'fqdn', hn.fqdn);
}

/** An IP's DNS name completes a short host name, or names the machine another way (an alias). */
function addDnsName(attrs: CiAttributes, dns: string): void {
  const hn = parseHostName(dns);
  if (!hn || hn.isIp) return;
  if (attrs.host_name === undefined) {
    attrs.host_name = hn.host;
    setIfDefined(attrs, 'dns_domain', hn.domain);
    setIfDefined(attrs, 'fqdn', hn.fqdn);
  } else if (hn.host === attrs.host_name) {
    if (attrs.fqdn === undefined && hn.fqdn) {
      attrs.fqdn = hn.fqdn;
      attrs.dns_domain = hn.domain;
    }
  } else if (!attrs.aliases?.includes(hn.host)) {
    (attrs.aliases ??= []).push(hn.host);
  }
}

function checkedIp(
  text: string | undefined,
  field: string,
  loc: SourceLocation,
  sink: ImportSink,
): string | undefined {
  if (text === undefined) return undefined;
  const ip = normalizeIp(text);
  if (ip === undefined) sink.warn({ message: 'not an IP address', location: loc, field, value: text });
  return ip;
}

function machineAttrs(v: MachineView, virtual: boolean, sink: ImportSink, loc: SourceLocation): CiAttributes {
  const attrs: CiAttributes = {};
  if (v.name !== undefined) {
    attrs.name = v.name;
    setHostNames(attrs, v.name);
  }
  if (v.serial !== undefined) {
    setIfDefined(attrs, 'serial_number', normalizeSerial(v.serial));
    setIfDefined(attrs, 'bios_uuid', uuidFromVmwareSerial(v.serial));
  }
  setIfDefined(attrs, 'asset_tag', v.assetTag);
  if (v.status !== undefined) attrs.status = lifecycle(v.status, sink, loc);
  setIfDefined(attrs, 'manufacturer', normalizeManufacturer(v.manufacturer));
  setIfDefined(attrs, 'model', v.model);
  setIfDefined(attrs, 'location', v.site);
  setIfDefined(attrs, 'owner', v.tenant);
  setIfDefined(attrs, 'company', v.tenantGroup);
  setIfDefined(attrs, 'cluster', v.cluster);
  setIfDefined(attrs, 'host_ref', v.hostDevice);
  if (v.platform !== undefined) {
    attrs.os = v.platform;
    const os = parseOs(v.platform);
    if (os) {
      attrs.os_family = os.family;
      setIfDefined(attrs, 'os_name', os.name);
      setIfDefined(attrs, 'os_version', os.version);
    }
  }
  if (virtual) attrs.virtual = true;
  addAddresses(attrs, v, sink, loc);
  if (v.dnsNames) for (const d of v.dnsNames) addDnsName(attrs, d);
  if (virtual) addResources(attrs, v, sink, loc);

  const extra: Record<string, string> = {};
  if (v.role !== undefined) extra.role = v.role;
  if (v.rack !== undefined) extra.rack = v.rack;
  if (v.location !== undefined) extra.location = v.location;
  if (v.platform !== undefined) extra.platform = v.platform;
  if (Object.keys(extra).length > 0) attrs.extra = extra;
  setIfDefined(attrs, 'updated_at', normalizeTimestamp(v.updated));
  return attrs;
}

function lifecycle(status: string, sink: ImportSink, loc: SourceLocation): LifecycleStatus {
  const s = normalizeLifecycle(status);
  if (s === 'unknown' && status.toLowerCase() !== 'unknown') {
    sink.warn({ message: 'not a NetBox status', location: loc, field: 'status', value: status });
  }
  return s;
}

/** Primary IPs first, then every address and MAC of the interfaces, deduplicated. */
function addAddresses(attrs: CiAttributes, v: MachineView, sink: ImportSink, loc: SourceLocation): void {
  const p4 = checkedIp(v.primary4, 'primary_ip4', loc, sink);
  const p6 = checkedIp(v.primary6, 'primary_ip6', loc, sink);
  // NetBox's own `primary_ip` falls back to IPv6 the same way when a device has no IPv4 primary.
  const primary = p4 ?? p6;
  setIfDefined(attrs, 'ip_address', primary);
  const ips = new Set<string>();
  if (p4) ips.add(p4);
  if (p6) ips.add(p6);
  const macs = new Set<string>();
  let primaryMac: string | undefined;
  const interfaces: NetworkInterface[] = [];
  for (const f of v.ifaces ?? []) {
    const out: NetworkInterface = {};
    setIfDefined(out, 'name', f.name);
    const mac = f.macs?.[0];
    if (mac !== undefined) out.mac = mac;
    if (f.ips && f.ips.length > 0) out.ips = f.ips;
    if (f.virtual) out.virtual = true;
    interfaces.push(out);
    for (const m of f.macs ?? []) macs.add(m);
    for (const ip of f.ips ?? []) {
      ips.add(ip);
      if (ip === primary && mac !== undefined) primaryMac ??= mac;
    }
  }
  if (ips.size > 0) attrs.ip_addresses = [...ips];
  if (macs.size > 0) attrs.mac_addresses = [...macs];
  // The MAC of the interface holding the primary IP; otherwise only an unambiguous single MAC.
  if (primaryMac === undefined && macs.size === 1) primaryMac = macs.values().next().value;
  setIfDefined(attrs, 'mac_address', primaryMac);
  if (interfaces.length > 0) attrs.interfaces = interfaces;
}

/** A VM's vcpus, memory and disk; 0 means "not recorded", as an empty field does. */
function addResources(attrs: CiAttributes, v: MachineView, sink: ImportSink, loc: SourceLocation): void {
  const vcpus = resource(v.vcpus, 'vcpus', 'not a vCPU count', sink, loc);
  // NetBox allows fractional vCPUs (0.5); a machine has at least one.
  if (vcpus !== undefined) attrs.cpu_count = Math.max(1, Math.round(vcpus));
  const memory = resource(v.memory, 'memory', 'not a memory size in MB', sink, loc);
  setIfDefined(attrs, 'ram_mb', parseMemoryMb(memory, 'MB'));
  const disk = resource(v.disk, 'disk', 'not a disk size', sink, loc);
  if (disk !== undefined) attrs.disk_gb = v.diskInMb ? round3(disk / 1000) : disk;
}

function resource(
  value: unknown,
  field: string,
  message: string,
  sink: ImportSink,
  loc: SourceLocation,
): number | undefined {
  if (value == null) return undefined;
  const n = num(value);
  if (n !== undefined && n > 0) return n;
  if (n !== 0) sink.warn({ message, location: loc, field, value: String(value) });
  return undefined;
}

function clusterAttrs(
  c: {
    name?: string;
    status?: string;
    site?: string;
    tenant?: string;
    tenantGroup?: string;
    type?: string;
    group?: string;
    updated?: string;
  },
  sink: ImportSink,
  loc: SourceLocation,
): CiAttributes {
  const attrs: CiAttributes = {};
  setIfDefined(attrs, 'name', c.name);
  if (c.status !== undefined) attrs.status = lifecycle(c.status, sink, loc);
  setIfDefined(attrs, 'location', c.site);
  setIfDefined(attrs, 'owner', c.tenant);
  setIfDefined(attrs, 'company', c.tenantGroup);
  const extra: Record<string, string> = {};
  if (c.type !== undefined) extra.cluster_type = c.type;
  if (c.group !== undefined) extra.cluster_group = c.group;
  if (Object.keys(extra).length > 0) attrs.extra = extra;
  setIfDefined(attrs, 'updated_at', normalizeTimestamp(c.updated));
  return attrs;
}

function link(
  key: string,
  type: string,
  parent: string,
  child: string,
  raw: string,
  location: SourceLocation,
): ImportedRelationship {
  return {
    key,
    type,
    parent: { kind: 'key', value: parent },
    child: { kind: 'key', value: child },
    raw,
    location,
  };
}

/** One relationship per pair of distinct devices on the two ends of a cable. */
function emitCable(
  pk: number,
  a: ReadonlySet<number>,
  b: ReadonlySet<number>,
  raw: string,
  loc: SourceLocation,
  sink: ImportSink,
): boolean {
  const single = a.size === 1 && b.size === 1;
  let emitted = false;
  for (const da of a) {
    for (const db of b) {
      if (da === db) continue;
      const key = single ? `cable:${pk}` : `cable:${pk}:${da}:${db}`;
      sink.relationship(link(key, REL_CABLE, `device:${da}`, `device:${db}`, raw, loc));
      emitted = true;
    }
  }
  return emitted;
}

// ---------------------------------------------------------------------------------------------------
// dumpdata

/** Pass 1: everything pass 2 needs to resolve a pk, and nothing else. */
class Lookups {
  readonly contentTypes = new Map<number, string>();
  readonly names = new Map<string, Map<number, string>>();
  readonly deviceTypes = new Map<number, { model?: string; manufacturer?: number }>();
  readonly tenants = new Map<number, { name?: string; group?: number }>();
  readonly clusters = new Map<
    number,
    { name?: string; site?: number; scopeType?: TypeRef; scopeId?: number }
  >();
  readonly ifaces = new Map<number, Iface>();
  readonly vmIfaces = new Map<number, Iface>();
  readonly ports = new Map<string, Map<number, number>>();
  readonly ips = new Map<number, IpRow>();
  readonly macs = new Map<number, MacRow>();
  readonly cableEnds = new Map<number, Term[]>();
  readonly byDevice = new Map<number, Iface[]>();
  readonly byVm = new Map<number, Iface[]>();

  name(model: string, pk: unknown): string | undefined {
    const id = int(pk);
    return id === undefined ? undefined : this.names.get(model)?.get(id);
  }

  typeName(ref: TypeRef | undefined): string | undefined {
    if (ref === undefined) return undefined;
    if (typeof ref === 'number') return this.contentTypes.get(ref);
    if (typeof ref === 'string') return ref;
    return ref.length === 2 && typeof ref[0] === 'string' && typeof ref[1] === 'string'
      ? `${ref[0]}.${ref[1]}`
      : undefined;
  }

  /** Attaches MACs and IPs to their interfaces once every row has been seen. */
  finish(): void {
    for (const [pk, m] of this.macs) {
      const f = this.ifaceOf(m.type, m.id);
      if (!f || f.macs?.includes(m.mac)) continue;
      if (f.primaryMac === pk) (f.macs ??= []).unshift(m.mac);
      else (f.macs ??= []).push(m.mac);
    }
    for (const row of this.ips.values()) {
      const f = this.ifaceOf(row.type, row.id);
      if (f && !f.ips?.includes(row.ip)) (f.ips ??= []).push(row.ip);
    }
    // Only interfaces with an address say anything a discovery tool could confirm.
    for (const [ifaces, index] of [
      [this.ifaces, this.byDevice],
      [this.vmIfaces, this.byVm],
    ] as const) {
      for (const f of ifaces.values()) {
        if (!f.macs && !f.ips) continue;
        const list = index.get(f.owner);
        if (list) list.push(f);
        else index.set(f.owner, [f]);
      }
    }
  }

  ifaceOf(type: TypeRef | undefined, id: number | undefined): Iface | undefined {
    if (id === undefined) return undefined;
    const t = this.typeName(type);
    if (t === IFACE) return this.ifaces.get(id);
    if (t === VM_IFACE) return this.vmIfaces.get(id);
    return undefined;
  }

  /** The device owning a cable termination, or why there is none. */
  termDevice(t: Term): number | string {
    const type = this.typeName(t.type);
    let device: number | undefined;
    if (type === IFACE) device = this.ifaces.get(t.id)?.owner;
    else if (type !== undefined && DEVICE_PORTS.has(type)) device = this.ports.get(type)?.get(t.id);
    device ??= t.device;
    if (device !== undefined) return device;
    if (type === 'circuits.circuittermination')
      return 'dcim.cable to a circuit termination (no device at that end)';
    if (type === 'dcim.powerfeed') return 'dcim.cable to a power feed (no device at that end)';
    return 'dcim.cable whose termination is not in the file';
  }

  clusterSite(pk: number | undefined): number | undefined {
    const c = pk === undefined ? undefined : this.clusters.get(pk);
    if (!c) return undefined;
    if (c.site !== undefined) return c.site;
    return this.typeName(c.scopeType) === 'dcim.site' ? c.scopeId : undefined;
  }
}

/** Models whose rows only lend a name to the rows that refer to them. */
const NAMED_MODELS: ReadonlySet<string> = new Set([
  'dcim.devicerole',
  'dcim.manufacturer',
  'dcim.site',
  'dcim.location',
  'dcim.rack',
  'dcim.platform',
  'dcim.device',
  'tenancy.tenantgroup',
  'virtualization.clustertype',
  'virtualization.clustergroup',
]);

function typeRef(v: unknown): TypeRef | undefined {
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v;
  return undefined;
}

function readIface(f: Obj, owner: number, sink: ImportSink, loc: SourceLocation): Iface {
  const iface: Iface = { owner };
  setIfDefined(iface, 'name', str(f.name));
  const type = str(f.type);
  if (type !== undefined && VIRTUAL_IFACE_TYPES.has(type)) iface.virtual = true;
  setIfDefined(iface, 'primaryMac', int(f.primary_mac_address));
  const macText = str(f.mac_address);
  if (macText !== undefined) {
    const mac = normalizeMac(macText);
    if (mac) iface.macs = [mac];
    else sink.warn({ message: 'not a MAC address', location: loc, field: 'mac_address', value: macText });
  }
  return iface;
}

type Pass1Handler = (lk: Lookups, pk: number, f: Obj, sink: ImportSink, loc: SourceLocation) => void;

const PASS1: ReadonlyMap<string, Pass1Handler> = new Map<string, Pass1Handler>([
  [
    'dcim.devicetype',
    (lk, pk, f) => lk.deviceTypes.set(pk, { model: str(f.model), manufacturer: int(f.manufacturer) }),
  ],
  ['tenancy.tenant', (lk, pk, f) => lk.tenants.set(pk, { name: str(f.name), group: int(f.group) })],
  [
    'virtualization.cluster',
    (lk, pk, f) =>
      lk.clusters.set(pk, {
        name: str(f.name),
        site: int(f.site),
        scopeType: typeRef(f.scope_type),
        scopeId: int(f.scope_id),
      }),
  ],
  [
    IFACE,
    (lk, pk, f, sink, loc) => {
      const owner = int(f.device);
      if (owner !== undefined) lk.ifaces.set(pk, readIface(f, owner, sink, loc));
    },
  ],
  [
    VM_IFACE,
    (lk, pk, f, sink, loc) => {
      const owner = int(f.virtual_machine);
      if (owner !== undefined) lk.vmIfaces.set(pk, readIface(f, owner, sink, loc));
    },
  ],
  [
    'ipam.ipaddress',
    (lk, pk, f, sink, loc) => {
      const ip = checkedIp(str(f.address), 'address', loc, sink);
      if (ip === undefined) return;
      lk.ips.set(pk, {
        ip,
        type: typeRef(f.assigned_object_type),
        id: int(f.assigned_object_id),
        dns: str(f.dns_name),
      });
    },
  ],
  [
    'dcim.macaddress',
    (lk, pk, f, sink, loc) => {
      const text = str(f.mac_address);
      const mac = normalizeMac(text);
      if (mac) lk.macs.set(pk, { mac, type: typeRef(f.assigned_object_type), id: int(f.assigned_object_id) });
      else if (text !== undefined)
        sink.warn({ message: 'not a MAC address', location: loc, field: 'mac_address', value: text });
    },
  ],
  [
    'dcim.cabletermination',
    (lk, _pk, f) => {
      const cable = int(f.cable);
      const type = typeRef(f.termination_type);
      const id = int(f.termination_id);
      if (cable === undefined || type === undefined || id === undefined) return;
      const term: Term = { end: str(f.cable_end) ?? '', type, id };
      setIfDefined(term, 'device', int(f._device));
      const ends = lk.cableEnds.get(cable);
      if (ends) ends.push(term);
      else lk.cableEnds.set(cable, [term]);
    },
  ],
]);

function pass1(lk: Lookups, model: string, pk: unknown, f: Obj, sink: ImportSink, loc: SourceLocation): void {
  if (model === 'contenttypes.contenttype') {
    // Only the label: plain dumpdata (without natural keys) refers to models by this pk.
    const app = str(f.app_label);
    const name = str(f.model);
    if (typeof pk === 'number' && app && name) lk.contentTypes.set(pk, `${app}.${name}`);
    return;
  }
  const id = int(pk);
  if (id === undefined) return;
  const handler = PASS1.get(model);
  if (handler) return handler(lk, id, f, sink, loc);
  if (DEVICE_PORTS.has(model)) {
    const device = int(f.device);
    if (device === undefined) return;
    let m = lk.ports.get(model);
    if (!m) lk.ports.set(model, (m = new Map()));
    m.set(id, device);
  }
  if (NAMED_MODELS.has(model)) {
    const name = str(f.name);
    if (name === undefined) return;
    let m = lk.names.get(model);
    if (!m) lk.names.set(model, (m = new Map()));
    m.set(id, name);
  }
}

function rowOf(value: unknown, index: number, file: string): { model: string; pk: unknown; fields: Obj } {
  if (!isObj(value)) {
    throw new ImportError('expected a dumpdata object {"model", "pk", "fields"}, found ' + describe(value), {
      file,
      record: index + 1,
    });
  }
  const model = value.model;
  if (typeof model !== 'string' || !MODEL_LABEL.test(model)) {
    throw new ImportError('not a dumpdata row: "model" is not a Django model label such as "dcim.device"', {
      file,
      record: index + 1,
      field: 'model',
    });
  }
  if (!isObj(value.fields)) {
    throw new ImportError('not a dumpdata row: "fields" is not an object', {
      file,
      record: index + 1,
      field: 'fields',
    });
  }
  return { model, pk: value.pk, fields: value.fields };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

function requirePk(pk: unknown, model: string, file: string, loc: SourceLocation): number {
  const id = int(pk);
  if (id === undefined)
    throw new ImportError(`${model} row without an integer pk`, { file, ...loc, field: 'pk' });
  return id;
}

function dumpDevice(
  lk: Lookups,
  pk: number,
  f: Obj,
  raw: string,
  loc: SourceLocation,
  sink: ImportSink,
): void {
  const type = lk.deviceTypes.get(int(f.device_type) ?? -1);
  const tenant = lk.tenants.get(int(f.tenant) ?? -1);
  const clusterPk = int(f.cluster);
  const role = lk.name('dcim.devicerole', f.role ?? f.device_role);
  const view: MachineView = {
    name: str(f.name),
    serial: str(f.serial),
    assetTag: str(f.asset_tag),
    status: str(f.status),
    role,
    manufacturer: lk.name('dcim.manufacturer', type?.manufacturer),
    model: type?.model,
    site: lk.name('dcim.site', f.site),
    location: lk.name('dcim.location', f.location),
    rack: lk.name('dcim.rack', f.rack),
    tenant: tenant?.name,
    tenantGroup: lk.name('tenancy.tenantgroup', tenant?.group),
    platform: lk.name('dcim.platform', f.platform),
    primary4: lk.ips.get(int(f.primary_ip4) ?? -1)?.ip,
    primary6: lk.ips.get(int(f.primary_ip6) ?? -1)?.ip,
    dnsNames: primaryDns(lk, f),
    cluster: clusterPk === undefined ? undefined : lk.clusters.get(clusterPk)?.name,
    updated: str(f.last_updated),
    ifaces: lk.byDevice.get(pk),
  };
  const info = classifyNetboxRole(role, false);
  const attrs = machineAttrs(view, false, sink, loc);
  if (!attrs.os_family && info.osFamily) attrs.os_family = info.osFamily;
  const key = `device:${pk}`;
  sink.record({
    key,
    ciClass: 'dcim.device',
    ciType: info.ciType,
    name: view.name,
    raw,
    attrs,
    location: loc,
  });
  if (clusterPk !== undefined)
    sink.relationship(link(`${key}:cluster`, REL_MEMBER, key, `cluster:${clusterPk}`, raw, loc));
}

function primaryDns(lk: Lookups, f: Obj): string[] | undefined {
  let out: string[] | undefined;
  for (const ref of [f.primary_ip4, f.primary_ip6]) {
    const dns = lk.ips.get(int(ref) ?? -1)?.dns;
    if (dns !== undefined) (out ??= []).push(dns);
  }
  return out;
}

function dumpVm(lk: Lookups, pk: number, f: Obj, raw: string, loc: SourceLocation, sink: ImportSink): void {
  const tenant = lk.tenants.get(int(f.tenant) ?? -1);
  const clusterPk = int(f.cluster);
  const devicePk = int(f.device);
  const view: MachineView = {
    name: str(f.name),
    serial: str(f.serial),
    status: str(f.status),
    role: lk.name('dcim.devicerole', f.role),
    site: lk.name('dcim.site', int(f.site) ?? lk.clusterSite(clusterPk)),
    tenant: tenant?.name,
    tenantGroup: lk.name('tenancy.tenantgroup', tenant?.group),
    platform: lk.name('dcim.platform', f.platform),
    primary4: lk.ips.get(int(f.primary_ip4) ?? -1)?.ip,
    primary6: lk.ips.get(int(f.primary_ip6) ?? -1)?.ip,
    dnsNames: primaryDns(lk, f),
    cluster: clusterPk === undefined ? undefined : lk.clusters.get(clusterPk)?.name,
    hostDevice: lk.name('dcim.device', devicePk),
    updated: str(f.last_updated),
    ifaces: lk.byVm.get(pk),
    vcpus: f.vcpus,
    memory: f.memory,
    disk: f.disk,
    diskInMb: 'serial' in f,
  };
  const info = classifyNetboxRole(view.role, true);
  const attrs = machineAttrs(view, true, sink, loc);
  const key = `vm:${pk}`;
  sink.record({
    key,
    ciClass: 'virtualization.virtualmachine',
    ciType: info.ciType,
    name: view.name,
    raw,
    attrs,
    location: loc,
  });
  if (clusterPk !== undefined)
    sink.relationship(link(`${key}:cluster`, REL_HOSTED, key, `cluster:${clusterPk}`, raw, loc));
  if (devicePk !== undefined)
    sink.relationship(link(`${key}:device`, REL_HOSTED, key, `device:${devicePk}`, raw, loc));
}

function dumpCluster(
  lk: Lookups,
  pk: number,
  f: Obj,
  raw: string,
  loc: SourceLocation,
  sink: ImportSink,
): void {
  const tenant = lk.tenants.get(int(f.tenant) ?? -1);
  const attrs = clusterAttrs(
    {
      name: str(f.name),
      status: str(f.status),
      site: lk.name('dcim.site', lk.clusterSite(pk)),
      tenant: tenant?.name,
      tenantGroup: lk.name('tenancy.tenantgroup', tenant?.group),
      type: lk.name('virtualization.clustertype', f.type),
      group: lk.name('virtualization.clustergroup', f.group),
      updated: str(f.last_updated),
    },
    sink,
    loc,
  );
  sink.record({
    key: `cluster:${pk}`,
    ciClass: 'virtualization.cluster',
    ciType: 'cluster',
    name: attrs.name,
    raw,
    attrs,
    location: loc,
  });
}

function dumpCable(
  lk: Lookups,
  pk: number,
  f: Obj,
  raw: string,
  loc: SourceLocation,
  sink: ImportSink,
): void {
  let terms = lk.cableEnds.get(pk);
  if (!terms && f.termination_a_type !== undefined) {
    // Before NetBox 3.3 a cable held exactly one termination per end in its own fields.
    terms = [];
    for (const end of ['a', 'b'] as const) {
      const type = typeRef(f[`termination_${end}_type`]);
      const id = int(f[`termination_${end}_id`]);
      if (type !== undefined && id !== undefined) terms.push({ end: end.toUpperCase(), type, id });
    }
  }
  if (!terms || terms.length === 0) return sink.skip('dcim.cable without terminations', loc);
  const a = new Set<number>();
  const b = new Set<number>();
  let reason: string | undefined;
  for (const t of terms) {
    const d = lk.termDevice(t);
    if (typeof d === 'string') reason ??= d;
    else if (t.end === 'A') a.add(d);
    else if (t.end === 'B') b.add(d);
  }
  if (a.size === 0 || b.size === 0) return sink.skip(reason ?? 'dcim.cable with an unconnected end', loc);
  if (!emitCable(pk, a, b, raw, loc, sink)) sink.skip('dcim.cable connects a device to itself', loc);
}

const PASS2: ReadonlyMap<string, typeof dumpDevice> = new Map([
  ['dcim.device', dumpDevice],
  ['virtualization.virtualmachine', dumpVm],
  ['virtualization.cluster', dumpCluster],
  ['dcim.cable', dumpCable],
]);

async function importDumpdata(
  file: InputFile,
  sink: ImportSink,
  encoding: string | undefined,
): Promise<void> {
  const lk = new Lookups();
  const half = (n: number) => Math.floor(n / 2);
  const first = await streamJsonArray(file, {
    encoding,
    onBytes: (n) => sink.progress(half(n)),
    onItem: (value, index) => {
      const row = rowOf(value, index, file.displayName);
      pass1(lk, row.model, row.pk, row.fields, sink, { record: index + 1 });
    },
  });
  lk.finish();
  const offset = half(file.size);
  await streamJsonArray(file, {
    encoding,
    onBytes: (n) => sink.progress(offset + half(n)),
    onEncoding: (e) => sink.encoding?.(e),
    onItem: (value, index) => {
      const row = rowOf(value, index, file.displayName);
      const loc: SourceLocation = { record: index + 1 };
      const emit = PASS2.get(row.model);
      // Decided on the model label alone: secrets (auth, sessions, tokens) are never serialised.
      if (!emit) return sink.skip(`${row.model} is not a CI`, loc);
      const pk = requirePk(row.pk, row.model, file.displayName, loc);
      emit(lk, pk, row.fields, JSON.stringify(value), loc, sink);
    },
  });
  if (first.count === 0) sink.warn({ message: 'the dumpdata array is empty' });
}

// ---------------------------------------------------------------------------------------------------
// REST API lists

const RESULTS_KEY = /"results"\s*:\s*\[/;
const NEXT_PAGE = /"next"\s*:\s*"([^"]+)"/;
const API_URL = /\/api\/([a-z0-9-]+)\/([a-z0-9-]+)\/[^/]+\/?$/;
const PLURAL_ES = /(?:ss|x|sh|ch)es$/;
const REST_MODEL_FIXES: ReadonlyMap<string, string> = new Map([
  ['virtualization.interface', VM_IFACE],
  ['dcim.virtualchassi', 'dcim.virtualchassis'],
]);

/** The model label of an API object, from its URL or, failing that, from fields only that model has. */
function restModel(o: Obj): string | undefined {
  const url = typeof o.url === 'string' ? API_URL.exec(o.url) : null;
  if (url) {
    const endpoint = (url[2] as string).replace(/-/g, '');
    let singular = endpoint;
    if (PLURAL_ES.test(endpoint)) singular = endpoint.slice(0, -2);
    else if (endpoint.endsWith('ies')) singular = `${endpoint.slice(0, -3)}y`;
    else if (endpoint.endsWith('s') && !endpoint.endsWith('ss')) singular = endpoint.slice(0, -1);
    const label = `${url[1] as string}.${singular}`;
    return REST_MODEL_FIXES.get(label) ?? label;
  }
  if ('device_type' in o) return 'dcim.device';
  if ('vcpus' in o || ('memory' in o && 'disk' in o)) return 'virtualization.virtualmachine';
  if ('a_terminations' in o || 'termination_a_type' in o) return 'dcim.cable';
  if ('virtualmachine_count' in o || 'device_count' in o) return 'virtualization.cluster';
  if ('assigned_object_type' in o && 'address' in o) return 'ipam.ipaddress';
  if ('virtual_machine' in o) return VM_IFACE;
  if ('device' in o && ('mgmt_only' in o || 'mac_address' in o)) return IFACE;
  return undefined;
}

function restId(o: Obj, model: string, file: string, loc: SourceLocation): number {
  const id = int(o.id);
  if (id === undefined)
    throw new ImportError(`${model} object without an integer "id"`, { file, ...loc, field: 'id' });
  return id;
}

function restView(o: Obj): MachineView {
  const tenant = isObj(o.tenant) ? o.tenant : undefined;
  return {
    name: str(o.name),
    serial: str(o.serial),
    status: choiceValue(o.status),
    role: nestedName(o.role ?? o.device_role),
    site: nestedName(o.site),
    location: nestedName(o.location),
    rack: nestedName(o.rack),
    tenant: nestedName(tenant),
    tenantGroup: nestedName(tenant?.group),
    platform: nestedName(o.platform),
    primary4: isObj(o.primary_ip4) ? str(o.primary_ip4.address) : undefined,
    primary6: isObj(o.primary_ip6) ? str(o.primary_ip6.address) : undefined,
    cluster: nestedName(o.cluster),
    updated: str(o.last_updated),
  };
}

function restDevice(o: Obj, raw: string, loc: SourceLocation, sink: ImportSink, file: string): void {
  const id = restId(o, 'dcim.device', file, loc);
  const view = restView(o);
  const type = isObj(o.device_type) ? o.device_type : undefined;
  view.assetTag = str(o.asset_tag);
  view.model = str(type?.model);
  view.manufacturer = nestedName(type?.manufacturer);
  const info = classifyNetboxRole(view.role, false);
  const attrs = machineAttrs(view, false, sink, loc);
  if (!attrs.os_family && info.osFamily) attrs.os_family = info.osFamily;
  const key = `device:${id}`;
  sink.record({
    key,
    ciClass: 'dcim.device',
    ciType: info.ciType,
    name: view.name,
    raw,
    attrs,
    location: loc,
  });
  const cluster = nestedId(o.cluster);
  if (cluster !== undefined)
    sink.relationship(link(`${key}:cluster`, REL_MEMBER, key, `cluster:${cluster}`, raw, loc));
}

function restVm(o: Obj, raw: string, loc: SourceLocation, sink: ImportSink, file: string): void {
  const id = restId(o, 'virtualization.virtualmachine', file, loc);
  const view = restView(o);
  view.hostDevice = nestedName(o.device);
  view.vcpus = o.vcpus;
  view.memory = o.memory;
  view.disk = o.disk;
  view.diskInMb = 'serial' in o;
  const info = classifyNetboxRole(view.role, true);
  const attrs = machineAttrs(view, true, sink, loc);
  const key = `vm:${id}`;
  sink.record({
    key,
    ciClass: 'virtualization.virtualmachine',
    ciType: info.ciType,
    name: view.name,
    raw,
    attrs,
    location: loc,
  });
  const cluster = nestedId(o.cluster);
  const device = nestedId(o.device);
  if (cluster !== undefined)
    sink.relationship(link(`${key}:cluster`, REL_HOSTED, key, `cluster:${cluster}`, raw, loc));
  if (device !== undefined)
    sink.relationship(link(`${key}:device`, REL_HOSTED, key, `device:${device}`, raw, loc));
}

function restCluster(o: Obj, raw: string, loc: SourceLocation, sink: ImportSink, file: string): void {
  const id = restId(o, 'virtualization.cluster', file, loc);
  const tenant = isObj(o.tenant) ? o.tenant : undefined;
  // NetBox 4.2 replaced `site` by a generic scope.
  const site = nestedName(o.site) ?? (o.scope_type === 'dcim.site' ? nestedName(o.scope) : undefined);
  const attrs = clusterAttrs(
    {
      name: str(o.name),
      status: choiceValue(o.status),
      site,
      tenant: nestedName(tenant),
      tenantGroup: nestedName(tenant?.group),
      type: nestedName(o.type),
      group: nestedName(o.group),
      updated: str(o.last_updated),
    },
    sink,
    loc,
  );
  sink.record({
    key: `cluster:${id}`,
    ciClass: 'virtualization.cluster',
    ciType: 'cluster',
    name: attrs.name,
    raw,
    attrs,
    location: loc,
  });
}

/** The device of a REST termination (`{object_type, object: {device}}`), or why there is none. */
function restTermDevice(type: unknown, obj: unknown): number | string {
  const device = isObj(obj) ? nestedId(obj.device) : undefined;
  if (device !== undefined) return device;
  if (type === 'circuits.circuittermination')
    return 'dcim.cable to a circuit termination (no device at that end)';
  if (type === 'dcim.powerfeed') return 'dcim.cable to a power feed (no device at that end)';
  return 'dcim.cable whose termination names no device';
}

function restCable(o: Obj, raw: string, loc: SourceLocation, sink: ImportSink, file: string): void {
  const id = restId(o, 'dcim.cable', file, loc);
  const ends: [Set<number>, Set<number>] = [new Set(), new Set()];
  let reason: string | undefined;
  let terms = 0;
  for (const [i, end] of (['a', 'b'] as const).entries()) {
    const list = o[`${end}_terminations`];
    const found: [unknown, unknown][] = Array.isArray(list)
      ? list.filter(isObj).map((t) => [t.object_type ?? t.termination_type, t.object ?? t.termination])
      : // NetBox before 3.3: one termination per end, inline.
        o[`termination_${end}_type`] !== undefined
        ? [[o[`termination_${end}_type`], o[`termination_${end}`]]]
        : [];
    for (const [type, obj] of found) {
      terms++;
      const d = restTermDevice(type, obj);
      if (typeof d === 'string') reason ??= d;
      else ends[i]?.add(d);
    }
  }
  if (terms === 0) return sink.skip('dcim.cable without terminations', loc);
  if (ends[0].size === 0 || ends[1].size === 0)
    return sink.skip(reason ?? 'dcim.cable with an unconnected end', loc);
  if (!emitCable(id, ends[0], ends[1], raw, loc, sink))
    sink.skip('dcim.cable connects a device to itself', loc);
}

const REST_EMIT: ReadonlyMap<string, typeof restDevice> = new Map([
  ['dcim.device', restDevice],
  ['virtualization.virtualmachine', restVm],
  ['virtualization.cluster', restCluster],
  ['dcim.cable', restCable],
]);

const REST_ADDRESS_MODELS: ReadonlySet<string> = new Set([
  IFACE,
  VM_IFACE,
  'ipam.ipaddress',
  'dcim.macaddress',
]);

async function importRest(
  file: InputFile,
  head: string,
  sink: ImportSink,
  encoding: string | undefined,
): Promise<void> {
  // Only the envelope before "results": an object in the list may have a field of that name.
  const results = head.search(RESULTS_KEY);
  const next = NEXT_PAGE.exec(results >= 0 ? head.slice(0, results) : head)?.[1];
  if (next !== undefined) {
    sink.warn({
      message:
        'this file is one page of a longer list: import every page in the same batch (or fetch with ?limit=0)',
      field: 'next',
      value: next,
    });
  }
  const result = await streamJsonArray(file, {
    encoding,
    pick: /^results$/,
    onBytes: (n) => sink.progress(n),
    onEncoding: (e) => sink.encoding?.(e),
    onItem: (value, index) => {
      const loc: SourceLocation = { record: index + 1 };
      if (!isObj(value)) {
        throw new ImportError('expected a NetBox API object in "results", found ' + describe(value), {
          file: file.displayName,
          ...loc,
        });
      }
      const model = restModel(value);
      const emit = model === undefined ? undefined : REST_EMIT.get(model);
      if (emit) return emit(value, JSON.stringify(value), loc, sink, file.displayName);
      if (model === undefined) return sink.skip('NetBox API object of an unknown type', loc);
      sink.skip(
        REST_ADDRESS_MODELS.has(model)
          ? `${model} is not a CI (${REST_ADDRESS_NOTE})`
          : `${model} is not a CI`,
        loc,
      );
    },
  });
  if (result.count === 0 && results < 0) {
    throw new ImportError('a JSON object without a "results" list: not a NetBox REST API list response', {
      file: file.displayName,
      line: 1,
    });
  }
}

// ---------------------------------------------------------------------------------------------------

/** Dumpdata or REST from the first character; anything else (a pg_dump, CSV, binary) is refused here. */
function sniff(file: InputFile, encoding: string | undefined): { kind: 'dumpdata' | 'rest'; head: string } {
  const bytes = readHead(file.path, 64 * 1024);
  const detected = detectEncoding(bytes, file.displayName);
  const enc = detected.bomLength > 0 || !encoding ? detected.encoding : canonicalEncoding(encoding);
  const head = new TextDecoder(enc).decode(bytes.subarray(detected.bomLength));
  const first = /\S/.exec(head);
  if (!first) throw new ImportError('the file is empty', { file: file.displayName, line: 1 });
  if (first[0] === '[') return { kind: 'dumpdata', head };
  if (first[0] === '{') return { kind: 'rest', head };
  const line = (head.slice(0, first.index).match(NEWLINE)?.length ?? 0) + 1;
  if (PG_DUMP.test(head)) {
    throw new ImportError(
      'this is a PostgreSQL dump (pg_dump), not a NetBox export: export JSON with `manage.py dumpdata` or save REST API lists (/api/dcim/devices/, /api/virtualization/virtual-machines/, ...)',
      { file: file.displayName, line },
    );
  }
  throw new ImportError(
    `not a NetBox JSON export: expected a dumpdata array "[" or a REST list "{", found ${JSON.stringify(first[0])}`,
    {
      file: file.displayName,
      line,
    },
  );
}

export const netbox: FormatImporter = {
  id: 'netbox',
  label: 'NetBox',
  role: 'cmdb',
  async run(file, sink, options) {
    const { kind, head } = sniff(file, options.encoding);
    if (kind === 'dumpdata') await importDumpdata(file, sink, options.encoding);
    else await importRest(file, head, sink, options.encoding);
  },
};
