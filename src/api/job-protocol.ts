/** Messages between the job manager (src/api/jobs.ts) and its worker thread (src/api/job-worker.ts). */
import type { ApiError } from './contract.js';
import type { ImportSummary } from '../ingest/import-files.js';
import type { ColumnMapping, FormatId, SourceRole } from '../importers/types.js';
import type { ReconcileSummary } from '../reconcile/run-reconcile.js';

export interface ImportJobInput {
  kind: 'import';
  workspace: string;
  request: {
    source: string;
    paths: string[];
    format?: FormatId;
    encoding?: string;
    mapping?: ColumnMapping;
    role?: SourceRole;
  };
  /** What the user calls each file (an upload's original name), by path: shown instead of temp paths. */
  displayNames?: Record<string, string>;
}

export interface ReconcileJobInput {
  kind: 'reconcile';
  workspace: string;
  threshold?: number;
}

export type JobInput = ImportJobInput | ReconcileJobInput;

export type JobWorkerMessage =
  | { t: 'progress'; progress: number; detail: string; phase?: string }
  | { t: 'done'; result: ImportSummary | ReconcileSummary }
  | { t: 'error'; error: ApiError };

export type JobControlMessage = { t: 'cancel' };

/** What reconciliation is doing after each phase it reports as finished. */
export const RECONCILE_NEXT: Record<string, string> = {
  start: 'loading the current snapshots',
  load: 'identifying CIs',
  identify: 'resolving relationships',
  relationships: 'deriving findings and quality',
  findings: 'writing results',
  write: 'done',
};
