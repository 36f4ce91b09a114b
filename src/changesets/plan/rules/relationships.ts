import type { CiRef, RecordRef, RelationshipEnd } from '../../model.js';
import { cmdbTarget, item, type PlanContext, type RuleResult, skip, victimKey } from '../context.js';
import type { PlanFinding } from '../plan-data.js';
import { ciRefOfRecord, recordBase, relationshipBase } from '../refs.js';

export const HOSTED_ON = 'Hosted on::Hosts';

/**
 * The CI a host name means: a cluster with that name or host name that has a CMDB record (not merged away
 * by this plan), else one this plan creates. Several different CIs, or none, and the item cannot be planned.
 */
function resolveHost(ctx: PlanContext, name: string): CiRef | { skip: string } {
  const key = name.trim().toLowerCase();
  let r = ctx.hosts.get(key);
  if (!r) ctx.hosts.set(key, (r = findHost(ctx, name)));
  return r;
}

function findHost(ctx: PlanContext, name: string): CiRef | { skip: string } {
  const found: CiRef[] = [];
  for (const id of ctx.data.clustersNamed(name)) {
    const member = ctx.data
      .members(id)
      .find((m) => m.role === 'cmdb' && !ctx.victims.has(victimKey(m.source, m.key)));
    const record = member ? ctx.data.record(member.recordId) : undefined;
    if (record) found.push(ciRefOfRecord(record));
    else if (ctx.created.has(id)) found.push(ctx.created.get(id)!);
  }
  if (found.length === 0)
    return skip('the host discovery names is neither in the CMDB nor created by this plan');
  if (found.length > 1) return skip('the host name discovery gives matches several CIs');
  return found[0]!;
}

function relationshipRecord(source: string, key: string, label: string): RecordRef {
  return { source, key, name: label, className: 'cmdb_rel_ci', ciType: null, virtual: null, identifiers: {} };
}

/** relationship_conflict -> repoint_relationship: the VM's Hosted on goes to the host discovery reports. */
export function planRepoint(ctx: PlanContext, f: PlanFinding): RuleResult {
  const t = cmdbTarget(ctx, f);
  if ('skip' in t) return t;
  const rel = ctx.data.relationshipByKey(t.source, String(f.evidence.cmdbRelationship ?? ''));
  if (!rel) return skip('the CMDB relationship is no longer in the workspace');
  const hosts = (f.evidence.discoveredHost as string[] | undefined) ?? [];
  if (hosts.length !== 1) return skip('discovery reports several hosts');
  const to = resolveHost(ctx, hosts[0]!);
  if ('skip' in to) return to;
  const fromRecord = rel.child.kind === 'key' ? ctx.data.recordByKey(rel.source, rel.child.value) : undefined;
  const from: CiRef = fromRecord
    ? ciRefOfRecord(fromRecord)
    : {
        record: null,
        createdBy: null,
        name: rel.child.value,
        className: null,
        identifiers: { name: rel.child.value },
      };
  if (to.record && fromRecord && to.record.key === fromRecord.key) return skip('discovery agrees now');
  const label = `${t.name ?? t.key} ${rel.type} ${from.name ?? '?'}`;
  const it = item(
    f,
    'repoint_relationship',
    null,
    {
      relationship: rel.key,
      type: rel.type,
      end: 'child',
      fixed: ciRefOfRecord(t),
      from,
      to,
      reason: `${String(f.evidence.discoveredBy ?? 'discovery')} reports ${t.name ?? t.key} runs on ${to.name ?? '?'}, not ${from.name ?? '?'}`,
    },
    [recordBase(t), relationshipBase(rel)],
    { name: label, className: 'cmdb_rel_ci' },
  );
  it.target = relationshipRecord(rel.source, rel.key, label);
  return [it];
}

/** missing_relationship -> add_relationship: the Hosted on relationship discovery knows and the CMDB lacks. */
export function planAdd(ctx: PlanContext, f: PlanFinding): RuleResult {
  const t = cmdbTarget(ctx, f);
  if ('skip' in t) return t;
  const hostName = f.evidence.discoveredHost as string | undefined;
  if (!hostName) return skip('discovery names no host');
  const host = resolveHost(ctx, hostName);
  if ('skip' in host) return host;
  return [
    item(
      f,
      'add_relationship',
      t,
      {
        type: HOSTED_ON,
        parent: ciRefOfRecord(t),
        child: host,
        reason: `${String(f.evidence.discoveredBy ?? 'discovery')} reports ${t.name ?? t.key} runs on ${host.name ?? hostName}`,
      },
      [recordBase(t)],
    ),
  ];
}

/** dangling_relationship -> remove_relationship: it points at a CI the CMDB no longer has. */
export function planRemove(ctx: PlanContext, f: PlanFinding): RuleResult {
  if (f.relationshipId === null) return skip('no relationship');
  const rel = ctx.data.relationship(f.relationshipId);
  if (!rel) return skip('the relationship is no longer in the workspace');
  const end = (e: { kind: string; value: string }): RelationshipEnd => {
    const r = e.kind === 'key' ? ctx.data.recordByKey(rel.source, e.value) : undefined;
    return { kind: e.kind, value: e.value, name: r?.name ?? null, ci: r ? ciRefOfRecord(r) : null };
  };
  const parent = end(rel.parent);
  const child = end(rel.child);
  const it = item(
    f,
    'remove_relationship',
    null,
    {
      relationship: rel.key,
      type: rel.type,
      parent,
      child,
      reason: f.summary,
    },
    [relationshipBase(rel)],
    {
      name: `${parent.name ?? parent.value} ${rel.type} ${child.name ?? child.value}`,
      className: 'cmdb_rel_ci',
    },
  );
  it.target = relationshipRecord(rel.source, rel.key, it.targetName ?? rel.key);
  return [it];
}
