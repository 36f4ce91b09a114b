import { cmdbTarget, item, type PlanContext, type RuleResult } from '../context.js';
import type { PlanFinding } from '../plan-data.js';
import { recordBase } from '../refs.js';

/**
 * Findings with no safe automatic change become verification tasks for a person:
 * - retired_but_discovered: reinstating is right only if it is the same machine (names and addresses get reused);
 * - class_conflict: reclassifying moves the CI to another table and is restricted by the IRE;
 * - invalid_identifier on a CMDB record: placeholder or shared serials make identification match the wrong CI.
 * Findings about discovery records (a placeholder serial an agent reports) change nothing in the CMDB.
 */
const CHECKS: Record<string, string> = {
  retired_but_discovered:
    'Reinstate the CI if discovery sees the same machine; if its name or address was reused by another machine, register that one instead.',
  class_conflict:
    'Check the CI class against what discovery sees and reclassify it in the CMDB if it is wrong.',
  invalid_identifier:
    'Correct or clear the identifier in the CMDB: placeholder and shared identifiers make identification match the wrong CIs.',
};

export function planFlag(ctx: PlanContext, f: PlanFinding): RuleResult {
  const t = cmdbTarget(ctx, f);
  if ('skip' in t) return t;
  return [
    item(f, 'flag_for_verification', t, { reason: f.summary, check: CHECKS[f.category] ?? 'Check the CI.' }, [
      recordBase(t),
    ]),
  ];
}
