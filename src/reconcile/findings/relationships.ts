import type { Finding, ReconContext, ResolvedRelationship } from '../model.js';
import { isCmdb, label, ref } from './common.js';

const HOSTED_ON = /^hosted on\b/i;

function clustersOf(ctx: ReconContext, records: number[]): Set<number> {
  return new Set(records.map((r) => ctx.clusterOf[r]!));
}

/**
 * Relationship findings:
 * - relationship_conflict: the CMDB says a VM is hosted on one host, the hypervisor inventory says another;
 * - missing_relationship: discovery knows the VM's host, the CMDB records none;
 * - dangling_relationship: a CMDB relationship whose parent or child is not in the CMDB export.
 */
export function findRelationshipIssues(ctx: ReconContext): Finding[] {
  const out: Finding[] = [];
  // Where discovery says each VM cluster runs: host clusters, or the host's name when unresolved.
  const discoveredHost = new Map<
    number,
    { clusters: Set<number>; names: string[]; rel: ResolvedRelationship }
  >();
  const cmdbHosted = new Map<number, ResolvedRelationship[]>();
  ctx.relationships.forEach((rr, relIdx) => {
    const src = ctx.sources[rr.rel.source]!;
    if (src.role === 'cmdb') {
      if (
        rr.rel.parent.kind === 'key' &&
        rr.rel.child.kind === 'key' &&
        (rr.parent.length === 0 || rr.child.length === 0)
      ) {
        const missing = [
          rr.parent.length === 0 ? `parent ${rr.rel.parent.value}` : '',
          rr.child.length === 0 ? `child ${rr.rel.child.value}` : '',
        ]
          .filter(Boolean)
          .join(' and ');
        out.push({
          category: 'dangling_relationship',
          severity: 'medium',
          relationship: relIdx,
          source: src.name,
          key: rr.rel.key,
          summary: `${src.name} relationship ${rr.rel.key} (${rr.rel.type}) points at ${missing}, which ${missing.includes(' and ') ? 'are' : 'is'} not in the CMDB export`,
          evidence: {
            type: rr.rel.type,
            parent: rr.rel.parent,
            child: rr.rel.child,
            parentFound: rr.parent.length > 0,
            childFound: rr.child.length > 0,
          },
        });
        return;
      }
      if (HOSTED_ON.test(rr.rel.type) && rr.parent.length > 0 && rr.child.length > 0) {
        for (const p of rr.parent) {
          const vm = ctx.clusterOf[p]!;
          cmdbHosted.set(vm, [...(cmdbHosted.get(vm) ?? []), rr]);
        }
      }
    } else if (HOSTED_ON.test(rr.rel.type) && rr.parent.length > 0) {
      for (const vm of clustersOf(ctx, rr.parent)) {
        const entry = discoveredHost.get(vm) ?? { clusters: new Set<number>(), names: [], rel: rr };
        for (const h of clustersOf(ctx, rr.child)) entry.clusters.add(h);
        if (rr.child.length === 0) entry.names.push(rr.rel.child.value);
        discoveredHost.set(vm, entry);
      }
    }
  });

  for (const [vm, seen] of discoveredHost) {
    const cmdbRels = cmdbHosted.get(vm);
    if (!cmdbRels) {
      const vmRecord = ctx.clusters[vm]!.cmdb[0];
      if (vmRecord === undefined) continue; // missing_in_cmdb covers it
      const hostName =
        seen.clusters.size > 0 ? (ctx.clusters[[...seen.clusters][0]!]!.name ?? '?') : seen.names[0];
      out.push({
        category: 'missing_relationship',
        severity: 'low',
        cluster: vm,
        record: vmRecord,
        ...ref(ctx, vmRecord),
        attribute: 'hosted_on',
        summary: `${label(ctx, vmRecord)} has no Hosted on relationship in the CMDB; ${ctx.sources[seen.rel.rel.source]!.name} reports it runs on ${hostName}`,
        evidence: { discoveredHost: hostName, discoveredBy: ctx.sources[seen.rel.rel.source]!.name },
      });
      continue;
    }
    for (const rr of cmdbRels) {
      const cmdbHosts = clustersOf(ctx, rr.child);
      const agrees =
        [...cmdbHosts].some((h) => seen.clusters.has(h)) ||
        (seen.clusters.size === 0 &&
          [...cmdbHosts].some((h) => seen.names.some((n) => sameHostName(ctx, h, n))));
      if (agrees || (seen.clusters.size === 0 && seen.names.length === 0)) continue;
      const vmRecord = rr.parent.find((p) => isCmdb(ctx, p))!;
      const cmdbHost = ctx.clusters[[...cmdbHosts][0]!]!;
      const discovered =
        seen.clusters.size > 0
          ? [...seen.clusters].map((h) => ctx.clusters[h]!.name ?? `CI ${h}`)
          : seen.names;
      out.push({
        category: 'relationship_conflict',
        severity: 'medium',
        cluster: vm,
        record: vmRecord,
        ...ref(ctx, vmRecord),
        attribute: 'hosted_on',
        summary: `${label(ctx, vmRecord)} is hosted on ${cmdbHost.name ?? '?'} in the CMDB but ${ctx.sources[seen.rel.rel.source]!.name} reports ${discovered.join(', ')}`,
        evidence: {
          cmdbRelationship: rr.rel.key,
          cmdbHost: cmdbHost.name,
          discoveredHost: discovered,
          discoveredBy: ctx.sources[seen.rel.rel.source]!.name,
        },
      });
    }
  }
  return out;
}

function sameHostName(ctx: ReconContext, cluster: number, name: string): boolean {
  const short = ctx.interner.find(`h:${name.trim().toLowerCase().split('.')[0]}`);
  return short !== 0 && ctx.clusters[cluster]!.members.some((m) => ctx.identities.has(m, 'host', short));
}
