/**
 * IP address canonicalisation and classification.
 *
 * Canonical forms: IPv4 as a plain dotted quad without leading zeros; IPv6 as RFC 5952 text (lower case,
 * leading zeros dropped, the longest run of two or more zero groups compressed to `::`). An IPv4-mapped
 * IPv6 address (`::ffff:10.1.2.3`) is the IPv4 host seen through a dual-stack socket, so it becomes IPv4.
 *
 * Parsing is hand-written rather than regex-based: addresses are on every imported record, and a char
 * scan that returns the input string untouched when it is already canonical costs no allocation.
 */

export type IpFlag =
  | 'loopback'
  | 'link_local'
  | 'unspecified'
  | 'broadcast'
  | 'multicast'
  | 'docker_bridge'
  | 'virtual_bridge'
  | 'private'
  | 'cgnat'
  | 'documentation';

const CH_0 = 48;
const CH_9 = 57;
const CH_DOT = 46;

/** Set by scanIpv4: the last address scanned had a zero-padded octet, so its text is not canonical. */
let paddedOctet = false;

/**
 * Parses s[start, end) as a dotted quad. Returns the address as an unsigned 32-bit number, or -1.
 * Leading zeros are accepted and read as decimal: CMDB exports zero-pad octets ("010.001.002.003") for
 * sorting, and nobody means the octal reading that inet_aton would give them.
 */
function scanIpv4(s: string, start: number, end: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  paddedOctet = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= CH_0 && c <= CH_9) {
      // Three digits plus zero padding ("0010") is the most we accept for one octet.
      if (++digits > 4) return -1;
      if (digits === 2 && octet === 0) paddedOctet = true;
      octet = octet * 10 + (c - CH_0);
      if (octet > 255) return -1;
    } else if (c === CH_DOT) {
      if (digits === 0 || parts === 3) return -1;
      value = value * 256 + octet;
      parts++;
      octet = 0;
      digits = 0;
    } else {
      return -1;
    }
  }
  if (digits === 0 || parts !== 3) return -1;
  return value * 256 + octet;
}

function ipv4ToString(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Parses one colon-separated run of IPv6 groups into out[]; returns the group count or -1. */
function scanIpv6Groups(s: string, start: number, end: number, out: number[], allowV4Tail: boolean): number {
  if (start === end) return 0;
  let n = 0;
  let i = start;
  while (i <= end) {
    let j = i;
    let v = 0;
    while (j < end && s.charCodeAt(j) !== 58 /* : */) j++;
    const len = j - i;
    if (len === 0) return -1;
    if (allowV4Tail && j === end && s.indexOf('.', i) !== -1 && s.indexOf('.', i) < end) {
      // Embedded IPv4 tail ("::ffff:10.1.2.3"): two groups.
      const v4 = scanIpv4(s, i, end);
      if (v4 < 0) return -1;
      out.push(Math.floor(v4 / 65536), v4 & 0xffff);
      return n + 2;
    }
    if (len > 4) return -1;
    for (let k = i; k < j; k++) {
      const h = hexValue(s.charCodeAt(k));
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    out.push(v);
    n++;
    i = j + 1;
  }
  return n;
}

/** Parses IPv6 text (no zone, no prefix) into 8 groups, or undefined. */
function parseIpv6Groups(s: string, start: number, end: number): number[] | undefined {
  const dc = s.indexOf('::', start);
  if (dc !== -1 && dc < end) {
    if (s.indexOf('::', dc + 1) !== -1 && s.indexOf('::', dc + 1) < end) return undefined;
    const head: number[] = [];
    const tail: number[] = [];
    if (scanIpv6Groups(s, start, dc, head, false) < 0) return undefined;
    if (scanIpv6Groups(s, dc + 2, end, tail, true) < 0) return undefined;
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return undefined;
    for (let k = 0; k < fill; k++) head.push(0);
    for (const t of tail) head.push(t);
    return head;
  }
  const groups: number[] = [];
  if (scanIpv6Groups(s, start, end, groups, true) !== 8) return undefined;
  return groups;
}

/** RFC 5952 text for 8 groups. */
function formatIpv6(g: readonly number[]): string {
  // Longest run of >= 2 zero groups; the first one wins a tie (RFC 5952 section 4.2.3).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += (g[i] as number).toString(16);
  }
  return out;
}

function isMappedV4(g: readonly number[]): boolean {
  return g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff;
}

/**
 * Canonical text of an IPv4 or IPv6 address, or undefined when the input is not one.
 * A trailing `/prefix` (CIDR notation of an interface address) and an IPv6 `%zone` are dropped: the
 * address identifies the host, the prefix and zone describe the link. `[v6]` brackets are accepted.
 */
export function normalizeIp(input: string | null | undefined): string | undefined {
  if (input == null) return undefined;
  const s = input;
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  if (start === end) return undefined;

  let prefix = -1;
  const slash = s.indexOf('/', start);
  if (slash !== -1 && slash < end) {
    if (slash + 1 === end || end - slash > 4) return undefined;
    prefix = 0;
    for (let i = slash + 1; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < CH_0 || c > CH_9) return undefined;
      prefix = prefix * 10 + (c - CH_0);
    }
    end = slash;
  }

  const colon = s.indexOf(':', start);
  if (colon === -1 || colon >= end) {
    if (prefix > 32) return undefined;
    const v = scanIpv4(s, start, end);
    if (v < 0) return undefined;
    // Hand back the caller's string when it already is canonical: no new string at all.
    if (!paddedOctet && start === 0 && end === s.length) return s;
    return paddedOctet ? ipv4ToString(v) : s.slice(start, end);
  }

  if (prefix > 128) return undefined;
  if (s.charCodeAt(start) === 91 /* [ */) {
    if (s.charCodeAt(end - 1) !== 93 /* ] */) return undefined;
    start++;
    end--;
  }
  const pct = s.indexOf('%', start);
  if (pct !== -1 && pct < end) {
    if (pct === start || pct + 1 === end) return undefined;
    end = pct;
  }
  const groups = parseIpv6Groups(s, start, end);
  if (!groups) return undefined;
  if (isMappedV4(groups)) return ipv4ToString((groups[6] as number) * 65536 + (groups[7] as number));
  return formatIpv6(groups);
}

/** 4 or 6, judged on canonical text (IPv6 always contains a colon, IPv4 never does). */
export function ipVersion(ip: string): 4 | 6 {
  return ip.indexOf(':') === -1 ? 4 : 6;
}

function inV4(v: number, net: number, bits: number): boolean {
  const size = 2 ** (32 - bits);
  return v >= net && v < net + size;
}

const V4 = (a: number, b: number, c: number, d: number): number => ((a * 256 + b) * 256 + c) * 256 + d;

const V4_LOOPBACK = V4(127, 0, 0, 0);
const V4_THIS_NET = V4(0, 0, 0, 0);
const V4_LINK_LOCAL = V4(169, 254, 0, 0);
const V4_MULTICAST = V4(224, 0, 0, 0);
const V4_BROADCAST = V4(255, 255, 255, 255);
const V4_DOCKER = V4(172, 17, 0, 0);
const V4_P10 = V4(10, 0, 0, 0);
const V4_P172 = V4(172, 16, 0, 0);
const V4_P192 = V4(192, 168, 0, 0);
const V4_CGNAT = V4(100, 64, 0, 0);
const V4_DOC = [V4(192, 0, 2, 0), V4(198, 51, 100, 0), V4(203, 0, 113, 0)];

/**
 * Addresses that hypervisor or container tooling assigns identically on every machine where it is
 * installed, so they say nothing about which machine reported them:
 * - 192.168.122.1: libvirt's default NAT network (virbr0) on every KVM host.
 * - 10.0.2.15 and 10.0.2.2: a VirtualBox guest's NAT address and its NAT gateway, the same in every guest.
 * - 192.168.56.1: the VirtualBox host-only adapter on every host that runs VirtualBox.
 * Deliberately not included: the Hyper-V "Default Switch" (its 172.x subnet is randomised per host and
 * changes on reboot, so no fixed address can be listed), VMware Workstation vmnet1/vmnet8 (random subnet
 * per install), and the whole 192.168.122.0/24 (guests on it are per-host too, but the range is also an
 * ordinary LAN range in many estates; only the gateway address is a certain duplicate).
 */
const V4_VIRTUAL_BRIDGE = new Set<number>([
  V4(192, 168, 122, 1),
  V4(10, 0, 2, 15),
  V4(10, 0, 2, 2),
  V4(192, 168, 56, 1),
]);

/**
 * Properties of a canonical address (output of normalizeIp). Informative: several flags can apply.
 * The docker default bridge is 172.17.0.0/16: every Docker host numbers its containers and its own
 * docker0 interface (172.17.0.1) from it, so those addresses repeat across hosts.
 */
export function ipFlags(ip: string): IpFlag[] {
  return scanFlags(ip) ?? [];
}

/** Flags of a canonical address, or undefined when the text is not an address at all. */
function scanFlags(ip: string): IpFlag[] | undefined {
  const flags: IpFlag[] = [];
  if (ip.indexOf(':') === -1) {
    const v = scanIpv4(ip, 0, ip.length);
    if (v < 0) return undefined;
    if (inV4(v, V4_THIS_NET, 8)) flags.push('unspecified');
    if (inV4(v, V4_LOOPBACK, 8)) flags.push('loopback');
    if (inV4(v, V4_LINK_LOCAL, 16)) flags.push('link_local');
    if (v === V4_BROADCAST) flags.push('broadcast');
    else if (inV4(v, V4_MULTICAST, 4)) flags.push('multicast');
    if (inV4(v, V4_DOCKER, 16)) flags.push('docker_bridge');
    if (V4_VIRTUAL_BRIDGE.has(v)) flags.push('virtual_bridge');
    if (inV4(v, V4_P10, 8) || inV4(v, V4_P172, 12) || inV4(v, V4_P192, 16)) flags.push('private');
    if (inV4(v, V4_CGNAT, 10)) flags.push('cgnat');
    for (const net of V4_DOC) if (inV4(v, net, 24)) flags.push('documentation');
    return flags;
  }
  const g = parseIpv6Groups(ip, 0, ip.length);
  if (!g) return undefined;
  const g0 = g[0] as number;
  let allZeroButLast = true;
  for (let i = 0; i < 7; i++) if (g[i] !== 0) allZeroButLast = false;
  if (allZeroButLast && g[7] === 0) flags.push('unspecified');
  if (allZeroButLast && g[7] === 1) flags.push('loopback');
  if ((g0 & 0xffc0) === 0xfe80) flags.push('link_local');
  if ((g0 & 0xff00) === 0xff00) flags.push('multicast');
  if ((g0 & 0xfe00) === 0xfc00) flags.push('private'); // unique local fc00::/7
  if (g0 === 0x2001 && g[1] === 0x0db8) flags.push('documentation');
  return flags;
}

/** Flags that make an address useless for telling machines apart. */
const NON_IDENTIFYING: ReadonlySet<IpFlag> = new Set<IpFlag>([
  'loopback',
  'link_local',
  'unspecified',
  'broadcast',
  'multicast',
  'docker_bridge',
  'virtual_bridge',
]);

/**
 * Whether two records sharing this address is evidence they are the same machine. Private and CGNAT
 * ranges are identifying (servers live there); documentation ranges are kept identifying too, since they
 * only occur in test data, where they are used as real addresses.
 */
export function isIdentifyingIp(ip: string): boolean {
  if (ip.indexOf(':') === -1) {
    // The IPv4 case allocates nothing: it runs on every address of every record.
    const v = scanIpv4(ip, 0, ip.length);
    if (v < 0) return false;
    return !(
      v < 0x01000000 || // 0/8 "this network"
      inV4(v, V4_LOOPBACK, 8) ||
      inV4(v, V4_LINK_LOCAL, 16) ||
      (v >= V4_MULTICAST && v < 0xf0000000) ||
      v === V4_BROADCAST ||
      inV4(v, V4_DOCKER, 16) ||
      V4_VIRTUAL_BRIDGE.has(v)
    );
  }
  const flags = scanFlags(ip);
  if (!flags) return false;
  for (const f of flags) if (NON_IDENTIFYING.has(f)) return false;
  return true;
}
