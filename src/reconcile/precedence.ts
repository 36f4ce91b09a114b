import type { CiAttributes } from '../domain/attributes.js';
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
   * Chooses each attribute's value among the members. Returns the golden record and, per attribute,
   * the index (into `members`) of the record that supplied it.
   */
  golden(
    members: readonly LoadedRecord[],
    sources: readonly LoadedSource[],
  ): { golden: CiAttributes; from: Record<string, number> } {
    const golden: Record<string, unknown> = {};
    const from: Record<string, number> = {};
    const attributes = new Set<string>();
    for (const m of members) for (const k of Object.keys(m.attrs)) if (!SKIP.has(k)) attributes.add(k);
    const extras = new Set<string>();
    for (const m of members) for (const k of Object.keys(m.attrs.extra ?? {})) extras.add(k);
    const candidatesFor = (get: (a: CiAttributes) => unknown, attribute: string) => {
      let bestIdx = -1;
      let bestKey: (number | string)[] = [];
      members.forEach((m, i) => {
        const v = get(m.attrs);
        if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return;
        const src = sources[m.source]!;
        const key = [
          this.isStale(src) ? 1 : 0,
          this.rank(attribute, src).rank,
          src.role === 'discovery' ? discoveryTrust(src) : 0,
          src.name,
          m.key,
        ];
        if (bestIdx < 0 || compareKeys(key, bestKey) < 0) {
          bestIdx = i;
          bestKey = key;
        }
      });
      return bestIdx;
    };
    for (const attribute of attributes) {
      const i = candidatesFor((a) => (a as Record<string, unknown>)[attribute], attribute);
      if (i < 0) continue;
      golden[attribute] = (members[i]!.attrs as Record<string, unknown>)[attribute];
      from[attribute] = i;
    }
    // An OS is one value: take family, name and version from the record that supplied the OS text.
    if (from.os_family !== undefined) {
      const src = members[from.os_family]!.attrs;
      for (const k of ['os', 'os_name', 'os_version'] as const) {
        if (src[k] !== undefined) {
          golden[k] = src[k];
          from[k] = from.os_family;
        } else delete golden[k];
      }
    }
    if (extras.size > 0) {
      const extra: Record<string, string | number | boolean> = {};
      for (const k of extras) {
        const i = candidatesFor((a) => a.extra?.[k], `extra.${k}`);
        if (i < 0) continue;
        extra[k] = members[i]!.attrs.extra![k]!;
        from[`extra.${k}`] = i;
      }
      golden.extra = extra;
    }
    return { golden: golden as CiAttributes, from };
  }
}

function compareKeys(a: (number | string)[], b: (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}
