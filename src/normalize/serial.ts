/**
 * Hardware serial numbers: canonical text for equality matching, and detection of the placeholder values
 * that firmware, agents and CMDB clerks put where a serial should be. A placeholder shared by thousands
 * of machines must never make two of them "the same", so it normalises to undefined.
 */
import { hasVmwarePrefix, hexDigits32, VMWARE_PREFIX_LENGTH } from './hex.js';

const WHITESPACE_RUN = /\s+/g;

/**
 * Placeholders, compared on a key made of upper-case letters and digits only, so case, spacing and
 * punctuation do not matter ("To be filled by O.E.M." = "TO BE FILLED BY OEM" = "$(DEFAULT_STRING)"...).
 * Sources: DMI/SMBIOS defaults of AMI/Insyde/Phoenix BIOSes and board vendors, GLPI/OCS agents,
 * ServiceNow and spreadsheet fill-ins.
 */
const PLACEHOLDER_KEYS: ReadonlySet<string> = new Set([
  // BIOS vendor defaults
  'TOBEFILLEDBYOEM',
  'TOBEFILLED',
  'FILLEDBYOEM',
  'DEFAULTSTRING',
  'DEFAULT',
  'SYSTEMSERIALNUMBER',
  'CHASSISSERIALNUMBER',
  'BASEBOARDSERIALNUMBER',
  'BOARDSERIALNUMBER',
  'SYSTEMSN',
  'OEM',
  'OEMSERIAL',
  'OEMSERIALNUMBER',
  'SERIALNUMBER',
  'SERIALNUM',
  'SERIAL',
  'SN',
  'NOSERIAL',
  'NOSERIALNUMBER',
  'NOASSETINFORMATION',
  // "nothing here" in every spelling
  'NOTSPECIFIED',
  'UNSPECIFIED',
  'NOTAVAILABLE',
  'NOTAPPLICABLE',
  'NOTSET',
  'NOTDEFINED',
  'UNDEFINED',
  'NA',
  'NONE',
  'NULL',
  'NIL',
  'UNKNOWN',
  'UNKNOW',
  'INVALID',
  'EMPTY',
  'BLANK',
  'TBD',
  'TBA',
  'MISSING',
  'NOTHING',
]);

/** (length, first char) of every denylisted key: only values of such a shape need a key built. */
const KEY_SHAPES: ReadonlySet<number> = new Set(
  [...PLACEHOLDER_KEYS].map((k) => shape(k.length, k.charCodeAt(0))),
);

function shape(length: number, firstChar: number): number {
  return length * 128 + firstChar;
}

const NON_ALNUM = /[^A-Z0-9]+/g;

/**
 * The placeholder test, in one char scan over the letters and digits upper-cased (so case, spacing and
 * punctuation do not matter): no more than one of them ("-", ".", "[empty]", "0"); one character
 * repeated at least 3 times ("0000000000", "xxxxxxxx", "XXXX-XXXX": zero fills and masks); an
 * ascending digit run from 0 or 1 of at least 5 ("12345", "0123456789", "1234567890", 9 wraps to 0);
 * or a denylisted key. The key string is only built for values shaped like a denylisted key, so a real
 * serial costs no allocation here.
 */
function isPlaceholderText(text: string): boolean {
  let n = 0;
  let first = 0;
  let prev = 0;
  let repeated = true;
  let ascending = true;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    else if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) continue;
    if (n === 0) {
      first = c;
      ascending = c === 48 || c === 49;
    } else {
      if (c !== first) repeated = false;
      if (ascending && c !== prev + 1 && !(prev === 57 && c === 48)) ascending = false;
    }
    prev = c;
    n++;
  }
  if (n <= 1) return true;
  if (repeated && n >= 3) return true;
  if (ascending && n >= 5) return true;
  if (!KEY_SHAPES.has(shape(n, first))) return false;
  return PLACEHOLDER_KEYS.has(text.toUpperCase().replace(NON_ALNUM, ''));
}

/**
 * Whether the value is a placeholder rather than a serial (see isPlaceholderText for the rules, and the
 * denylist above). null and undefined count as placeholders.
 */
export function isPlaceholderSerial(input: string | null | undefined): boolean {
  return input == null || isPlaceholderText(input);
}

/**
 * Canonical serial: trimmed, inner whitespace collapsed to one space, upper case; undefined for a
 * placeholder. A VMware VM serial becomes `VMWARE-` + its 32 hex digits, so the spaced form printed by
 * dmidecode and the compact form some tools print compare equal.
 */
export function normalizeSerial(input: string | null | undefined): string | undefined {
  if (input == null) return undefined;
  const trimmed = input.trim();
  if (trimmed === '') return undefined;
  if (hasVmwarePrefix(trimmed)) {
    const hex = hexDigits32(trimmed, VMWARE_PREFIX_LENGTH, true);
    if (hex !== undefined) return 'VMWARE-' + hex;
  }
  if (isPlaceholderText(trimmed)) return undefined;
  return trimmed.toUpperCase().replace(WHITESPACE_RUN, ' ');
}
