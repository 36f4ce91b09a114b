import type {
  ChangesetItem,
  CiRef,
  ItemKind,
  MergeMember,
  ProposalByKind,
  RecordRef,
} from '../../src/changesets/model.js';

/** Hand-made items for unit tests of validation, compilation and inversion. */

export function rec(key: string, name = key, className = 'cmdb_ci_linux_server'): RecordRef {
  return {
    source: 'servicenow',
    key,
    name,
    className,
    ciType: 'computer',
    virtual: false,
    identifiers: { name, serial_number: `SN-${key}` },
  };
}

export function ref(r: RecordRef): CiRef {
  return { record: r, createdBy: null, name: r.name, className: r.className, identifiers: r.identifiers };
}

export function member(key: string, status = 'Installed'): MergeMember {
  return { ...rec(key), status, operationalStatus: 'Operational' };
}

let nextSeq = 1;

export function item<K extends ItemKind>(
  kind: K,
  proposal: ProposalByKind[K],
  opts: Partial<ChangesetItem> = {},
): ChangesetItem<K> {
  const target = opts.target === undefined ? null : opts.target;
  return {
    seq: opts.seq ?? nextSeq++,
    kind,
    findingId: null,
    fingerprint: null,
    category: null,
    severity: null,
    clusterId: null,
    target,
    targetName: target?.name ?? null,
    targetClass: target?.className ?? null,
    proposal,
    base: [],
    status: 'accepted',
    override: null,
    reviewer: 'tester',
    reviewedAt: '2026-11-23T12:00:00.000Z',
    comment: null,
    ...opts,
  } as ChangesetItem<K>;
}

export function update(
  key: string,
  attribute: string,
  before: unknown,
  after: unknown,
  opts: Partial<ChangesetItem> = {},
) {
  return item(
    'update_attribute',
    {
      attribute,
      before,
      after,
      winner: { source: 'glpi', key: `g-${key}`, name: key },
      reason: 'glpi outranks servicenow',
      observedAt: '2026-11-01T10:00:00Z',
    },
    { target: rec(key), ...opts },
  );
}

export function merge(survivor: string, victims: string[], opts: Partial<ChangesetItem> = {}) {
  return item(
    'merge_duplicates',
    {
      survivor,
      members: [survivor, ...victims].map((k) => member(k)),
      relationships: [],
      reason: 'duplicates',
    },
    { target: rec(survivor), ...opts },
  );
}

export const ALWAYS = { recordExists: () => true, relationshipExists: () => true };
