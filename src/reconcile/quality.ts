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
  private readonly byCluster = new Map<number, Finding[]>();
  private readonly overall = new Accumulator();
  private readonly byType = new Map<string, Accumulator>();

  constructor(
    private readonly ctx: ReconContext,
    findings: readonly Finding[],
  ) {
    for (const f of findings) {
      if (f.cluster === undefined) continue;
      const list = this.byCluster.get(f.cluster);
      if (list) list.push(f);
      else this.byCluster.set(f.cluster, [f]);
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
    const q = ciQuality(
      cmdb === undefined ? undefined : records[cmdb]!.attrs,
      c.ciType,
      this.byCluster.get(idx) ?? [],
    );
    this.overall.add(q);
    let t = this.byType.get(c.ciType);
    if (!t) this.byType.set(c.ciType, (t = new Accumulator()));
    t.add(q);
    return q;
  }

  report(): QualityReport {
    const { records, sources } = this.ctx;
    const withFindings = new Set<number>();
    for (const list of this.byCluster.values())
      for (const f of list) if (f.record !== undefined) withFindings.add(f.record);
    const perSource = sources.map(() => ({ acc: new Accumulator(), records: 0, withFindings: 0 }));
    records.forEach((r, i) => {
      if (r.ciType === 'template') return;
      const s = perSource[r.source]!;
      const c = completenessOf(r.attrs, r.ciType);
      const k = complianceOf(r.attrs, r.ciType);
      const correct = withFindings.has(i) ? 0 : 1;
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
