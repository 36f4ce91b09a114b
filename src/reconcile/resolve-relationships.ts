import { normalizeIp, normalizeUuid, parseHostName, uuidMatchKey } from '../normalize/index.js';
import type { Identity } from './identity.js';
import type { LoadedRecord, LoadedRelationship } from './load.js';
import type { ResolvedRelationship } from './model.js';

/**
 * Resolves relationship endpoints to records: a native key within the same source, or a name, UUID, IP
 * or instance id matched against every source (a hypervisor names a VM's host by its DNS name, a GLPI
 * agent names its guests by UUID).
 */
export class RecordLookup {
  private readonly byKey = new Map<number, Map<string, number>>();
  private readonly byHost = new Map<string, number[]>();
  private readonly byName = new Map<string, number[]>();
  private readonly byUuid = new Map<string, number[]>();
  private readonly byIp = new Map<string, number[]>();
  private readonly byInst = new Map<string, number[]>();

  constructor(
    private readonly records: readonly LoadedRecord[],
    private readonly identities: readonly Identity[],
  ) {
    records.forEach((r, i) => {
      let keys = this.byKey.get(r.source);
      if (!keys) this.byKey.set(r.source, (keys = new Map()));
      keys.set(r.key, i);
      keys.set(r.key.toLowerCase(), i);
      const id = identities[i]!;
      for (const h of id.host) push(this.byHost, h, i);
      if (r.name) push(this.byName, r.name.trim().toLowerCase(), i);
      for (const u of id.uuid) push(this.byUuid, u, i);
      for (const u of id.vmuuid) push(this.byUuid, u, i);
      for (const ip of id.ip) push(this.byIp, ip, i);
      for (const x of id.inst) push(this.byInst, x, i);
    });
  }

  /** Record index by native key within one source. */
  key(source: number, key: string): number | undefined {
    const m = this.byKey.get(source);
    return m?.get(key) ?? m?.get(key.toLowerCase());
  }

  resolve(source: number, ref: { kind: string; value: string }): number[] {
    switch (ref.kind) {
      case 'key': {
        const i = this.key(source, ref.value);
        return i === undefined ? [] : [i];
      }
      case 'uuid': {
        const u = normalizeUuid(ref.value);
        return u ? (this.byUuid.get(uuidMatchKey(u)) ?? []) : [];
      }
      case 'ip': {
        const ip = normalizeIp(ref.value);
        return ip ? (this.byIp.get(ip) ?? []) : [];
      }
      case 'instance_id':
        return this.byInst.get(ref.value.toLowerCase()) ?? [];
      case 'name':
      default:
        return this.byNameOrHost(ref.value);
    }
  }

  private byNameOrHost(value: string): number[] {
    const exact = this.byName.get(value.trim().toLowerCase());
    const hn = parseHostName(value);
    if (!hn || hn.isIp) return exact ?? (hn?.isIp ? (this.byIp.get(hn.host) ?? []) : []);
    const candidates = this.byHost.get(hn.host) ?? [];
    const matched = hn.domain
      ? candidates.filter((i) => {
          const id = this.identities[i]!;
          const d = id.domain[id.host.indexOf(hn.host)];
          return !d || d === hn.domain;
        })
      : candidates;
    if (!exact) return matched;
    return [...new Set([...exact, ...matched])];
  }
}

function push(map: Map<string, number[]>, k: string, v: number): void {
  const list = map.get(k);
  if (!list) map.set(k, [v]);
  else if (list[list.length - 1] !== v) list.push(v);
}

export function resolveRelationships(
  rels: readonly LoadedRelationship[],
  lookup: RecordLookup,
): ResolvedRelationship[] {
  return rels.map((rel) => ({
    rel,
    parent: lookup.resolve(rel.source, rel.parent),
    child: lookup.resolve(rel.source, rel.child),
  }));
}
