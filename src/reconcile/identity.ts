import type { CiAttributes, CiType } from '../domain/attributes.js';
import {
  isIdentifyingIp,
  isIdentifyingMac,
  normalizeUuid,
  parseHostName,
  uuidMatchKey,
} from '../normalize/index.js';

/**
 * What identifies a record, by kind of identifier, in the form matching compares:
 * - strong: hardware serial, BIOS UUID (byte-order invariant), VM UUID, cloud instance id, hypervisor
 *   VM id — two different values mean two different machines;
 * - medium: MAC of a real interface, host name (short name, with its DNS domain when known);
 * - weak: IP address (addresses move and get reused).
 * Values that identify nothing (placeholders, loopback, docker bridge, locally administered MACs of
 * well-known shared kinds) never get here: the normalisers and the isIdentifying* checks drop them.
 */
export interface Identity {
  serial: string[];
  uuid: string[];
  vmuuid: string[];
  inst: string[];
  vmid: string[];
  /** Correlation ids: matched against every strong identifier of the other side, never a veto. */
  corr: string[];
  mac: string[];
  host: string[];
  /** DNS domain of each entry of `host` ('' when unknown). */
  domain: string[];
  /**
   * Whether each entry of `host` comes only from reverse DNS (a network scan's PTR lookup). Reverse
   * zones are often stale, so such a name counts when it agrees but says little when it differs.
   */
  hostWeak: boolean[];
  ip: string[];
}

export const STRONG_KINDS = ['serial', 'uuid', 'vmuuid', 'inst', 'vmid'] as const;
export type StrongKind = (typeof STRONG_KINDS)[number];
export const ID_KINDS = ['serial', 'uuid', 'vmuuid', 'inst', 'vmid', 'corr', 'mac', 'host', 'ip'] as const;
export type IdKind = (typeof ID_KINDS)[number];

/** CI types that take part in identification. Logical CIs and templates are never merged. */
export const MATCHABLE_TYPES: ReadonlySet<CiType> = new Set<CiType>([
  'computer',
  'hypervisor',
  'network_device',
  'printer',
  'storage',
  'other',
]);

export function emptyIdentity(): Identity {
  return {
    serial: [],
    uuid: [],
    vmuuid: [],
    inst: [],
    vmid: [],
    corr: [],
    mac: [],
    host: [],
    domain: [],
    hostWeak: [],
    ip: [],
  };
}

const VMWARE_SERIAL = /^VMWARE-/;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

function pushUnique(list: string[], v: string | undefined): void {
  if (v && !list.includes(v)) list.push(v);
}

function addHost(id: Identity, host: string | undefined, domain: string | undefined, weak: boolean): void {
  if (!host) return;
  const i = id.host.indexOf(host);
  if (i < 0) {
    id.host.push(host);
    id.domain.push(domain ?? '');
    id.hostWeak.push(weak);
  } else {
    if (!id.domain[i] && domain) id.domain[i] = domain;
    if (!weak) id.hostWeak[i] = false;
  }
}

export interface IdentityOptions {
  /** The source's names come from reverse DNS (nmap PTR records), not from the machine or its owner. */
  reverseDnsNames?: boolean;
}

export function identityOf(a: CiAttributes, opts: IdentityOptions = {}): Identity {
  const id = emptyIdentity();
  const weak = opts.reverseDnsNames ?? false;
  // A VMware serial is the BIOS UUID in another notation: compare it as a UUID, not as a serial.
  if (a.serial_number && !VMWARE_SERIAL.test(a.serial_number)) id.serial.push(a.serial_number);
  if (a.bios_uuid) id.uuid.push(uuidMatchKey(a.bios_uuid));
  if (a.vm_uuid) id.vmuuid.push(uuidMatchKey(a.vm_uuid));
  if (a.instance_id) id.inst.push(a.instance_id.toLowerCase());
  if (a.vm_id) id.vmid.push(a.vm_id.toLowerCase());
  if (a.correlation_id) {
    const c = a.correlation_id.trim().toLowerCase();
    const u = normalizeUuid(c);
    pushUnique(id.corr, u ? uuidMatchKey(u) : c);
    if (INSTANCE_ID.test(c)) pushUnique(id.corr, c);
  }
  for (const m of a.mac_addresses ?? (a.mac_address ? [a.mac_address] : []))
    if (isIdentifyingMac(m)) pushUnique(id.mac, m);
  if (a.mac_address && isIdentifyingMac(a.mac_address)) pushUnique(id.mac, a.mac_address);
  addHost(id, a.host_name, a.dns_domain, weak);
  for (const alias of a.aliases ?? []) addHost(id, alias, undefined, weak);
  if (a.fqdn) {
    const dot = a.fqdn.indexOf('.');
    if (dot > 0) addHost(id, a.fqdn.slice(0, dot), a.fqdn.slice(dot + 1), weak);
  }
  // A display name like "web01 - billing" or "web01 (old)" usually starts with the host name.
  if (a.name && !parseHostName(a.name)) addHost(id, leadingHostToken(a.name), undefined, true);
  for (const ip of a.ip_addresses ?? []) if (isIdentifyingIp(ip)) pushUnique(id.ip, ip);
  if (a.ip_address && isIdentifyingIp(a.ip_address)) pushUnique(id.ip, a.ip_address);
  return id;
}

const LEADING_TOKEN = /^([A-Za-z][A-Za-z0-9-]*\d[A-Za-z0-9-]*)(?:\s+[-–([]|_)/;

/** The host name a display name starts with, when it looks like one (letters then a digit somewhere). */
export function leadingHostToken(name: string): string | undefined {
  const m = LEADING_TOKEN.exec(name.trim());
  if (!m || m[1]!.length < 4) return undefined;
  return parseHostName(m[1])?.host;
}

/** Union of identities (cluster profile), without duplicates. */
export function mergeIdentity(into: Identity, from: Identity): void {
  for (const k of ID_KINDS) {
    if (k === 'host') continue;
    for (const v of from[k]) pushUnique(into[k], v);
  }
  for (let i = 0; i < from.host.length; i++)
    addHost(into, from.host[i], from.domain[i] || undefined, from.hostWeak[i] ?? false);
}

export function cloneIdentity(id: Identity): Identity {
  const c = emptyIdentity();
  mergeIdentity(c, id);
  return c;
}
