import type { CiAttributes, CiType } from '../domain/attributes.js';
import { parseHostName } from '../normalize/index.js';
import type { FindingTable } from './finding-table.js';
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

// Scored for every CI and every record of the estate: plain loops, no intermediate arrays.
export function completenessOf(a: CiAttributes, type: CiType): { value: number; missing: string[] } {
  const req = REQUIRED[type] ?? FALLBACK_REQUIRED;
  const rec = RECOMMENDED[type] ?? [];
  const missing: string[] = [];
  let reqHeld = 0;
  let recHeld = 0;
  for (const f of req) {
    if (has(a, f)) reqHeld++;
    else missing.push(f);
  }
  for (const f of rec) {
    if (has(a, f)) recHeld++;
    else missing.push(f);
  }
  const reqShare = reqHeld / req.length;
  const recShare = rec.length ? recHeld / rec.length : 1;
  return { value: 0.8 * reqShare + 0.2 * recShare, missing };
}

const MACHINE_RULES = new Set<CiType>(['computer', 'hypervisor', 'network_device', 'storage']);

export function complianceOf(a: CiAttributes, type: CiType): { value: number; failed: string[] } {
  const failed: string[] = [];
  let rules = 3;
  if (!has(a, 'owner')) failed.push('has an owner');
  if (!has(a, 'support_group')) failed.push('has a support group');
  if (!(a.status !== undefined && a.status !== 'unknown')) failed.push('has a lifecycle status');
  if (MACHINE_RULES.has(type)) {
    rules += 2;
    if (!(a.name && parseHostName(a.name))) failed.push('is named by a valid host name');
    if (!(a.serial_number || a.bios_uuid || a.instance_id || a.vm_id || a.correlation_id))
      failed.push('carries a strong identifier');
  }
  return { value: (rules - failed.length) / rules, failed };
}

export function correctnessOf(findings: readonly Finding[]): number {
  return correctnessFromPenalty(findings.reduce((p, f) => p + PENALTY[f.severity], 0));
}

function correctnessFromPenalty(penalty: number): number {
  return Math.max(0, 1 - penalty);
}

const round = (x: number) => Math.round(x * 1000) / 10;

export function ciQuality(
  cmdbAttrs: CiAttributes | undefined,
  type: CiType,
  findings: readonly Finding[],
): CiQuality {
  return ciQualityOf(cmdbAttrs, type, correctnessOf(findings));
}

function ciQualityOf(cmdbAttrs: CiAttributes | undefined, type: CiType, correctness: number): CiQuality {
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

class Accumulator {
  cis = 0;
  score = 0;
  completeness = 0;
  correctness = 0;
  compliance = 0;

  add(q: Pick<CiQuality, 'score' | 'completeness' | 'correctness' | 'compliance'>): void {
    this.cis++;
    this.score += q.score;
    this.completeness += q.completeness;
    this.correctness += q.correctness;
    this.compliance += q.compliance;
  }

  bucket(): QualityBucket {
    const n = this.cis || 1;
    const avg = (x: number) => Math.round((x / n) * 10) / 10;
    return {
      cis: this.cis,
      score: avg(this.score),
      completeness: avg(this.completeness),
      correctness: avg(this.correctness),
      compliance: avg(this.compliance),
    };
  }
}

/**
 * Scores CIs one at a time (so a large estate's scores are never all held at once) and aggregates them
 * per CI type; per-source scores come from each source's own records.
 */
export class QualityScorer {
  /** Sum of the severity penalties of each cluster's findings, added in finding order. */
  private readonly penalty: Float64Array;
  /** Records that a finding about a cluster names. */
  private readonly withFindings: Uint8Array;
  private readonly overall = new Accumulator();
  private readonly byType = new Map<string, Accumulator>();

  constructor(
    private readonly ctx: ReconContext,
    findings: FindingTable,
  ) {
    this.penalty = new Float64Array(ctx.clusters.length);
    this.withFindings = new Uint8Array(ctx.records.length);
    for (let i = 0; i < findings.length; i++) {
      const c = findings.cluster[i]!;
      if (c < 0) continue;
      this.penalty[c]! += PENALTY[findings.severity(i)];
      const r = findings.record[i]!;
      if (r >= 0) this.withFindings[r] = 1;
    }
  }

  /** Quality of one cluster (by index), counted into the aggregates. Call once per cluster. */
  score(idx: number): CiQuality {
    const c = this.ctx.clusters[idx]!;
    if (c.ciType === 'template')
      return {
        score: 100,
        completeness: 100,
        correctness: 100,
        compliance: 100,
        missing: [],
        failedRules: [],
      };
    const records = this.ctx.records;
    const cmdb = c.cmdb.find((m) => records[m]!.attrs.status !== 'retired') ?? c.cmdb[0];
    const q = ciQualityOf(
      cmdb === undefined ? undefined : records[cmdb]!.attrs,
      c.ciType,
      correctnessFromPenalty(this.penalty[idx]!),
    );
    this.overall.add(q);
    let t = this.byType.get(c.ciType);
    if (!t) this.byType.set(c.ciType, (t = new Accumulator()));
    t.add(q);
    return q;
  }

  report(): QualityReport {
    const { records, sources } = this.ctx;
    const withFindings = this.withFindings;
    const perSource = sources.map(() => ({ acc: new Accumulator(), records: 0, withFindings: 0 }));
    records.forEach((r, i) => {
      if (r.ciType === 'template') return;
      const s = perSource[r.source]!;
      const c = completenessOf(r.attrs, r.ciType);
      const k = complianceOf(r.attrs, r.ciType);
      const correct = withFindings[i] ? 0 : 1;
      s.acc.add({
        score: round(0.4 * c.value + 0.4 * correct + 0.2 * k.value),
        completeness: round(c.value),
        correctness: round(correct),
        compliance: round(k.value),
      });
      s.records++;
      if (!correct) s.withFindings++;
    });
    const bySource: QualityReport['bySource'] = {};
    sources.forEach((s, i) => {
      const p = perSource[i]!;
      bySource[s.name] = { ...p.acc.bucket(), records: p.records, recordsWithFindings: p.withFindings };
    });
    return {
      overall: this.overall.bucket(),
      byType: Object.fromEntries([...this.byType].map(([t, a]) => [t, a.bucket()])),
      bySource,
    };
  }
}
