import type { BaseEntry, CiRef, RecordRef } from '../model.js';
import type { PlanRecord, PlanRelationship } from './plan-data.js';
import { relationshipHash } from '../hash.js';
import { classOfRecord } from './target-class.js';

/**
 * The values that identify an existing CMDB record in the target, as the CMDB holds them: its name and,
 * when it has a real one, its serial (placeholder serials would make the IRE match every machine that
 * shares the placeholder).
 */
export function identifiersOf(r: PlanRecord): Record<string, string> {
  const out: Record<string, string> = {};
  const name = r.fields?.name ?? r.name ?? r.attrs.name;
  if (name) out.name = name;
  if (r.attrs.serial_number) out.serial_number = r.fields?.serial_number ?? r.attrs.serial_number;
  return out;
}

export function recordRef(r: PlanRecord): RecordRef {
  return {
    source: r.source,
    key: r.key,
    name: r.name,
    className: classOfRecord(r.ciClass, r.ciType, r.attrs),
    ciType: r.ciType,
    virtual: r.attrs.virtual ?? null,
    identifiers: identifiersOf(r),
  };
}

export function ciRefOfRecord(r: PlanRecord): CiRef {
  const ref = recordRef(r);
  return {
    record: ref,
    createdBy: null,
    name: ref.name,
    className: ref.className,
    identifiers: ref.identifiers,
  };
}

export function recordBase(r: PlanRecord): BaseEntry {
  return { kind: 'record', source: r.source, key: r.key, batchId: r.batchId, hash: r.hash };
}

export function relationshipBase(r: PlanRelationship): BaseEntry {
  return {
    kind: 'relationship',
    source: r.source,
    key: r.key,
    batchId: r.batchId,
    hash: relationshipHash(r),
  };
}
