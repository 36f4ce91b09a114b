import { csvLine } from '../../util/csv-write.js';
import type { ExportFile, ExportFormat, Rendered } from '../format.js';
import { SN_FIELD_ORDER } from '../servicenow/fields.js';
import { serviceNowValues } from '../servicenow/values.js';
import { DELETES_FILE, readme, relationshipDeletes, TASKS_FILE, verificationTasks } from '../side-files.js';

/**
 * ServiceNow import-set CSV, one file per target class, for customers who load through their own transform
 * maps: a `sys_id` column to coalesce on (empty for new CIs, which are inserted), one column per field the
 * plan writes, reference fields as display names (the transform map resolves them), choice fields as codes,
 * and `cmdbw_item` naming the changeset items of each row. `NULL` clears a field (transform maps treat the
 * word as empty); an empty cell leaves the field as it is. Machine CSV: no formula escaping.
 */
export const CLEAR = 'NULL';

export const servicenowCsv: ExportFormat = {
  id: 'servicenow-csv',
  description: 'ServiceNow import-set CSV per target class (coalesce on sys_id), plus cmdb_rel_ci rows',
  render(_items, plan): Rendered {
    const byClass = new Map<string, { sysId: string; values: Record<string, string>; items: number[] }[]>();
    for (const c of plan.cis) {
      if (!c.create && Object.keys(c.set).length === 0) continue;
      const { values } = serviceNowValues(c, null);
      for (const [k, v] of Object.entries(values)) if (v === '') values[k] = CLEAR;
      const rows = byClass.get(c.ci.className) ?? [];
      rows.push({ sysId: c.ci.record?.key ?? '', values, items: c.items });
      byClass.set(c.ci.className, rows);
    }
    const files: ExportFile[] = [];
    for (const cls of [...byClass.keys()].sort()) {
      const rows = byClass.get(cls)!;
      const fields = columnsOf(rows.map((r) => r.values));
      const lines = [csvLine(['sys_id', ...fields, 'cmdbw_item'])];
      for (const r of rows)
        lines.push(csvLine([r.sysId, ...fields.map((f) => r.values[f] ?? ''), r.items.join(' ')]));
      files.push({ path: `import-set/${cls}.csv`, content: lines.join('') });
    }
    const adds = plan.relations.filter((r) => r.op === 'add');
    if (adds.length > 0) {
      const lines = [csvLine(['parent', 'type', 'child', 'parent_name', 'child_name', 'cmdbw_item'])];
      for (const r of adds)
        lines.push(
          csvLine([
            r.parent.record?.key ?? r.parent.name ?? '',
            r.type,
            r.child.record?.key ?? r.child.name ?? '',
            r.parent.name ?? '',
            r.child.name ?? '',
            r.items.join(' '),
          ]),
        );
      files.push({ path: 'import-set/cmdb_rel_ci.csv', content: lines.join('') });
    }
    const deletes = relationshipDeletes(plan.relations);
    if (deletes) files.push(deletes);
    const tasks = verificationTasks(plan);
    if (tasks) files.push(tasks);
    files.push(
      readme([
        'ServiceNow import-set CSV files, one per target class (import-set/<class>.csv).',
        '',
        'Load each file into a staging table (Load Data, or POST /api/now/import/{staging_table}/insertMultiple) and',
        'transform it with a map onto the class named by the file, coalescing on sys_id: rows with a sys_id update',
        'that CI, rows without one insert a new CI. Columns are cmdb_ci field names; map them one to one.',
        `Reference fields (owned_by, support_group, location, manufacturer, model_id, company) hold display names:`,
        `set each field map's "Referenced value field name" to name. install_status and operational_status hold`,
        `choice codes. A cell ${CLEAR} clears the field; an empty cell leaves it unchanged (keep "Copy empty fields" off).`,
        'cmdbw_item names the changeset items a row carries; leave it unmapped.',
        '',
        'import-set/cmdb_rel_ci.csv: relationships to insert into cmdb_rel_ci (parent, type, child). parent and child',
        'are sys_ids for CIs already in the CMDB and names for CIs this export creates: load it after the CI files.',
        `${DELETES_FILE}: relationships to delete (DELETE /api/now/table/cmdb_rel_ci/{sys_id}); rows without a sys_id`,
        'name the relationship by parent, child and type.',
        `${TASKS_FILE}: verification tasks for people (no CMDB write).`,
        'The inverse/ directory holds the plan that undoes this one, in the same form.',
      ]),
    );
    return {
      files,
      warnings: [],
      unsupported: [],
      counts: {
        classes: byClass.size,
        rows: [...byClass.values()].reduce((n, r) => n + r.length, 0),
        relationshipInserts: adds.length,
        relationshipDeletes: plan.relations.length - adds.length,
        verificationTasks: plan.verifications.length,
      },
    };
  },
};

/** Columns in the documented field order, then any other field alphabetically. */
function columnsOf(rows: readonly Record<string, string>[]): string[] {
  const present = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) present.add(k);
  const ordered = SN_FIELD_ORDER.filter((f) => present.has(f));
  const rest = [...present].filter((f) => !SN_FIELD_ORDER.includes(f)).sort();
  return [...ordered, ...rest];
}
