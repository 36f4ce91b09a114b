import { effectiveProposal } from './effective.js';
import { mergeSteps } from './merge-plan.js';
import type { ChangesetItem, CiRef, ItemKind, ProposalByKind, RecordRef, RelationshipEnd } from './model.js';

/**
 * The plan that undoes a plan: for every exported item, in reverse order, the change that restores what the
 * CMDB held when the plan was made.
 * - create_ci -> retire_ci of the new CI (identified by its name and serial: retiring is the reversible undo);
 * - update_attribute, set_owner, set_support_group -> the same field back to its value before ('' = empty);
 * - retire_ci -> install (and operational) status back to what they were;
 * - merge_duplicates -> each victim's status back, each re-pointed relationship back to its victim, each
 *   removed duplicate relationship added again;
 * - add_relationship <-> remove_relationship; repoint_relationship -> re-point back.
 * A verification task changes nothing in the CMDB, and a removed relationship whose other end is not in the
 * CMDB cannot be restored: both are listed as not invertible.
 */

export interface InversePlan {
  items: ChangesetItem[];
  notInvertible: { seq: number; reason: string }[];
}

type Draft = Omit<ChangesetItem, 'seq' | 'status' | 'override' | 'reviewer' | 'reviewedAt' | 'comment'>;

export function invertItems(items: readonly ChangesetItem[]): InversePlan {
  const out: { from: number; draft: Draft }[] = [];
  const notInvertible: InversePlan['notInvertible'] = [];
  for (const it of [...items].reverse()) {
    const result = invertOne(it);
    if ('reason' in result) notInvertible.push({ seq: it.seq, reason: result.reason });
    else for (const draft of result) out.push({ from: it.seq, draft });
  }
  return {
    items: out.map(({ from, draft }, i) => ({
      ...draft,
      seq: i + 1,
      status: 'accepted',
      override: null,
      reviewer: null,
      reviewedAt: null,
      comment: `undoes item ${from}`,
    })),
    notInvertible: notInvertible.sort((a, b) => a.seq - b.seq),
  };
}

function invertOne(it: ChangesetItem): Draft[] | { reason: string } {
  const p = effectiveProposal(it);
  const like = <K extends ItemKind>(
    kind: K,
    target: RecordRef | null,
    proposal: ProposalByKind[K],
    name = it.targetName,
    cls = it.targetClass,
  ): Draft => ({
    kind,
    findingId: it.findingId,
    fingerprint: it.fingerprint,
    category: it.category,
    severity: it.severity,
    clusterId: it.clusterId,
    target,
    targetName: target?.name ?? name,
    targetClass: target?.className ?? cls,
    proposal,
    base: it.base,
  });
  const undo = `undoes item ${it.seq}`;
  switch (it.kind) {
    case 'create_ci': {
      const cp = p as ProposalByKind['create_ci'];
      const name = String(cp.values.name ?? '');
      const identifiers: Record<string, string> = { name };
      if (cp.values.serial_number) identifiers.serial_number = String(cp.values.serial_number);
      return [
        like('retire_ci', null, {
          ci: { record: null, createdBy: null, name, className: cp.className, identifiers },
          before: 'installed',
          beforeOperational: null,
          after: 'retired',
          lastDiscovered: null,
          days: null,
          thresholdDays: 0,
          reason: `${undo}: retires ${name}, which it created`,
        }),
      ];
    }
    case 'update_attribute': {
      const up = p as ProposalByKind['update_attribute'];
      return [
        like('update_attribute', it.target, {
          ...up,
          before: up.after,
          after: up.before ?? '',
          reason: `${undo}: restores ${up.attribute}`,
        }),
      ];
    }
    case 'set_owner':
    case 'set_support_group': {
      const sp = p as ProposalByKind['set_owner'];
      return [
        like(it.kind, it.target, {
          attribute: sp.attribute,
          before: sp.after,
          after: sp.before ?? '',
          reason: `${undo}: restores ${sp.attribute}`,
        }),
      ];
    }
    case 'retire_ci': {
      const rp = p as ProposalByKind['retire_ci'];
      if (!it.target) return { reason: 'it retires a CI this plan created: undo the creation instead' };
      return restoreStatus(
        it.target,
        rp.before ?? 'installed',
        rp.beforeOperational,
        undo,
        (target, proposal) => like('update_attribute', target, proposal),
      );
    }
    case 'merge_duplicates': {
      const steps = mergeSteps(p as ProposalByKind['merge_duplicates']);
      const drafts: Draft[] = [];
      for (const v of steps.victims)
        drafts.push(
          ...restoreStatus(
            stripStatus(v),
            v.status ?? 'installed',
            v.operationalStatus,
            undo,
            (target, proposal) => like('update_attribute', target, proposal, v.name, v.className),
          ),
        );
      for (const m of steps.moves) {
        const victim = steps.victims.find((v) => v.key === m.member)!;
        if (!m.other.ref) {
          drafts.length = 0;
          return {
            reason: `relationship ${m.relationship} points at ${m.other.value}, which is not in the CMDB: it cannot be restored`,
          };
        }
        const other = asIdentified(refOf(m.other.ref));
        if (m.action === 'move') {
          drafts.push(
            like(
              'repoint_relationship',
              null,
              {
                relationship: null,
                type: m.type,
                end: m.end,
                fixed: other,
                from: refOf(steps.survivor),
                to: refOf(victim),
                reason: `${undo}: points ${m.type} back at ${victim.name ?? victim.key}`,
              },
              victim.name,
              'cmdb_rel_ci',
            ),
          );
        } else {
          const [parent, child] = m.end === 'parent' ? [refOf(victim), other] : [other, refOf(victim)];
          drafts.push(
            like(
              'add_relationship',
              null,
              { type: m.type, parent, child, reason: `${undo}: restores relationship ${m.relationship}` },
              victim.name,
              'cmdb_rel_ci',
            ),
          );
        }
      }
      return drafts;
    }
    case 'add_relationship': {
      const ap = p as ProposalByKind['add_relationship'];
      return [
        like(
          'remove_relationship',
          null,
          {
            relationship: null,
            type: ap.type,
            parent: endOf(ap.parent),
            child: endOf(ap.child),
            reason: `${undo}: removes the relationship it added`,
          },
          it.targetName,
          'cmdb_rel_ci',
        ),
      ];
    }
    case 'repoint_relationship': {
      const rp = p as ProposalByKind['repoint_relationship'];
      return [
        like(
          'repoint_relationship',
          null,
          {
            relationship: null,
            type: rp.type,
            end: rp.end,
            fixed: asIdentified(rp.fixed),
            from: asIdentified(rp.to),
            to: asIdentified(rp.from),
            reason: `${undo}: points ${rp.type} back at ${rp.from.name ?? '?'}`,
          },
          it.targetName,
          'cmdb_rel_ci',
        ),
      ];
    }
    case 'remove_relationship': {
      const rp = p as ProposalByKind['remove_relationship'];
      if (!rp.parent.ci || !rp.child.ci)
        return {
          reason: `one end of relationship ${rp.relationship ?? ''} is not in the CMDB: it cannot be restored`,
        };
      return [
        like(
          'add_relationship',
          null,
          {
            type: rp.type,
            parent: asIdentified(rp.parent.ci),
            child: asIdentified(rp.child.ci),
            reason: `${undo}: restores relationship ${rp.relationship ?? ''}`,
          },
          it.targetName,
          'cmdb_rel_ci',
        ),
      ];
    }
    case 'flag_for_verification':
      return { reason: 'a verification task changes nothing in the CMDB' };
  }
}

function restoreStatus(
  target: RecordRef,
  status: string,
  operational: string | null,
  undo: string,
  make: (target: RecordRef, p: ProposalByKind['update_attribute']) => Draft,
): Draft[] {
  const winner = { source: target.source, key: target.key, name: target.name };
  const drafts = [
    make(target, {
      attribute: 'status',
      before: 'retired',
      after: status,
      winner,
      reason: `${undo}: restores the install status`,
      observedAt: null,
    }),
  ];
  if (operational)
    drafts.push(
      make(target, {
        attribute: 'operational_status',
        before: 'retired',
        after: operational,
        winner,
        reason: `${undo}: restores the operational status`,
        observedAt: null,
      }),
    );
  return drafts;
}

function refOf(r: RecordRef): CiRef {
  return {
    record: stripStatus(r),
    createdBy: null,
    name: r.name,
    className: r.className,
    identifiers: r.identifiers,
  };
}

/** A merge member carries statuses; as a relationship end it is only a record reference. */
function stripStatus(r: RecordRef): RecordRef {
  return {
    source: r.source,
    key: r.key,
    name: r.name,
    className: r.className,
    ciType: r.ciType,
    virtual: r.virtual,
    identifiers: r.identifiers,
  };
}

/** A CI the plan created has no CMDB record the inverse can name: it is identified by its values instead. */
function asIdentified(ref: CiRef): CiRef {
  return ref.createdBy === null ? ref : { ...ref, createdBy: null };
}

function endOf(ref: CiRef): RelationshipEnd {
  const id = asIdentified(ref);
  return {
    kind: id.record ? 'key' : 'name',
    value: id.record ? id.record.key : (id.name ?? ''),
    name: id.name,
    ci: id,
  };
}
