import { csvLine } from '../../util/csv-write.js';
import type { ExportFile, ExportFormat, Rendered } from '../format.js';
import { prettyJson } from '../format.js';
import { buildIrePayloads } from '../servicenow/ire.js';
import { ReferenceResolver } from '../servicenow/references.js';
import { DELETES_FILE, readme, relationshipDeletes, TASKS_FILE, verificationTasks } from '../side-files.js';

export const UNRESOLVED_FILE = 'references-unresolved.csv';

export const servicenowIre: ExportFormat = {
  id: 'servicenow-ire',
  description: 'ServiceNow Identification and Reconciliation API payloads (JSON), in batches',
  render(items, plan, ctx): Rendered {
    const batches = buildIrePayloads(plan, {
      dataSource: ctx.dataSource,
      batchSize: ctx.batchSize,
      recordedAt: ctx.recordedAt,
      refs: new ReferenceResolver(ctx.references),
    });
    const width = Math.max(4, String(batches.length).length);
    const files: ExportFile[] = [];
    const unresolved: string[] = [
      csvLine(['payload', 'internal_id', 'className', 'field', 'table', 'display_value', 'items']),
    ];
    let unresolvedCount = 0;
    batches.forEach((b, i) => {
      const name = `ire/payload-${String(i + 1).padStart(width, '0')}.json`;
      files.push({ path: name, content: prettyJson(b.payload) });
      for (const u of b.unresolved) {
        unresolved.push(
          csvLine([name, u.internalId, u.className, u.field, u.table, u.display, u.items.join(' ')]),
        );
        unresolvedCount++;
      }
    });
    const warnings: string[] = [];
    if (unresolvedCount > 0) {
      files.push({ path: UNRESOLVED_FILE, content: unresolved.join('') });
      warnings.push(
        `${unresolvedCount} reference value(s) (owner, support group, location, manufacturer, model) are display names without a sys_id: over REST the IRE takes sys_ids, so they are left out of the payloads and listed in ${UNRESOLVED_FILE}; export again with --references FILE to include them`,
      );
    }
    const deletes = relationshipDeletes(plan.relations);
    if (deletes) {
      files.push(deletes);
      warnings.push(
        `the IRE cannot delete relationships: ${deletes.content.toString().split('\r\n').length - 2} deletion(s) are in ${DELETES_FILE} for the Table API`,
      );
    }
    const tasks = verificationTasks(plan);
    if (tasks) files.push(tasks);
    if (items.some((it) => it.kind === 'merge_duplicates'))
      warnings.push(
        'merged duplicates are identified by name and serial; duplicates that share both can come back as MULTI_MATCH: preview with /identifyreconcile/query first',
      );
    files.push(
      readme([
        `ServiceNow IRE payloads: changeset "${ctx.doc.name}" (${ctx.doc.ref}), revision ${ctx.doc.revision}, content hash ${ctx.doc.contentHash ?? ''}.`,
        '',
        `Send each ire/payload-NNNN.json, in order, as the body of`,
        `  POST /api/now/identifyreconcile?sysparm_data_source=${encodeURIComponent(ctx.dataSource)}`,
        `with Content-Type and Accept application/json, as a user with the itil or asset role. Preview each`,
        `payload first with POST /api/now/identifyreconcile/query (same parameters): it returns the operation`,
        `per item without committing anything.`,
        '',
        `"${ctx.dataSource}" is the source_name of every item: it must be a choice value of the discovery_source`,
        `field of cmdb_ci, with reconciliation rules for it, or the IRE parks the payloads as incomplete.`,
        `(Set it with: cmdbw config WORKSPACE servicenow.data_source NAME, or --data-source.)`,
        '',
        'A 200 response can still carry errors: check errorCount and errors of every item and relation, and',
        'treat MULTI_MATCH, INSERT_AS_INCOMPLETE, INSERT_AS_PARTIAL and sysId "Unknown" as failures.',
        '',
        'Existing CIs are identified by their name and serial number exactly as the CMDB holds them; no payload',
        'carries a sys_id in values. A CI and the relations it is the parent of travel in the same payload.',
        `Reference fields carry sys_ids only when a reference map resolved them; the others are in ${UNRESOLVED_FILE}.`,
        `Relationship deletions (IRE cannot delete): ${DELETES_FILE}, one DELETE /api/now/table/cmdb_rel_ci/{sys_id}`,
        'per row; rows without a sys_id name the relationship by parent, child and type.',
        `Verification tasks (no CMDB write, work for people): ${TASKS_FILE}.`,
        'The inverse/ directory holds the plan that undoes this one, in the same form.',
      ]),
    );
    return {
      files,
      warnings,
      unsupported: [],
      counts: {
        payloads: batches.length,
        ciItems: batches.reduce((n, b) => n + b.payload.items.length, 0),
        relations: batches.reduce((n, b) => n + b.payload.relations.length, 0),
        unresolvedReferences: unresolvedCount,
        relationshipDeletes: plan.relations.filter((r) => r.op === 'delete').length,
        verificationTasks: plan.verifications.length,
      },
    };
  },
};
