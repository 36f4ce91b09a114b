import type { CiAttributes, CiType } from '../domain/attributes.js';
import { parseHostName } from '../normalize/index.js';
import type { Finding, ReconContext, Severity } from './model.js';

/**
 * Data-quality scores, 0-100, per CI, per CI type, per source and overall, from three measures:
 * - completeness: required and recommended attributes the CMDB holds for the CI's type;
 * - correctness: the findings against the CI (duplicates, conflicts, orphans, staleness), by severity;
 * - compliance: rules a well-run CMDB follows (owner and support group set, a host name that is one,
 *   a strong identifier, a lifecycle status).
 * A CI missing from the CMDB scores 0 on completeness and compliance: the CMDB knows nothing of it.
 */

const REQUIRED: Partial<Record<CiType, string[]>> = {
  computer: ['name', 'ip_address', 'os_family', 'owner', 'support_group', 'location'],
  hypervisor: ['name', 'ip_address', 'os_family', 'owner', 'support_group', 'location', 'serial_number'],
  network_device: ['name', 'ip_address', 'owner', 'support_group', 'location', 'serial_number'],
  printer: ['name', 'ip_address', 'location'],
  storage: ['name', 'ip_address', 'owner', 'support_group', 'location', 'serial_number'],
  application: ['name', 'owner', 'support_group'],
  database: ['name', 'owner', 'support_group'],
  service: ['name', 'owner', 'support_group'],
};
const RECOMMENDED: Partial<Record<CiType, string[]>> = {
  computer: ['cpu_count', 'ram_mb', 'os_version', 'manufacturer', 'model', 'environment', 'mac_address'],
  hypervisor: ['cpu_count', 'ram_mb', 'os_version', 'manufacturer', 'model', 'mac_address'],
  network_device: ['manufacturer', 'model', 'mac_address', 'os'],
  printer: ['manufacturer', 'model', 'mac_address', 'owner'],
  storage: ['manufacturer', 'model'],
  application: ['environment'],
  database: ['environment'],
  service: ['environment'],
};
const FALLBACK_REQUIRED = ['name', 'owner'];

const PENALTY: Record<Severity, number> = { high: 0.5, medium: 0.25, low: 0.1, info: 0.02 };

export interface CiQuality {
  score: number;
  completeness: number;
  correctness: number;
  compliance: number;
  missing: string[];
  failedRules: string[];
}

export interface QualityBucket {
  cis: number;
  score: number;
  completeness: number;
  correctness: number;
  compliance: number;
}

export interface QualityReport {
  overall: QualityBucket;
  byType: Record<string, QualityBucket>;
  bySource: Record<string, QualityBucket & { records: number; recordsWithFindings: number }>;
}

function has(a: CiAttributes, field: string): boolean {
  const v = (a as Record<string, unknown>)[field];
  return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
}

export function completenessOf(a: CiAttributes, type: CiType): { value: number; missing: string[] } {
  const req = REQUIRED[type] ?? FALLBACK_REQUIRED;
  const rec = RECOMMENDED[type] ?? [];
  const missing = [...req, ...rec].filter((f) => !has(a, f));
  const reqShare = req.filter((f) => has(a, f)).length / req.length;
  const recShare = rec.length ? rec.filter((f) => has(a, f)).length / rec.length : 1;
  return { value: 0.8 * reqShare + 0.2 * recShare, missing };
}

export function complianceOf(a: CiAttributes, type: CiType): { value: number; failed: string[] } {
  const rules: [string, boolean][] = [
    ['has an owner', has(a, 'owner')],
    ['has a support group', has(a, 'support_group')],
    ['has a lifecycle status', a.status !== undefined && a.status !== 'unknown'],
  ];
  if (type === 'computer' || type === 'hypervisor' || type === 'network_device' || type === 'storage') {
    rules.push(['is named by a valid host name', Boolean(a.name && parseHostName(a.name))]);
    rules.push([
      'carries a strong identifier',
      Boolean(a.serial_number || a.bios_uuid || a.instance_id || a.vm_id || a.correlation_id),
    ]);
  }
  const failed = rules.filter(([, ok]) => !ok).map(([name]) => name);
  return { value: (rules.length - failed.length) / rules.length, failed };
}

export function correctnessOf(findings: readonly Finding[]): number {
  return Math.max(0, 1 - findings.reduce((p, f) => p + PENALTY[f.severity], 0));
}

const round = (x: number) => Math.round(x * 1000) / 10;

export function ciQuality(
  cmdbAttrs: CiAttributes | undefined,
  type: CiType,
  findings: readonly Finding[],
): CiQuality {
  const correctness = correctnessOf(findings);
  if (!cmdbAttrs) {
    return {
      score: round(0.4 * correctness),
      completeness: 0,
      correctness: round(correctness),
      compliance: 0,
      missing: ['(not in the CMDB)'],
      failedRules: ['is in the CMDB'],
    };
  }
  const c = completenessOf(cmdbAttrs, type);
  const k = complianceOf(cmdbAttrs, type);
  return {
    score: round(0.4 * c.value + 0.4 * correctness + 0.2 * k.value),
    completeness: round(c.value),
    correctness: round(correctness),
    compliance: round(k.value),
    missing: c.missing,
    failedRules: k.failed,
  };
}

function bucket(list: CiQuality[]): QualityBucket {
  const n = list.length || 1;
  const avg = (f: (q: CiQuality) => number) => Math.round((list.reduce((s, q) => s + f(q), 0) / n) * 10) / 10;
  return {
    cis: list.length,
    score: avg((q) => q.score),
    completeness: avg((q) => q.completeness),
    correctness: avg((q) => q.correctness),
    compliance: avg((q) => q.compliance),
  };
}

/** Scores every cluster (index-aligned with ctx.clusters) and aggregates them. */
export function scoreQuality(
  ctx: ReconContext,
  findings: readonly Finding[],
): { perCluster: CiQuality[]; report: QualityReport } {
  const byCluster = new Map<number, Finding[]>();
  const byRecord = new Set<number>();
  for (const f of findings) {
    if (f.cluster !== undefined) byCluster.set(f.cluster, [...(byCluster.get(f.cluster) ?? []), f]);
    if (f.record !== undefined) byRecord.add(f.record);
  }
  const perCluster = ctx.clusters.map((c) => {
    if (c.ciType === 'template')
      return {
        score: 100,
        completeness: 100,
        correctness: 100,
        compliance: 100,
        missing: [],
        failedRules: [],
      };
    const cmdb = c.cmdb.find((m) => ctx.records[m]!.attrs.status !== 'retired') ?? c.cmdb[0];
    return ciQuality(
      cmdb === undefined ? undefined : ctx.records[cmdb]!.attrs,
      c.ciType,
      byCluster.get(c.idx) ?? [],
    );
  });
  const scored = ctx.clusters.filter((c) => c.ciType !== 'template');
  const byType: Record<string, QualityBucket> = {};
  for (const t of new Set(scored.map((c) => c.ciType)))
    byType[t] = bucket(scored.filter((c) => c.ciType === t).map((c) => perCluster[c.idx]!));
  const bySource: QualityReport['bySource'] = {};
  for (const s of ctx.sources) {
    const mine = ctx.records
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.source === s.idx && r.ciType !== 'template');
    const qs = mine.map(({ r, i }) => {
      const c = completenessOf(r.attrs, r.ciType);
      const k = complianceOf(r.attrs, r.ciType);
      const correct = byRecord.has(i) ? 0 : 1;
      return {
        score: round(0.4 * c.value + 0.4 * correct + 0.2 * k.value),
        completeness: round(c.value),
        correctness: round(correct),
        compliance: round(k.value),
        missing: [],
        failedRules: [],
      };
    });
    bySource[s.name] = {
      ...bucket(qs),
      records: mine.length,
      recordsWithFindings: mine.filter(({ i }) => byRecord.has(i)).length,
    };
  }
  return { perCluster, report: { overall: bucket(scored.map((c) => perCluster[c.idx]!)), byType, bySource } };
}
