import type { Finding, ReconContext } from '../model.js';
import { claimsLive, label, MACHINE_TYPES, ref } from './common.js';

const DAY = 86_400_000;
export const DEFAULT_STALE_DAYS = 90;

/**
 * Lifecycle findings:
 * - retired_but_discovered: every CMDB record of the CI is retired, yet discovery sees it now;
 * - stale_ci: the CMDB says it last discovered a live machine long ago and nothing sees it today.
 */
export function findLifecycleIssues(ctx: ReconContext, staleDays = DEFAULT_STALE_DAYS): Finding[] {
  const out: Finding[] = [];
  const cutoff = ctx.now.getTime() - staleDays * DAY;
  for (const c of ctx.clusters) {
    if (
      c.cmdb.length > 0 &&
      c.discovery.length > 0 &&
      c.cmdb.every((m) => ctx.records[m]!.attrs.status === 'retired')
    ) {
      const m = c.cmdb[0]!;
      out.push({
        category: 'retired_but_discovered',
        severity: 'high',
        cluster: c.idx,
        record: m,
        ...ref(ctx, m),
        summary: `${label(ctx, m)} is retired in the CMDB but ${[...new Set(c.discovery.map((d) => ref(ctx, d).source))].join(', ')} still see${c.discovery.length === 1 ? 's' : ''} it`,
        evidence: { seenBy: c.discovery.map((d) => ref(ctx, d)) },
      });
    }
    if (c.discovery.length > 0) continue;
    for (const m of c.cmdb) {
      const a = ctx.records[m]!.attrs;
      if (!MACHINE_TYPES.has(ctx.records[m]!.ciType) || !claimsLive(a) || !a.last_seen) continue;
      const t = Date.parse(a.last_seen);
      if (!Number.isFinite(t) || t >= cutoff) continue;
      const days = Math.floor((ctx.now.getTime() - t) / DAY);
      out.push({
        category: 'stale_ci',
        severity: 'info',
        cluster: c.idx,
        record: m,
        ...ref(ctx, m),
        attribute: 'last_discovered',
        summary: `${label(ctx, m)} was last discovered ${days} days ago (${a.last_seen.slice(0, 10)}), over the ${staleDays}-day window`,
        evidence: { lastSeen: a.last_seen, days, windowDays: staleDays },
      });
    }
  }
  return out;
}
