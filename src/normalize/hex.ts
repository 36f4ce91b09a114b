/**
 * Internal: the 32-hex-digit scan shared by UUIDs and VMware serials. Not part of the public API (not
 * re-exported by index.ts).
 */

/** Char codes of the digits being collected; reused across calls (parsing is synchronous). */
const digitBuf: number[] = new Array<number>(32).fill(0);

/**
 * Exactly 32 hex digits in s[from..], skipping `-` and whitespace, in the requested case; undefined
 * otherwise. A char scan into a reused buffer and one String.fromCharCode: no regex, no intermediate
 * strings, and the caller gets the case it needs without a second pass.
 */
export function hexDigits32(s: string, from: number, upper: boolean): string | undefined {
  let n = 0;
  for (let i = from; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c === 45 /* - */ || c <= 32) continue;
    if (c >= 97 && c <= 102) {
      if (upper) c -= 32;
    } else if (c >= 65 && c <= 70) {
      if (!upper) c += 32;
    } else if (c < 48 || c > 57) return undefined;
    if (n === 32) return undefined;
    digitBuf[n++] = c;
  }
  return n === 32 ? String.fromCharCode.apply(null, digitBuf) : undefined;
}

/** Length of the `VMware-` prefix of VMware VM serial numbers. */
export const VMWARE_PREFIX_LENGTH = 7;

const VMWARE_LOWER = 'vmware-';

/** Whether s starts with `VMware-`, in any case (compared by char code: no string is built). */
export function hasVmwarePrefix(s: string): boolean {
  if (s.length <= VMWARE_PREFIX_LENGTH) return false;
  for (let i = 0; i < VMWARE_PREFIX_LENGTH; i++) {
    // OR 0x20 lower-cases an ASCII letter and leaves '-' (0x2d) as it is.
    if ((s.charCodeAt(i) | 0x20) !== VMWARE_LOWER.charCodeAt(i)) return false;
  }
  return true;
}
