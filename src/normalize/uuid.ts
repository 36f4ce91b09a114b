/**
 * SMBIOS / VM UUIDs as 32 lower-case hex digits, plus the two ways one UUID is printed differently by
 * different tools: the VMware serial number form and the byte-swapped first three fields.
 *
 * Byte order: SMBIOS 2.6+ stores the first three fields little-endian. dmidecode, Windows (WMI
 * Win32_ComputerSystemProduct) and GLPI decode them as such, while vCenter's `config.uuid`, older SMBIOS
 * readers and some BMCs print the raw bytes. So the same VM can show `421a2b3c-4d5e-6f70-...` in vCenter
 * and `3c2b1a42-5e4d-706f-...` inside the guest. uuidMatchKey gives both the same key.
 */
import { hasVmwarePrefix, hexDigits32, VMWARE_PREFIX_LENGTH } from './hex.js';

/**
 * UUIDs that many machines share, so they identify nothing. 03000200-0400-0500-0006-000700080009 (raw
 * bytes 00 02 00 03 ... 00 09) is the "To be filled by O.E.M." of UUIDs, left in countless Gigabyte,
 * ASRock and white-box boards whose vendor never set one; both byte orders are listed. Plus, by rule, any
 * UUID of one repeated digit (all-zero, all-F, 1111...).
 */
const SHARED_UUIDS: ReadonlySet<string> = new Set([
  '03000200040005000006000700080009',
  '00020003000400050006000700080009',
]);

function isRepeatedDigit(hex: string): boolean {
  const c = hex.charCodeAt(0);
  for (let i = 1; i < hex.length; i++) if (hex.charCodeAt(i) !== c) return false;
  return true;
}

/**
 * 32 lower-case hex digits, from hyphenated, `{braced}`, `urn:uuid:`, upper/lower case, space-separated
 * pairs, or a VMware serial (`VMware-42 1a ... 70-81 92 ...`). Undefined for anything else, and for
 * values that cannot identify a machine: masked (`xxxxxxxx-...`, anonymised exports), all-zero, all-F
 * and the well-known shared firmware UUIDs above.
 * The byte order is kept as given; compare with uuidMatchKey to ignore it.
 */
export function normalizeUuid(input: string | null | undefined): string | undefined {
  if (input == null) return undefined;
  let s = input.trim();
  if (s === '') return undefined;
  let hex: string | undefined;
  if (hasVmwarePrefix(s)) {
    hex = hexDigits32(s, VMWARE_PREFIX_LENGTH, false);
  } else {
    if (s.charCodeAt(0) === 123 /* { */ && s.charCodeAt(s.length - 1) === 125 /* } */) s = s.slice(1, -1);
    else if (s.length > 9 && s.slice(0, 9).toLowerCase() === 'urn:uuid:') s = s.slice(9);
    hex = hexDigits32(s, 0, false);
  }
  if (hex === undefined || isRepeatedDigit(hex) || SHARED_UUIDS.has(hex)) return undefined;
  return hex;
}

/**
 * The UUID inside a VMware VM serial number (`VMware-42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8`,
 * also printed without spaces), as 32 lower-case hex digits; undefined when it is not one.
 */
export function uuidFromVmwareSerial(serial: string): string | undefined {
  const s = serial.trim();
  return hasVmwarePrefix(s) ? hexDigits32(s, VMWARE_PREFIX_LENGTH, false) : undefined;
}

const HEX32 = /^[0-9a-f]{32}$/;

function requireHex32(hex32: string): string {
  let h = hex32;
  if (!HEX32.test(h)) {
    h = h.replace(/-/g, '').toLowerCase();
    if (!HEX32.test(h)) throw new RangeError(`not a 32-digit hex UUID: ${hex32}`);
  }
  return h;
}

/**
 * The serial number VMware gives a VM with this BIOS UUID (raw byte order, as vCenter's config.uuid):
 * `VMware-` then the first 8 bytes as spaced hex pairs, `-`, then the last 8.
 * Throws RangeError when the argument is not a UUID (a caller bug: pass normalizeUuid output).
 */
export function vmwareSerialFromUuid(hex32: string): string {
  const h = requireHex32(hex32);
  let out = 'VMware-';
  for (let i = 0; i < 32; i += 2) {
    if (i === 16) out += '-';
    else if (i > 0) out += ' ';
    out += h.slice(i, i + 2);
  }
  return out;
}

/**
 * Reverses the byte order of the first three fields (4, 2 and 2 bytes): converts between the
 * little-endian (SMBIOS 2.6+) and raw presentations of one BIOS UUID. Its own inverse.
 */
export function swapUuidByteOrder(hex32: string): string {
  const h = requireHex32(hex32);
  return (
    h.slice(6, 8) +
    h.slice(4, 6) +
    h.slice(2, 4) +
    h.slice(0, 2) +
    h.slice(10, 12) +
    h.slice(8, 10) +
    h.slice(14, 16) +
    h.slice(12, 14) +
    h.slice(16)
  );
}

/**
 * A key equal for a UUID and its byte-swapped twin: the lexicographically smaller of the two.
 * Accidental collisions need a second, different machine whose UUID is exactly the swap of the first;
 * with random (v4) or vendor-assigned UUIDs that does not happen in practice.
 */
export function uuidMatchKey(hex32: string): string {
  const h = requireHex32(hex32);
  const swapped = swapUuidByteOrder(h);
  return swapped < h ? swapped : h;
}
