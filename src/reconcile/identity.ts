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
 *
 * Values are interned to small integers (see Interner): an estate of 700,000 records holds millions of
 * identifier values, and comparing and storing integers instead of strings is what keeps identification
 * within memory and time.
 */
export interface Identity {
  serial: number[];
  uuid: number[];
  vmuuid: number[];
  inst: number[];
  vmid: number[];
  /** Correlation ids: matched against every strong identifier of the other side, never a veto. */
  corr: number[];
  mac: number[];
  host: number[];
  /** DNS domain of each entry of `host` (0 when unknown). */
  domain: number[];
  /**
   * Whether each entry of `host` comes only from reverse DNS (a network scan's PTR lookup). Reverse
   * zones are often stale, so such a name counts when it agrees but says little when it differs.
   */
  hostWeak: boolean[];
  ip: number[];
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

/** Value namespaces: serial, UUID (match key), instance id, VM id, other correlation id, MAC, host, domain, IP. */
export type Namespace = 's' | 'u' | 'i' | 'v' | 'c' | 'm' | 'h' | 'd' | 'p';

/**
 * Maps identifier values to integers, one id space shared by every namespace (a correlation id must
 * compare equal to the UUID or instance id it names, so it is interned in that namespace). Id 0 means
 * "none". One map per namespace keyed by the value itself: no per-lookup string building.
 */
export class Interner {
  private readonly maps = new Map<Namespace, Map<string, number>>();
  private readonly values: string[] = [''];
  private readonly spaces: string[] = [''];

  id(ns: Namespace, value: string): number {
    let map = this.maps.get(ns);
    if (!map) this.maps.set(ns, (map = new Map()));
    let id = map.get(value);
    if (id === undefined) {
      id = this.values.length;
      map.set(value, id);
      this.values.push(value);
      this.spaces.push(ns);
    }
    return id;
  }

  /** The id of a value already interned ("ns:value" or namespace and value), or 0. */
  find(nsOrText: Namespace | string, value?: string): number {
    const ns = (value === undefined ? nsOrText.slice(0, 1) : nsOrText) as Namespace;
    const v = value === undefined ? nsOrText.slice(2) : value;
    return this.maps.get(ns)?.get(v) ?? 0;
  }

  /** "ns:value" for an id. */
  text(id: number): string {
    return id > 0 && id < this.values.length ? `${this.spaces[id]}:${this.values[id]}` : '';
  }

  value(id: number): string {
    return this.values[id] ?? '';
  }

  get size(): number {
    return this.values.length;
  }
}

// Identities share these for kinds they lack: most records have values for only a few kinds.
const NONE: number[] = Object.freeze([]) as unknown as number[];
const NO_FLAGS: boolean[] = Object.freeze([]) as unknown as boolean[];

export function emptyIdentity(): Identity {
  return {
    serial: NONE,
    uuid: NONE,
    vmuuid: NONE,
    inst: NONE,
    vmid: NONE,
    corr: NONE,
    mac: NONE,
    host: NONE,
    domain: NONE,
    hostWeak: NO_FLAGS,
    ip: NONE,
  };
}

const VMWARE_SERIAL = /^VMWARE-/;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

function add(id: Identity, kind: Exclude<IdKind, 'host'>, v: number): void {
  const list = id[kind];
  if (list === NONE) id[kind] = [v];
  else if (!list.includes(v)) list.push(v);
}

function addHost(id: Identity, host: number, domain: number, weak: boolean): void {
  if (host === 0) return;
  if (id.host === NONE) {
    id.host = [host];
    id.domain = [domain];
    id.hostWeak = [weak];
    return;
  }
  const i = id.host.indexOf(host);
  if (i < 0) {
    id.host.push(host);
    id.domain.push(domain);
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

export function identityOf(a: CiAttributes, interner: Interner, opts: IdentityOptions = {}): Identity {
  const id = emptyIdentity();
  const weak = opts.reverseDnsNames ?? false;
  // A VMware serial is the BIOS UUID in another notation: compare it as a UUID, not as a serial.
  if (a.serial_number && !VMWARE_SERIAL.test(a.serial_number))
    add(id, 'serial', interner.id('s', a.serial_number));
  if (a.bios_uuid) add(id, 'uuid', interner.id('u', uuidMatchKey(a.bios_uuid)));
  if (a.vm_uuid) add(id, 'vmuuid', interner.id('u', uuidMatchKey(a.vm_uuid)));
  if (a.instance_id) add(id, 'inst', interner.id('i', a.instance_id.toLowerCase()));
  if (a.vm_id) add(id, 'vmid', interner.id('v', a.vm_id.toLowerCase()));
  if (a.correlation_id) {
    const c = a.correlation_id.trim().toLowerCase();
    const u = normalizeUuid(c);
    // A correlation id may name a UUID, an instance id or a VM id: intern it in each form it could take.
    if (u) add(id, 'corr', interner.id('u', uuidMatchKey(u)));
    else if (INSTANCE_ID.test(c)) add(id, 'corr', interner.id('i', c));
    else {
      add(id, 'corr', interner.id('v', c));
      add(id, 'corr', interner.id('c', c));
    }
  }
  if (a.mac_addresses)
    for (const m of a.mac_addresses) if (isIdentifyingMac(m)) add(id, 'mac', interner.id('m', m));
  // The primary MAC and IP are usually in their lists too: one lookup each is enough.
  if (a.mac_address && !a.mac_addresses?.includes(a.mac_address) && isIdentifyingMac(a.mac_address))
    add(id, 'mac', interner.id('m', a.mac_address));
  if (a.host_name)
    addHost(id, interner.id('h', a.host_name), a.dns_domain ? interner.id('d', a.dns_domain) : 0, weak);
  if (a.aliases) for (const alias of a.aliases) addHost(id, interner.id('h', alias), 0, weak);
  if (a.fqdn) {
    const dot = a.fqdn.indexOf('.');
    if (dot > 0) {
      const host = a.fqdn.slice(0, dot);
      const domain = a.fqdn.slice(dot + 1);
      // Usually the host name and domain again, which changes nothing: skip the two lookups then.
      if (host !== a.host_name || domain !== a.dns_domain)
        addHost(id, interner.id('h', host), interner.id('d', domain), weak);
    }
  }
  // A display name like "web01 - billing" or "web01 (old)" usually starts with the host name.
  if (a.name && a.name !== a.host_name && !parseHostName(a.name)) {
    const lead = leadingHostToken(a.name);
    if (lead) addHost(id, interner.id('h', lead), 0, true);
  }
  if (a.ip_addresses)
    for (const ip of a.ip_addresses) if (isIdentifyingIp(ip)) add(id, 'ip', interner.id('p', ip));
  if (a.ip_address && !a.ip_addresses?.includes(a.ip_address) && isIdentifyingIp(a.ip_address))
    add(id, 'ip', interner.id('p', a.ip_address));
  return id;
}

/** The value an interned identifier stands for. */
export function valueText(interner: Interner, id: number): string {
  return interner.value(id);
}

const LEADING_TOKEN = /^([A-Za-z][A-Za-z0-9-]*\d[A-Za-z0-9-]*)(?:\s+[-–([]|_)/;

/** The host name a display name starts with, when it looks like one (letters then a digit somewhere). */
export function leadingHostToken(name: string): string | undefined {
  const m = LEADING_TOKEN.exec(name.trim());
  if (!m || m[1]!.length < 4) return undefined;
  return parseHostName(m[1])?.host;
}

/** Union of identities (cluster profile), without duplicates; `into` must be a private copy. */
export function mergeIdentity(into: Identity, from: Identity): void {
  for (const k of ID_KINDS) {
    if (k === 'host') continue;
    for (const v of from[k]) add(into, k, v);
  }
  for (let i = 0; i < from.host.length; i++)
    addHost(into, from.host[i]!, from.domain[i] ?? 0, from.hostWeak[i] ?? false);
}

export function cloneIdentity(id: Identity): Identity {
  const c = emptyIdentity();
  mergeIdentity(c, id);
  return c;
}

/** Storage order of the kinds in an IdentityTable: `uuid` and `vmuuid` adjacent, so both read as one list. */
export const KIND_INDEX: Readonly<Record<IdKind, number>> = {
  serial: 0,
  uuid: 1,
  vmuuid: 2,
  inst: 3,
  vmid: 4,
  corr: 5,
  mac: 6,
  host: 7,
  ip: 8,
};
const K = ID_KINDS.length;

/**
 * Identities packed into typed arrays, one entry per record (or per cluster profile): the values of entry
 * e and kind k are `vals[start[e * 9 + k] .. start[e * 9 + k + 1])`, in the order identityOf found them,
 * and `dom` / `weak` hold the DNS domain and reverse-DNS flag of each host value at the same position.
 * Hundreds of thousands of identity objects with a dozen small arrays each cost more in garbage collection
 * than the matching itself; typed arrays are never traced.
 */
export class IdentityTable {
  start: Int32Array;
  vals: Int32Array;
  dom: Int32Array;
  weak: Uint8Array;
  size = 0;

  constructor(entries = 16, values = entries * 4) {
    this.start = new Int32Array(entries * K + 1);
    this.vals = new Int32Array(Math.max(values, 16));
    this.dom = new Int32Array(this.vals.length);
    this.weak = new Uint8Array(this.vals.length);
  }

  /** Values held by all entries. */
  get valueCount(): number {
    return this.start[this.size * K]!;
  }

  static of(identities: readonly Identity[]): IdentityTable {
    const t = new IdentityTable(identities.length);
    for (const id of identities) t.append(id);
    return t;
  }

  private reserve(entries: number, values: number): void {
    if ((this.size + entries) * K + 1 > this.start.length) {
      const s = new Int32Array(Math.max(this.start.length * 2, (this.size + entries) * K + 1));
      s.set(this.start);
      this.start = s;
    }
    const need = this.start[this.size * K]! + values;
    if (need > this.vals.length) {
      const len = Math.max(this.vals.length * 2, need);
      const v = new Int32Array(len);
      v.set(this.vals);
      this.vals = v;
      const d = new Int32Array(len);
      d.set(this.dom);
      this.dom = d;
      const w = new Uint8Array(len);
      w.set(this.weak);
      this.weak = w;
    }
  }

  /** Appends an identity; returns its entry. */
  append(id: Identity): number {
    let n = 0;
    for (const k of ID_KINDS) n += id[k].length;
    this.reserve(1, n);
    const e = this.size++;
    let at = this.start[e * K]!;
    for (let k = 0; k < K; k++) {
      const list = id[ID_KINDS[k]!];
      for (let i = 0; i < list.length; i++) {
        this.vals[at] = list[i]!;
        if (k === HOST) {
          this.dom[at] = id.domain[i] ?? 0;
          this.weak[at] = id.hostWeak[i] ? 1 : 0;
        }
        at++;
      }
      this.start[e * K + k + 1] = at;
    }
    return e;
  }

  /**
   * Appends the union of entry a of table ta and entry b of table tb (a cluster profile): a's values, then
   * b's that a lacks, per kind; a host both have keeps a's domain unless a has none, and is weak only
   * when it is weak on both sides (what cloneIdentity then mergeIdentity give).
   */
  appendUnion(ta: IdentityTable, a: number, tb: IdentityTable, b: number): number {
    this.reserve(1, ta.count(a) + tb.count(b));
    // Reserve may have replaced this table's arrays, and ta or tb may be this table: read them after it.
    const e = this.size++;
    let at = this.start[e * K]!;
    const out = this.vals;
    for (let k = 0; k < K; k++) {
      const aLo = ta.start[a * K + k]!;
      const aHi = ta.start[a * K + k + 1]!;
      const bLo = tb.start[b * K + k]!;
      const bHi = tb.start[b * K + k + 1]!;
      const first = at;
      for (let i = aLo; i < aHi; i++) {
        out[at] = ta.vals[i]!;
        if (k === HOST) {
          this.dom[at] = ta.dom[i]!;
          this.weak[at] = ta.weak[i]!;
        }
        at++;
      }
      const aEnd = at;
      for (let j = bLo; j < bHi; j++) {
        const v = tb.vals[j]!;
        let found = -1;
        for (let i = first; i < aEnd; i++) {
          if (out[i] === v) {
            found = i;
            break;
          }
        }
        if (found < 0) {
          out[at] = v;
          if (k === HOST) {
            this.dom[at] = tb.dom[j]!;
            this.weak[at] = tb.weak[j]!;
          }
          at++;
        } else if (k === HOST) {
          if (!this.dom[found] && tb.dom[j]) this.dom[found] = tb.dom[j]!;
          if (!tb.weak[j]) this.weak[found] = 0;
        }
      }
      this.start[e * K + k + 1] = at;
    }
    return e;
  }

  /** Number of values of an entry, all kinds together. */
  count(e: number): number {
    return this.start[e * K + K]! - this.start[e * K]!;
  }

  lo(e: number, kind: IdKind): number {
    return this.start[e * K + KIND_INDEX[kind]]!;
  }

  hi(e: number, kind: IdKind): number {
    return this.start[e * K + KIND_INDEX[kind] + 1]!;
  }

  /** The values of one kind, as a new array. */
  list(e: number, kind: IdKind): number[] {
    return Array.from(this.vals.subarray(this.lo(e, kind), this.hi(e, kind)));
  }

  /** Whether an entry holds a value as this kind. */
  has(e: number, kind: IdKind, value: number): boolean {
    const hi = this.hi(e, kind);
    for (let i = this.lo(e, kind); i < hi; i++) if (this.vals[i] === value) return true;
    return false;
  }

  /** An entry as an Identity object (explain, tests). */
  identity(e: number): Identity {
    const id = emptyIdentity();
    for (const kind of ID_KINDS) {
      const lo = this.lo(e, kind);
      const hi = this.hi(e, kind);
      if (lo === hi) continue;
      id[kind] = Array.from(this.vals.subarray(lo, hi));
      if (kind === 'host') {
        id.domain = Array.from(this.dom.subarray(lo, hi));
        id.hostWeak = Array.from(this.weak.subarray(lo, hi), (w) => w === 1);
      }
    }
    return id;
  }
}

const HOST = KIND_INDEX.host;
