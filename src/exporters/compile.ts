import { effectiveProposal } from '../changesets/effective.js';
import { mergeSteps } from '../changesets/merge-plan.js';
import type {
  ChangesetItem,
  CiRef,
  CreateCiProposal,
  ProposalByKind,
  RecordRef,
} from '../changesets/model.js';

/**
 * Items -> target-neutral operations, the common ground of every push-back format: one change per CI
 * (all the fields the plan writes on it, from however many items), relationship insertions and deletions,
 * and verification tasks for people. Pure; the formats render it.
 */

export interface CiTarget {
  /** "rec:<source>\0<key>" for a CMDB record, "new:<cluster>" for a CI the plan creates. */
  id: string;
  record: RecordRef | null;
  className: string;
  ciType: string | null;
  virtual: boolean | null;
  name: string | null;
  /** Identifying values as the target holds them (name, serial_number). */
  identifiers: Record<string, string>;
}

export interface CiChange {
  ci: CiTarget;
  create: CreateCiProposal | null;
  /** Canonical attribute -> value written ('' clears). */
  set: Record<string, unknown>;
  /** Canonical attribute -> the item that writes it. */
  setBy: Record<string, number>;
  /** Our key for the CI (IRE source_native_key). */
  nativeKey: string;
  /** When the values were observed (ISO), the newest of the items'. */
  observedAt: string | null;
  items: number[];
}

export interface RelationChange {
  op: 'add' | 'delete';
  type: string;
  parent: CiTarget;
  child: CiTarget;
  /** The relationship's native key (cmdb_rel_ci sys_id) for a deletion; null: find it by ends and type. */
  relationship: string | null;
  source: string | null;
  items: number[];
}

/** A relationship to create: it has no id yet and comes from no source. */
function addition(type: string, parent: CiTarget, child: CiTarget, seq: number): RelationChange {
  return { op: 'add', type, parent, child, relationship: null, source: null, items: [seq] };
}

export interface VerificationTask {
  seq: number;
  ci: CiTarget;
  reason: string;
  check: string;
}

export interface CompiledPlan {
  cis: CiChange[];
  relations: RelationChange[];
  verifications: VerificationTask[];
}

export function targetOfRecord(r: RecordRef): CiTarget {
  return {
    id: `rec:${r.source}\u0000${r.key}`,
    record: r,
    className: r.className ?? 'cmdb_ci',
    ciType: r.ciType,
    virtual: r.virtual,
    name: r.name,
    identifiers: r.identifiers,
  };
}

export function targetOfRef(ref: CiRef): CiTarget {
  if (ref.record) return targetOfRecord(ref.record);
  return {
    id: ref.createdBy !== null ? `new:${ref.createdBy}` : `name:${ref.name ?? ''}`,
    record: null,
    className: ref.className ?? 'cmdb_ci',
    ciType: null,
    virtual: null,
    name: ref.name,
    identifiers: ref.identifiers,
  };
}

function endTarget(end: { kind: string; value: string; name: string | null; ci: CiRef | null }): CiTarget {
  if (end.ci) return targetOfRef(end.ci);
  return {
    id: `${end.kind}:${end.value}`,
    record: null,
    className: 'cmdb_ci',
    ciType: null,
    virtual: null,
    name: end.name ?? end.value,
    identifiers: end.kind === 'name' ? { name: end.value } : {},
  };
}

/** Compiles the items to export (already filtered to accepted and edited ones), in seq order. */
export function compilePlan(items: readonly ChangesetItem[]): CompiledPlan {
  const cis = new Map<string, CiChange>();
  const relations: RelationChange[] = [];
  const verifications: VerificationTask[] = [];

  const change = (ci: CiTarget, seq: number): CiChange => {
    let c = cis.get(ci.id);
    if (!c) {
      c = {
        ci,
        create: null,
        set: {},
        setBy: {},
        nativeKey: ci.record ? `${ci.record.source}:${ci.record.key}` : ci.id,
        observedAt: null,
        items: [],
      };
      cis.set(ci.id, c);
    }
    if (!c.items.includes(seq)) c.items.push(seq);
    return c;
  };
  const write = (c: CiChange, attribute: string, value: unknown, seq: number) => {
    c.set[attribute] = value;
    c.setBy[attribute] = seq;
  };
  const observed = (c: CiChange, at: string | null) => {
    if (at && (!c.observedAt || at > c.observedAt)) c.observedAt = at;
  };

  for (const it of items) {
    const p = effectiveProposal(it);
    switch (it.kind) {
      case 'create_ci': {
        const cp = p as ProposalByKind['create_ci'];
        const name = String(cp.values.name ?? '');
        const identifiers: Record<string, string> = { name };
        if (cp.values.serial_number) identifiers.serial_number = String(cp.values.serial_number);
        const c = change(
          {
            id: `new:${it.clusterId ?? cp.nativeKey}`,
            record: null,
            className: cp.className,
            ciType: cp.ciType,
            virtual: typeof cp.values.virtual === 'boolean' ? cp.values.virtual : null,
            name,
            identifiers,
          },
          it.seq,
        );
        c.create = cp;
        c.nativeKey = cp.nativeKey;
        for (const [k, v] of Object.entries(cp.values)) write(c, k, v, it.seq);
        observed(c, cp.observedAt);
        break;
      }
      case 'update_attribute': {
        const up = p as ProposalByKind['update_attribute'];
        const c = change(targetOfRecord(it.target!), it.seq);
        write(c, up.attribute, up.after ?? '', it.seq);
        observed(c, up.observedAt);
        break;
      }
      case 'set_owner':
      case 'set_support_group': {
        const sp = p as ProposalByKind['set_owner'];
        write(change(targetOfRecord(it.target!), it.seq), sp.attribute, sp.after ?? '', it.seq);
        break;
      }
      case 'retire_ci': {
        const rp = p as ProposalByKind['retire_ci'];
        const ci = it.target ? targetOfRecord(it.target) : targetOfRef(rp.ci!);
        write(change(ci, it.seq), 'status', 'retired', it.seq);
        break;
      }
      case 'flag_for_verification': {
        const fp = p as ProposalByKind['flag_for_verification'];
        verifications.push({
          seq: it.seq,
          ci: targetOfRecord(it.target!),
          reason: fp.reason,
          check: fp.check,
        });
        break;
      }
      case 'merge_duplicates': {
        const steps = mergeSteps(p as ProposalByKind['merge_duplicates']);
        const survivor = targetOfRecord(steps.survivor);
        for (const v of steps.victims) write(change(targetOfRecord(v), it.seq), 'status', 'retired', it.seq);
        for (const m of steps.moves) {
          const victim = targetOfRecord(steps.victims.find((v) => v.key === m.member)!);
          const other = m.other.ref ? targetOfRecord(m.other.ref) : endTarget({ ...m.other, ci: null });
          const [oldParent, oldChild] = m.end === 'parent' ? [victim, other] : [other, victim];
          relations.push({
            op: 'delete',
            type: m.type,
            parent: oldParent,
            child: oldChild,
            relationship: m.relationship,
            source: steps.survivor.source,
            items: [it.seq],
          });
          if (m.action === 'move') {
            const [parent, child] = m.end === 'parent' ? [survivor, other] : [other, survivor];
            relations.push(addition(m.type, parent, child, it.seq));
          }
        }
        break;
      }
      case 'add_relationship': {
        const ap = p as ProposalByKind['add_relationship'];
        relations.push(addition(ap.type, targetOfRef(ap.parent), targetOfRef(ap.child), it.seq));
        break;
      }
      case 'repoint_relationship': {
        const rp = p as ProposalByKind['repoint_relationship'];
        const fixed = targetOfRef(rp.fixed);
        const from = targetOfRef(rp.from);
        const to = targetOfRef(rp.to);
        const [oldParent, oldChild] = rp.end === 'child' ? [fixed, from] : [from, fixed];
        const [parent, child] = rp.end === 'child' ? [fixed, to] : [to, fixed];
        relations.push({
          op: 'delete',
          type: rp.type,
          parent: oldParent,
          child: oldChild,
          relationship: rp.relationship,
          source: it.target?.source ?? null,
          items: [it.seq],
        });
        relations.push(addition(rp.type, parent, child, it.seq));
        break;
      }
      case 'remove_relationship': {
        const rp = p as ProposalByKind['remove_relationship'];
        relations.push({
          op: 'delete',
          type: rp.type,
          parent: endTarget(rp.parent),
          child: endTarget(rp.child),
          relationship: rp.relationship,
          source: it.target?.source ?? null,
          items: [it.seq],
        });
        break;
      }
    }
  }
  return { cis: [...cis.values()], relations, verifications };
}
