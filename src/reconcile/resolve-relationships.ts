import { normalizeIp, normalizeUuid, parseHostName, uuidMatchKey } from '../normalize/index.js';
import { type Identity, IdentityTable, type Interner, type Namespace } from './identity.js';
import type { LoadedRecord, LoadedRelationship } from './load.js';
import type { ResolvedRelationship } from './model.js';

/**
 * Resolves relationship endpoints to records: a native key within the same source, or a name, UUID, IP
 * or instance id matched against every source (a hypervisor names a VM's host by its DNS name, a GLPI
 * agent names its guests by UUID). Indexes are built on first use: most estates need only keys.
 */
export class RecordLookup {
  private readonly byKey = new Map<number, Map<string, number>>();
  private byKeyLower: Map<number, Map<string, number>> | undefined;
  /** Records per interned value, in compressed-row form (offsets into `valueMembers`). */
  private valueOffsets: Int32Array | undefined;
  private valueMembers: Int32Array | undefined;
  /** Records by lower-case name: one index, or several (most names belong to one record). */
  private byName: Map<string, number | number[]> | undefined;
  /** The names the name index is limited to (see expectNames); undefined: every record's name. */
  private wantedNames: Set<string> | undefined;

  private readonly identities: IdentityTable;

  constructor(
    private readonly records: readonly LoadedRecord[],
    identities: IdentityTable | readonly Identity[],
    private readonly interner: Interner,
  ) {
    this.identities = identities instanceof IdentityTable ? identities : IdentityTable.of(identities);
  }

  /**
   * A source's records by native key, built when the source's relationships first name one: usually
   * only the CMDB's relationships do, and a map of every discovered record's key would cost hundreds of
   * thousands of insertions for nothing.
   */
  private keysOf(source: number): Map<string, number> {
    let keys = this.byKey.get(source);
    if (!keys) {
      keys = new Map();
      for (let i = 0; i < this.records.length; i++) {
        const r = this.records[i]!;
        if (r.source === source) keys.set(r.key, i);
      }
      this.byKey.set(source, keys);
    }
    return keys;
  }

  /** Record index by native key within one source (exact, then ignoring case). */
  key(source: number, key: string): number | undefined {
    const keys = this.keysOf(source);
    const exact = keys.get(key);
    if (exact !== undefined) return exact;
    this.byKeyLower ??= new Map();
    let lower = this.byKeyLower.get(source);
    if (!lower) {
      lower = new Map();
      for (const [k, i] of keys) lower.set(k.toLowerCase(), i);
      this.byKeyLower.set(source, lower);
    }
    return lower.get(key.toLowerCase());
  }

  /** Records carrying an interned identifier value (host, UUID, IP, instance id). */
  withValue(ns: Namespace, value: string): number[] {
    return this.withId(this.interner.find(ns, value));
  }

  private withId(id: number): number[] {
    if (id === 0) return [];
    if (!this.valueOffsets) this.buildValueIndex();
    const start = this.valueOffsets![id]!;
    const end = this.valueOffsets![id + 1]!;
    return Array.from(this.valueMembers!.subarray(start, end));
  }

  private buildValueIndex(): void {
    const size = this.interner.size;
    const offsets = new Int32Array(size + 1);
    const ids = this.identities;
    const kinds = ['host', 'uuid', 'vmuuid', 'ip', 'inst'] as const;
    const each = (fn: (value: number, record: number) => void) => {
      for (let i = 0; i < ids.size; i++)
        for (const k of kinds) {
          const hi = ids.hi(i, k);
          for (let j = ids.lo(i, k); j < hi; j++) fn(ids.vals[j]!, i);
        }
    };
    each((v) => offsets[v + 1]!++);
    for (let v = 0; v < size; v++) offsets[v + 1]! += offsets[v]!;
    // Filled back to front, each value's end moving down to its start: no second array of positions
    // (megabytes outside the heap, each of which brings V8's next full collection closer).
    const members = new Int32Array(offsets[size]!);
    for (let i = ids.size - 1; i >= 0; i--)
      for (let k = kinds.length - 1; k >= 0; k--) {
        const lo = ids.lo(i, kinds[k]!);
        for (let j = ids.hi(i, kinds[k]!) - 1; j >= lo; j--) members[--offsets[ids.vals[j]! + 1]!] = i;
      }
    // offsets[v + 1] is now where value v starts: shift back by one.
    offsets.copyWithin(0, 1);
    offsets[size] = members.length;
    this.valueOffsets = offsets;
    this.valueMembers = members;
  }

  /** Records a reference names: by its identifier kind, or else as a name or host name. */
  resolve(source: number, ref: { kind: string; value: string }): number[] {
    const byIdentifier = BY_IDENTIFIER.get(ref.kind);
    return byIdentifier ? byIdentifier(this, source, ref.value) : this.byNameOrHost(ref.value);
  }

  /** Records with this native key in the source (exact, then ignoring case). */
  withKey(source: number, key: string): number[] {
    const i = this.key(source, key);
    return i === undefined ? [] : [i];
  }

  /**
   * Limits the name index to the names that will be asked for (a relationship set's name references):
   * looking 700,000 names up in a set of the few thousand referenced costs less than indexing them all.
   * A name outside them later rebuilds the full index.
   */
  expectNames(names: Iterable<string>): void {
    this.wantedNames = new Set<string>();
    for (const n of names) this.wantedNames.add(n.trim().toLowerCase());
    this.byName = undefined;
  }

  private byNameOrHost(value: string): number[] {
    const wanted = value.trim().toLowerCase();
    if (this.wantedNames && !this.wantedNames.has(wanted)) {
      this.wantedNames = undefined;
      this.byName = undefined;
    }
    if (!this.byName) {
      const only = this.wantedNames;
      this.byName = new Map();
      this.records.forEach((r, i) => {
        if (!r.name) return;
        const k = r.name.trim().toLowerCase();
        if (only && !only.has(k)) return;
        const seen = this.byName!.get(k);
        if (seen === undefined) this.byName!.set(k, i);
        else if (typeof seen === 'number') this.byName!.set(k, [seen, i]);
        else seen.push(i);
      });
    }
    const named = this.byName.get(wanted);
    const exact = typeof named === 'number' ? [named] : named;
    const hn = parseHostName(value);
    if (!hn || hn.isIp) return exact ?? (hn?.isIp ? this.withValue('p', hn.host) : []);
    const hostId = this.interner.find('h', hn.host);
    const candidates = this.withId(hostId);
    const domainId = hn.domain ? this.interner.find('d', hn.domain) : 0;
    const ids = this.identities;
    const matched = hn.domain
      ? candidates.filter((i) => {
          const hi = ids.hi(i, 'host');
          let at = ids.lo(i, 'host');
          while (at < hi && ids.vals[at] !== hostId) at++;
          const d = at < hi ? ids.dom[at] : 0;
          return !d || d === domainId;
        })
      : candidates;
    if (!exact) return matched;
    return [...new Set([...exact, ...matched])];
  }
}

/** Reference kinds resolved by identifier; every other kind is looked up as a name or host name. */
const BY_IDENTIFIER = new Map<string, (lookup: RecordLookup, source: number, value: string) => number[]>([
  ['key', (l, source, value) => l.withKey(source, value)],
  [
    'uuid',
    (l, _, value) => {
      const u = normalizeUuid(value);
      return u ? l.withValue('u', uuidMatchKey(u)) : [];
    },
  ],
  [
    'ip',
    (l, _, value) => {
      const ip = normalizeIp(value);
      return ip ? l.withValue('p', ip) : [];
    },
  ],
  ['instance_id', (l, _, value) => l.withValue('i', value.toLowerCase())],
]);

export function resolveRelationships(
  rels: readonly LoadedRelationship[],
  lookup: RecordLookup,
): ResolvedRelationship[] {
  const names: string[] = [];
  for (const rel of rels)
    for (const end of [rel.parent, rel.child]) if (!BY_IDENTIFIER.has(end.kind)) names.push(end.value);
  lookup.expectNames(names);
  return rels.map((rel) => ({
    rel,
    parent: lookup.resolve(rel.source, rel.parent),
    child: lookup.resolve(rel.source, rel.child),
  }));
}
