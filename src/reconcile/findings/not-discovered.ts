import { buildScopes, expectedSources } from '../coverage.js';
import { valueText } from '../identity.js';
import type { Finding, ReconContext } from '../model.js';
import { claimsLive, isCmdb, label, MACHINE_TYPES, ref } from './common.js';

/**
 * A CMDB record of a machine the CMDB calls live that no discovery source reports, neither as a record
 * nor as the host of a VM it lists. Severity says whether a source should have seen it (its subnet is
 * scanned, it is a VM and the hypervisors are inventoried) or whether nothing covers it.
 */
export function findNotDiscovered(ctx: ReconContext): Finding[] {
  // Clusters a discovery source points at (e.g. an ESX host named as the host of a VM).
  const referenced = new Set<number>();
  for (const rr of ctx.relationships) {
    if (ctx.sources[rr.rel.source]!.role !== 'discovery') continue;
    for (const i of [...rr.parent, ...rr.child]) referenced.add(ctx.clusterOf[i]!);
  }
  const scopes = buildScopes(ctx);
  const out: Finding[] = [];
  for (const c of ctx.clusters) {
    if (c.discovery.length > 0 || referenced.has(c.idx)) continue;
    for (const m of c.cmdb) {
      const r = ctx.records[m]!;
      if (!isCmdb(ctx, m) || !MACHINE_TYPES.has(r.ciType) || !claimsLive(r.attrs)) continue;
      const expected = expectedSources(
        scopes,
        r.attrs,
        ctx.identities.list(m, 'ip').map((ip) => valueText(ctx.interner, ip)),
      );
      const lastSeen = r.attrs.last_seen ?? null;
      out.push({
        category: 'not_discovered',
        severity: expected.length > 0 ? 'medium' : 'low',
        cluster: c.idx,
        record: m,
        ...ref(ctx, m),
        summary:
          expected.length > 0
            ? `${label(ctx, m)} is ${r.attrs.status ?? 'listed'} in the CMDB but ${expected.map((e) => e.source).join(', ')} did not see it`
            : `${label(ctx, m)} is ${r.attrs.status ?? 'listed'} in the CMDB but no discovery source reports it (none covers it)`,
        evidence: { expectedBy: expected, lastSeenByCmdb: lastSeen, status: r.attrs.status ?? null },
      });
    }
  }
  return out;
}
