import type { CiAttributes } from '../../domain/attributes.js';
import { isIdentifyingIp, type OsInfo, sameMemory, sameOs } from '../../normalize/index.js';
import type { Finding, ReconContext, Severity } from '../model.js';
import { byTrust, claimsLive, label, ref } from './common.js';

/**
 * A CMDB record whose value disagrees with what discovery reports for the same CI, compared after
 * normalisation (16384 MB = 16 GB, "RHEL 8" = "Red Hat Enterprise Linux release 8.6", MAC notations...).
 * Discovery's value is the most trusted source's (agent > cloud/hypervisor API > network scan); for IP
 * addresses and serials, the CMDB value must be among any discovery source's.
 */

interface Observed<T> {
  value: T;
  record: number;
}

function osOf(a: CiAttributes): OsInfo | undefined {
  if (!a.os_family) return undefined;
  return { family: a.os_family, name: a.os_name, version: a.os_version };
}

/** How much an OS value says: a version beats a product name beats a family. */
function osSpecificity(o: OsInfo): number {
  return (o.version ? 2 : 0) + (o.name ? 1 : 0);
}

function display(v: unknown): string {
  if (v && typeof v === 'object' && 'family' in v) {
    const o = v as OsInfo;
    return [o.name ?? o.family, o.version].filter(Boolean).join(' ');
  }
  return String(v);
}

export function findAttributeConflicts(ctx: ReconContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.clusters) {
    if (c.discovery.length === 0) continue;
    // Discovery members, most trusted first.
    const disc = byTrust(ctx, c.discovery);
    if (c.cmdb.length === 0) {
      if (disc.length > 1) out.push(...discoveryDisagreements(ctx, c.idx, disc));
      continue;
    }
    const ips = new Map<string, number>();
    const serials = new Map<string, number>();
    let os: Observed<OsInfo> | undefined;
    let cpu: Observed<number> | undefined;
    let ram: Observed<number> | undefined;
    const extras = new Map<string, Observed<string>>();
    for (const d of disc) {
      const a = ctx.records[d]!.attrs;
      for (const ip of a.ip_addresses ?? (a.ip_address ? [a.ip_address] : []))
        if (isIdentifyingIp(ip) && !ips.has(ip)) ips.set(ip, d);
      if (a.serial_number && !serials.has(a.serial_number)) serials.set(a.serial_number, d);
      const o = osOf(a);
      if (o && (!os || osSpecificity(o) > osSpecificity(os.value))) os = { value: o, record: d };
      if (a.cpu_count !== undefined && !cpu) cpu = { value: a.cpu_count, record: d };
      if (a.ram_mb !== undefined && !ram) ram = { value: a.ram_mb, record: d };
      for (const [k, v] of Object.entries(a.extra ?? {}))
        if (!extras.has(k)) extras.set(k, { value: String(v), record: d });
    }

    for (const m of c.cmdb) {
      const a = ctx.records[m]!.attrs;
      if (a.status === 'retired') continue;
      const conflict = (
        attribute: string,
        severity: Severity,
        cmdbValue: unknown,
        observed: Observed<unknown>,
        all?: unknown[],
      ) => {
        const by = ref(ctx, observed.record);
        out.push({
          category: 'attribute_conflict',
          severity,
          cluster: c.idx,
          record: m,
          ...ref(ctx, m),
          attribute,
          summary: `${label(ctx, m)}: ${attribute} is ${display(cmdbValue)} in the CMDB but ${by.source} reports ${display(observed.value)}`,
          evidence: {
            cmdb: cmdbValue,
            discovered: observed.value,
            discoveredBy: by,
            ...(all ? { allDiscovered: all } : {}),
          },
        });
      };
      if (a.ip_address && isIdentifyingIp(a.ip_address) && ips.size > 0 && !ips.has(a.ip_address)) {
        const [first] = ips;
        conflict(
          'ip_address',
          claimsLive(a) ? 'medium' : 'low',
          a.ip_address,
          { value: first![0], record: first![1] },
          [...ips.keys()],
        );
      }
      if (a.serial_number && serials.size > 0 && !serials.has(a.serial_number)) {
        const [first] = serials;
        conflict('serial_number', 'high', a.serial_number, { value: first![0], record: first![1] }, [
          ...serials.keys(),
        ]);
      }
      const cmdbOs = osOf(a);
      if (cmdbOs && os && sameOs(cmdbOs, os.value) === false) conflict('os', 'medium', cmdbOs, os);
      if (a.cpu_count !== undefined && cpu && a.cpu_count !== cpu.value)
        conflict('cpu_count', 'low', a.cpu_count, cpu);
      if (a.ram_mb !== undefined && ram && !sameMemory(a.ram_mb, ram.value))
        conflict('ram_mb', 'low', a.ram_mb, ram);
      for (const [k, v] of Object.entries(a.extra ?? {})) {
        const o = extras.get(k);
        if (o && String(v).trim().toLowerCase() !== o.value.trim().toLowerCase()) conflict(k, 'low', v, o);
      }
    }
  }
  return out;
}

/**
 * A CI nobody has in the CMDB yet, seen by several discovery records that disagree (two inventories of
 * one machine with different serials, a scan and an agent reporting different OS versions): each record
 * that disagrees with the most trusted one is reported.
 */
function discoveryDisagreements(ctx: ReconContext, cluster: number, disc: readonly number[]): Finding[] {
  const out: Finding[] = [];
  const ref0 = ctx.records[disc[0]!]!.attrs;
  const by = ref(ctx, disc[0]!);
  for (const d of disc.slice(1)) {
    const a = ctx.records[d]!.attrs;
    const report = (attribute: string, mine: unknown, theirs: unknown) =>
      out.push({
        category: 'attribute_conflict',
        severity: attribute === 'serial_number' ? 'high' : 'low',
        cluster,
        record: d,
        ...ref(ctx, d),
        attribute,
        summary: `${label(ctx, d)}: ${attribute} is ${display(mine)} but ${by.source} ${by.key} reports ${display(theirs)}`,
        evidence: { value: mine, other: theirs, otherRecord: by },
      });
    if (a.serial_number && ref0.serial_number && a.serial_number !== ref0.serial_number)
      report('serial_number', a.serial_number, ref0.serial_number);
    const o1 = osOf(a);
    const o0 = osOf(ref0);
    if (o1 && o0 && sameOs(o1, o0) === false) report('os', o1, o0);
    if (a.cpu_count !== undefined && ref0.cpu_count !== undefined && a.cpu_count !== ref0.cpu_count)
      report('cpu_count', a.cpu_count, ref0.cpu_count);
    if (a.ram_mb !== undefined && ref0.ram_mb !== undefined && !sameMemory(a.ram_mb, ref0.ram_mb))
      report('ram_mb', a.ram_mb, ref0.ram_mb);
    const ips0 = new Set((ref0.ip_addresses ?? []).filter(isIdentifyingIp));
    if (a.ip_address && isIdentifyingIp(a.ip_address) && ips0.size > 0 && !ips0.has(a.ip_address))
      report('ip_address', a.ip_address, [...ips0].join(', '));
  }
  return out;
}
