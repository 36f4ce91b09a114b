import type { Finding, ReconContext } from '../model.js';
import { byTrust, label, MACHINE_TYPES, ref } from './common.js';

/** The CMDB's class or OS family contradicts what discovery sees (a "Linux server" that runs Windows). */
export function findClassConflicts(ctx: ReconContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.clusters) {
    if (c.cmdb.length === 0 || c.discovery.length === 0) continue;
    const disc = byTrust(ctx, c.discovery);
    const withOs = disc.find((d) => ctx.records[d]!.attrs.os_family);
    const discType = disc
      .map((d) => ctx.records[d]!.ciType)
      .find((t) => t !== 'computer' && MACHINE_TYPES.has(t));
    for (const m of c.cmdb) {
      const r = ctx.records[m]!;
      const family = r.attrs.os_family;
      if (withOs !== undefined && family) {
        const seen = ctx.records[withOs]!.attrs.os_family!;
        if (seen !== family && !(isUnixLike(seen) && isUnixLike(family))) {
          out.push({
            category: 'class_conflict',
            severity: 'high',
            cluster: c.idx,
            record: m,
            ...ref(ctx, m),
            attribute: 'os_family',
            summary: `${label(ctx, m)} is a ${family} CI (${r.ciClass ?? 'class unknown'}) in the CMDB but ${ref(ctx, withOs).source} sees ${seen}`,
            evidence: {
              cmdbClass: r.ciClass,
              cmdbFamily: family,
              discoveredFamily: seen,
              discoveredBy: ref(ctx, withOs),
            },
          });
        }
      }
      if (discType && r.ciType === 'computer' && discType !== 'hypervisor') {
        out.push({
          category: 'class_conflict',
          severity: 'medium',
          cluster: c.idx,
          record: m,
          ...ref(ctx, m),
          attribute: 'ci_type',
          summary: `${label(ctx, m)} is a computer in the CMDB but discovery classifies it as ${discType.replace('_', ' ')}`,
          evidence: { cmdbType: r.ciType, discoveredType: discType },
        });
      }
    }
  }
  return out;
}

function isUnixLike(f: string): boolean {
  return f === 'linux' || f === 'unix';
}
