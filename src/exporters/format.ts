import type { ChangesetDocument } from '../changesets/document.js';
import type { ChangesetItem } from '../changesets/model.js';
import type { Problem } from '../changesets/validate.js';
import type { CompiledPlan } from './compile.js';
import type { ReferenceMap } from './servicenow/references.js';

/** A file of an export, by path relative to the export directory (always with forward slashes). */
export interface ExportFile {
  path: string;
  content: string | Buffer;
}

/** Everything a format renders from besides the plan; nothing here may depend on the wall clock. */
export interface RenderContext {
  doc: ChangesetDocument;
  /** ServiceNow discovery_source choice the payloads carry (IRE sysparm_data_source / source_name). */
  dataSource: string;
  batchSize: number;
  references: ReferenceMap;
  itopOrganization: string | null;
  /** The time written where a format needs one and no observed time is known: the approval time. */
  recordedAt: string;
}

export interface Rendered {
  files: ExportFile[];
  warnings: string[];
  /** Items (or parts of items) the format cannot express, with the reason. */
  unsupported: { seq: number; reason: string }[];
  counts: Record<string, number>;
}

export interface ExportFormat {
  id: string;
  description: string;
  render(items: readonly ChangesetItem[], plan: CompiledPlan, ctx: RenderContext): Rendered;
  /** What the target itself requires of an item (validation with --format). */
  check?(item: ChangesetItem, ctx: RenderContext): Problem[];
}

/** JSON with keys sorted at every level, indented: readable payloads that do not depend on insertion order. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = sortKeys(v);
  }
  return out;
}
