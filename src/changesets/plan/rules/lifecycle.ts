import { cmdbTarget, DAY_MS, item, type PlanContext, type RuleResult, skip, victimKey } from '../context.js';
import type { PlanFinding, PlanRecord } from '../plan-data.js';
import { recordBase } from '../refs.js';

/**
 * not_discovered (and stale_ci not already covered) -> retire_ci or flag_for_verification. The rule: when
 * the CMDB's own last-discovered date is older than the retirement threshold (settings.retireAfterDays,
 * 180 days by default), nothing has seen the machine for that long and it is retired; when it is recent,
 * or the CMDB never recorded one, a person must check whether the machine still exists.
 */
export function planNotDiscovered(ctx: PlanContext, f: PlanFinding): RuleResult {
  const t = cmdbTarget(ctx, f);
  if ('skip' in t) return t;
  const last = (f.evidence.lastSeenByCmdb as string | null | undefined) ?? t.attrs.last_seen ?? null;
  return retireOrFlag(ctx, f, t, last, 'no discovery source reports it');
}

export function planStale(ctx: PlanContext, f: PlanFinding): RuleResult {
  const t = cmdbTarget(ctx, f);
  if ('skip' in t) return t;
  if (ctx.lifecycleHandled.has(victimKey(t.source, t.key))) return skip('its not_discovered item covers it');
  const last = (f.evidence.lastSeen as string | undefined) ?? t.attrs.last_seen ?? null;
  return retireOrFlag(ctx, f, t, last, 'the CMDB has not recorded a discovery of it for long');
}

function retireOrFlag(
  ctx: PlanContext,
  f: PlanFinding,
  t: PlanRecord,
  last: string | null,
  why: string,
): RuleResult {
  ctx.lifecycleHandled.add(victimKey(t.source, t.key));
  const threshold = ctx.data.settings.retireAfterDays;
  const time = last ? Date.parse(last) : NaN;
  const days = Number.isFinite(time) ? Math.floor((ctx.data.now.getTime() - time) / DAY_MS) : null;
  const base = [recordBase(t)];
  if (days !== null && days > threshold) {
    return [
      item(
        f,
        'retire_ci',
        t,
        {
          ci: null,
          before: t.fields?.install_status ?? t.attrs.status ?? null,
          beforeOperational: t.fields?.operational_status ?? null,
          after: 'retired',
          lastDiscovered: last,
          days,
          thresholdDays: threshold,
          reason: `${why} and the CMDB last discovered it ${days} days ago (${last!.slice(0, 10)}), beyond the ${threshold}-day retirement threshold`,
        },
        base,
      ),
    ];
  }
  return [
    item(
      f,
      'flag_for_verification',
      t,
      {
        reason:
          days === null
            ? `${why} and the CMDB has no last-discovered date for it`
            : `${why}; the CMDB last discovered it ${days} days ago (${last!.slice(0, 10)}), within the ${threshold}-day retirement threshold`,
        check:
          'Does the machine still exist? If not, retire it; if it does, find out why discovery does not see it.',
      },
      base,
    ),
  ];
}
