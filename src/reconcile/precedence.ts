import { type CiAttributes, newAttributes } from '../domain/attributes.js';
import type { Workspace } from '../workspace/workspace.js';
import { discoveryTrust } from './findings/common.js';
import type { LoadedRecord, LoadedSource } from './load.js';

/**
 * Which source's value becomes the golden value of each attribute.
 *
 * Rules are (attribute, source, rank): lower rank wins. `attribute` is an attribute name or a group
 * (`*technical`, `*business`); `source` a source name or a role (`role:cmdb`, `role:discovery`). The most
 * specific rule applies (attribute over group, source name over role). Defaults: discovery wins technical
 * attributes (it measures them), the CMDB wins ownership and business attributes (people maintain them).
 * Values from a snapshot older than its source's staleness window lose to any fresh value, and an empty
 * value never overwrites a present one (absent attributes are not candidates).
 */

export const TECHNICAL = new Set<string>([
  'host_name',
  'dns_domain',
  'fqdn',
  'ip_address',
  'ip_addresses',
  'mac_address',
  'mac_addresses',
  'serial_number',
  'bios_uuid',
  'vm_uuid',
  'vm_id',
  'instance_id',
  'os',
  'os_family',
  'os_name',
  'os_version',
  'cpu_count',
  'ram_mb',
  'disk_gb',
  'manufacturer',
  'model',
  'virtual',
  'power_state',
  'host_ref',
  'cluster',
  'datacenter',
  'cloud_provider',
  'last_seen',
]);

export function groupOf(attribute: string): '*technical' | '*business' {
  return TECHNICAL.has(attribute) ? '*technical' : '*business';
}

export interface PrecedenceRule {
  attribute: string;
  source: string;
  rank: number;
}

export const DEFAULT_RULES: PrecedenceRule[] = [
  { attribute: '*technical', source: 'role:discovery', rank: 10 },
  { attribute: '*technical', source: 'role:cmdb', rank: 20 },
  { attribute: '*business', source: 'role:cmdb', rank: 10 },
  { attribute: '*business', source: 'role:discovery', rank: 20 },
];

export interface SourcePolicy {
  stalenessDays: number | null;
}

/** Attributes of the golden record that are derived from others, or not attributes of the CI. */
const SKIP = new Set(['issues', 'interfaces', 'aliases', 'extra', 'updated_at', 'correlation_id']);

export class Precedence {
  private readonly rules: PrecedenceRule[];

  constructor(
    rules: PrecedenceRule[],
    private readonly policies: Map<string, SourcePolicy>,
    private readonly now: Date,
  ) {
    this.rules = rules.length > 0 ? rules : DEFAULT_RULES;
  }

  static load(ws: Workspace): Precedence {
    const rules = ws.db
      .prepare('SELECT attribute, source, rank FROM precedence_rule')
      .all() as PrecedenceRule[];
    const policies = new Map<string, SourcePolicy>();
    for (const row of ws.db
      .prepare('SELECT s.name, p.staleness_days FROM source_policy p JOIN source s ON s.id = p.source_id')
      .all() as { name: string; staleness_days: number | null }[]) {
      policies.set(row.name, { stalenessDays: row.staleness_days });
    }
    return new Precedence(rules, policies, ws.now());
  }

  /** Rank of a source for an attribute, and the rule that gave it. */
  rank(attribute: string, source: LoadedSource): { rank: number; rule: string } {
    const group = groupOf(attribute);
    let best: { rank: number; rule: string; specificity: number } = {
      rank: 1000,
      rule: 'no rule',
      specificity: -1,
    };
    for (const r of this.rules) {
      const attrMatch = r.attribute === attribute ? 2 : r.attribute === group ? 1 : 0;
      const srcMatch = r.source === source.name ? 2 : r.source === `role:${source.role}` ? 1 : 0;
      if (attrMatch === 0 || srcMatch === 0) continue;
      const specificity = attrMatch * 3 + srcMatch;
      if (specificity > best.specificity)
        best = { rank: r.rank, rule: `${r.attribute} ${r.source} rank ${r.rank}`, specificity };
    }
    return { rank: best.rank, rule: best.rule };
  }

  isStale(source: LoadedSource): boolean {
    const days = this.policies.get(source.name)?.stalenessDays;
    if (days === null || days === undefined) return false;
    return Date.parse(source.importedAt) < this.now.getTime() - days * 86_400_000;
  }

  /**
   * Per attribute, one number per source that orders candidates: staleness, then rule rank, then trust of
   * the discovery method. Golden records ask this millions of times, so it is computed once per pair.
   */
  private readonly orderCache = new Map<string, number[]>();

  private order(attribute: string, source: LoadedSource): number {
    let bySource = this.orderCache.get(attribute);
    if (!bySource) this.orderCache.set(attribute, (bySource = []));
    let o = bySource[source.idx];
    if (o === undefined) {
      const stale = this.isStale(source) ? 1 : 0;
      const trust = source.role === 'discovery' ? discoveryTrust(source) : 0;
      bySource[source.idx] = o = stale * 1e7 + this.rank(attribute, source).rank * 100 + trust;
    }
    return o;
  }

  /**
   * Chooses each attribute's value among the members. Returns the golden record and, per attribute,
   * the index (into `members`) of the record that supplied it. Candidates are ordered by: fresh before
   * stale, rule rank, trust of the discovery method, then source name and key (for determinism).
   * Walks a fixed attribute list into fixed-shape objects: this runs once per CI of the estate.
   */
  golden(
    members: readonly LoadedRecord[],
    sources: readonly LoadedSource[],
  ): { golden: CiAttributes; from: Record<string, number> } {
    const golden = newAttributes() as Record<string, unknown>;
    const from: Record<string, number> = {};
    const better = (attribute: string, i: number, j: number): boolean => {
      const a = members[i]!;
      const b = members[j]!;
      const sa = sources[a.source]!;
      const sb = sources[b.source]!;
      const oa = this.order(attribute, sa);
      const ob = this.order(attribute, sb);
      if (oa !== ob) return oa < ob;
      if (sa.name !== sb.name) return sa.name < sb.name;
      return a.key < b.key;
    };
    for (const attribute of GOLDEN_KEYS) {
      let best = -1;
      for (let i = 0; i < members.length; i++) {
        const v = (members[i]!.attrs as Record<string, unknown>)[attribute];
        if (!present(v)) continue;
        if (best < 0 || better(attribute, i, best)) best = i;
      }
      if (best < 0) continue;
      golden[attribute] = (members[best]!.attrs as Record<string, unknown>)[attribute];
      from[attribute] = best;
    }
    // An OS is one value: take family, name and version from the record that supplied the OS family.
    const osFrom = from.os_family;
    if (osFrom !== undefined) {
      const src = members[osFrom]!.attrs;
      for (const k of ['os', 'os_name', 'os_version'] as const) {
        golden[k] = src[k];
        if (src[k] !== undefined) from[k] = osFrom;
        else delete from[k];
      }
    }
    let extra: Record<string, unknown> | undefined;
    for (let i = 0; i < members.length; i++) {
      const e = members[i]!.attrs.extra;
      if (!e) continue;
      for (const k in e) {
        const v = e[k];
        if (!present(v)) continue;
        const attribute = `extra.${k}`;
        const cur = from[attribute];
        if (cur === undefined || better(attribute, i, cur)) {
          from[attribute] = i;
          (extra ??= {})[k] = v;
        }
      }
    }
    if (extra) golden.extra = extra;
    return { golden: golden as CiAttributes, from };
  }
}

const present = (v: unknown) =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/** Attributes of the golden record, in the attribute model's order. */
const GOLDEN_KEYS = Object.keys(newAttributes()).filter((k) => !SKIP.has(k));
