import type { ChangesetItem, CreateCiProposal, ItemKind, MergeProposal, ProposalByKind } from './model.js';

/**
 * Reviewer overrides: which proposal fields a reviewer may replace per kind, and the effective proposal
 * (proposal with the override applied) that validation and the exporters work from.
 */
export const EDITABLE: Readonly<Record<ItemKind, readonly string[]>> = {
  create_ci: ['className', 'values'],
  update_attribute: ['after'],
  set_owner: ['after'],
  set_support_group: ['after'],
  merge_duplicates: ['survivor'],
  add_relationship: ['type'],
  repoint_relationship: [],
  remove_relationship: [],
  retire_ci: [],
  flag_for_verification: [],
};

/** The field a plain `--value` edits, for kinds that have one obvious value. */
export const PRIMARY_FIELD: Readonly<Partial<Record<ItemKind, string>>> = {
  update_attribute: 'after',
  set_owner: 'after',
  set_support_group: 'after',
  merge_duplicates: 'survivor',
  add_relationship: 'type',
};

export function effectiveProposal<K extends ItemKind>(
  item: Pick<ChangesetItem<K>, 'kind' | 'proposal' | 'override'>,
): ProposalByKind[K] {
  if (!item.override) return item.proposal;
  const p = { ...item.proposal } as Record<string, unknown>;
  for (const [k, v] of Object.entries(item.override)) {
    if (item.kind === 'create_ci' && k === 'values') {
      const values = { ...(item.proposal as CreateCiProposal).values };
      for (const [vk, vv] of Object.entries((v ?? {}) as Record<string, unknown>)) {
        if (vv === null) delete values[vk];
        else values[vk] = vv;
      }
      p.values = values;
    } else p[k] = v;
  }
  return p as unknown as ProposalByKind[K];
}

/** Why an override cannot apply to an item, or null when it can. */
export function overrideProblem(
  item: Pick<ChangesetItem, 'kind' | 'proposal'>,
  override: Record<string, unknown>,
): string | null {
  const allowed = EDITABLE[item.kind];
  for (const k of Object.keys(override)) {
    if (!allowed.includes(k))
      return allowed.length
        ? `${item.kind} items can change only ${allowed.join(', ')}, not ${k}`
        : `${item.kind} items have no value to change: accept or reject them`;
  }
  if ('after' in override) {
    const v = override.after;
    if (v === null || (typeof v === 'object' && v !== null))
      return 'the value must be text, a number or true/false';
  }
  if ('survivor' in override) {
    const members = (item.proposal as MergeProposal).members.map((m) => m.key);
    if (typeof override.survivor !== 'string' || !members.includes(override.survivor))
      return `the survivor must be one of the duplicates: ${members.join(', ')}`;
  }
  if ('values' in override) {
    const v = override.values;
    if (!v || typeof v !== 'object' || Array.isArray(v))
      return 'values must be an object of attribute: value';
  }
  if ('className' in override && (typeof override.className !== 'string' || !override.className))
    return 'the class must be a class name such as cmdb_ci_linux_server';
  if ('type' in override && (typeof override.type !== 'string' || !/::/.test(override.type)))
    return 'the relationship type must be a cmdb_rel_type name such as "Hosted on::Hosts"';
  return null;
}

/** An item that cannot be accepted as it stands: the planner found no value and a reviewer must give one. */
export function needsValue(item: Pick<ChangesetItem, 'kind' | 'proposal' | 'override'>): boolean {
  if (item.kind !== 'set_owner' && item.kind !== 'set_support_group') return false;
  const p = effectiveProposal(item) as ProposalByKind['set_owner'];
  return p.after === null;
}
