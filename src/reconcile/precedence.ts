import { type CiAttributes, newAttributes } from '../domain/attributes.js';
import type { Workspace } from '../workspace/workspace.js';
import { discoveryTrust } from './findings/common.js';
import type { LoadedRecord, LoadedSource } from './load.js';
import { encodeProvenance } from './provenance-codec.js';
import { asIdentifier } from '../util/identifier.js';

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

  /** Order numbers of GOLDEN_KEYS by source (row-major) and the rank of each source's name. */
  private tables: { sources: readonly LoadedSource[]; order: Float64Array; nameRank: Int32Array } | undefined;

  private tablesFor(sources: readonly LoadedSource[]) {
    if (this.tables?.sources === sources) return this.tables;
    const S = sources.length;
    const order = new Float64Array(GOLDEN_KEYS.length * S);
    GOLDEN_KEYS.forEach((attribute, a) => {
      for (let s = 0; s < S; s++) order[a * S + s] = this.order(attribute, sources[s]!);
    });
    const byName = sources.map((_, i) => i);
    byName.sort((x, y) =>
      sources[x]!.name < sources[y]!.name ? -1 : sources[x]!.name > sources[y]!.name ? 1 : 0,
    );
    const nameRank = new Int32Array(S);
    byName.forEach((s, i) => {
      const prev = byName[i - 1];
      nameRank[s] = prev !== undefined && sources[prev]!.name === sources[s]!.name ? nameRank[prev]! : i;
    });
    return (this.tables = { sources, order, nameRank });
  }

  /**
   * Chooses each attribute's value among the members. Returns the golden record and, per attribute,
   * the index (into `members`) of the record that supplied it. Candidates are ordered by: fresh before
   * stale, rule rank, trust of the discovery method, then source name and key (for determinism).
   */
  golden(
    members: readonly LoadedRecord[],
    sources: readonly LoadedSource[],
  ): { golden: CiAttributes; from: Record<string, number> } {
    const { golden, attributes, from } = this.choose(members, sources);
    const byAttribute: Record<string, number> = {};
    attributes.forEach((a, i) => (byAttribute[a] = from[i]!));
    return { golden, from: byAttribute };
  }

  /**
   * The golden record and its provenance as stored (src/reconcile/provenance-codec.ts): attribute -> id
   * of the record that supplied it, in the order golden() lists them.
   */
  goldenWithProvenance(
    members: readonly LoadedRecord[],
    sources: readonly LoadedSource[],
  ): { golden: CiAttributes; provenance: string } {
    const { golden, attributes, from } = this.choose(members, sources);
    const ids = from.map((m) => members[m]!.id);
    return { golden, provenance: encodeProvenance(attributes, ids) };
  }

  /**
   * Walks a fixed attribute list into fixed-shape objects, comparing candidates by precomputed order
   * numbers: this runs once per CI of the estate. Returns the attributes that got a value in the order
   * they were decided, with the member that supplied each.
   */
  private choose(
    members: readonly LoadedRecord[],
    sources: readonly LoadedSource[],
  ): { golden: CiAttributes; attributes: string[]; from: number[] } {
    const { order, nameRank } = this.tablesFor(sources);
    const S = sources.length;
    const golden = newAttributes() as Record<string, unknown>;
    const attributes: string[] = [];
    const from: number[] = [];
    const n = members.length;
    const osAt = chooseAttributes(members, order, nameRank, S, golden, attributes, from);
    // An OS is one value: take family, name and version from the record that supplied the OS family.
    if (osAt >= 0) {
      const osFrom = from[osAt]!;
      const src = members[osFrom]!.attrs;
      for (const k of ['os', 'os_name', 'os_version'] as const) {
        golden[k] = src[k];
        const at = attributes.indexOf(k);
        if (src[k] !== undefined) {
          if (at >= 0) from[at] = osFrom;
          else {
            attributes.push(k);
            from.push(osFrom);
          }
        } else if (at >= 0) {
          attributes.splice(at, 1);
          from.splice(at, 1);
        }
      }
    }
    let extra: Record<string, unknown> | undefined;
    let extraAt: Map<string, number> | undefined;
    for (let i = 0; i < n; i++) {
      const m = members[i]!;
      const e = m.attrs.extra;
      if (!e) continue;
      for (const k in e) {
        const v = e[k];
        if (!present(v)) continue;
        extraAt ??= new Map();
        const at = extraAt.get(k);
        if (at === undefined) {
          extraAt.set(k, attributes.length);
          attributes.push(`extra.${k}`);
          from.push(i);
          (extra ??= {})[k] = v;
        } else if (this.better(`extra.${k}`, m, members[from[at]!]!, sources)) {
          from[at] = i;
          (extra ??= {})[k] = v;
        }
      }
    }
    if (extra) golden.extra = extra;
    return { golden: golden as CiAttributes, attributes, from };
  }

  private better(
    attribute: string,
    a: LoadedRecord,
    b: LoadedRecord,
    sources: readonly LoadedSource[],
  ): boolean {
    const sa = sources[a.source]!;
    const sb = sources[b.source]!;
    const oa = this.order(attribute, sa);
    const ob = this.order(attribute, sb);
    if (oa !== ob) return oa < ob;
    if (sa.name !== sb.name) return sa.name < sb.name;
    return a.key < b.key;
  }
}

const present = (v: unknown) =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/** Attributes of the golden record, in the attribute model's order. */
const GOLDEN_KEYS = Object.keys(newAttributes()).filter((k) => !SKIP.has(k));

/**
 * The per-attribute choice of Precedence.choose, compiled once with every attribute as a named property:
 * the same loop over a list of names reads `attrs[name]` through one site that sees forty names (a slow,
 * megamorphic lookup), and it runs for every attribute of every member of every CI. Fills `golden`,
 * `attributes` and `from`; returns the position of os_family in `attributes` (-1 when absent).
 */
const chooseAttributes = compileChooser(GOLDEN_KEYS);

type Chooser = (
  members: readonly LoadedRecord[],
  order: Float64Array,
  nameRank: Int32Array,
  sources: number,
  golden: Record<string, unknown>,
  attributes: string[],
  from: number[],
) => number;

function compileChooser(keys: readonly string[]): Chooser {
  const blocks = keys.map((key, k) => {
    const name = asIdentifier(key);
    return `
    best = -1; bestOrder = 0; bestName = 0;
    for (let i = 0; i < n; i++) {
      const m = members[i];
      const v = m.attrs.${name};
      if (!present(v)) continue;
      const o = order[${k} * S + m.source];
      const nr = nameRank[m.source];
      if (best < 0 || o < bestOrder || (o === bestOrder && (nr < bestName || (nr === bestName && m.key < members[best].key)))) {
        best = i; bestOrder = o; bestName = nr;
      }
    }
    if (best >= 0) {
      golden.${name} = members[best].attrs.${name};
      ${name === 'os_family' ? 'osAt = attributes.length;' : ''}
      attributes.push('${name}');
      from.push(best);
    }`;
  });
  // `present` is bound once as a constant of the generated function's scope (so it is inlined).
  return new Function(
    'present',
    [
      'return function choose(members, order, nameRank, S, golden, attributes, from) {',
      'const n = members.length; let best, bestOrder, bestName, osAt = -1;',
      ...blocks,
      'return osAt;',
      '};',
    ].join('\n'),
  )(present) as Chooser;
}
