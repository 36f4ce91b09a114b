import type { Finding, ReconContext } from '../model.js';
import { claimsLive, isCmdb, label, ref } from './common.js';

const RUNS_ON = /^(runs on|hosted on|depends on)\b/i;

/**
 * Ownership: CMDB records with no owner or no support group; servers whose hosted applications belong
 * to several teams; a server whose support group is none of its applications' groups; duplicates that
 * disagree about who supports the CI.
 */
export function findOwnershipIssues(ctx: ReconContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.clusters) {
    for (const m of c.cmdb) {
      const a = ctx.records[m]!.attrs;
      if (!claimsLive(a)) continue;
      const missing = [!a.owner ? 'owned_by' : '', !a.support_group ? 'support_group' : ''].filter(Boolean);
      if (missing.length > 0) {
        out.push({
          category: 'missing_owner',
          severity: missing.length === 2 ? 'medium' : 'low',
          cluster: c.idx,
          record: m,
          ...ref(ctx, m),
          attribute: missing.join(','),
          summary: `${label(ctx, m)} has no ${missing.map((x) => (x === 'owned_by' ? 'owner' : 'support group')).join(' and no ')}`,
          evidence: { missing },
        });
      }
    }
    const groups = new Set(
      c.cmdb.map((m) => ctx.records[m]!.attrs.support_group).filter((g): g is string => Boolean(g)),
    );
    if (groups.size > 1) {
      const first = c.cmdb[0]!;
      out.push({
        category: 'ownership_conflict',
        severity: 'medium',
        cluster: c.idx,
        record: first,
        ...ref(ctx, first),
        attribute: 'support_group',
        summary: `the CMDB records of ${c.name ?? 'this CI'} name different support groups: ${[...groups].join(', ')}`,
        evidence: {
          groups: c.cmdb.map((m) => ({
            ...ref(ctx, m),
            supportGroup: ctx.records[m]!.attrs.support_group ?? null,
          })),
        },
      });
    }
  }

  // Applications and databases running on each server cluster (CMDB relationships, parent runs on child).
  const hosted = new Map<number, Set<number>>();
  for (const rr of ctx.relationships) {
    if (ctx.sources[rr.rel.source]!.role !== 'cmdb' || !RUNS_ON.test(rr.rel.type)) continue;
    for (const p of rr.parent) {
      const pt = ctx.records[p]!.ciType;
      if (pt !== 'application' && pt !== 'database') continue;
      for (const ch of rr.child) {
        const server = ctx.clusterOf[ch]!;
        const t = ctx.clusters[server]!.ciType;
        if (t !== 'computer' && t !== 'hypervisor') continue;
        if (!hosted.has(server)) hosted.set(server, new Set());
        hosted.get(server)!.add(p);
      }
    }
  }
  for (const [server, apps] of hosted) {
    const c = ctx.clusters[server]!;
    const serverRecord = c.cmdb.find((m) => isCmdb(ctx, m));
    if (serverRecord === undefined) continue;
    const teams = new Map<string, string[]>();
    for (const app of apps) {
      const g = ctx.records[app]!.attrs.support_group;
      if (!g) continue;
      teams.set(g, [...(teams.get(g) ?? []), ctx.records[app]!.name ?? ctx.records[app]!.key]);
    }
    if (teams.size === 0) continue;
    const serverGroup = ctx.records[serverRecord]!.attrs.support_group;
    const evidence = { serverSupportGroup: serverGroup ?? null, applications: Object.fromEntries(teams) };
    if (teams.size > 1) {
      out.push({
        category: 'ownership_conflict',
        severity: 'low',
        cluster: server,
        record: serverRecord,
        ...ref(ctx, serverRecord),
        attribute: 'hosted_applications',
        summary: `${label(ctx, serverRecord)} hosts applications of ${teams.size} teams (${[...teams.keys()].join(', ')})`,
        evidence,
      });
    }
    if (serverGroup && !teams.has(serverGroup)) {
      out.push({
        category: 'ownership_conflict',
        severity: 'medium',
        cluster: server,
        record: serverRecord,
        ...ref(ctx, serverRecord),
        attribute: 'support_group',
        summary: `${label(ctx, serverRecord)} is supported by ${serverGroup}, but none of its applications is (${[...teams.keys()].join(', ')})`,
        evidence,
      });
    }
  }
  return out;
}
