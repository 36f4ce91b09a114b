/** Display formatting shared by every screen (pure; unit-tested in test/renderer/). */

const intFmt = new Intl.NumberFormat('en-US');

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '—' : intFmt.format(n);
}

export function formatPercent(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return `${(x * 100).toFixed(digits)}%`;
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m} min ${s} s`;
}

/** ISO timestamp → "2026-11-23 17:40" in local time (a data tool shows exact times, not "3 days ago"). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  if (s < 86_400 * 45) return `${Math.round(s / 86_400)} d ago`;
  return formatDateTime(iso);
}

/** A value from a golden record or a source (string, number, array, object) as one line of text. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (Array.isArray(v)) return v.map(formatValue).filter(Boolean).join(', ');
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  }
  return String(v);
}

/** snake_case / kebab-case identifiers → "Sentence case" labels. */
export function humanize(id: string): string {
  const s = id.replace(/[_-]+/g, ' ').trim();
  const fixed = s
    .replace(/\bip\b/gi, 'IP')
    .replace(/\bos\b/gi, 'OS')
    .replace(/\bcmdb\b/gi, 'CMDB')
    .replace(/\bci\b/gi, 'CI')
    .replace(/\bmac\b/gi, 'MAC')
    .replace(/\bcpu\b/gi, 'CPU')
    .replace(/\bram mb\b/gi, 'RAM (MB)')
    .replace(/\buuid\b/gi, 'UUID')
    .replace(/\bfqdn\b/gi, 'FQDN');
  return fixed.charAt(0).toUpperCase() + fixed.slice(1);
}

export const SEVERITY_ORDER = ['high', 'medium', 'low', 'info'] as const;

export function severityRank(s: string): number {
  const i = (SEVERITY_ORDER as readonly string[]).indexOf(s);
  return i < 0 ? SEVERITY_ORDER.length : i;
}

export function pluralize(n: number, one: string, many = `${one}s`): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}
