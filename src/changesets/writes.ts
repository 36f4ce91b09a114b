import { effectiveProposal } from './effective.js';
import { mergeSteps } from './merge-plan.js';
import type { ChangesetItem, CiRef, ItemKind, ProposalByKind } from './model.js';

/**
 * The fields an item writes in the target CMDB, as comparable keys: two items of one plan must never
 * write the same field of the same CI (or touch the same relationship), whichever order they are applied in.
 */
export function writesOf(
  item: Pick<ChangesetItem, 'kind' | 'proposal' | 'override' | 'target' | 'clusterId'>,
): string[] {
  const p = effectiveProposal(item);
  const t = item.target ? recordKey(item.target.source, item.target.key) : null;
  switch (item.kind as ItemKind) {
    case 'create_ci':
      return [`new:${item.clusterId ?? (p as ProposalByKind['create_ci']).nativeKey}`];
    case 'update_attribute':
      return t ? [`${t}#${(p as ProposalByKind['update_attribute']).attribute}`] : [];
    case 'set_owner':
      return t ? [`${t}#owner`] : [];
    case 'set_support_group':
      return t ? [`${t}#support_group`] : [];
    case 'retire_ci':
      return t ? [`${t}#status`] : [];
    case 'merge_duplicates': {
      const mp = p as ProposalByKind['merge_duplicates'];
      const steps = mergeSteps(mp);
      const src = item.target?.source ?? steps.survivor.source;
      return [
        ...steps.victims.map((v) => `${recordKey(v.source, v.key)}#status`),
        ...steps.moves.map((m) => relKey(src, m.relationship)),
      ];
    }
    case 'add_relationship': {
      const ap = p as ProposalByKind['add_relationship'];
      return [`add:${ciKey(ap.parent)}\u0001${ap.type}\u0001${ciKey(ap.child)}`];
    }
    case 'repoint_relationship': {
      const rp = p as ProposalByKind['repoint_relationship'];
      if (rp.relationship !== null && item.target) return [relKey(item.target.source, rp.relationship)];
      const [parent, child] = rp.end === 'child' ? [rp.fixed, rp.from] : [rp.from, rp.fixed];
      return [`ends:${ciKey(parent)}\u0001${rp.type}\u0001${ciKey(child)}`];
    }
    case 'remove_relationship': {
      const rp = p as ProposalByKind['remove_relationship'];
      if (rp.relationship !== null && item.target) return [relKey(item.target.source, rp.relationship)];
      const end = (e: typeof rp.parent) => (e.ci ? ciKey(e.ci) : `${e.kind}:${e.value}`);
      return [`ends:${end(rp.parent)}\u0001${rp.type}\u0001${end(rp.child)}`];
    }
    case 'flag_for_verification':
      return [];
  }
}

export function recordKey(source: string, key: string): string {
  return `${source}\u0000${key}`;
}

function relKey(source: string, key: string): string {
  return `rel:${source}\u0000${key}`;
}

export function ciKey(ref: CiRef): string {
  if (ref.record) return recordKey(ref.record.source, ref.record.key);
  return `new:${ref.createdBy ?? ref.name ?? '?'}`;
}

/** Human-readable form of a write key, for problem messages. */
export function describeWrite(key: string): string {
  if (key.startsWith('new:')) return `the creation of CI ${key.slice(4)}`;
  if (key.startsWith('rel:')) return `relationship ${key.slice(4).split('\u0000')[1]}`;
  if (key.startsWith('add:') || key.startsWith('ends:')) {
    const [parent, type, child] = key.slice(key.indexOf(':') + 1).split('\u0001');
    return `the ${type} relationship from ${lastPart(parent)} to ${lastPart(child)}`;
  }
  const [rec, field] = key.split('#');
  return `${field} of ${lastPart(rec)}`;
}

function lastPart(k: string | undefined): string {
  return (k ?? '?').split('\u0000').pop()!;
}
