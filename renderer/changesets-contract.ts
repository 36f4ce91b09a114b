/**
 * PROPOSED API for changesets — written from the UI's side, for the lead to reconcile with the core's
 * changeset module (src/changesets/, migrations/0003_changesets.sql) and then move into
 * src/api/contract.ts's `ApiMethods` (this file would then re-export from there).
 *
 * It mirrors the core's model as it stands: a changeset has a stable id and `ref` (UUID), and revisions;
 * a revision is `draft` or `approved` (frozen under a content hash); an edit after approval makes a new
 * draft revision. Items are one per change (`ItemKind`), each answering a finding, reviewed as
 * pending / accepted / rejected / edited (accepted with the reviewer's override). Validation is computed
 * on demand. Exports write one or more files for the target CMDB.
 *
 * Every method works on the head revision unless `revision` is given. Until the core serves these methods,
 * calls answer `UNKNOWN_METHOD` and the UI hides the feature (nav item, "Accept into changeset").
 */
import type { ColumnFilter, FileToken, GridPage, GridRequest } from '../src/api/contract.js';

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
export type ItemKind = (typeof ITEM_KINDS)[number];

export const ITEM_STATUSES = ['pending', 'accepted', 'rejected', 'edited'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export type RevisionState = 'draft' | 'approved';

/** One row of `changesets/list`, and the header of `changesets/get`. */
export interface ChangesetSummary {
  id: number;
  /** UUID naming the changeset in exported files. */
  ref: string;
  name: string;
  createdAt: string;
  createdBy: string;
  /** The head revision. */
  revision: number;
  state: RevisionState;
  approvedAt: string | null;
  approvedBy: string | null;
  contentHash: string | null;
  items: number;
  /** Items per review status (all four keys present). */
  counts: Record<ItemStatus, number>;
  /** Items per kind (kinds with no items may be absent). */
  byKind: Partial<Record<ItemKind, number>>;
  exports: number;
}

export interface ChangesetRevisionInfo {
  revision: number;
  state: RevisionState;
  createdAt: string;
  createdBy: string;
  basedOn: number | null;
  approvedAt: string | null;
  approvedBy: string | null;
  contentHash: string | null;
}

export interface ChangesetExportInfo {
  id: number;
  revision: number;
  format: ChangesetExportFormat;
  exportedAt: string;
  exportedBy: string;
  files: { name: string; sha256: string }[];
  warnings: string[];
}

export interface ChangesetDetail extends ChangesetSummary {
  /** How it was made: `{findings: n, categories, filters}` or an imported file. */
  origin: Record<string, unknown>;
  /** The CMDB batches the plan was made against (what makes an item stale). */
  snapshot: {
    reconcileRun: number | null;
    batches: { source: string; format: string; batchId: number; importedAt: string }[];
  };
  settings: { retireAfterDays: number };
  /** Findings that did not become items, counted by reason. */
  skipped: Record<string, number>;
  revisions: ChangesetRevisionInfo[];
  exportHistory: ChangesetExportInfo[];
}

/** A CMDB record the item changes (null for create_ci). */
export interface ItemTarget {
  source: string;
  key: string;
  name: string | null;
  className: string | null;
}

/**
 * One item as the review grid shows it. `proposal` is the core's kind-specific proposal (see
 * src/changesets/model.ts `ProposalByKind`), `override` the reviewer's replacement fields, and `effective`
 * the proposal with the override applied. `before`/`after` are the one-line diff for kinds that have one
 * (update_attribute, set_owner, set_support_group, retire_ci; `after` of create_ci is the new CI's values).
 */
export interface ChangesetItemRow {
  seq: number;
  kind: ItemKind;
  findingId: number | null;
  category: string | null;
  severity: string | null;
  clusterId: number | null;
  target: ItemTarget | null;
  targetName: string | null;
  targetClass: string | null;
  /** One line: "ip_address 10.0.0.1 → 10.0.0.2", "retire web01", "merge 3 duplicates of db02 into …". */
  summary: string;
  before: unknown;
  after: unknown;
  reason: string;
  proposal: Record<string, unknown>;
  override: Record<string, unknown> | null;
  effective: Record<string, unknown>;
  /** Fields the reviewer may edit for this kind (empty: accept or reject only). */
  editable: string[];
  status: ItemStatus;
  reviewer: string | null;
  reviewedAt: string | null;
  comment: string | null;
  /** Validation problems from the last validate (count by severity). */
  errors: number;
  warnings: number;
}

export interface ValidationProblem {
  /** Null for a problem with the whole changeset. */
  seq: number | null;
  severity: 'error' | 'warning';
  /** Stable code, e.g. STALE_TARGET, CONFLICTING_WRITES, VALUE_REQUIRED, BAD_VALUE, TARGET_GONE. */
  code: string;
  message: string;
}

/** Which items a bulk review touches: explicit seqs, or everything the item grid's filter matches. */
export type ItemSelection =
  { seqs: number[] } | { filterModel: Record<string, ColumnFilter>; quickFilter?: string };

export type ChangesetExportFormat =
  /** ServiceNow IRE payloads (POST /api/now/identifyreconcile), one JSON file per batch of items. */
  | 'servicenow-ire'
  /** ServiceNow import-set CSV (spreadsheet-safe). */
  | 'servicenow-csv'
  /** The changeset document, items and review trail as JSON (re-importable). */
  | 'json'
  /** One row per included item, for people (formula-escaped, UTF-8 BOM). */
  | 'csv';

/** Columns of the item grid (sortable / filterable in SQL like the other grids). */
export const ITEM_GRID_COLUMNS = [
  'seq',
  'kind',
  'status',
  'category',
  'severity',
  'target_name',
  'target_class',
  'target_source',
  'summary',
  'reviewer',
] as const;

export interface ChangesetMethods {
  /**
   * Plans a new changeset from findings of the latest reconciliation: the chosen ids, or every finding the
   * Findings grid's filter matches (`filterModel`/`quickFilter`, same columns as `findings/rows`).
   * Equivalent CLI: `cmdbw changeset create --filter finding=1,2,3`.
   */
  'changesets/create': {
    params: {
      name?: string;
      findingIds?: number[];
      filterModel?: Record<string, ColumnFilter>;
      quickFilter?: string;
      retireAfterDays?: number;
    };
    result: {
      id: number;
      ref: string;
      revision: number;
      name: string;
      findings: number;
      items: number;
      byKind: Record<string, number>;
      skipped: Record<string, number>;
    };
  };
  'changesets/list': { params: Record<string, never>; result: ChangesetSummary[] };
  'changesets/get': { params: { id: number; revision?: number }; result: ChangesetDetail };
  'changesets/items': {
    params: GridRequest & { id: number; revision?: number };
    result: GridPage<ChangesetItemRow>;
  };
  /**
   * Sets the review status of items. `override` (only with one seq and status 'edited') replaces editable
   * proposal fields, e.g. `{after: "10.0.0.9"}` or `{survivor: "<sys_id>"}`. Reviewing an approved
   * revision makes a new draft revision first (the result says which).
   */
  'changesets/review': {
    params: {
      id: number;
      items: ItemSelection;
      status: ItemStatus;
      override?: Record<string, unknown>;
      comment?: string;
    };
    result: { updated: number; changeset: ChangesetSummary };
  };
  /** Checks the head revision against the current workspace (stale targets, conflicting writes, values). */
  'changesets/validate': {
    params: { id: number };
    result: { ok: boolean; problems: ValidationProblem[] };
  };
  /** Freezes the head revision under its content hash. Fails with VALIDATION_FAILED if validate has errors. */
  'changesets/approve': { params: { id: number; comment?: string }; result: ChangesetSummary };
  /** Writes the included items of the approved head revision to the file (or archive) the user chose. */
  'changesets/export': {
    params: { id: number; file: FileToken; format: ChangesetExportFormat };
    result: { items: number; files: { name: string; sha256: string }[]; warnings: string[] };
  };
}

export type ChangesetMethod = keyof ChangesetMethods;
