import { valueText } from '../identity.js';
import type { Finding, ReconContext } from '../model.js';
import { label, ref } from './common.js';

/**
 * Identifiers that cannot identify: placeholder serials ("To be filled by O.E.M."), all-zero or malformed
 * MACs, invalid IPs (what the importers kept out of the attributes), and strong identifiers shared by
 * several CIs (VMs cloned with their template's BIOS UUID, a serial copied onto another machine).
 */
export function findIdentifierIssues(ctx: ReconContext): Finding[] {
  const out: Finding[] = [];
  ctx.records.forEach((r, i) => {
    for (const issue of r.attrs.issues ?? []) {
      out.push({
        category: 'invalid_identifier',
        severity: issue.field === 'serial_number' ? 'medium' : 'low',
        cluster: ctx.clusterOf[i]!,
        record: i,
        ...ref(ctx, i),
        attribute: issue.field,
        summary: `${label(ctx, i)}: ${issue.field} ${JSON.stringify(issue.value)} is ${issue.problem === 'placeholder' ? 'a placeholder, not an identifier' : 'not valid'}`,
        evidence: { ...issue },
      });
    }
  });

  // Strong identifiers carried by more than one CI.
  for (const kind of ['uuid', 'serial'] as const) {
    // Most values belong to one CI: remember its first CI, and keep a set only for values seen in two.
    const firstCluster = new Map<number, number>();
    const clustersByValue = new Map<number, Set<number>>();
    const ids = ctx.identities;
    for (let i = 0; i < ids.size; i++) {
      const c = ctx.clusterOf[i]!;
      const hi = ids.hi(i, kind);
      for (let j = ids.lo(i, kind); j < hi; j++) {
        const v = ids.vals[j]!;
        const f = firstCluster.get(v);
        if (f === undefined) firstCluster.set(v, c);
        else if (f !== c) {
          const set = clustersByValue.get(v) ?? new Set([f]);
          set.add(c);
          clustersByValue.set(v, set);
        }
      }
    }
    for (const [valueId, clusters] of clustersByValue) {
      const value = valueText(ctx.interner, valueId);
      if (clusters.size < 2 || clusters.size > 50) continue;
      for (const c of clusters) {
        const view = ctx.clusters[c]!;
        const m = view.cmdb[0] ?? view.members[0]!;
        const others = [...clusters].filter((x) => x !== c).map((x) => ctx.clusters[x]!.name ?? `CI ${x}`);
        const attribute = kind === 'uuid' ? 'bios_uuid' : 'serial_number';
        out.push({
          category: 'invalid_identifier',
          severity: 'medium',
          cluster: c,
          record: m,
          ...ref(ctx, m),
          attribute,
          summary: `${label(ctx, m)} shares its ${kind === 'uuid' ? 'BIOS UUID' : 'serial number'} ${value} with ${others.join(', ')}${kind === 'uuid' ? ' (cloned VM?)' : ''}`,
          evidence: { value, sharedWith: others, problem: 'shared' },
        });
      }
    }
  }
  return out;
}
