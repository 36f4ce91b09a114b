/**
 * Operating system recognition: every notation a real estate uses for one OS ("Red Hat Enterprise
 * Linux release 8.6 (Ootpa)", "RHEL 8.6", "rhel8_64Guest", "Red Hat Enterprise Linux 8 (64-bit)")
 * becomes the same family / product / major version, so CMDB and discovery can be compared.
 *
 * Principles:
 * - Never guess. A kernel version is not a distribution version ("Linux 4.15 - 5.19" is linux, nothing
 *   more), a wildcard is no version ("NX-OS 9.X"), a range only keeps a version both ends agree on, and
 *   nmap's "A or B or C" keeps only what all alternatives agree on.
 * - The version is the major release, except where the product's own naming makes the minor part a
 *   different product: Windows "2012 R2" vs "2012", Windows "8.1" vs "8", macOS "10.15" (before 11).
 * - Unrecognised text gives undefined rather than 'other'; 'other' is for recognised products that fit
 *   no family (Windows Phone).
 *
 * OS strings repeat across hundreds of thousands of records but have few distinct values, so parses are
 * memoised; callers get a fresh copy each time.
 */

export type OsFamily =
  'windows' | 'linux' | 'esxi' | 'macos' | 'unix' | 'network_os' | 'android' | 'ios' | 'embedded' | 'other';

export interface OsInfo {
  family: string; // an OsFamily
  name?: string;
  version?: string;
}

// ---------------------------------------------------------------------------------------------------
// Text clean-up

/** Bitness and architecture markers carry numbers that must not be read as versions ("(64-bit)"). */
const ARCH =
  /\(?\b(?:32|64)[- ]?bits?\)?|\bx86[_-]64\b|\bamd64\b|\bx64\b|\bi[3-6]86\b|\baarch64\b|\barm64\b|\bx86\b/g;
const TRADEMARK = /\((?:r|tm)\)|[®™]/g;
const SPACE_RUN = /\s+/g;

const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'unknown',
  'other',
  'others',
  'n/a',
  'na',
  'none',
  'null',
  '-',
  'os',
  'unknown_os',
  'unknown os',
  'test_os',
  'generic',
]);

function clean(raw: string): string {
  return raw.toLowerCase().replace(TRADEMARK, ' ').replace(ARCH, ' ').replace(SPACE_RUN, ' ').trim();
}

// ---------------------------------------------------------------------------------------------------
// Version extraction

/**
 * The first version number in a fragment: not glued to a preceding letter or digit (so "mx480" and
 * "fortigate-60f" are model numbers, not versions), optionally `v`-prefixed, not followed by a letter.
 * Groups: 1 major, 2 dotted rest, 3 a following `/` (an "A/B" list of versions).
 */
const VERSION_TOKEN = /(?:^|[^a-z0-9.])v?(\d+)((?:\.(?:\d+|x))*)(?![a-z\d])(\s*\/)?/;
const RANGE_TAIL = /^\s*-\s*v?(\d+)((?:\.\d+)*)/;

interface Ver {
  major: string;
  minor?: string;
}

function splitVer(major: string, rest: string): Ver | undefined {
  if (rest.indexOf('.x') !== -1) return undefined; // "9.X": a wildcard guess
  const dot = rest.indexOf('.', 1);
  const minor = rest === '' ? undefined : dot === -1 ? rest.slice(1) : rest.slice(1, dot);
  return minor === undefined ? { major: String(Number(major)) } : { major: String(Number(major)), minor };
}

/** The version in s after index `from`, up to the first "(" (parenthesised text is a codename or build). */
function versionAfter(
  s: string,
  from: number,
  versionOf: (v: Ver) => string = (v) => v.major,
  modelNumbers = false,
): string | undefined {
  const paren = s.indexOf('(', from);
  let fragment = s.slice(from, paren === -1 ? s.length : paren);
  let m = VERSION_TOKEN.exec(fragment);
  // Network gear names its model beside its OS ("HPE Aruba 6300 switch", "Catalyst 9300"): an undotted
  // number of three digits or more there is a model, not a release; the release may follow it.
  while (modelNumbers && m && m[3] === undefined && m[2] === '' && (m[1] as string).length >= 3) {
    fragment = fragment.slice((m.index ?? 0) + m[0].length);
    m = VERSION_TOKEN.exec(fragment);
  }
  if (!m || m[3] !== undefined) return undefined;
  const v = splitVer(m[1] as string, m[2] as string);
  if (v === undefined) return undefined;
  const version = versionOf(v);
  // "10.8 - 10.8.1" keeps 10.8; "4.15 - 5.6" has no single version.
  const tail = RANGE_TAIL.exec(fragment.slice((m.index ?? 0) + m[0].length));
  if (tail) {
    const other = splitVer(tail[1] as string, tail[2] as string);
    if (other === undefined || versionOf(other) !== version) return undefined;
  }
  return version;
}

/** Product at the match of re, version after it. */
function product(
  s: string,
  re: RegExp,
  family: OsFamily,
  name: string | undefined,
  withVersion = true,
): OsInfo | undefined {
  const m = re.exec(s);
  if (!m) return undefined;
  const info: OsInfo = name === undefined ? { family } : { family, name };
  if (withVersion) {
    const version = versionAfter(s, m.index + m[0].length, undefined, family === 'network_os');
    if (version !== undefined) info.version = version;
  }
  return info;
}

function info(family: OsFamily, name?: string, version?: string): OsInfo {
  const out: OsInfo = { family };
  if (name !== undefined) out.name = name;
  if (version !== undefined) out.version = version;
  return out;
}

// ---------------------------------------------------------------------------------------------------
// VMware guest identifiers: "rhel8_64Guest" (vSphere API) and "RHEL_8_64" (vSphere Automation REST)

const GUEST_ID = /^[a-z0-9_]*guest(?:64)?$/i;
const REST_GUEST_ID = /^[a-z0-9]+(?:_[a-z0-9]+)+$/i;
const GUEST_SUFFIX = /(?:_?64)?guest(?:64)?$/;
const REST_SUFFIX = /_64$/;
const UNDERSCORES = /_/g;

/** Darwin kernel major to macOS version: Darwin 20+ is macOS 11+, Darwin 5..19 is 10.1..10.15. */
function macosFromDarwin(d: string | undefined): string | undefined {
  if (d === undefined) return undefined;
  const n = Number(d);
  if (n >= 20) return String(n - 9);
  if (n >= 5) return `10.${n - 4}`;
  return undefined;
}

type GuestRule = readonly [RegExp, (m: RegExpExecArray) => OsInfo | undefined];

const GUEST_RULES: readonly GuestRule[] = [
  [/^rhel(\d+)?$/, (m) => info('linux', 'rhel', m[1])],
  [/^centos(\d+)?$/, (m) => info('linux', 'centos', m[1])],
  [/^oraclelinux(\d+)?$/, (m) => info('linux', 'oracle linux', m[1])],
  [/^sles(\d+)?$/, (m) => info('linux', 'sles', m[1])],
  [/^ubuntu$/, () => info('linux', 'ubuntu')],
  [/^debian(\d+)?$/, (m) => info('linux', 'debian', m[1])],
  [/^fedora$/, () => info('linux', 'fedora')],
  [/^amazonlinux(\d+)?$/, (m) => info('linux', 'amazon linux', m[1])],
  [/^rockylinux$/, () => info('linux', 'rocky')],
  [/^almalinux$/, () => info('linux', 'alma')],
  [/^opensuse$/, () => info('linux', 'opensuse')],
  [/^(?:vmware)?photon$/, () => info('linux', 'photon')],
  [
    /^(?:other\d*x?linux|otherlinux|genericlinux|coreos|asianux\d*|suse|mandrake|mandriva|turbolinux|nld\d*)$/,
    () => info('linux'),
  ],
  // "srvNext" is VMware's id for the release after the year given: 2019srvNext = 2022, 2022srvNext = 2025.
  [
    /^windows(\d{4})srv(next)?$/,
    (m) => info('windows', 'windows server', nextServer(m[1] as string, m[2] !== undefined)),
  ],
  // REST enum WINDOWS_SERVER_2021 is Windows Server 2022 (named before its release).
  [/^windowsserver(\d{4})$/, (m) => info('windows', 'windows server', m[1] === '2021' ? '2022' : m[1])],
  [/^windows9server$/, () => info('windows', 'windows server', '2016')],
  // windows8Server64Guest covers both 2012 and 2012 R2: no version rather than a wrong one.
  [/^windows8server$/, () => info('windows', 'windows server')],
  [/^windows7server$/, () => info('windows', 'windows server', '2008 R2')],
  [/^winlonghorn$/, () => info('windows', 'windows server', '2008')],
  [/^winnet[a-z]*$/, () => info('windows', 'windows server', '2003')],
  [/^win2000(?:adv)?serv$/, () => info('windows', 'windows server', '2000')],
  [/^win2000pro$/, () => info('windows', 'windows', '2000')],
  [/^winxp[a-z]*$/, () => info('windows', 'windows', 'xp')],
  [/^winvista$/, () => info('windows', 'windows', 'vista')],
  [/^windowshyperv$/, () => info('windows', 'windows server')],
  [/^windows7$/, () => info('windows', 'windows', '7')],
  [/^windows8$/, () => info('windows', 'windows', '8')],
  [/^windows9$/, () => info('windows', 'windows', '10')], // VMware's id for Windows 10
  [/^windows(1\d)$/, (m) => info('windows', 'windows', m[1])],
  [/^vmkernel(\d)?\d?$/, (m) => info('esxi', 'esxi', m[1])],
  [/^darwin(\d+)?$/, (m) => info('macos', 'macos', macosFromDarwin(m[1]))],
  [/^freebsd(\d+)?$/, (m) => info('unix', 'freebsd', m[1])],
  [/^solaris(\d+)?$/, (m) => info('unix', 'solaris', m[1])],
];

function nextServer(year: string, next: boolean): string {
  if (!next) return year;
  return year === '2019' ? '2022' : year === '2022' ? '2025' : year;
}

function parseGuestId(raw: string): OsInfo | null | undefined {
  const lower = raw.toLowerCase();
  let compact: string;
  if (GUEST_ID.test(lower)) compact = lower.replace(GUEST_SUFFIX, '').replace(UNDERSCORES, '');
  else if (REST_GUEST_ID.test(lower)) compact = lower.replace(REST_SUFFIX, '').replace(UNDERSCORES, '');
  else return undefined; // not a guest id: parse as text
  if (compact === 'other' || compact === '') return null; // "otherGuest": known to be unknown
  for (const [re, make] of GUEST_RULES) {
    const m = re.exec(compact);
    if (m) return make(m);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Free text

const ESXI = /\besxi?\b|\bvmkernel\b|vsphere hypervisor/;
const ESXI_VERSION = /\besxi?(?:\s*server)?\s*v?(\d+)/;

const WINDOWS_PHONE = /\bwindows (?:phone|mobile)\b/;
const WINDOWS_CE = /\bwindows (?:ce|embedded compact)\b/;

const NXOS = /\bnx-?os\b|\bnexus\b/;
const NXOS_WORD = /\bnx-?os\b\)?/;
const IOS_XR = /\bios[- ]?xr\b/;
const IOS_XE = /\bios[- ]?xe\b/;
const CISCO_VERSION_WORD = /\bversion\s+(\d+)/;
const APPLE_IOS_CASED = /\biOS\b|\biPadOS\b|\biPhone\b|\biPad\b/;
const APPLE_IOS = /\bipados\b|\biphone\b|\bipad\b|\bapple\b.*\bios\b|\bios\b.*\bapple\b/;
const IOS_WORD = /\bios\b/;
const JUNOS = /\bjunos\b|\bjuniper\b/;
const EOS = /\beos\b|\bveos\b|\barista\b/;
const PANOS = /\bpan-?os\b|\bpalo alto\b/;
const FORTIOS = /\bfortios\b|\bfortigate\b|\bfortinet\b/;
const FORTI_VERSION = /(?:fortios\s*v?|\bv)(\d+)\.\d/;
const ROUTEROS = /\brouteros\b|\bmikrotik\b/;
const ROUTEROS_VERSION = /routeros\s*v?(\d+)\.\d/;
const ARUBAOS = /\barubaos\b|\baos-cx\b|\baruba\b/;
const NETSCALER = /\bnetscaler\b|\bcitrix adc\b/;
const NETSCALER_VERSION = /\bns(\d+)\.\d/;
const ASA = /adaptive security appliance|\bcisco asa\b|\basa ?os\b/;
const CHECKPOINT = /\bcheck ?point\b|\bgaia\b|\bsecureplatform\b|\bipso\b/;
const OPENWRT = /\bopenwrt\b|\bdd-wrt\b/;
const UNIFI = /\bunifi\b|\bedgeos\b/;
const VYOS = /\bvyos\b|\bvyatta\b/;
const CUMULUS = /\bcumulus\b/;
const COMWARE = /\bcomware\b/;
const PROCURVE = /\bprocurve\b/;
const NETWORK_DEVICE =
  /\bcisco\b|\bnetgear\b|\bwap\b|\brouter\b|\bswitch\b|\bfirewall\b|\baccess point\b|\bload balancer\b|\bbroadband\b|\bwlan\b|\bvpn\b/;

/** Device words: checked before Windows ("Microsoft Xbox") and Linux ("Linux-based printer"). */
const EMBEDDED =
  /\bprinter\b|\blaserjet\b|\bofficejet\b|\bdeskjet\b|\bjetdirect\b|\bmultifunction\b|\bups\b|\bcamera\b|\bwebcam\b|\bvxworks\b|\bthreadx\b|\brtos\b|\bqnx\b|\bmedia device\b|\binternet radio\b|\bchumby\b|\bgame console\b|\bplaystation\b|\bxbox\b|\bnintendo\b|\bset-?top\b|\bsmart tv\b|\bip phone\b|\bvoip\b|\bspecialized\b|\bcrestron\b|\bpower-device\b/;

/** The bare word, checked after Windows: "Windows Embedded Standard" is still Windows. */
const EMBEDDED_WORD = /\bembedded\b/;

const ANDROID = /\bandroid\b/;

const MACOS = /\bmac ?os(?: x)?\b|\bos ?x\b|\bmacos\b/;
const DARWIN = /\bdarwin\s*(\d+)/;

const WINDOWS = /\bwindows\b|\bwin(?:2k|xp|nt|7|8|10|11|20\d\d)\b|\bmicrosoft\b|\bhyper-v server\b/;
const WIN_YEAR = /\b(2000|2003|2008|2012|2016|2019|2022|2025)(?:\s*(r2))?\b/;
const WIN_SERVER = /\bserver\b|\bsrv\b|\bdatacenter\b/;
const WIN_DESKTOP = /\b(?:windows|win)\s*(xp|vista|7|8\.1|8|10|11|me|98|95|2000)(?![.\d])/;

const AIX = /\baix\b/;
const SUNOS = /\bsunos\s*5\.(\d+)/;
const SOLARIS = /\bsolaris\b|\bsunos\b/;
const HPUX = /\bhp-?ux\b/;
const HPUX_VERSION = /\bhp-?ux\s*(?:[a-z]\.)?(\d+)/;
const FREEBSD = /\bfreebsd\b/;
const OPENBSD = /\bopenbsd\b/;
const NETBSD = /\bnetbsd\b/;
const OTHER_UNIX = /\b(tru64|irix|unixware|openserver)\b/;

const RHCOS = /red hat enterprise linux coreos|\brhcos\b/;
const RHCOS_VERSION = /coreos\s*(\d)(\d+)\./;
const FEDORA_COREOS = /\bfedora coreos\b/;
const ORACLE_LINUX =
  /\boracle (?:enterprise )?linux\b|\boraclelinux|enterprise linux enterprise linux|\bol\s*(?=\d)/;
const RHEL = /\bred ?hat enterprise\b|\brhel|\bredhat\b|\bred hat\b/;
const CENTOS = /\bcent ?os\b/;
const ROCKY = /\brocky\b/;
const ALMA = /\balma ?linux\b|\balma\b/;
const FEDORA = /\bfedora\b/;
const AMAZON = /\bamazon linux\b|\bamzn|\bamazonlinux/;
const OPENSUSE = /\bopensuse\b/;
const SUSE = /\bsles\b|\bsled\b|\bsuse\b/;
const SUSE_DESKTOP = /\bsled\b|\bdesktop\b/;
const UBUNTU = /\bubuntu\b/;
const DEBIAN = /\bdebian\b/;
const OTHER_DISTROS: readonly (readonly [RegExp, string])[] = [
  [/\blinux mint\b|\bmint\b/, 'mint'],
  [/\bkali\b/, 'kali'],
  [/\braspbian\b/, 'raspbian'],
  [/\balpine\b/, 'alpine'],
  [/\barch ?linux\b/, 'arch'],
  [/\bgentoo\b/, 'gentoo'],
  [/\bphoton\b/, 'photon'],
  [/\bflatcar\b/, 'flatcar'],
  [/\bslackware\b/, 'slackware'],
  [/\bmanjaro\b/, 'manjaro'],
  [/\bbottlerocket\b/, 'bottlerocket'],
];
const LINUX = /\blinux\b|\bgnu\b|\bkernel\b/;
const UNIX = /\bunix\b|\bbsd\b/;

function parseNetworkOs(raw: string, s: string): OsInfo | undefined {
  if (NXOS.test(s)) return product(s, NXOS_WORD.test(s) ? NXOS_WORD : NXOS, 'network_os', 'nx-os');
  if (IOS_XR.test(s)) return product(s, IOS_XR, 'network_os', 'ios-xr');
  if (IOS_XE.test(s)) return product(s, IOS_XE, 'network_os', 'ios-xe');
  if (ASA.test(s)) return product(s, ASA, 'network_os', 'asa');
  if (IOS_WORD.test(s) && !APPLE_IOS_CASED.test(raw) && !APPLE_IOS.test(s)) {
    // Cisco IOS. A bare lower-case "ios" is what LibreNMS and NetBox platforms call it.
    const v = CISCO_VERSION_WORD.exec(s);
    return v ? info('network_os', 'ios', String(Number(v[1]))) : product(s, IOS_WORD, 'network_os', 'ios');
  }
  if (JUNOS.test(s)) return product(s, /\bjunos\b/.test(s) ? /\bjunos\b/ : JUNOS, 'network_os', 'junos');
  if (PANOS.test(s)) return product(s, PANOS, 'network_os', 'pan-os');
  if (FORTIOS.test(s)) {
    const v = FORTI_VERSION.exec(s);
    return info('network_os', 'fortios', v ? String(Number(v[1])) : undefined);
  }
  if (ROUTEROS.test(s)) {
    const v = ROUTEROS_VERSION.exec(s);
    return info('network_os', 'routeros', v ? String(Number(v[1])) : undefined);
  }
  if (NETSCALER.test(s)) {
    const v = NETSCALER_VERSION.exec(s);
    return info('network_os', 'netscaler', v ? String(Number(v[1])) : undefined);
  }
  if (EOS.test(s)) return product(s, /\b(?:v?eos)\b/.test(s) ? /\bv?eos\b/ : EOS, 'network_os', 'eos');
  if (ARUBAOS.test(s)) return product(s, ARUBAOS, 'network_os', 'arubaos');
  if (CHECKPOINT.test(s)) return info('network_os', /\bgaia\b/.test(s) ? 'gaia' : undefined);
  if (OPENWRT.test(s)) return info('network_os', 'openwrt');
  if (UNIFI.test(s)) return info('network_os', /\bedgeos\b/.test(s) ? 'edgeos' : 'unifi');
  if (VYOS.test(s)) return product(s, VYOS, 'network_os', 'vyos');
  if (CUMULUS.test(s)) return product(s, CUMULUS, 'network_os', 'cumulus');
  if (COMWARE.test(s)) return product(s, COMWARE, 'network_os', 'comware');
  if (PROCURVE.test(s)) return info('network_os', 'procurve');
  return undefined;
}

/**
 * Server when the text says so or names a server release year without a desktop version ("Windows
 * 2019" from GLPI name + version); desktop when a desktop version follows the word Windows ("Windows 10
 * Enterprise 2016 LTSB" is Windows 10, not Server 2016).
 */
function parseWindows(s: string): OsInfo {
  const year = WIN_YEAR.exec(s);
  const server = WIN_SERVER.test(s);
  if (server) return info('windows', 'windows server', year ? serverYear(year) : undefined);
  const desktop = WIN_DESKTOP.exec(s);
  if (desktop) return info('windows', 'windows', desktop[1]);
  if (year) return info('windows', 'windows server', serverYear(year));
  return info('windows');
}

function serverYear(m: RegExpExecArray): string {
  return m[2] !== undefined ? `${m[1]} R2` : (m[1] as string);
}

function parseMacos(s: string): OsInfo {
  const m = MACOS.exec(s);
  let version =
    m === null
      ? undefined
      : versionAfter(s, m.index + m[0].length, (v) =>
          v.major === '10' && v.minor !== undefined ? `10.${v.minor}` : v.major,
        );
  if (version === '10') version = undefined; // "Mac OS X 10" says nothing beyond "Mac OS X"
  if (version === undefined) version = macosFromDarwin(DARWIN.exec(s)?.[1]);
  return info('macos', 'macos', version);
}

function parseUnix(s: string): OsInfo | undefined {
  if (AIX.test(s)) return product(s, AIX, 'unix', 'aix');
  if (SOLARIS.test(s)) {
    const sunos = SUNOS.exec(s);
    if (sunos) return info('unix', 'solaris', String(Number(sunos[1])));
    return product(
      s,
      /\bsolaris\b/.test(s) ? /\bsolaris\b/ : SOLARIS,
      'unix',
      'solaris',
      /\bsolaris\b/.test(s),
    );
  }
  if (HPUX.test(s)) {
    const v = HPUX_VERSION.exec(s);
    return info('unix', 'hp-ux', v ? String(Number(v[1])) : undefined);
  }
  if (FREEBSD.test(s)) return product(s, FREEBSD, 'unix', 'freebsd');
  if (OPENBSD.test(s)) return product(s, OPENBSD, 'unix', 'openbsd');
  if (NETBSD.test(s)) return product(s, NETBSD, 'unix', 'netbsd');
  const other = OTHER_UNIX.exec(s);
  if (other) return info('unix', other[1]);
  return undefined;
}

function parseLinux(s: string): OsInfo | undefined {
  if (RHCOS.test(s)) {
    // RHCOS "47.83.2021..." is OpenShift 4.7 on RHEL 8.3; the OpenShift release is what people track.
    const v = RHCOS_VERSION.exec(s);
    return info('linux', 'rhcos', v ? `${v[1]}.${Number(v[2])}` : undefined);
  }
  if (FEDORA_COREOS.test(s)) return product(s, FEDORA_COREOS, 'linux', 'fedora coreos');
  if (ORACLE_LINUX.test(s)) return product(s, ORACLE_LINUX, 'linux', 'oracle linux');
  if (RHEL.test(s)) return product(s, RHEL, 'linux', 'rhel');
  if (CENTOS.test(s)) return product(s, CENTOS, 'linux', 'centos');
  if (ROCKY.test(s)) return product(s, ROCKY, 'linux', 'rocky');
  if (ALMA.test(s)) return product(s, ALMA, 'linux', 'alma');
  if (FEDORA.test(s)) return product(s, FEDORA, 'linux', 'fedora');
  if (AMAZON.test(s)) return product(s, AMAZON, 'linux', 'amazon linux');
  if (OPENSUSE.test(s)) return product(s, OPENSUSE, 'linux', 'opensuse');
  if (SUSE.test(s)) return product(s, SUSE, 'linux', SUSE_DESKTOP.test(s) ? 'sled' : 'sles');
  if (UBUNTU.test(s)) return product(s, UBUNTU, 'linux', 'ubuntu');
  if (DEBIAN.test(s)) return product(s, DEBIAN, 'linux', 'debian');
  for (const [re, name] of OTHER_DISTROS) if (re.test(s)) return product(s, re, 'linux', name);
  return undefined;
}

/** One OS description (no "or" alternatives). */
function parseOne(raw: string): OsInfo | undefined {
  const guest = raw.indexOf(' ') === -1 ? parseGuestId(raw) : undefined;
  if (guest !== undefined) return guest ?? undefined;
  const s = clean(raw);
  if (s === '' || PLACEHOLDERS.has(s)) return undefined;

  if (ESXI.test(s)) {
    const v = ESXI_VERSION.exec(s);
    return info('esxi', 'esxi', v ? String(Number(v[1])) : undefined);
  }
  if (WINDOWS_PHONE.test(s)) return product(s, WINDOWS_PHONE, 'other', 'windows phone');
  if (WINDOWS_CE.test(s)) return info('embedded', 'windows ce');
  const network = parseNetworkOs(raw, s);
  if (network) return network;
  if (ANDROID.test(s)) return product(s, ANDROID, 'android', 'android');
  if (MACOS.test(s) || DARWIN.test(s)) return parseMacos(s);
  if (IOS_WORD.test(s) || APPLE_IOS.test(s))
    return product(s, IOS_WORD.test(s) ? IOS_WORD : APPLE_IOS, 'ios', 'ios');
  if (EMBEDDED.test(s)) return info('embedded');
  if (WINDOWS.test(s)) return parseWindows(s);
  if (NETWORK_DEVICE.test(s)) return info('network_os');
  if (EMBEDDED_WORD.test(s)) return info('embedded');
  const unix = parseUnix(s);
  if (unix) return unix;
  const linux = parseLinux(s);
  if (linux) return linux;
  if (LINUX.test(s)) return info('linux'); // "Linux 4.15 - 5.19", "Linux/UNIX": a kernel, not a distro
  if (UNIX.test(s)) return info('unix');
  return undefined;
}

/** nmap's "A, B, or C" lists alternatives; ", or " and " or " separate them. */
const ALTERNATIVES = /\s+or\s+/i;
const ALTERNATIVE_SPLIT = /,?\s+or\s+|,\s*/i;
const FROM_FIRST_DIGIT = /\d.*$/;

/**
 * Keeps what all alternatives agree on; the first (nmap's best guess) decides a family split. A bare
 * fragment ("Windows Vista SP0 or SP1", "RHEL 7 or 8") is read with the first alternative's product
 * words in front; an alternative that still means nothing leaves only the family.
 */
function parseAlternatives(raw: string): OsInfo | undefined {
  const parts = raw.split(ALTERNATIVE_SPLIT).filter((p) => p.trim() !== '');
  const lead = (parts[0] ?? '').replace(FROM_FIRST_DIGIT, '').trim();
  const results: OsInfo[] = [];
  let unknown = false;
  for (const part of parts) {
    const r = parseOne(part) ?? (lead !== '' ? parseOne(`${lead} ${part}`) : undefined);
    if (r) results.push(r);
    else unknown = true;
  }
  const first = results[0];
  if (first === undefined) return undefined;
  const family = first.family as OsFamily;
  if (unknown || results.some((r) => r.family !== family)) return info(family);
  const sameName = results.every((r) => r.name === first.name);
  const sameVersion = sameName && results.every((r) => r.version === first.version);
  return info(family, sameName ? first.name : undefined, sameVersion ? first.version : undefined);
}

function parseText(raw: string): OsInfo | undefined {
  return ALTERNATIVES.test(raw) ? parseAlternatives(raw) : parseOne(raw);
}

const CACHE_LIMIT = 4096;
const cache = new Map<string, OsInfo | undefined>();

function parseCached(text: string): OsInfo | undefined {
  if (cache.has(text)) return cache.get(text);
  const result = parseText(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, result);
  return result;
}

/**
 * Family, product and major version of an OS description, or undefined when it is empty, a placeholder
 * or not recognised. `hints` are separate name/version fields some sources have (GLPI operatingsystem
 * name + version, iTop osfamily + osversion): the name stands in for missing text, and the version
 * fills in a missing version ("Windows" + "2019" is Windows Server 2019).
 */
export function parseOs(
  input: string | null | undefined,
  hints?: { name?: string; version?: string },
): OsInfo | undefined {
  const text = input?.trim() ?? '';
  const hintName = hints?.name?.trim() ?? '';
  const hintVersion = hints?.version?.trim() ?? '';
  let result = text !== '' ? parseCached(text) : undefined;
  if (result === undefined && hintName !== '') result = parseCached(hintName);
  if (hintVersion !== '' && (result === undefined || result.version === undefined)) {
    const base = text !== '' ? text : hintName;
    if (base !== '') {
      const combined = parseCached(`${base} ${hintVersion}`);
      if (
        combined !== undefined &&
        combined.version !== undefined &&
        (result === undefined ||
          (combined.family === result.family && (result.name === undefined || result.name === combined.name)))
      ) {
        result = combined;
      }
    }
  }
  return result === undefined ? undefined : { ...result };
}

/**
 * Whether two parsed OSes agree. Families must be equal; names are compared when both have one, and
 * versions when both have one under the same name. A side missing name or version compares on what
 * both have (so "linux" agrees with "linux/rhel/8"). Undefined when either side is 'other' without a
 * shared product name: an unclassified OS cannot be judged.
 */
export function sameOs(a: OsInfo, b: OsInfo): boolean | undefined {
  if (a.family === 'other' || b.family === 'other') {
    if (a.family === b.family && a.name !== undefined && b.name !== undefined) {
      return (
        a.name === b.name && (a.version === undefined || b.version === undefined || a.version === b.version)
      );
    }
    return undefined;
  }
  if (a.family !== b.family) return false;
  if (a.name === undefined || b.name === undefined) return true;
  if (a.name !== b.name) return false;
  if (a.version === undefined || b.version === undefined) return true;
  return a.version === b.version;
}
