import { effectiveProposal } from './effective.js';
import { itemAttribute } from './item-fields.js';
import { mergeSteps } from './merge-plan.js';
import type { ChangesetItem, CiRef, ProposalByKind } from './model.js';

/** An item in words, for people: the CLI listing and the review report. */
export interface ItemDescription {
  target: string;
  attribute: string;
  before: string;
  after: string;
  reason: string;
}

export function describeItem(it: ChangesetItem): ItemDescription {
  const p = effectiveProposal(it);
  const target = it.targetName ?? it.target?.key ?? '';
  const attribute = itemAttribute(it) ?? '';
  const reason = (p as { reason?: string }).reason ?? '';
  switch (it.kind) {
    case 'create_ci': {
      const cp = p as ProposalByKind['create_ci'];
      const v = cp.values;
      const facts = ['ip_address', 'serial_number', 'os']
        .filter((k) => v[k])
        .map((k) => `${k}=${text(v[k])}`);
      return {
        target,
        attribute,
        before: '',
        after: `new ${cp.className} ${text(v.name)}${facts.length ? ` (${facts.join(', ')})` : ''}`,
        reason,
      };
    }
    case 'update_attribute':
    case 'set_owner':
    case 'set_support_group': {
      const up = p as ProposalByKind['update_attribute'];
      return {
        target,
        attribute,
        before: text(up.before),
        after: up.after === null ? '(needs a value)' : text(up.after),
        reason,
      };
    }
    case 'retire_ci': {
      const rp = p as ProposalByKind['retire_ci'];
      return { target, attribute, before: rp.before ?? '', after: 'retired', reason };
    }
    case 'flag_for_verification': {
      const fp = p as ProposalByKind['flag_for_verification'];
      return { target, attribute, before: '', after: `verify: ${fp.check}`, reason };
    }
    case 'merge_duplicates': {
      const steps = mergeSteps(p as ProposalByKind['merge_duplicates']);
      const name = (m: { name: string | null; key: string }) => m.name ?? m.key;
      const moved = steps.moves.filter((m) => m.action === 'move').length;
      return {
        target,
        attribute,
        before: `${steps.victims.length + 1} records: ${[steps.survivor, ...steps.victims].map(name).join(', ')}`,
        after: `keep ${name(steps.survivor)}; retire ${steps.victims.map(name).join(', ')}; ${moved} relationship(s) re-pointed`,
        reason,
      };
    }
    case 'add_relationship': {
      const ap = p as ProposalByKind['add_relationship'];
      return {
        target,
        attribute,
        before: '',
        after: `${ref(ap.parent)} ${ap.type} ${ref(ap.child)}`,
        reason,
      };
    }
    case 'remove_relationship': {
      const rp = p as ProposalByKind['remove_relationship'];
      return {
        target,
        attribute,
        before: `${rp.parent.name ?? rp.parent.value} ${rp.type} ${rp.child.name ?? rp.child.value}`,
        after: '',
        reason,
      };
    }
    case 'repoint_relationship': {
      const rp = p as ProposalByKind['repoint_relationship'];
      const [a, b] = rp.end === 'child' ? [ref(rp.fixed), ref(rp.from)] : [ref(rp.from), ref(rp.fixed)];
      const [c, d] = rp.end === 'child' ? [ref(rp.fixed), ref(rp.to)] : [ref(rp.to), ref(rp.fixed)];
      return { target, attribute, before: `${a} ${rp.type} ${b}`, after: `${c} ${rp.type} ${d}`, reason };
    }
  }
}

function ref(r: CiRef): string {
  return r.name ?? r.record?.key ?? '?';
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if (!Array.isArray(v) && 'family' in v) {
      const o = v as { family: string; name?: string; version?: string };
      return [o.name ?? o.family, o.version].filter(Boolean).join(' ');
    }
    return JSON.stringify(v);
  }
  return String(v);
}
