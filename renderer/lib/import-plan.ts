/**
 * Import planning: the user picks any number of files at once; each is previewed, and files of one format
 * (and one source) become one batch. Pure helpers, unit-tested.
 */
import type { ImportPreview } from '../../src/api/contract.js';

export type FormatId = NonNullable<ImportPreview['format']>;

export const FORMATS: { id: FormatId; label: string; role: 'cmdb' | 'discovery'; source: string | null }[] = [
  { id: 'servicenow-ci', label: 'ServiceNow CMDB CIs', role: 'cmdb', source: 'servicenow' },
  {
    id: 'servicenow-rel',
    label: 'ServiceNow relationships (cmdb_rel_ci)',
    role: 'cmdb',
    source: 'servicenow',
  },
  { id: 'netbox', label: 'NetBox', role: 'cmdb', source: 'netbox' },
  { id: 'nmap-xml', label: 'nmap XML', role: 'discovery', source: 'nmap' },
  { id: 'rvtools-vinfo', label: 'RVTools vInfo', role: 'discovery', source: 'rvtools' },
  { id: 'glpi-inventory', label: 'GLPI agent inventory', role: 'discovery', source: 'glpi' },
  { id: 'aws-ec2', label: 'AWS EC2 describe-instances', role: 'discovery', source: 'aws' },
  { id: 'csv', label: 'Generic CSV (column mapping)', role: 'cmdb', source: null },
];

export const ENCODINGS = [
  { id: '', label: 'Detect automatically' },
  { id: 'utf-8', label: 'UTF-8' },
  { id: 'utf-16le', label: 'UTF-16 LE' },
  { id: 'utf-16be', label: 'UTF-16 BE' },
  { id: 'windows-1252', label: 'Windows-1252 (Western)' },
  { id: 'iso-8859-1', label: 'ISO-8859-1 (Latin-1)' },
];

export function formatLabel(id: string | undefined): string {
  return FORMATS.find((f) => f.id === id)?.label ?? (id || 'unknown format');
}

export function baseName(file: string): string {
  const b = file.split(/[\\/]/).pop() ?? file;
  return b;
}

/** A source name from a file name: lower case, letters, digits and dashes. */
export function sourceFromFileName(file: string): string {
  const stem = baseName(file).replace(/\.[^.]+$/, '');
  const s = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'source';
}

export function defaultSource(format: FormatId | undefined, file: string): string {
  const f = FORMATS.find((x) => x.id === format);
  return f?.source ?? sourceFromFileName(file);
}

export function defaultRole(format: FormatId | undefined): 'cmdb' | 'discovery' {
  return FORMATS.find((x) => x.id === format)?.role ?? 'discovery';
}

export interface PlannedFile {
  token: string;
  preview: ImportPreview;
}

export interface PlannedBatch {
  key: string;
  format: FormatId | undefined;
  source: string;
  role: 'cmdb' | 'discovery';
  encoding: string;
  files: PlannedFile[];
}

/**
 * Groups files into batches: one per (format, default source). Generic CSV files are never grouped (each
 * has its own columns and mapping); files whose format is unknown stay alone for the user to decide.
 */
export function planBatches(files: PlannedFile[]): PlannedBatch[] {
  const batches: PlannedBatch[] = [];
  const byKey = new Map<string, PlannedBatch>();
  for (const f of files) {
    const format = f.preview.format;
    const source = defaultSource(format, f.preview.file);
    const key = !format || format === 'csv' ? `single:${f.token}` : `${format}:${source}`;
    let b = byKey.get(key);
    if (!b) {
      b = { key, format, source, role: defaultRole(format), encoding: '', files: [] };
      byKey.set(key, b);
      batches.push(b);
    }
    b.files.push(f);
  }
  // CMDB first (what discovery is compared against), then discovery, each by source name.
  return batches.sort(
    (a, b) =>
      (a.role !== b.role ? (a.role === 'cmdb' ? -1 : 1) : a.source.localeCompare(b.source)) ||
      (a.format ?? '').localeCompare(b.format ?? ''),
  );
}

export function batchProblems(b: PlannedBatch, hasMapping: boolean): string[] {
  const p: string[] = [];
  if (!b.format) p.push('choose the format of this file');
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(b.source.trim()))
    p.push('the source name must be 1–64 letters, digits, spaces, dots, dashes or underscores');
  if (b.format === 'csv' && !hasMapping) p.push('generic CSV needs a column mapping');
  for (const f of b.files) if (f.preview.error) p.push(`${baseName(f.preview.file)}: ${f.preview.error}`);
  return p;
}
