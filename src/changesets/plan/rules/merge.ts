import type { MemberRelationship, MergeMember, PlannedItem } from '../../model.js';
import { item, type PlanContext, victimKey } from '../context.js';
import type { PlanFinding, PlanRecord } from '../plan-data.js';
import { recordBase, recordRef, relationshipBase } from '../refs.js';
import { pickSurvivor } from '../survivor.js';

/**
 * duplicate -> one merge_duplicates item per CI and CMDB source: the most complete record survives, the
 * others are retired and their relationships re-pointed to the survivor. The item answers the survivor's
 * finding; the victims' findings are answered by the same item.
 */
export function planMerges(
  ctx: PlanContext,
  findings: readonly PlanFinding[],
): { items: PlannedItem[]; skipped: string[] } {
  const groups = new Map<string, { finding: PlanFinding; record: PlanRecord }[]>();
  const skipped: string[] = [];
  for (const f of findings) {
    const r = f.recordId !== null ? ctx.data.record(f.recordId) : undefined;
    if (!r || f.clusterId === null) {
      skipped.push('record no longer in the workspace');
      continue;
    }
    const k = `${f.clusterId}\u0000${r.source}`;
    const list = groups.get(k);
    if (list) list.push({ finding: f, record: r });
    else groups.set(k, [{ finding: f, record: r }]);
  }
  const items: PlannedItem[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) {
      skipped.push('its duplicates are not in this selection');
      continue;
    }
    const records = group.map((g) => g.record);
    const { survivor, reason } = pickSurvivor(records);
    const finding = group.find((g) => g.record === survivor)!.finding;
    const members: MergeMember[] = records
      .map((r) => ({
        ...recordRef(r),
        status: r.fields?.install_status ?? r.attrs.status ?? null,
        operationalStatus: r.fields?.operational_status ?? null,
      }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const relationships: MemberRelationship[] = [];
    const base = records.map(recordBase);
    const seen = new Set<string>();
    for (const r of records) {
      for (const rel of ctx.data.relationshipsOf(r.source, r.key)) {
        const end = rel.parent.kind === 'key' && rel.parent.value === r.key ? 'parent' : 'child';
        const other = end === 'parent' ? rel.child : rel.parent;
        const k = `${rel.key}\u0000${r.key}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const otherRecord = other.kind === 'key' ? ctx.data.recordByKey(rel.source, other.value) : undefined;
        relationships.push({
          relationship: rel.key,
          type: rel.type,
          end,
          member: r.key,
          other: {
            kind: other.kind,
            value: other.value,
            name: otherRecord?.name ?? null,
            ref: otherRecord ? recordRef(otherRecord) : null,
          },
        });
        base.push(relationshipBase(rel));
      }
    }
    relationships.sort((a, b) =>
      a.relationship < b.relationship ? -1 : a.relationship > b.relationship ? 1 : 0,
    );
    for (const r of records) if (r !== survivor) ctx.victims.add(victimKey(r.source, r.key));
    ctx.mergedClusters.add(finding.clusterId!);
    const moved = relationships.filter((x) => x.member !== survivor.key).length;
    items.push(
      item(
        finding,
        'merge_duplicates',
        survivor,
        {
          survivor: survivor.key,
          members,
          relationships,
          reason: `${records.length} ${survivor.source} records describe one CI. ${reason}; ${records.length - 1} retired, ${moved} of their relationships re-pointed to it`,
        },
        dedupeBase(base),
      ),
    );
  }
  return { items, skipped };
}

function dedupeBase<T extends { kind: string; key: string }>(entries: T[]): T[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const k = `${e.kind}\u0000${e.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
