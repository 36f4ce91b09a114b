/**
 * MAC address canonicalisation (lower-case, colon-separated) and the judgement of whether a MAC tells
 * machines apart.
 *
 * Notations seen in the sources: `aa:bb:cc:dd:ee:ff` (AWS, GLPI, Linux), `AA:BB:..` (nmap),
 * `AA-BB-CC-DD-EE-FF` (Windows, Azure), `aabb.ccdd.eeff` (Cisco), `aabbccddeeff` (Device42, SolarWinds),
 * `aabbcc-ddeeff` (HP/Aruba switches) and single-digit octets `0:50:56:a:b:c` (BSD, Solaris, some
 * SNMP walkers). The parser is a single char scan with no intermediate strings.
 */

export type MacFlag = 'zero' | 'broadcast' | 'multicast' | 'locally_administered' | 'docker' | 'placeholder';

/** Two-digit lower-case text of every octet value, so emitting an octet is one lookup. */
const OCTET: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Octet values of the address being parsed; reused across calls (parsing is synchronous). */
const scratch = new Uint8Array(6);

/**
 * Canonical `aa:bb:cc:dd:ee:ff`, or undefined when the input is not a MAC in one of the known notations
 * (wrong group sizes, mixed separators, non-hex digits such as `d5:c9:gh:81:cf:80`).
 */
export function normalizeMac(input: string | null | undefined): string | undefined {
  if (input == null) return undefined;
  let start = 0;
  let end = input.length;
  while (start < end && input.charCodeAt(start) <= 32) start++;
  while (end > start && input.charCodeAt(end - 1) <= 32) end--;
  const len = end - start;
  if (len === 17) {
    const fast = twoDigitGroups(input, start, end);
    if (fast !== null) return fast;
  }
  if (len < 12 || len > 17) return undefined;

  // First pass: only hex digits and one kind of separator, with group sizes that fit that separator.
  let sep = 0; // the single separator allowed throughout
  let groups = 0; // separators seen
  let groupLen = 0; // digits in the current group
  let firstGroupLen = 0;
  let digits = 0;
  let ok = true;
  for (let i = start; i < end && ok; i++) {
    const c = input.charCodeAt(i);
    const h = hexValue(c);
    if (h >= 0) {
      groupLen++;
      digits++;
      if (digits > 12) return undefined;
      continue;
    }
    if (c !== 58 /* : */ && c !== 45 /* - */ && c !== 46 /* . */) return undefined;
    if (sep === 0) {
      sep = c;
      firstGroupLen = groupLen;
    } else if (sep !== c) return undefined;
    ok = checkGroup(sep, firstGroupLen, groupLen);
    groups++;
    groupLen = 0;
  }
  if (!ok || groupLen === 0) return undefined;
  if (sep === 0) firstGroupLen = groupLen;
  if (!checkGroup(sep, firstGroupLen, groupLen)) return undefined;
  groups++;

  // Layouts: 6 groups of 1-2 digits with ':' or '-'; Cisco 3x4 with '.'; HP 2x6 with '-'; bare 12 digits.
  if (groups === 6) {
    if (sep === 46) return undefined;
    let octet = 0;
    let k = 0;
    for (let i = start; i <= end; i++) {
      const c = i < end ? input.charCodeAt(i) : sep;
      if (c === sep) {
        scratch[k++] = octet;
        octet = 0;
      } else octet = octet * 16 + hexValue(c);
    }
    return format();
  }
  const layoutOk =
    (groups === 3 && sep === 46 && firstGroupLen === 4) ||
    (groups === 2 && sep === 45 && firstGroupLen === 6) ||
    (groups === 1 && digits === 12);
  if (!layoutOk || digits !== 12) return undefined;
  let k = 0;
  let hi = -1;
  for (let i = start; i < end; i++) {
    const h = hexValue(input.charCodeAt(i));
    if (h < 0) continue;
    if (hi < 0) hi = h;
    else {
      scratch[k++] = hi * 16 + h;
      hi = -1;
    }
  }
  return format();
}

/**
 * Fast path for the common notations, six two-digit groups with `:` or `-` (`AA:BB:..`, `aa-bb-..`):
 * the canonical text is the input lower-cased with `:` separators, so it is the input itself or one
 * string built from char codes. Returns null when the input is not in that layout (the general parser
 * then decides), undefined when it is but has a non-hex digit.
 */
function twoDigitGroups(input: string, start: number, end: number): string | undefined | null {
  const sep = input.charCodeAt(start + 2);
  if (sep !== 58 && sep !== 45) return null;
  let upper = false;
  for (let i = start; i < end; i += 3) {
    const a = input.charCodeAt(i);
    const b = input.charCodeAt(i + 1);
    if (hexValue(a) < 0 || hexValue(b) < 0) return undefined;
    if ((a >= 65 && a <= 70) || (b >= 65 && b <= 70)) upper = true;
    if (i + 2 < end && input.charCodeAt(i + 2) !== sep) return null;
  }
  if (sep === 58 && !upper && start === 0 && end === input.length) return input; // already canonical
  // One new string, built from char codes: lower-case digits, ':' separators.
  for (let i = 0; i < 17; i++) {
    const c = input.charCodeAt(start + i);
    macBuf[i] = i % 3 === 2 ? 58 : c >= 65 && c <= 70 ? c + 32 : c;
  }
  return String.fromCharCode.apply(null, macBuf);
}

/** Char codes of the canonical text being built; reused across calls. */
const macBuf: number[] = new Array<number>(17).fill(0);

/** Each group's size must fit the separator's notation; the 3- and 2-group forms need equal groups. */
function checkGroup(sep: number, firstLen: number, len: number): boolean {
  if (len === 0) return false;
  if (sep === 46) return len === 4; // Cisco aabb.ccdd.eeff
  if (sep === 45 && firstLen === 6) return len === 6; // HP aabbcc-ddeeff
  return len <= 2 || sep === 0;
}

function format(): string {
  return (
    OCTET[scratch[0] as number]! +
    ':' +
    OCTET[scratch[1] as number]! +
    ':' +
    OCTET[scratch[2] as number]! +
    ':' +
    OCTET[scratch[3] as number]! +
    ':' +
    OCTET[scratch[4] as number]! +
    ':' +
    OCTET[scratch[5] as number]!
  );
}

/**
 * Shared, non-unique MACs that are valid and not flagged by the I/G or U/L bits alone.
 * - 02:00:4c:4f:4f:50: Microsoft Loopback Adapter ("..LOOP"), identical on every Windows host that has it.
 * - 20:41:53:59:4e:ff (" ASYN", RAS Async Adapter) and 50:50:54:50:30:30 ("PPTP00", WAN Miniport):
 *   the same on every Windows machine with RAS.
 * - 00:05:9a:3c:7a:00: Cisco AnyConnect virtual adapter, identical on every client.
 * - 12:34:56:78:90:ab: a hand-typed "example" MAC that turns up in fixtures and CMDB stubs.
 */
const SHARED_MACS: ReadonlySet<string> = new Set([
  '02:00:4c:4f:4f:50',
  '20:41:53:59:4e:ff',
  '50:50:54:50:30:30',
  '00:05:9a:3c:7a:00',
  '12:34:56:78:90:ab',
]);

/**
 * Prefixes of shared adapters:
 * - 00:ff:*: several VPN clients (Juniper/Pulse, some Fortinet/Checkpoint builds) give every install the
 *   same virtual adapter address from this unassigned block.
 * - 0a:00:27:00:00:*: the VirtualBox host-only adapter on a Windows host (last byte = adapter index).
 * - 00:50:56:c0:00:*: VMware Workstation/Fusion vmnet1/vmnet8 host adapters, same on every install.
 */
const SHARED_PREFIXES: readonly string[] = ['00:ff:', '0a:00:27:00:00:', '00:50:56:c0:00:'];

/** First octets of the shared addresses, so most MACs skip the string lookups. */
const SHARED_FIRST_OCTETS: ReadonlySet<number> = new Set(
  [...SHARED_MACS, ...SHARED_PREFIXES].map((m) => parseInt(m.slice(0, 2), 16)),
);

function isRepeatedOctet(mac: string): boolean {
  const a = mac.charCodeAt(0);
  const b = mac.charCodeAt(1);
  for (let i = 3; i < 17; i += 3) if (mac.charCodeAt(i) !== a || mac.charCodeAt(i + 1) !== b) return false;
  return true;
}

/** Informative properties of a canonical MAC (output of normalizeMac); several can apply. */
export function macFlags(mac: string): MacFlag[] {
  const flags: MacFlag[] = [];
  if (mac === '00:00:00:00:00:00') {
    flags.push('zero');
    return flags;
  }
  if (mac === 'ff:ff:ff:ff:ff:ff') {
    flags.push('broadcast');
    return flags;
  }
  const first = hexValue(mac.charCodeAt(0)) * 16 + hexValue(mac.charCodeAt(1));
  if (first & 1) flags.push('multicast'); // I/G bit: a group address never belongs to one interface
  if (first & 2) flags.push('locally_administered'); // U/L bit: assigned by software, not burnt in
  if (mac.startsWith('02:42:')) flags.push('docker');
  if (SHARED_MACS.has(mac) || isRepeatedOctet(mac) || SHARED_PREFIXES.some((p) => mac.startsWith(p))) {
    flags.push('placeholder');
  }
  return flags;
}

/**
 * Whether two records sharing this MAC is evidence they are the same machine.
 *
 * Locally administered MACs (U/L bit set) are NOT excluded as a class: AWS ENIs (`0a:..`, `0e:..`,
 * `12:..`, `02:..`), Azure/Hyper-V dynamic MACs and many hypervisors assign them, and they are unique and
 * stable for the life of the interface, often the best identifier a cloud VM has. What is excluded is
 * what repeats across machines: all-zero and broadcast, multicast (I/G bit), Docker's `02:42:*` (derived
 * from the container IP in the per-host 172.17/16 bridge, so the same on every host), and the well-known
 * shared adapters listed above, plus any MAC of one repeated octet (`55:55:55:55:55:55`), a placeholder.
 */
export function isIdentifyingMac(mac: string): boolean {
  // The same verdict as "no flag but locally_administered", without building the flag list; the
  // shared-address lookups only run for first octets that have any.
  if (mac.length !== 17) return false;
  const first = hexValue(mac.charCodeAt(0)) * 16 + hexValue(mac.charCodeAt(1));
  if (first < 0 || first & 1) return false; // multicast, broadcast (and not hex)
  if (first === 0x02 && mac.startsWith('02:42:')) return false;
  if (isRepeatedOctet(mac)) return false; // includes all-zero
  if (!SHARED_FIRST_OCTETS.has(first)) return true;
  if (SHARED_MACS.has(mac)) return false;
  for (const p of SHARED_PREFIXES) if (mac.startsWith(p)) return false;
  return true;
}
