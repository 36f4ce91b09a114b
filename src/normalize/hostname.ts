/**
 * Host name parsing: one CI is called `WEB01`, `web01.corp.example.com.`, `CORP\web01` or `10.1.2.3`
 * depending on the source, and matching needs the short name, the domain and the FQDN apart.
 */
import { normalizeIp } from './ip.js';

export interface HostName {
  /** The trimmed input with its case kept, for display. */
  display: string;
  /** Short host name, lower case; the canonical IP when isIp. */
  host: string;
  /** DNS domain, lower case, when the name was fully qualified. */
  domain?: string;
  /** Lower-case fully qualified name, only when there is a domain. */
  fqdn?: string;
  /** The "name" was an IP address. */
  isIp: boolean;
}

/**
 * Names that many unrelated machines report, so they identify nothing. Compared against the full
 * lower-case name and against the short host part ("localhost.example.com" is still localhost).
 */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'localhost',
  'localhost.localdomain',
  'localhost4',
  'localhost4.localdomain4',
  'localhost6',
  'localhost6.localdomain6',
  'localdomain',
  'ip6-localhost',
  'ip6-loopback',
  'unknown',
  'none',
  '(none)',
  'null',
  'nil',
  'undefined',
  'n/a',
  'na',
  '-',
  '--',
  '?',
]);
/** Cheap pre-checks so that real names (almost all of them) skip hashing for the set lookup. */
const MAX_PLACEHOLDER_LENGTH = Math.max(...[...PLACEHOLDERS].map((p) => p.length));
const PLACEHOLDER_FIRST_CHARS: ReadonlySet<number> = new Set([...PLACEHOLDERS].map((p) => p.charCodeAt(0)));

function isPlaceholder(name: string): boolean {
  return (
    name.length <= MAX_PLACEHOLDER_LENGTH &&
    PLACEHOLDER_FIRST_CHARS.has(name.charCodeAt(0)) &&
    PLACEHOLDERS.has(name)
  );
}

const MAX_LABEL = 63;
const MAX_NAME = 253;

/**
 * Parses a host name, FQDN or IP-as-name. Returns undefined for empty input, placeholders, and values
 * that are not syntactically host names (display names with spaces, `user@host`, punctuation).
 *
 * Syntax is RFC 1123, loosened to allow `_` (Windows and SRV-style names carry it) and leading or
 * trailing hyphens (seen in exports, harmless for matching): labels of 1-63 characters from
 * [a-z0-9_-], 253 characters in all. Checked in one char scan, since this runs on every record.
 */
export function parseHostName(input: string | null | undefined): HostName | undefined {
  if (input == null) return undefined;
  let display = input.trim();
  // A trailing dot is the DNS root ("web01.corp.com."): same name.
  while (display.charCodeAt(display.length - 1) === 46) display = display.slice(0, -1).trimEnd();
  if (display === '') return undefined;

  let name = display.toLowerCase();
  if (isPlaceholder(name)) return undefined;

  // Windows "DOMAIN\host" (NetBIOS domain, also "domain.local\host"): the machine is the part after the
  // last backslash; the NetBIOS domain is not a DNS domain, so it is not kept.
  const bs = name.lastIndexOf('\\');
  if (bs !== -1) {
    name = name.slice(bs + 1);
    if (name === '' || isPlaceholder(name)) return undefined;
  }
  if (name.length > MAX_NAME) return undefined;

  let firstDot = -1;
  let labelLen = 0;
  let hasAlnum = false;
  let masked = true; // only x . - _ so far: an anonymised value ("xx-xx-xxxxx.x.xxxx")
  let numeric = true; // only digits and dots so far: an IP or a mangled one ("10.1.2")
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 46 /* . */) {
      if (labelLen === 0) return undefined; // empty label
      if (firstDot === -1) firstDot = i;
      labelLen = 0;
      continue;
    }
    if (c >= 97 && c <= 122) {
      hasAlnum = true;
      numeric = false;
      if (c !== 120 /* x */) masked = false;
    } else if (c >= 48 && c <= 57) {
      hasAlnum = true;
      masked = false;
    } else if (c === 45 /* - */ || c === 95 /* _ */) {
      numeric = false;
    } else if (c === 58 /* : */ || c === 91 /* [ */ || c === 37 /* % */ || c === 47 /* / */) {
      // Never in a host name: an IPv6 address, a bracketed or zoned address, or CIDR notation.
      return ipName(display, name);
    } else {
      return undefined; // space, @, $, #, non-ASCII...
    }
    if (++labelLen > MAX_LABEL) return undefined;
  }
  // Digits and dots are an IP or a mangled one, never a host; digits alone ("12345") are a legal name.
  if (numeric && firstDot !== -1) return ipName(display, name);
  if (!hasAlnum || masked) return undefined;

  if (firstDot === -1) return { display, host: name, isIp: false };
  const host = name.slice(0, firstDot);
  if (isPlaceholder(host)) return undefined;
  return { display, host, domain: name.slice(firstDot + 1), fqdn: name, isIp: false };
}

function ipName(display: string, name: string): HostName | undefined {
  const ip = normalizeIp(name);
  return ip === undefined ? undefined : { display, host: ip, isIp: true };
}

/** The short host name, or undefined when there is none (invalid, placeholder, or an IP used as name). */
export function shortHostName(input: string | null | undefined): string | undefined {
  const h = parseHostName(input);
  return h === undefined || h.isIp ? undefined : h.host;
}
