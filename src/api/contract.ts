/**
 * The one typed API between the app's UI and the core. Implemented twice: Electron IPC (electron/) and
 * loopback HTTP (`cmdbw serve`, src/server/). The renderer only ever calls `bridge.call(method, params)`.
 *
 * Method names are `domain/verb`. Every method's params are validated by a zod schema (schemas.ts) in
 * whichever transport receives them; results are plain JSON. Long work (imports, reconciliation) starts a
 * job and reports through `job` events; `jobs/get` returns its state and result.
 */
import type { CreateResult } from '../changesets/create.js';
import type { ItemKind, ItemStatus } from '../changesets/model.js';
import type { ImportSummary } from '../ingest/import-files.js';
import type { ColumnMapping, FormatId } from '../importers/types.js';
import type { Explanation } from '../reconcile/explain.js';
import type { QualityReport } from '../reconcile/quality.js';
import type { ReconcileSummary } from '../reconcile/run-reconcile.js';
import type { SourceInfo } from '../sources/list-sources.js';
import type { WorkspaceStats } from '../sources/workspace-stats.js';

// The CI types a column mapping may name (the renderer's mapping editor and graph filters list them).
export { CI_TYPES } from '../domain/attributes.js';
export { MAPPABLE_ATTRIBUTES } from '../domain/mappable-attributes.js';

/** An opaque handle for a file the user chose (native dialog in Electron, upload in browser mode). */
export type FileToken = string;

// ---------- grids (AG Grid Infinite row model, sorted and filtered in SQL) ----------

export interface SortItem {
  colId: string;
  sort: 'asc' | 'desc';
}

/** The grids' filter operators (AG Grid's text and number filters), checked by the API's schemas. */
export const TEXT_FILTER_TYPES = [
  'contains',
  'notContains',
  'equals',
  'notEqual',
  'startsWith',
  'endsWith',
  'blank',
  'notBlank',
] as const;
export const NUMBER_FILTER_TYPES = [
  'equals',
  'notEqual',
  'lessThan',
  'lessThanOrEqual',
  'greaterThan',
  'greaterThanOrEqual',
  'inRange',
  'blank',
  'notBlank',
] as const;
export type TextFilterType = (typeof TEXT_FILTER_TYPES)[number];
export type NumberFilterType = (typeof NUMBER_FILTER_TYPES)[number];

export type SimpleFilter =
  | { filterType: 'text'; type: TextFilterType; filter?: string }
  | { filterType: 'number'; type: NumberFilterType; filter?: number; filterTo?: number };

export type ColumnFilter =
  SimpleFilter | { filterType: 'text' | 'number'; operator: 'AND' | 'OR'; conditions: SimpleFilter[] };

export interface GridRequest {
  startRow: number;
  endRow: number;
  sortModel: SortItem[];
  filterModel: Record<string, ColumnFilter>;
  /** Free text matched against the grid's main text columns. */
  quickFilter?: string;
}

export interface GridPage<Row> {
  rows: Row[];
  /** Total number of rows matching the filters (the grid shows the scrollbar's true size). */
  lastRow: number;
}

/** One CI (cluster) in the CI grid: golden values promoted to columns. */
export interface CiRow {
  id: number;
  ci_type: string;
  name: string | null;
  host_name: string | null;
  ip_address: string | null;
  serial_number: string | null;
  os: string | null;
  os_family: string | null;
  owner: string | null;
  support_group: string | null;
  location: string | null;
  status: string | null;
  sources: string;
  member_count: number;
  cmdb_count: number;
  discovery_count: number;
  finding_count: number;
  quality: number;
}

export interface FindingGridRow {
  id: number;
  category: string;
  severity: 'high' | 'medium' | 'low' | 'info';
  cluster_id: number | null;
  ci_name: string | null;
  source: string;
  native_key: string;
  attribute: string | null;
  summary: string;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: string;
}

// ---------- dependency graph ----------

export interface GraphNode {
  id: number; // cluster id
  label: string;
  ciType: string;
  /** Root of the neighbourhood. */
  root?: boolean;
  findings: number;
  inCmdb: boolean;
  discovered: boolean;
}

export interface GraphEdge {
  id: string;
  source: number;
  target: number;
  type: string;
  /** Who says this relationship exists. */
  seenBy: 'cmdb' | 'discovery' | 'both';
  /** A relationship finding (conflict, dangling, missing) is attached to it. */
  conflict: boolean;
}

export interface GraphRequest {
  clusterId: number;
  hops: number;
  direction: 'both' | 'upstream' | 'downstream';
  ciTypes?: string[];
  maxElements: number;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** More elements exist than maxElements allowed. */
  truncated: boolean;
}

// ---------- jobs ----------

export type JobKind = 'import' | 'reconcile';

export interface JobState {
  id: string;
  kind: JobKind;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  /** 0..1 */
  progress: number;
  detail: string;
  result?: ImportSummary | ReconcileSummary;
  error?: ApiError;
}

// ---------- imports ----------

export interface ImportPreview {
  file: string;
  size: number;
  format?: FormatId;
  reason?: string;
  encoding: string;
  delimiter?: string;
  /** For CSV: the header and the first rows, as papaparse reads them. */
  header?: string[];
  rows?: string[][];
  error?: string;
}

export interface ImportParams {
  files: FileToken[];
  source: string;
  format?: FormatId;
  encoding?: string;
  mapping?: ColumnMapping;
  role?: 'cmdb' | 'discovery';
}

// ---------- changesets (src/changesets/: plan, review, validate, approve, export) ----------

export { ITEM_KINDS, ITEM_STATUSES } from '../changesets/model.js';
export type { ItemKind, ItemStatus } from '../changesets/model.js';

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
  /** Items per kind (kinds with no items are absent). */
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
  format: string;
  exportedAt: string;
  exportedBy: string;
  /** Where it was written: the file saved from the app, or the CLI's output directory. */
  destination: string;
  files: { name: string; sha256: string }[];
  warnings: string[];
}

export interface ChangesetDetail extends ChangesetSummary {
  /** How it was made: from findings (run, categories, filters) or imported from a file. */
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
 * One item as the review grid shows it. `proposal` is the kind-specific proposal
 * (src/changesets/model.ts `ProposalByKind`), `override` the reviewer's replacement fields, `effective` the
 * proposal with the override applied; `before`/`after`/`summary` are the item in words.
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
  /** One line: "ip_address: 10.0.0.1 -> 10.0.0.2", "new cmdb_ci_linux_server web01"... */
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
  /** Problems found by the last `changesets/validate` of this revision (0 before any). */
  errors: number;
  warnings: number;
}

export interface ValidationProblem {
  /** Null for a problem with the whole changeset. */
  seq: number | null;
  severity: 'error' | 'warning';
  /** Stable code: required_field, unresolved_reference, conflicting_write, merge_chain, stale_target... */
  code: string;
  message: string;
}

/** Which items a review touches: explicit seqs, or everything the item grid's filter matches. */
export type ItemSelection =
  { seqs: number[] } | { filterModel: Record<string, ColumnFilter>; quickFilter?: string };

/**
 * The push-back formats (`cmdbw changeset export --format`), and `csv`: the review report for people
 * (formula-escaped). A format that writes several files (IRE batches, one CSV per class, the inverse plan,
 * the manifest) is saved as one uncompressed tar archive; `json` is the changeset document itself
 * (re-importable with `cmdbw changeset import`).
 */
export type ChangesetExportFormat =
  'servicenow-ire' | 'servicenow-csv' | 'itop-csv' | 'netbox-csv' | 'json' | 'csv';

/** Columns of the item grid (sorted and filtered in SQL like the other grids). */
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

// ---------- the method map ----------

export interface WorkspaceInfo {
  path: string;
  name: string;
  schemaVersion: number;
  user: string;
  /** The bundled sample estate. */
  sample: boolean;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  workspace: WorkspaceInfo | null;
}

export interface RecentWorkspace {
  id: string;
  name: string;
  path: string;
  openedAt: string;
}

export interface ApiMethods {
  'app/info': { params: Record<string, never>; result: AppInfo };
  'workspace/recent': { params: Record<string, never>; result: RecentWorkspace[] };
  /** Opens a workspace the user chose (dialog token), a recent one (its id), or the sample. */
  'workspace/open': {
    params: { file?: FileToken; recent?: string; sample?: boolean };
    result: WorkspaceInfo;
  };
  /** Creates a workspace at a location the user chose (save dialog token). */
  'workspace/create': { params: { file: FileToken }; result: WorkspaceInfo };
  'workspace/stats': { params: Record<string, never>; result: WorkspaceStats };
  'workspace/setUser': { params: { user: string }; result: WorkspaceInfo };
  'sources/list': { params: Record<string, never>; result: SourceInfo[] };
  'import/preview': {
    params: { file: FileToken; encoding?: string; format?: FormatId };
    result: ImportPreview;
  };
  'import/start': { params: ImportParams; result: JobState };
  'mappings/list': { params: Record<string, never>; result: { name: string; mapping: ColumnMapping }[] };
  'mappings/save': { params: { name: string; mapping: ColumnMapping }; result: { name: string } };
  'reconcile/start': { params: { threshold?: number }; result: JobState };
  'reconcile/last': { params: Record<string, never>; result: ReconcileSummary | null };
  'jobs/get': { params: { id: string }; result: JobState };
  'jobs/cancel': { params: { id: string }; result: JobState };
  'cis/rows': { params: GridRequest; result: GridPage<CiRow> };
  'cis/get': { params: { id: number }; result: Explanation };
  /** Exports the CI grid's current view (filters, sort, columns) to a file the user chose. */
  'cis/export': {
    params: {
      file: FileToken;
      format: 'csv' | 'xlsx';
      request: Omit<GridRequest, 'startRow' | 'endRow'>;
      columns: string[];
    };
    result: { rows: number; file: string };
  };
  'findings/rows': { params: GridRequest; result: GridPage<FindingGridRow> };
  'findings/summary': {
    params: Record<string, never>;
    result: { category: string; severity: string; count: number }[];
  };
  'graph/neighbourhood': { params: GraphRequest; result: Graph };
  'quality/report': {
    params: Record<string, never>;
    result: { report: QualityReport; history: { runId: number; at: string; score: number }[] } | null;
  };
  'audit/rows': { params: GridRequest; result: GridPage<AuditRow> };
  'audit/verify': {
    params: Record<string, never>;
    result: { ok: boolean; entries: number; firstBad?: number; reason?: string };
  };
  // ---------- changesets ----------
  /**
   * Plans a changeset from findings of the latest reconciliation: the chosen ids, or every finding the
   * Findings grid's filter matches (same columns as `findings/rows`). CLI: `cmdbw changeset create`.
   */
  'changesets/create': {
    params: {
      name?: string;
      findingIds?: number[];
      filterModel?: Record<string, ColumnFilter>;
      quickFilter?: string;
      retireAfterDays?: number;
    };
    result: CreateResult;
  };
  'changesets/list': { params: Record<string, never>; result: ChangesetSummary[] };
  'changesets/get': { params: { id: number; revision?: number }; result: ChangesetDetail };
  'changesets/items': {
    params: GridRequest & { id: number; revision?: number };
    result: GridPage<ChangesetItemRow>;
  };
  /**
   * Sets the review status of items on the head revision. `override` (one seq, status 'edited') replaces
   * editable proposal fields, e.g. `{after: "10.0.0.9"}` or `{survivor: "<sys_id>"}`. A bulk acceptance by
   * filter rejects, with a comment, the items that need a reviewer's value. Reviewing an approved revision
   * makes a new draft revision first.
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
  /** Dry run of the head revision against the current workspace (references, conflicts, values, staleness). */
  'changesets/validate': { params: { id: number }; result: { ok: boolean; problems: ValidationProblem[] } };
  /** Freezes the head revision under its content hash; refused while validation finds errors. */
  'changesets/approve': { params: { id: number; comment?: string }; result: ChangesetSummary };
  /** Writes the included items of the approved head revision to the file the user chose. */
  'changesets/export': {
    params: { id: number; file: FileToken; format: ChangesetExportFormat; acceptedOnly?: boolean };
    result: { items: number; files: { name: string; sha256: string }[]; warnings: string[] };
  };
  // ---------- end of changesets ----------
}

export type ApiMethod = keyof ApiMethods;
/** The changeset methods (the renderer's changeset screens are typed against these). */
export type ChangesetMethod = Extract<ApiMethod, `changesets/${string}`>;
export type ChangesetMethods = Pick<ApiMethods, ChangesetMethod>;
export type ParamsOf<M extends ApiMethod> = ApiMethods[M]['params'];
export type ResultOf<M extends ApiMethod> = ApiMethods[M]['result'];

export interface ApiError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type ApiResponse<M extends ApiMethod> =
  { ok: true; value: ResultOf<M> } | { ok: false; error: ApiError };

/** Events pushed to the UI. */
export interface ApiEvents {
  job: JobState;
  /** The workspace changed (import, reconcile, changeset...): views should refresh. */
  'workspace/changed': { reason: string };
}

/**
 * What the renderer sees: `window.cmdbw` in Electron (one frozen object from the preload), and a fetch +
 * Server-Sent-Events shim in browser mode. File choice is part of the bridge because it differs by shell:
 * native dialogs in Electron, <input type=file> uploads and downloads in the browser.
 */
export interface Bridge {
  call<M extends ApiMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  on<E extends keyof ApiEvents>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  pickFiles(opts: {
    title: string;
    multiple: boolean;
    filters?: { name: string; extensions: string[] }[];
  }): Promise<FileToken[]>;
  pickSaveFile(opts: {
    title: string;
    defaultName: string;
    filters?: { name: string; extensions: string[] }[];
  }): Promise<FileToken | null>;
  /** Opens an https link in the system browser (allow-listed hosts only). */
  openExternal(url: string): Promise<void>;
  readonly mode: 'electron' | 'browser';
}
