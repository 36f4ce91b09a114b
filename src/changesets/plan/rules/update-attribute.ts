import { snFieldOf, snText } from '../../../exporters/servicenow/fields.js';
import { cmdbTarget, item, type PlanContext, type RuleResult, skip } from '../context.js';
import type { PlanFinding } from '../plan-data.js';
import { recordBase } from '../refs.js';

/**
 * attribute_conflict -> update_attribute: the CMDB's value (as the CMDB holds it) becomes the discovery
 * value the finding names, with the winning source and the precedence rule that makes it win.
 */
export function planUpdate(ctx: PlanContext, f: PlanFinding): RuleResult {
  const ev = f.evidence;
  if (!('cmdb' in ev) || !('discovered' in ev))
    return skip('discovery sources disagree about a CI the CMDB does not have');
  if (!f.attribute) return skip('no attribute');
  const t = cmdbTarget(ctx, f);
  if ('skip' in t) return t;
  const by = ev.discoveredBy as { source: string; key: string; name: string | null };
  const winner = ctx.data.recordByKey(by.source, by.key);
  const attribute = f.attribute;
  // An OS is a value people read: the discovering source's own text ("Red Hat Enterprise Linux release 9.1").
  const after = attribute === 'os' ? (winner?.attrs.os ?? snText('os', ev.discovered)) : ev.discovered;
  const before = t.fields?.[snFieldOf(attribute)] ?? (ev.cmdb === null ? null : snText(attribute, ev.cmdb));
  return [
    item(
      f,
      'update_attribute',
      t,
      {
        attribute,
        before,
        after,
        winner: { source: by.source, key: by.key, name: by.name ?? null },
        reason: ctx.data.precedenceReason(attribute, by.source, t.source),
        observedAt: winner?.attrs.last_seen ?? winner?.importedAt ?? null,
      },
      [recordBase(t)],
    ),
  ];
}
