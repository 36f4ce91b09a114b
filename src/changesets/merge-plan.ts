import type { MemberRelationship, MergeMember, MergeProposal } from './model.js';

export interface RelationshipMove extends MemberRelationship {
  /**
   * move: the victim's end is re-pointed to the survivor. remove: the survivor already has the same
   * relationship, or the relationship joins two members (it would point at itself once merged).
   */
  action: 'move' | 'remove';
}

export interface MergeSteps {
  survivor: MergeMember;
  victims: MergeMember[];
  moves: RelationshipMove[];
}

/** What a merge does with its (possibly reviewer-chosen) survivor: who is retired, which relationships move. */
export function mergeSteps(p: MergeProposal): MergeSteps {
  const survivor = p.members.find((m) => m.key === p.survivor);
  if (!survivor) throw new Error(`merge survivor ${p.survivor} is not one of its members`);
  const victims = p.members.filter((m) => m.key !== p.survivor);
  const memberKeys = new Set(p.members.map((m) => m.key));
  const survivorRels = new Set<string>();
  for (const r of p.relationships) if (r.member === p.survivor) survivorRels.add(relSignature(r));
  const moves: RelationshipMove[] = [];
  for (const r of p.relationships) {
    if (r.member === p.survivor) continue;
    const internal = r.other.kind === 'key' && memberKeys.has(r.other.value);
    moves.push({ ...r, action: internal || survivorRels.has(relSignature(r)) ? 'remove' : 'move' });
  }
  return { survivor, victims, moves };
}

function relSignature(r: MemberRelationship): string {
  return `${r.type}\u0000${r.end}\u0000${r.other.kind}\u0000${r.other.value}`;
}
