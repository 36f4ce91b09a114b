import type { BaseEntry, CiRef, ItemKind, PlannedItem, ProposalByKind } from '../model.js';
import type { PlanData, PlanFinding, PlanRecord } from './plan-data.js';
import { recordRef } from './refs.js';

/** What the rules share while one plan is made. */
export interface PlanContext {
  data: PlanData;
  /** Records merged away by a merge item of this plan ("source\0key"): other items skip them. */
  victims: Set<string>;
  /** Clusters whose merge is in this plan. */
  mergedClusters: Set<number>;
  /** CIs this plan creates, by cluster id. */
  created: Map<number, CiRef>;
  /** Records whose lifecycle (retire / verify) an item already handles. */
  lifecycleHandled: Set<string>;
  /** Host names resolved so far (every VM of a host names it again). */
  hosts: Map<string, CiRef | { skip: string }>;
}

export type RuleResult = PlannedItem[] | { skip: string };

export const DAY_MS = 86_400_000;

export function skip(reason: string): { skip: string } {
  return { skip: reason };
}

export function item<K extends ItemKind>(
  f: PlanFinding,
  kind: K,
  target: PlanRecord | null,
  proposal: ProposalByKind[K],
  base: BaseEntry[],
  display?: { name?: string | null; className?: string | null },
): PlannedItem<K> {
  const ref = target ? recordRef(target) : null;
  const targetName = display?.name ?? ref?.name ?? f.ciName;
  if (ref) ref.name = targetName;
  return {
    kind,
    findingId: f.id,
    fingerprint: f.fingerprint,
    category: f.category,
    severity: f.severity,
    clusterId: f.clusterId,
    target: ref,
    targetName,
    targetClass: display?.className ?? ref?.className ?? null,
    proposal,
    base,
  };
}

export function victimKey(source: string, key: string): string {
  return `${source}\u0000${key}`;
}

/** The CMDB record a finding is about, unless a merge of this plan retires it. */
export function cmdbTarget(ctx: PlanContext, f: PlanFinding): PlanRecord | { skip: string } {
  if (f.recordId === null) return skip('no record');
  const r = ctx.data.record(f.recordId);
  if (!r) return skip('record no longer in the workspace');
  if (r.role !== 'cmdb') return skip('about a discovery record, not the CMDB');
  if (ctx.victims.has(victimKey(r.source, r.key))) return skip('the record is merged away by this plan');
  return r;
}
