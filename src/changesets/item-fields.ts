import type { FilterRow } from './filter.js';
import type { ChangesetItem } from './model.js';

export const ITEM_FILTER_FIELDS = [
  'seq',
  'kind',
  'status',
  'category',
  'severity',
  'attribute',
  'class',
  'source',
  'key',
  'name',
  'cluster',
  'finding',
] as const;

/** The attribute an item changes, for display and filters. */
export function itemAttribute(it: ChangesetItem): string | null {
  switch (it.kind) {
    case 'update_attribute':
      return (it.proposal as { attribute: string }).attribute;
    case 'set_owner':
      return 'owner';
    case 'set_support_group':
      return 'support_group';
    case 'retire_ci':
      return 'status';
    case 'add_relationship':
    case 'repoint_relationship':
    case 'remove_relationship':
      return (it.proposal as { type: string }).type;
    default:
      return null;
  }
}

export function itemFilterRow(it: ChangesetItem): FilterRow {
  return {
    seq: it.seq,
    kind: it.kind,
    status: it.status,
    category: it.category,
    severity: it.severity,
    attribute: itemAttribute(it),
    class: it.targetClass,
    source: it.target?.source ?? null,
    key: it.target?.key ?? null,
    name: it.targetName,
    cluster: it.clusterId,
    finding: it.findingId,
  };
}
