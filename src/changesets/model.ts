/**
 * The changeset model: a plan of CMDB changes, one item per change, each answering a finding.
 *
 * Items are target-neutral: they speak in the canonical attribute model (src/domain/attributes.ts) and
 * name CMDB records by source and native key (a ServiceNow sys_id). The exporters translate them into
 * each target's vocabulary (IRE payloads, import-set CSV, iTop CSV, NetBox CSV).
 */

export const ITEM_KINDS = [
  'create_ci',
  'merge_duplicates',
  'update_attribute',
  'set_owner',
  'set_support_group',
  'add_relationship',
  'repoint_relationship',
  'remove_relationship',
  'retire_ci',
  'flag_for_verification',
] as const;

/** Also the order items are planned in: new CIs first, so later relationships can reference them. */
export type ItemKind = (typeof ITEM_KINDS)[number];

export const ITEM_STATUSES = ['pending', 'accepted', 'rejected', 'edited'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Statuses whose items are exported (an edited item is accepted with the reviewer's values). */
export function isIncluded(status: ItemStatus): boolean {
  return status === 'accepted' || status === 'edited';
}

/** A record of a CMDB source: what an item changes, or a relationship end. */
export interface RecordRef {
  source: string;
  key: string;
  name: string | null;
  /** The target's class name, e.g. cmdb_ci_linux_server. */
  className: string | null;
  /** Canonical type (computer, hypervisor...) and whether it is virtual: what non-ServiceNow targets map from. */
  ciType: string | null;
  virtual: boolean | null;
  /**
   * Values that identify the CI in the target CMDB, exactly as the CMDB holds them (name, serial_number):
   * the IRE finds existing CIs through these, never through a sys_id in the payload.
   */
  identifiers: Record<string, string>;
}

/**
 * A CI an item refers to: an existing CMDB record, or a CI this plan creates (`createdBy` is the cluster
 * whose create_ci item makes it; identifiers are then the values it is created with).
 */
export interface CiRef {
  record: RecordRef | null;
  createdBy: number | null;
  name: string | null;
  className: string | null;
  identifiers: Record<string, string>;
}

export interface SourceKey {
  source: string;
  key: string;
}

export interface NetworkInterfaceValue {
  name: string | null;
  mac: string;
  ips: string[];
}

export interface CreateCiProposal {
  ciType: string;
  className: string;
  /** Canonical attributes of the golden record that the new CI gets. */
  values: Record<string, unknown>;
  interfaces: NetworkInterfaceValue[];
  /** Our key for the CI towards the target (IRE source_native_key): discovery source and its key. */
  nativeKey: string;
  seenBy: SourceKey[];
  /** When discovery last saw the CI (ISO, UTC), null when no source says. */
  observedAt: string | null;
  reason: string;
}

export interface UpdateAttributeProposal {
  attribute: string;
  /** The CMDB's value as the CMDB holds it (its own text), null when empty. */
  before: unknown;
  after: unknown;
  /** The source whose value wins, and why. */
  winner: SourceKey & { name: string | null };
  reason: string;
  observedAt: string | null;
}

export interface SetValueProposal {
  attribute: 'owner' | 'support_group';
  before: string | null;
  /** null: the data suggests no value, and a reviewer must give one before the item can be accepted. */
  after: string | null;
  reason: string;
}

/** A CMDB record in a merge: one of the duplicates. */
export interface MergeMember extends RecordRef {
  /** Its install and operational status as the CMDB holds them (the inverse plan restores them). */
  status: string | null;
  operationalStatus: string | null;
}

/** A CMDB relationship with a merge member at one end (the victims' ones are re-pointed to the survivor). */
export interface MemberRelationship {
  /** The relationship's native key (the cmdb_rel_ci sys_id). */
  relationship: string;
  type: string;
  /** Which end is the member. */
  end: 'parent' | 'child';
  member: string;
  /** The other end, unchanged (`ref` when it is a CMDB record of the same source). */
  other: { kind: string; value: string; name: string | null; ref: RecordRef | null };
}

/**
 * Merge duplicates: the survivor stays, the victims are retired, the victims' relationships are re-pointed
 * to the survivor. Every member's relationships are kept so that a reviewer who picks another survivor
 * gets a consistent plan (see merge-plan.ts).
 */
export interface MergeProposal {
  /** Native key of the surviving record. */
  survivor: string;
  members: MergeMember[];
  relationships: MemberRelationship[];
  reason: string;
}

export interface RetireProposal {
  /**
   * The CI when it is not a CMDB record yet (an inverse plan retiring a CI its plan created); otherwise
   * the item's target.
   */
  ci: CiRef | null;
  before: string | null;
  beforeOperational: string | null;
  after: 'retired';
  lastDiscovered: string | null;
  days: number | null;
  thresholdDays: number;
  reason: string;
}

export interface FlagProposal {
  reason: string;
  /** The question a person has to answer, e.g. "does the machine still exist?". */
  check: string;
}

export interface AddRelationshipProposal {
  type: string;
  parent: CiRef;
  child: CiRef;
  reason: string;
}

/** An end of an existing relationship: how the CMDB names it, and the CI when it exists. */
export interface RelationshipEnd {
  kind: string;
  value: string;
  name: string | null;
  ci: CiRef | null;
}

export interface RemoveRelationshipProposal {
  /** Native key (cmdb_rel_ci sys_id); null when the relationship is known only by its ends and type. */
  relationship: string | null;
  type: string;
  parent: RelationshipEnd;
  child: RelationshipEnd;
  reason: string;
}

export interface RepointRelationshipProposal {
  /** Native key (cmdb_rel_ci sys_id); null when the relationship is known only by its ends and type. */
  relationship: string | null;
  type: string;
  end: 'parent' | 'child';
  /** The end that stays. */
  fixed: CiRef;
  from: CiRef;
  to: CiRef;
  reason: string;
}

export interface ProposalByKind {
  create_ci: CreateCiProposal;
  update_attribute: UpdateAttributeProposal;
  merge_duplicates: MergeProposal;
  retire_ci: RetireProposal;
  flag_for_verification: FlagProposal;
  add_relationship: AddRelationshipProposal;
  remove_relationship: RemoveRelationshipProposal;
  repoint_relationship: RepointRelationshipProposal;
  set_owner: SetValueProposal;
  set_support_group: SetValueProposal;
}

export type Proposal = ProposalByKind[ItemKind];

/** A CMDB record or relationship as it was when the item was planned (for the stale-plan check). */
export interface BaseEntry {
  kind: 'record' | 'relationship';
  source: string;
  key: string;
  batchId: number;
  /** SHA-256 of the record's attributes (or the relationship's type and ends) at planning time. */
  hash: string;
}

/** An item as planned, before it is numbered and stored. */
export interface PlannedItem<K extends ItemKind = ItemKind> {
  kind: K;
  findingId: number | null;
  fingerprint: string | null;
  category: string | null;
  severity: string | null;
  clusterId: number | null;
  target: RecordRef | null;
  targetName: string | null;
  targetClass: string | null;
  proposal: ProposalByKind[K];
  base: BaseEntry[];
}

export interface Review {
  status: ItemStatus;
  /** Reviewer's values replacing proposed ones (kind-specific keys; see editable.ts). */
  override: Record<string, unknown> | null;
  reviewer: string | null;
  reviewedAt: string | null;
  comment: string | null;
}

export interface ChangesetItem<K extends ItemKind = ItemKind> extends PlannedItem<K>, Review {
  seq: number;
}

export interface SnapshotBatch {
  source: string;
  format: string;
  batchId: number;
  importedAt: string;
}

export interface ChangesetSnapshot {
  /** The workspace the plan was made in: batch ids mean something only there. */
  workspace: string;
  reconcileRun: number | null;
  batches: SnapshotBatch[];
}

export interface PlanSettings {
  /** A CI the CMDB last discovered longer ago than this is retired; sooner, it is flagged for verification. */
  retireAfterDays: number;
}

export const DEFAULT_SETTINGS: PlanSettings = { retireAfterDays: 180 };

export interface ChangesetHeader {
  id: number;
  ref: string;
  name: string;
  createdAt: string;
  createdBy: string;
  origin: Record<string, unknown>;
  headRevision: number;
}

export interface RevisionHeader {
  changesetId: number;
  revision: number;
  state: 'draft' | 'approved';
  createdAt: string;
  createdBy: string;
  basedOn: number | null;
  snapshot: ChangesetSnapshot;
  settings: PlanSettings;
  skipped: Record<string, number>;
  approvedAt: string | null;
  approvedBy: string | null;
  contentHash: string | null;
}
