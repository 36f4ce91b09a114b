/**
 * Hardware serial numbers: canonical text for equality matching, and detection of the placeholder values
 * that firmware, agents and CMDB clerks put where a serial should be. A placeholder shared by thousands
 * of machines must never make two of them "the same", so it normalises to undefined.
 */
import { hasVmwarePrefix, hexDigits32, VMWARE_PREFIX_LENGTH } from './hex.js';

const WHITESPACE_RUN = /\s+/g;
const NON_ALNUM = /[^A-Z0-9]+/g;

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

/** Ascending digit runs ("12345", "0123456789", "1234567890") are dummies, not serials. */
function isDigitSequence(key: string): boolean {
  if (key.length < 5) return false;
  const first = key.charCodeAt(0);
  if (first !== 48 && first !== 49) return false; // starts at 0 or 1
  for (let i = 1; i < key.length; i++) {
    const prev = key.charCodeAt(i - 1);
    const c = key.charCodeAt(i);
    if (!(c === prev + 1 || (prev === 57 && c === 48))) return false; // 9 wraps to 0
  }
  return true;
}

/**
 * One character repeated ("0000000000", "xxxxxxxx", "********"): zero-filled or masked, never a serial.
 * Checked on the alphanumeric key, so "XXXX-XXXX" counts too.
 */
function isRepeatedChar(key: string): boolean {
  const c = key.charCodeAt(0);
  for (let i = 1; i < key.length; i++) if (key.charCodeAt(i) !== c) return false;
  return true;
}

/**
 * Whether the value is a placeholder rather than a serial: empty or punctuation-only ("-", ".",
 * "[empty]"), a single character, one repeated character of length >= 3 (masks and zero fills), an
 * ascending digit run, or one of the denylisted defaults above.
 */
export function isPlaceholderSerial(input: string | null | undefined): boolean {
  return input == null || isPlaceholderUpper(input.toUpperCase());
}

function isPlaceholderUpper(upper: string): boolean {
  const key = upper.replace(NON_ALNUM, '');
  if (key.length <= 1) return true;
  if (PLACEHOLDER_KEYS.has(key)) return true;
  if (key.length >= 3 && isRepeatedChar(key)) return true;
  return isDigitSequence(key);
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
  const upper = trimmed.toUpperCase();
  if (isPlaceholderUpper(upper)) return undefined;
  return upper.replace(WHITESPACE_RUN, ' ');
}
