/**
 * Timestamps as ISO 8601 UTC with whole seconds (`YYYY-MM-DDTHH:MM:SSZ`), so they sort and compare as
 * strings. Components are validated strictly before use: `Date` silently rolls 2022-21-09 into 2023 and
 * Feb 30 into March, and those values do occur in real exports.
 *
 * Choices:
 * - No offset means UTC (ServiceNow exports `2026-04-24 00:00:00` in UTC; GLPI and nmap write local time
 *   without a zone, which cannot be recovered, and UTC is the least surprising reading).
 * - Fractional seconds are truncated, not rounded.
 * - Leap seconds (:60) and 24:00 are rejected.
 * - `MM/DD/YYYY` vs `DD/MM/YYYY` is ambiguous (BIOS dates are US order, GLPI install dates are European
 *   order): accepted only when one part is > 12 or both parts are equal. `DD.MM.YYYY` (German) and
 *   `YYYY/MM/DD` are unambiguous and accepted.
 * - Epoch numbers: seconds in [1e9, 1e11) (2001..5138), milliseconds in [1e12, 1e14); anything else is
 *   refused, so a stray count or size is never read as a date.
 * - The weekday of ctime-style text (nmap `Sat Nov  1 00:00:00 2026`) is ignored: it is redundant, and
 *   the date fields are what is validated.
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const SLASH_DMY = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i;
const SLASH_YMD = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const CTIME =
  /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+([a-z]{3})[a-z]*\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})$/i;
const RFC2822 =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|UTC|GMT|[+-]\d{4})?$/i;
const NUMERIC = /^\d+(?:\.\d+)?$/;

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['apr', 4],
  ['may', 5],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sep', 9],
  ['oct', 10],
  ['nov', 11],
  ['dec', 12],
]);

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

function formatMs(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (y < 1000 || y > 9999) return undefined;
  return `${y}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}Z`;
}

/** Validated components (offset in minutes east of UTC) to ISO text, or undefined when impossible. */
function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  offsetMin: number,
): string | undefined {
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  // Already UTC (the common case): the validated fields are the answer, no Date round trip.
  if (offsetMin === 0) return `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}Z`;
  return formatMs(Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60000);
}

function fromEpoch(n: number): string | undefined {
  if (n >= 1e9 && n < 1e11) return formatMs(Math.floor(n) * 1000);
  if (n >= 1e12 && n < 1e14) return formatMs(Math.floor(n / 1000) * 1000);
  return undefined;
}

function parseOffset(z: string | undefined): number | undefined {
  if (z === undefined) return 0;
  const c = z.charCodeAt(0);
  if (c !== 43 && c !== 45) return 0; // Z, UTC, GMT
  const digits = z.replace(':', '');
  const h = Number(digits.slice(1, 3));
  const m = digits.length > 3 ? Number(digits.slice(3, 5)) : 0;
  if (h > 14 || m > 59) return undefined;
  return (c === 45 ? -1 : 1) * (h * 60 + m);
}

function num(s: string | undefined): number {
  return s === undefined ? 0 : Number(s);
}

/** To 24-hour clock; undefined for impossible 12-hour times ("13:00 PM", "0:00 AM"). */
function hour24(h: number, ampm: string | undefined): number | undefined {
  if (ampm === undefined) return h;
  if (h < 1 || h > 12) return undefined;
  const pm = ampm.toLowerCase() === 'pm';
  return (h % 12) + (pm ? 12 : 0);
}

/** The value of the two digits at s[i], s[i + 1]; -1 when either is not a digit. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Not of the shape fastIso reads: the general parser decides. */
const NOT_FAST = '';

/**
 * `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DDTHH:MM:SS` and the same with `Z` (what ServiceNow, and most exports,
 * write): the ISO rule below without a regex or a Date. The answer is the input's own digits, validated
 * as build() does; the input itself when it is already canonical. NOT_FAST for any other shape.
 */
function fastIso(s: string): string | undefined {
  const len = s.length;
  if (len !== 19 && len !== 20) return NOT_FAST;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return NOT_FAST;
  const t = s.charCodeAt(10);
  if (t !== 32 && t !== 84 && t !== 116) return NOT_FAST; // ' ', 'T', 't'
  const z = len === 20 ? s.charCodeAt(19) : 0;
  if (z !== 0 && z !== 90 && z !== 122) return NOT_FAST; // 'Z', 'z'
  const y1 = twoDigits(s, 0);
  const y2 = twoDigits(s, 2);
  const mo = twoDigits(s, 5);
  const d = twoDigits(s, 8);
  const h = twoDigits(s, 11);
  const mi = twoDigits(s, 14);
  const sec = twoDigits(s, 17);
  if (y1 < 0 || y2 < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return NOT_FAST;
  const y = y1 * 100 + y2;
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  if (t === 84 && z === 90) return s;
  return `${s.slice(0, 10)}T${s.slice(11, 19)}Z`;
}

/** ISO 8601 UTC `YYYY-MM-DDTHH:MM:SSZ`, or undefined for unparseable or impossible input. */
export function normalizeTimestamp(input: string | number | null | undefined): string | undefined {
  if (input == null) return undefined;
  if (typeof input === 'number') return fromEpoch(input);
  const s = input.trim();
  if (s === '') return undefined;
  const fast = fastIso(s);
  if (fast !== NOT_FAST) return fast;

  let m = ISO.exec(s);
  if (m) {
    const off = parseOffset(m[7]);
    if (off === undefined) return undefined;
    return build(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), off);
  }
  if (NUMERIC.test(s)) return fromEpoch(Number(s));

  m = SLASH_DMY.exec(s);
  if (m) {
    const a = num(m[1]);
    const b = num(m[3]);
    let day: number;
    let month: number;
    if (m[2] === '.') {
      day = a;
      month = b;
    } else if (a > 12 && b <= 12) {
      day = a;
      month = b;
    } else if (b > 12 && a <= 12) {
      day = b;
      month = a;
    } else if (a === b) {
      day = a;
      month = a;
    } else {
      return undefined; // both orders plausible
    }
    const h = hour24(num(m[5]), m[8]);
    if (h === undefined) return undefined;
    return build(num(m[4]), month, day, h, num(m[6]), num(m[7]), 0);
  }
  m = SLASH_YMD.exec(s);
  if (m) return build(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), 0);

  m = CTIME.exec(s);
  if (m) {
    const month = MONTHS.get((m[1] as string).toLowerCase());
    if (month === undefined) return undefined;
    return build(num(m[6]), month, num(m[2]), num(m[3]), num(m[4]), num(m[5]), 0);
  }
  m = RFC2822.exec(s);
  if (m) {
    const month = MONTHS.get((m[2] as string).toLowerCase());
    const off = parseOffset(m[7]);
    if (month === undefined || off === undefined) return undefined;
    return build(num(m[3]), month, num(m[1]), num(m[4]), num(m[5]), num(m[6]), off);
  }
  return undefined;
}
