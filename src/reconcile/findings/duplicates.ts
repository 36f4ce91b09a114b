import type { Finding, ReconContext } from '../model.js';
import { label, ref } from './common.js';

/** Several records of one CMDB that describe the same CI. */
export function findDuplicates(ctx: ReconContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.clusters) {
    if (c.cmdb.length < 2) continue;
    const bySource = new Map<number, number[]>();
    for (const m of c.cmdb) {
      if (ctx.records[m]!.attrs.status === 'retired') continue;
      const s = ctx.records[m]!.source;
      bySource.set(s, [...(bySource.get(s) ?? []), m]);
    }
    for (const members of bySource.values()) {
      if (members.length < 2) continue;
      for (const m of members) {
        const others = members.filter((x) => x !== m);
        out.push({
          category: 'duplicate',
          severity: 'high',
          cluster: c.idx,
          record: m,
          ...ref(ctx, m),
          summary: `${label(ctx, m)} describes the same CI as ${others.map((o) => label(ctx, o)).join(', ')}`,
          evidence: { duplicates: others.map((o) => ref(ctx, o)), cluster: c.idx },
        });
      }
    }
  }
  return out;
}
