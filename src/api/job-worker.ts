/**
 * Worker-thread entry of a job: opens the workspace on its own connection (WAL: the host keeps reading
 * while this thread writes), runs one import or one reconciliation, and reports progress and the result.
 * Bundled to dist/job-worker.mjs (and, self-contained, to dist/electron/job-worker.mjs for the app).
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from './api-error.js';
import type { JobControlMessage, JobInput, JobWorkerMessage } from './job-protocol.js';
import { RECONCILE_NEXT } from './job-protocol.js';
import { importFiles, type ImportProgress, type ImportSummary } from '../ingest/import-files.js';
import { reconcile } from '../reconcile/run-reconcile.js';
import { Workspace } from '../workspace/workspace.js';

const port = parentPort!;
const input = workerData as JobInput;
const abort = new AbortController();

port.on('message', (msg: JobControlMessage) => {
  if (msg.t === 'cancel') abort.abort();
});

function post(msg: JobWorkerMessage): void {
  port.postMessage(msg);
}

function importDetail(p: ImportProgress): string {
  const what =
    p.relationships > 0
      ? `${p.records.toLocaleString('en')} records, ${p.relationships.toLocaleString('en')} relationships`
      : `${p.records.toLocaleString('en')} records`;
  const file = p.fileCount > 1 ? ` (file ${p.fileIndex + 1} of ${p.fileCount})` : '';
  return `${shown(p.file)}${file}: ${what}`;
}

/** The name the user knows a file by (uploads live under a temp path). */
function shown(file: string): string {
  if (input.kind !== 'import' || !input.displayNames) return file;
  return input.displayNames[path.resolve(file)] ?? file;
}

function withDisplayNames(s: ImportSummary): ImportSummary {
  return {
    ...s,
    files: s.files.map((f) => ({ ...f, path: shown(f.path) })),
    warnings: s.warnings.map((w) => ({ ...w, file: shown(w.file) })),
  };
}

async function run(): Promise<void> {
  const ws = Workspace.open(input.workspace);
  try {
    if (input.kind === 'import') {
      const summary = await importFiles(ws, {
        ...input.request,
        signal: abort.signal,
        onProgress: (p) => post({ t: 'progress', progress: p.percent / 100, detail: importDetail(p) }),
      });
      post({ t: 'done', result: withDisplayNames(summary) });
    } else {
      post({ t: 'progress', progress: 0, detail: RECONCILE_NEXT.start!, phase: 'start' });
      const summary = reconcile(ws, {
        threshold: input.threshold,
        onProgress: (phase, fraction) =>
          post({ t: 'progress', progress: fraction, detail: RECONCILE_NEXT[phase] ?? phase, phase }),
      });
      post({ t: 'done', result: summary });
    }
  } finally {
    ws.close();
  }
}

run()
  .catch((err: unknown) => post({ t: 'error', error: toApiError(err) }))
  // Nothing left to listen for: let the thread end once its last message is out.
  .finally(() => port.unref());
