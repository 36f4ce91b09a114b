import { csvLine } from '../util/csv-write.js';
import type { CompiledPlan, RelationChange } from './compile.js';
import type { ExportFile } from './format.js';

/**
 * Files every push-back export carries beside its payloads: the relationship deletions no bulk-load format
 * can express, and the verification tasks that are work for people, not CMDB writes. Machine CSV (RFC 4180,
 * CRLF, no formula escaping): the human-facing view of a changeset is `cmdbw changeset report`.
 */

export const DELETES_FILE = 'cmdb_rel_ci-delete.csv';
export const TASKS_FILE = 'verification-tasks.csv';
export const UNSUPPORTED_FILE = 'unsupported.csv';

export function relationshipDeletes(relations: readonly RelationChange[]): ExportFile | null {
  const deletes = relations.filter((r) => r.op === 'delete');
  if (deletes.length === 0) return null;
  const lines = [
    csvLine(['sys_id', 'type', 'parent_sys_id', 'parent_name', 'child_sys_id', 'child_name', 'items']),
  ];
  for (const r of deletes)
    lines.push(
      csvLine([
        r.relationship ?? '',
        r.type,
        r.parent.record?.key ?? '',
        r.parent.name ?? '',
        r.child.record?.key ?? '',
        r.child.name ?? '',
        r.items.join(' '),
      ]),
    );
  return { path: DELETES_FILE, content: lines.join('') };
}

export function verificationTasks(plan: CompiledPlan): ExportFile | null {
  if (plan.verifications.length === 0) return null;
  const lines = [csvLine(['item', 'class', 'source', 'key', 'name', 'reason', 'check'])];
  for (const v of plan.verifications)
    lines.push(
      csvLine([
        v.seq,
        v.ci.className,
        v.ci.record?.source ?? '',
        v.ci.record?.key ?? '',
        v.ci.name ?? '',
        v.reason,
        v.check,
      ]),
    );
  return { path: TASKS_FILE, content: lines.join('') };
}

export function unsupportedList(unsupported: readonly { seq: number; reason: string }[]): ExportFile | null {
  if (unsupported.length === 0) return null;
  const lines = [csvLine(['item', 'reason'])];
  for (const u of unsupported) lines.push(csvLine([u.seq, u.reason]));
  return { path: UNSUPPORTED_FILE, content: lines.join('') };
}

/** Plain-text instructions; LF line ends like every text file of an export except the CSVs. */
export function readme(lines: readonly string[]): ExportFile {
  return { path: 'README.txt', content: `${lines.join('\n')}\n` };
}
