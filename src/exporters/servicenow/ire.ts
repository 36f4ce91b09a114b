import type { CiChange, CiTarget, CompiledPlan, RelationChange } from '../compile.js';
import type { ReferenceResolver } from './references.js';
import { serviceNowTime, serviceNowValues, type UnresolvedReference } from './values.js';

/**
 * ServiceNow Identification and Reconciliation payloads (POST /api/now/identifyreconcile), exactly in the
 * documented request shape: {"items": [{className, internal_id, values, lookup, sys_object_source_info}],
 * "relations": [{parent, child, type}]} with relations as indexes into the same payload's items.
 *
 * One unit per CI the plan changes: the CI's item with every field written on it, its lookups (serial,
 * network adapters) and the relationships it is the parent of, with an identification-only item for each
 * other end. Units are packed into payloads of at most `batchSize` top-level items and never split, so a CI
 * always travels with its relations. Never a sys_id in values: existing CIs are identified by their name and
 * serial number as the CMDB holds them.
 */

export interface SourceInfo {
  source_name: string;
  source_native_key: string;
  source_recency_timestamp: string;
}

export interface IreLookup {
  className: string;
  internal_id: string;
  values: Record<string, string>;
  sys_object_source_info: SourceInfo;
}

export interface IreItem {
  className: string;
  internal_id: string;
  values: Record<string, string>;
  lookup?: IreLookup[];
  sys_object_source_info: SourceInfo;
}

export interface IreRelation {
  parent: number;
  child: number;
  type: string;
}

export interface IrePayload {
  items: IreItem[];
  relations: IreRelation[];
}

export interface IreBatch {
  payload: IrePayload;
  /** Changeset items the payload carries. */
  items: number[];
  unresolved: (UnresolvedReference & { internalId: string; className: string; items: number[] })[];
}

interface Unit {
  change: CiChange | null;
  anchor: CiTarget;
  relations: RelationChange[];
  seq: number;
}

export function buildIrePayloads(
  plan: CompiledPlan,
  opts: { dataSource: string; batchSize: number; recordedAt: string; refs: ReferenceResolver },
): IreBatch[] {
  const units: Unit[] = [];
  const unitOf = new Map<string, Unit>();
  for (const c of plan.cis) {
    if (!c.create && Object.keys(c.set).length === 0) continue;
    const u: Unit = { change: c, anchor: c.ci, relations: [], seq: Math.min(...c.items) };
    units.push(u);
    unitOf.set(c.ci.id, u);
  }
  for (const r of plan.relations) {
    if (r.op !== 'add') continue;
    let u = unitOf.get(r.parent.id);
    if (!u) {
      u = { change: null, anchor: r.parent, relations: [], seq: Math.min(...r.items) };
      units.push(u);
      unitOf.set(r.parent.id, u);
    }
    u.relations.push(r);
  }

  const batches: IreBatch[] = [];
  let current: { batch: IreBatch; index: Map<string, number>; refCount: number } | undefined;
  const time = (at: string | null) => serviceNowTime(at ?? opts.recordedAt);
  const sourceInfo = (nativeKey: string, at: string | null): SourceInfo => ({
    source_name: opts.dataSource,
    source_native_key: nativeKey,
    source_recency_timestamp: time(at),
  });

  for (const u of units) {
    const size = 1 + u.relations.length;
    if (
      !current ||
      (current.batch.payload.items.length > 0 && current.batch.payload.items.length + size > opts.batchSize)
    ) {
      current = {
        batch: { payload: { items: [], relations: [] }, items: [], unresolved: [] },
        index: new Map(),
        refCount: 0,
      };
      batches.push(current.batch);
    }
    const { batch, index } = current;
    const addSeqs = (seqs: number[]) => {
      for (const s of seqs) if (!batch.items.includes(s)) batch.items.push(s);
    };
    const identify = (t: CiTarget): number => {
      const known = index.get(t.id);
      if (known !== undefined) return known;
      const internalId = `ref-${u.seq}-${++current!.refCount}`;
      batch.payload.items.push({
        className: t.className,
        internal_id: internalId,
        values: { ...t.identifiers },
        sys_object_source_info: sourceInfo(t.record ? `${t.record.source}:${t.record.key}` : t.id, null),
      });
      index.set(t.id, batch.payload.items.length - 1);
      return batch.payload.items.length - 1;
    };
    if (u.change) {
      const c = u.change;
      const internalId = `item-${u.seq}`;
      const { values, unresolved } = serviceNowValues(c, opts.refs);
      const info = sourceInfo(c.nativeKey, c.observedAt);
      const lookup = lookupsOf(c, values, internalId, info);
      const item: IreItem = {
        className: c.ci.className,
        internal_id: internalId,
        values,
        sys_object_source_info: info,
      };
      if (lookup.length > 0) item.lookup = lookup;
      // A change whose every field is an unresolved reference writes nothing: no item for it.
      const writes = c.create !== null || Object.entries(values).some(([k, v]) => c.ci.identifiers[k] !== v);
      const existing = index.get(c.ci.id);
      if (!writes) {
        // (the unresolved values are still listed below)
      } else if (existing !== undefined) batch.payload.items[existing] = item;
      else {
        batch.payload.items.push(item);
        index.set(c.ci.id, batch.payload.items.length - 1);
      }
      for (const x of unresolved)
        batch.unresolved.push({ ...x, internalId, className: c.ci.className, items: c.items });
      addSeqs(c.items);
    }
    for (const r of u.relations) {
      const parent = identify(r.parent);
      const child = identify(r.child);
      batch.payload.relations.push({ parent, child, type: r.type });
      addSeqs(r.items);
    }
  }
  for (const b of batches) b.items.sort((x, y) => x - y);
  return batches;
}

/** Serial and network adapter lookups: identification records the IRE matches before the CI's own fields. */
function lookupsOf(
  c: CiChange,
  values: Record<string, string>,
  internalId: string,
  info: SourceInfo,
): IreLookup[] {
  const out: IreLookup[] = [];
  const serial = values.serial_number;
  if (serial) {
    out.push({
      className: 'cmdb_serial_number',
      internal_id: `${internalId}-serial`,
      values: { serial_number: serial, serial_number_type: 'system', valid: 'true' },
      sys_object_source_info: { ...info, source_native_key: `${info.source_native_key}#serial` },
    });
  }
  (c.create?.interfaces ?? []).forEach((nic, i) => {
    const v: Record<string, string> = { name: nic.name ?? `nic${i}`, mac_address: nic.mac };
    if (nic.ips[0]) v.ip_address = nic.ips[0];
    out.push({
      className: 'cmdb_ci_network_adapter',
      internal_id: `${internalId}-nic${i}`,
      values: v,
      sys_object_source_info: { ...info, source_native_key: `${info.source_native_key}#nic:${nic.mac}` },
    });
  });
  return out;
}
