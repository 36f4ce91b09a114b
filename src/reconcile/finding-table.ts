import { hash } from 'node:crypto';
import { flatten } from '../util/flatten.js';
import { FINDING_CATEGORIES, type Finding, type FindingCategory, type Severity } from './model.js';

const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

export function fingerprint(f: Pick<Finding, 'category' | 'source' | 'key' | 'attribute'>): string {
  return hash('sha1', `${f.category}\u0000${f.source}\u0000${f.key}\u0000${f.attribute ?? ''}`, 'hex');
}

/**
 * Findings as they are written: columns in arrays, evidence already as JSON. An estate of 700,000 records
 * has hundreds of thousands of findings, each an object tree (references, evidence, nested values) that
 * would otherwise stay in memory, and be traced by every garbage collection, until the write.
 */
export class FindingTable {
  length = 0;
  private categoryCode = new Uint8Array(1024);
  private severityCode = new Uint8Array(1024);
  /** -1 when the finding has none. */
  cluster = new Int32Array(1024);
  record = new Int32Array(1024);
  relationship = new Int32Array(1024);
  readonly source: string[] = [];
  readonly key: string[] = [];
  readonly attribute: (string | null)[] = [];
  readonly summary: string[] = [];
  readonly evidence: string[] = [];
  readonly fingerprint: string[] = [];

  add(f: Finding): void {
    if (this.length === this.cluster.length) this.grow();
    const i = this.length++;
    this.categoryCode[i] = FINDING_CATEGORIES.indexOf(f.category);
    this.severityCode[i] = SEVERITIES.indexOf(f.severity);
    this.cluster[i] = f.cluster ?? -1;
    this.record[i] = f.record ?? -1;
    this.relationship[i] = f.relationship ?? -1;
    this.source.push(f.source);
    this.key.push(f.key);
    this.attribute.push(f.attribute ?? null);
    this.summary.push(flatten(f.summary));
    this.evidence.push(flatten(JSON.stringify(f.evidence)));
    this.fingerprint.push(fingerprint(f));
  }

  addAll(findings: readonly Finding[]): void {
    for (const f of findings) this.add(f);
  }

  category(i: number): FindingCategory {
    return FINDING_CATEGORIES[this.categoryCode[i]!]!;
  }

  severity(i: number): Severity {
    return SEVERITIES[this.severityCode[i]!]!;
  }

  private grow(): void {
    const n = this.cluster.length * 2;
    const widen = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.categoryCode = widen(this.categoryCode, (k) => new Uint8Array(k));
    this.severityCode = widen(this.severityCode, (k) => new Uint8Array(k));
    this.cluster = widen(this.cluster, (k) => new Int32Array(k));
    this.record = widen(this.record, (k) => new Int32Array(k));
    this.relationship = widen(this.relationship, (k) => new Int32Array(k));
  }
}
