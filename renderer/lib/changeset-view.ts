/** How changeset items read in the review screen (pure; unit-tested). */
import type { ChangesetItemRow, ItemKind, ItemStatus } from '../changesets-contract.js';
import { formatValue } from './format.js';

export const KIND_LABEL: Record<ItemKind, string> = {
  create_ci: 'Register CI',
  merge_duplicates: 'Merge duplicates',
  update_attribute: 'Update attribute',
  set_owner: 'Set owner',
  set_support_group: 'Set support group',
  add_relationship: 'Add relationship',
  repoint_relationship: 'Re-point relationship',
  remove_relationship: 'Remove relationship',
  retire_ci: 'Retire CI',
  flag_for_verification: 'Verify CI',
};

export const STATUS_LABEL: Record<ItemStatus, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  rejected: 'Rejected',
  edited: 'Edited',
};

export function kindLabel(k: string): string {
  return (KIND_LABEL as Record<string, string>)[k] ?? k;
}

export interface DiffLine {
  field: string;
  before: string | null;
  after: string | null;
  change: 'added' | 'removed' | 'changed' | 'same';
}

function line(field: string, before: unknown, after: unknown): DiffLine {
  const b = before === undefined || before === null || before === '' ? null : formatValue(before);
  const a = after === undefined || after === null || after === '' ? null : formatValue(after);
  const change = b === a ? 'same' : b === null ? 'added' : a === null ? 'removed' : 'changed';
  return { field, before: b, after: a, change };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const ciName = (v: unknown): string => {
  const o = obj(v);
  const rec = obj(o.record);
  return formatValue(o.name ?? rec.name ?? rec.key ?? '') || '(new CI)';
};
const endName = (v: unknown): string => {
  const o = obj(v);
  return formatValue(o.name ?? o.value ?? '') || '?';
};

/** The item's change as before → after lines, from the effective proposal (override applied). */
export function diffLines(
  item: Pick<ChangesetItemRow, 'kind' | 'before' | 'after' | 'effective'>,
): DiffLine[] {
  const e = obj(item.effective);
  switch (item.kind) {
    case 'update_attribute':
    case 'set_owner':
    case 'set_support_group':
      return [
        line(
          formatValue(e.attribute) || item.kind.replace('set_', ''),
          e.before ?? item.before,
          e.after ?? item.after,
        ),
      ];
    case 'retire_ci':
      return [line('status', e.before ?? item.before, e.after ?? 'retired')];
    case 'create_ci': {
      const values = obj(e.values);
      const lines = [line('class', null, e.className)];
      for (const [k, v] of Object.entries(values)) lines.push(line(k, null, v));
      return lines;
    }
    case 'merge_duplicates': {
      const survivor = formatValue(e.survivor);
      const members = Array.isArray(e.members) ? (e.members as Obj[]) : [];
      return members.map((m) => {
        const key = formatValue(m.key);
        const label = `${formatValue(m.name) || key}`;
        return key === survivor
          ? line(
              label,
              formatValue(m.status) || 'installed',
              `${formatValue(m.status) || 'installed'} (survivor)`,
            )
          : line(label, formatValue(m.status) || 'installed', 'retired');
      });
    }
    case 'add_relationship':
      return [line('relationship', null, `${ciName(e.parent)} —${formatValue(e.type)}→ ${ciName(e.child)}`)];
    case 'remove_relationship':
      return [
        line('relationship', `${endName(e.parent)} —${formatValue(e.type)}→ ${endName(e.child)}`, null),
      ];
    case 'repoint_relationship':
      return [line(`${formatValue(e.type)} (${formatValue(e.end)})`, ciName(e.from), ciName(e.to))];
    case 'flag_for_verification':
      return [line('check', null, e.check)];
    default:
      return [line('value', item.before, item.after)];
  }
}

export function statusTone(s: ItemStatus): 'neutral' | 'good' | 'bad' | 'accent' {
  return s === 'accepted' ? 'good' : s === 'rejected' ? 'bad' : s === 'edited' ? 'accent' : 'neutral';
}

export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'changeset'
  );
}
