import type { PlannedItem, SetValueProposal } from '../../model.js';
import { cmdbTarget, item, type PlanContext, type RuleResult, skip, victimKey } from '../context.js';
import type { PlanFinding, PlanRecord } from '../plan-data.js';
import { recordBase } from '../refs.js';
import { pickSurvivor } from '../survivor.js';

const HOSTS_APPS = /^(runs on|hosted on|depends on)\b/i;

interface Suggestion {
  value: string | null;
  reason: string;
}

/**
 * missing_owner -> set_owner / set_support_group, one item per missing field. The value comes from the
 * golden record (another duplicate, or a discovery source such as a cloud "team" tag), else, for the
 * support group, from the majority of the applications the server hosts; else the item waits for a
 * reviewer's value.
 */
export function planMissingOwner(ctx: PlanContext, f: PlanFinding): RuleResult {
  const t = cmdbTarget(ctx, f);
  if ('skip' in t) return t;
  const missing = (f.evidence.missing as string[] | undefined) ?? (f.attribute ?? '').split(',');
  const items: PlannedItem[] = [];
  const fromGolden = (attribute: 'owner' | 'support_group'): Suggestion | undefined => {
    const g = f.clusterId !== null ? ctx.data.goldenValue(f.clusterId, attribute) : undefined;
    if (!g || g.from === t.id) return undefined;
    const r = ctx.data.record(g.from);
    return {
      value: g.value,
      reason: `the golden record's ${label(attribute)}, from ${r ? `${r.source} ${r.name ?? r.key}` : 'another record of this CI'}`,
    };
  };
  if (missing.includes('owned_by')) {
    const s = fromGolden('owner') ?? noSuggestion('owner');
    items.push(item(f, 'set_owner', t, proposal('owner', null, s), [recordBase(t)]));
  }
  if (missing.includes('support_group')) {
    const s = fromGolden('support_group') ?? hostedMajority(ctx, t) ?? noSuggestion('support_group');
    items.push(item(f, 'set_support_group', t, proposal('support_group', null, s), [recordBase(t)]));
  }
  return items.length ? items : skip('nothing missing');
}

/**
 * ownership_conflict -> set_support_group: a server supported by none of its applications' teams gets
 * the majority team; duplicates that disagree get the survivor's team (unless this plan merges them).
 * "Hosts applications of several teams" has no single right answer and is skipped.
 */
export function planOwnershipConflict(ctx: PlanContext, f: PlanFinding): RuleResult {
  const ev = f.evidence;
  if (f.attribute === 'hosted_applications')
    return skip('it hosts applications of several teams: no single right support group');
  if (ev.applications) {
    const t = cmdbTarget(ctx, f);
    if ('skip' in t) return t;
    const s = majority(ev.applications as Record<string, string[]>);
    if (!s) return skip('no application names a team');
    const before = t.fields?.support_group ?? (ev.serverSupportGroup as string | null) ?? null;
    return [item(f, 'set_support_group', t, proposal('support_group', before, s), [recordBase(t)])];
  }
  if (Array.isArray(ev.groups)) {
    if (f.clusterId !== null && ctx.mergedClusters.has(f.clusterId))
      return skip('the merge of the duplicates resolves it');
    const records = (ev.groups as { source: string; key: string }[])
      .map((g) => ctx.data.recordByKey(g.source, g.key))
      .filter((r): r is PlanRecord => r !== undefined);
    if (records.length < 2) return skip('the duplicates are no longer in the workspace');
    const { survivor } = pickSurvivor(records);
    const value = survivor.attrs.support_group;
    if (!value) return skip('the most complete duplicate has no support group');
    const items = records
      .filter(
        (r) =>
          r !== survivor && r.attrs.support_group !== value && !ctx.victims.has(victimKey(r.source, r.key)),
      )
      .map((r) =>
        item(
          f,
          'set_support_group',
          r,
          proposal('support_group', r.fields?.support_group ?? r.attrs.support_group ?? null, {
            value,
            reason: `the support group of ${survivor.name ?? survivor.key}, the most complete record of this CI`,
          }),
          [recordBase(r)],
        ),
      );
    return items.length ? items : skip('the records agree now');
  }
  return skip('no suggestion in the evidence');
}

function proposal(
  attribute: 'owner' | 'support_group',
  before: string | null,
  s: Suggestion,
): SetValueProposal {
  return { attribute, before, after: s.value, reason: s.reason };
}

function noSuggestion(attribute: 'owner' | 'support_group'): Suggestion {
  return {
    value: null,
    reason: `no source suggests ${attribute === 'owner' ? 'an owner' : 'a support group'}: a reviewer must give one`,
  };
}

function label(attribute: 'owner' | 'support_group'): string {
  return attribute === 'owner' ? 'owner' : 'support group';
}

/** The support group most of a server's hosted applications and databases have (CMDB relationships). */
function hostedMajority(ctx: PlanContext, server: PlanRecord): Suggestion | undefined {
  const teams: Record<string, string[]> = {};
  for (const rel of ctx.data.relationshipsOf(server.source, server.key)) {
    if (rel.child.kind !== 'key' || rel.child.value !== server.key || rel.parent.kind !== 'key') continue;
    if (!HOSTS_APPS.test(rel.type)) continue;
    const app = ctx.data.recordByKey(rel.source, rel.parent.value);
    if (!app || (app.ciType !== 'application' && app.ciType !== 'database') || !app.attrs.support_group)
      continue;
    (teams[app.attrs.support_group] ??= []).push(app.name ?? app.key);
  }
  return majority(teams);
}

function majority(teams: Record<string, string[]>): Suggestion | undefined {
  const ranked = Object.entries(teams)
    .filter(([, apps]) => apps.length > 0)
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const top = ranked[0];
  if (!top) return undefined;
  const total = ranked.reduce((n, [, apps]) => n + apps.length, 0);
  return {
    value: top[0],
    reason: `${top[1].length} of the ${total} applications it hosts are supported by ${top[0]} (${top[1].slice(0, 3).join(', ')}${top[1].length > 3 ? ', ...' : ''})`,
  };
}
