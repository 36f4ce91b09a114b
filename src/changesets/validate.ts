import { effectiveProposal, needsValue } from './effective.js';
import { mergeSteps } from './merge-plan.js';
import { type ChangesetItem, type CiRef, isIncluded, type ProposalByKind } from './model.js';
import { describeWrite, recordKey, writesOf } from './writes.js';

/**
 * Validation before export (a dry run): what would go wrong if the items were applied. Problems are listed
 * per item; errors stop approval and export, warnings are reported.
 * - needs_value: an item the planner could not give a value to (set owner / support group);
 * - required_field: a new CI without a name or class, a CI that cannot be identified in the target;
 * - unresolved_reference: a CMDB record or relationship the workspace no longer has, or a CI created by
 *   an item that is not part of what is exported;
 * - write_conflict: two items writing the same field of the same CI (or the same relationship);
 * - merge_chain / merge_cycle: a merge whose survivor another merge retires, or merges that retire each other;
 * plus what the export format itself requires (checked by the format).
 */

export interface Problem {
  seq: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

/** What validation asks of the workspace. */
export interface ValidationEnv {
  recordExists(source: string, key: string): boolean;
  relationshipExists(source: string, key: string): boolean;
}

export type ValidationScope = 'included' | 'open';

export function validateItems(
  items: readonly ChangesetItem[],
  env: ValidationEnv,
  scope: ValidationScope,
  formatCheck?: (item: ChangesetItem) => Problem[],
): Problem[] {
  const problems: Problem[] = [];
  const add = (seq: number, severity: Problem['severity'], code: string, message: string) =>
    problems.push({ seq, severity, code, message });
  const checked = items.filter((it) =>
    scope === 'included' ? isIncluded(it.status) : it.status !== 'rejected',
  );
  const createdClusters = new Map<number, number>();
  for (const it of checked)
    if (it.kind === 'create_ci' && it.clusterId !== null) createdClusters.set(it.clusterId, it.seq);
  const rejectedCreates = new Map<number, number>();
  for (const it of items)
    if (it.kind === 'create_ci' && it.clusterId !== null && !createdClusters.has(it.clusterId))
      rejectedCreates.set(it.clusterId, it.seq);

  // A relationship an item changes must still be in the CMDB (null: known only by its ends and type).
  const checkRelationship = (it: ChangesetItem, relationship: string | null) => {
    if (relationship !== null && it.target && !env.relationshipExists(it.target.source, relationship))
      add(
        it.seq,
        'error',
        'unresolved_reference',
        `relationship ${relationship} is not in the current CMDB snapshot`,
      );
  };
  const checkRef = (it: ChangesetItem, ref: CiRef, role: string) => {
    if (ref.record) {
      if (!env.recordExists(ref.record.source, ref.record.key))
        add(
          it.seq,
          'error',
          'unresolved_reference',
          `the ${role} ${ref.name ?? ref.record.key} (${ref.record.source} ${ref.record.key}) is not in the current CMDB snapshot`,
        );
    } else if (ref.createdBy !== null) {
      if (!createdClusters.has(ref.createdBy)) {
        const by = rejectedCreates.get(ref.createdBy);
        add(
          it.seq,
          'error',
          'unresolved_reference',
          `the ${role} ${ref.name ?? '?'} is not in the CMDB and ${by ? `item ${by}, which creates it, is not exported with this one` : 'this plan does not create it'}`,
        );
      }
    } else if (!ref.identifiers.name && !ref.identifiers.serial_number) {
      add(
        it.seq,
        'error',
        'unresolved_reference',
        `the ${role} has neither a CMDB record nor a name to identify it by`,
      );
    }
  };

  for (const it of checked) {
    if (needsValue(it))
      add(
        it.seq,
        it.status === 'pending' ? 'warning' : 'error',
        'needs_value',
        `no ${it.kind === 'set_owner' ? 'owner' : 'support group'} proposed: a reviewer must give one (review --item ${it.seq} --value ...)`,
      );
    const p = effectiveProposal(it);
    if (it.target && it.target.className !== 'cmdb_rel_ci') {
      if (!env.recordExists(it.target.source, it.target.key))
        add(
          it.seq,
          'error',
          'unresolved_reference',
          `${it.target.source} ${it.target.key} (${it.targetName ?? '?'}) is not in the current CMDB snapshot`,
        );
      else if (
        !it.target.identifiers.name &&
        !it.target.identifiers.serial_number &&
        it.kind !== 'flag_for_verification'
      )
        add(
          it.seq,
          'error',
          'required_field',
          `${it.targetName ?? it.target.key} has no name or serial number to identify it by in the target`,
        );
    }
    switch (it.kind) {
      case 'create_ci': {
        const cp = p as ProposalByKind['create_ci'];
        if (!cp.values.name || String(cp.values.name).trim() === '')
          add(it.seq, 'error', 'required_field', 'a new CI needs a name');
        if (!cp.className) add(it.seq, 'error', 'required_field', 'a new CI needs a class');
        break;
      }
      case 'add_relationship': {
        const ap = p as ProposalByKind['add_relationship'];
        checkRef(it, ap.parent, 'parent');
        checkRef(it, ap.child, 'child');
        break;
      }
      case 'repoint_relationship': {
        const rp = p as ProposalByKind['repoint_relationship'];
        checkRelationship(it, rp.relationship);
        checkRef(it, rp.fixed, rp.end === 'child' ? 'parent' : 'child');
        checkRef(it, rp.to, `new ${rp.end}`);
        break;
      }
      case 'remove_relationship': {
        const rp = p as ProposalByKind['remove_relationship'];
        checkRelationship(it, rp.relationship);
        break;
      }
      case 'merge_duplicates': {
        const mp = p as ProposalByKind['merge_duplicates'];
        for (const m of mp.members)
          if (!env.recordExists(m.source, m.key))
            add(
              it.seq,
              'error',
              'unresolved_reference',
              `duplicate ${m.name ?? m.key} (${m.source} ${m.key}) is not in the current CMDB snapshot`,
            );
        break;
      }
      default:
        break;
    }
    if (formatCheck) problems.push(...formatCheck(it));
  }

  // Write conflicts: each field of each CI, and each relationship, written once.
  const writers = new Map<string, number>();
  for (const it of checked) {
    for (const w of writesOf(it)) {
      const first = writers.get(w);
      if (first === undefined) writers.set(w, it.seq);
      else {
        add(first, 'error', 'write_conflict', `item ${it.seq} also changes ${describeWrite(w)}`);
        add(it.seq, 'error', 'write_conflict', `item ${first} also changes ${describeWrite(w)}`);
      }
    }
  }

  problems.push(...mergeProblems(checked));
  return dedupe(problems).sort(
    (a, b) => a.seq - b.seq || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}

/** Merges chained (a survivor another merge retires) or in a cycle (merges that retire each other). */
function mergeProblems(items: readonly ChangesetItem[]): Problem[] {
  const out: Problem[] = [];
  const retiredBy = new Map<string, { seq: number; survivor: string }>();
  const merges = items
    .filter((it) => it.kind === 'merge_duplicates')
    .map((it) => ({ it, steps: mergeSteps(effectiveProposal(it) as ProposalByKind['merge_duplicates']) }));
  for (const { it, steps } of merges)
    for (const v of steps.victims)
      if (!retiredBy.has(recordKey(v.source, v.key)))
        retiredBy.set(recordKey(v.source, v.key), {
          seq: it.seq,
          survivor: recordKey(steps.survivor.source, steps.survivor.key),
        });
  for (const { it, steps } of merges) {
    const start = recordKey(steps.survivor.source, steps.survivor.key);
    const path: number[] = [];
    const visited = new Set<string>([start]);
    let at = start;
    let cycle = false;
    for (;;) {
      const next = retiredBy.get(at);
      if (!next || next.seq === it.seq) break;
      path.push(next.seq);
      if (visited.has(next.survivor)) {
        cycle = true;
        break;
      }
      visited.add(next.survivor);
      at = next.survivor;
    }
    if (path.length === 0) continue;
    const chain = [it.seq, ...path].join(' -> ');
    if (cycle || steps.victims.some((v) => visited.has(recordKey(v.source, v.key))))
      out.push({
        seq: it.seq,
        severity: 'error',
        code: 'merge_cycle',
        message: `merges ${chain} retire each other's survivors: no CI would remain`,
      });
    else
      out.push({
        seq: it.seq,
        severity: 'error',
        code: 'merge_chain',
        message: `its survivor ${steps.survivor.name ?? steps.survivor.key} is itself merged away by item ${path[0]} (merges ${chain}): merge into the final survivor directly`,
      });
  }
  return out;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.seq}\u0000${p.code}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
