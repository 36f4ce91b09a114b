import type { Finding, ReconContext } from '../model.js';
import { label, MACHINE_TYPES, ref } from './common.js';

/**
 * A machine that discovery sees and no CMDB record describes. One finding per CI. A machine every
 * discovery source reports as gone (a terminated cloud instance) is history, not a CI to add.
 */
export function findMissingInCmdb(ctx: ReconContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.clusters) {
    if (c.cmdb.length > 0 || c.discovery.length === 0) continue;
    if (!MACHINE_TYPES.has(c.ciType) && c.ciType !== 'other') continue;
    if (c.discovery.every((m) => ctx.records[m]!.attrs.status === 'retired')) continue;
    const first = c.discovery[0]!;
    const seenBy = [...new Set(c.discovery.map((m) => ref(ctx, m).source))];
    out.push({
      category: 'missing_in_cmdb',
      severity: c.ciType === 'computer' || c.ciType === 'hypervisor' ? 'high' : 'medium',
      cluster: c.idx,
      record: first,
      ...ref(ctx, first),
      summary: `${label(ctx, first)} is seen by ${seenBy.join(', ')} but is not in the CMDB`,
      evidence: { seenBy: c.discovery.map((m) => ref(ctx, m)), ciType: c.ciType },
    });
  }
  return out;
}
