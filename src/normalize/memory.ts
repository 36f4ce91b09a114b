/**
 * Memory sizes as integer megabytes (MiB), from whatever notation a source uses, and a tolerant
 * comparison, because an OS reports less than the installed DIMMs (firmware and kernel reservations).
 *
 * Units are binary throughout: "16 GB" of RAM is 16384 MB in every inventory and CMDB we read; nobody
 * means 16 * 10^9 bytes. "GiB"/"MiB" are accepted as the same thing. French agents (GLPI, OCS) write
 * "Go"/"Mo"/"Ko" (octets), also accepted.
 */

export type MemoryUnit = 'B' | 'KB' | 'MB' | 'GB';

/** MB per unit. */
const UNIT_MB: ReadonlyMap<string, number> = new Map([
  ['b', 1 / 1048576],
  ['byte', 1 / 1048576],
  ['bytes', 1 / 1048576],
  ['o', 1 / 1048576],
  ['octets', 1 / 1048576],
  ['k', 1 / 1024],
  ['kb', 1 / 1024],
  ['kib', 1 / 1024],
  ['ko', 1 / 1024],
  ['kbytes', 1 / 1024],
  ['kilobytes', 1 / 1024],
  ['m', 1],
  ['mb', 1],
  ['mib', 1],
  ['mo', 1],
  ['mbytes', 1],
  ['megabytes', 1],
  ['g', 1024],
  ['gb', 1024],
  ['gib', 1024],
  ['go', 1024],
  ['gbytes', 1024],
  ['gigabytes', 1024],
  ['t', 1048576],
  ['tb', 1048576],
  ['tib', 1048576],
  ['to', 1048576],
  ['tbytes', 1048576],
  ['terabytes', 1048576],
]);

const DEFAULT_MB: Record<MemoryUnit, number> = { B: 1 / 1048576, KB: 1 / 1024, MB: 1, GB: 1024 };

/** A number (digits with `.`/`,` and digit-group spaces or apostrophes) then an optional unit word. */
const NUMBER_UNIT = /^([0-9][0-9.,' \u00a0\u202f]*?)\s*([a-z]*)$/i;
const GROUPED_BY_SPACE = /^\d{1,3}(?:[' \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/;
const HAS_GROUP_SPACE = /[' \u00a0\u202f]/;
const GROUP_SPACES = /[' \u00a0\u202f]/g;
const PLAIN = /^\d+$/;
const THOUSANDS = /^\d{1,3}(?:[.,]\d{3})+$/;

/**
 * Reads a decimal number that may carry thousands separators. The rule for a lone `.` or `,`:
 * - both `.` and `,` present: the last one is the decimal point ("1,536.5", "1.536,5");
 * - one kind, several times: thousands ("1,048,576", "1.048.576");
 * - once, followed by exactly three digits: thousands when the unit is B/KB/MB ("16,384 MB",
 *   "16.384 MB" European style), because memory is never reported in fractions of a megabyte; with
 *   GB/TB, `,` is still thousands ("16,384 GB") but `.` is a decimal point ("15.625 GB");
 * - otherwise a decimal point ("1.5 TB", "15,6 Go").
 */
function readNumber(text: string, integralUnit: boolean): number | undefined {
  let t = text;
  if (PLAIN.test(t)) return Number(t);
  if (HAS_GROUP_SPACE.test(t)) {
    if (!GROUPED_BY_SPACE.test(t)) return undefined;
    t = t.replace(GROUP_SPACES, '');
    if (PLAIN.test(t)) return Number(t);
  }
  const dot = t.lastIndexOf('.');
  const comma = t.lastIndexOf(',');
  if (dot !== -1 && comma !== -1) {
    const decimal = dot > comma ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    const cut = Math.max(dot, comma);
    const intPart = t.slice(0, cut);
    if (!THOUSANDS.test(intPart) || intPart.indexOf(decimal) !== -1) return undefined;
    const frac = t.slice(cut + 1);
    if (!PLAIN.test(frac)) return undefined;
    return Number(intPart.split(thousands).join('') + '.' + frac);
  }
  const sep = dot !== -1 ? '.' : ',';
  const first = t.indexOf(sep);
  if (first !== t.lastIndexOf(sep)) {
    return THOUSANDS.test(t) ? Number(t.split(sep).join('')) : undefined;
  }
  const intPart = t.slice(0, first);
  const frac = t.slice(first + 1);
  if (!PLAIN.test(intPart) || !PLAIN.test(frac)) return undefined;
  if (frac.length === 3 && intPart.length <= 3 && (integralUnit || sep === ','))
    return Number(intPart + frac);
  return Number(intPart + '.' + frac);
}

/**
 * Integer megabytes, or undefined for invalid, negative or zero input. Zero is treated as "not
 * recorded": CMDB exports write 0 for an empty RAM field, and no running machine has 0 MB.
 * A bare number is in defaultUnit (MB unless the source says otherwise, e.g. 'KB' for /proc/meminfo,
 * 'B' for cloud APIs).
 */
export function parseMemoryMb(
  input: string | number | null | undefined,
  defaultUnit: MemoryUnit = 'MB',
): number | undefined {
  if (input == null) return undefined;
  let mb: number;
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return undefined;
    mb = input * DEFAULT_MB[defaultUnit];
  } else if (PLAIN.test(input)) {
    // The common case, a bare integer in the default unit, without the general regex.
    mb = Number(input) * DEFAULT_MB[defaultUnit];
  } else {
    const m = NUMBER_UNIT.exec(input.trim());
    if (!m) return undefined;
    const unitText = (m[2] as string).toLowerCase();
    const perUnit = unitText === '' ? DEFAULT_MB[defaultUnit] : UNIT_MB.get(unitText);
    if (perUnit === undefined) return undefined;
    const value = readNumber((m[1] as string).trimEnd(), perUnit <= 1);
    if (value === undefined || !Number.isFinite(value)) return undefined;
    mb = value * perUnit;
  }
  const rounded = Math.round(mb);
  return rounded > 0 ? rounded : undefined;
}

/**
 * Equal within a relative tolerance of the larger value (3% by default): an OS shows 7908 MB of 8 GB
 * installed or 16000 of 16384, while a real difference (8 vs 16 GB) is far outside it.
 */
export function sameMemory(aMb: number, bMb: number, tolerance = 0.03): boolean {
  if (!Number.isFinite(aMb) || !Number.isFinite(bMb)) return false;
  if (aMb === bMb) return true;
  return Math.abs(aMb - bMb) <= tolerance * Math.max(Math.abs(aMb), Math.abs(bMb));
}
