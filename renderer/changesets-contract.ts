/**
 * The changeset API the screens are typed against. It lives in the core's contract
 * (src/api/contract.ts, "changesets" section) and is served by src/api/changeset-handlers.ts; this module
 * keeps the names the screens import.
 */
export {
  ITEM_GRID_COLUMNS,
  ITEM_KINDS,
  ITEM_STATUSES,
  type ChangesetDetail,
  type ChangesetExportFormat,
  type ChangesetExportInfo,
  type ChangesetItemRow,
  type ChangesetMethod,
  type ChangesetMethods,
  type ChangesetRevisionInfo,
  type ChangesetSummary,
  type ItemKind,
  type ItemSelection,
  type ItemStatus,
  type ItemTarget,
  type RevisionState,
  type ValidationProblem,
} from '../src/api/contract.js';
