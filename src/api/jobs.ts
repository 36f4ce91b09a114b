/**
 * Imports and reconciliations run as jobs in a worker thread, so the process that answers the UI (the
 * HTTP server, or Electron main) stays responsive while they work: grid queries keep being answered from
 * the host's own connection (WAL lets readers run beside the writer).
 *
 * One job at a time per workspace. Progress arrives as `job` events. Cancelling an import asks the worker
 * to abort (the import's transaction rolls back); a reconciliation is synchronous CPU work that cannot
 * listen, so its worker is terminated, unless it has started writing its results, which then complete.
 * Terminating is safe: SQLite rolls back the open transaction and releases the lock when the thread's
 * connection closes.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { toApiError } from './api-error.js';
import type { ApiError, JobState } from './contract.js';
import type { EventHub } from './events.js';
import type { JobControlMessage, JobInput, JobWorkerMessage } from './job-protocol.js';
import { UserError } from '../util/errors.js';

/** Finished jobs kept for `jobs/get`. */
const KEEP_FINISHED = 50;
const TERMINATE_WAIT_MS = 10_000;

export interface JobManagerOptions {
  events: EventHub;
  /** The job worker bundle; found beside this module or in an ancestor's dist/ when omitted. */
  workerScript?: string;
  /** Called after a job changed the workspace (the host invalidates caches, the UI refreshes). */
  onChanged?: (workspace: string, job: JobState) => void;
  /** The workspace's newest reconcile run id, to tell a cancelled run from one that had already committed. */
  lastRunId?: (workspace: string) => number;
}

interface RunningJob {
  state: JobState;
  input: JobInput;
  worker?: Worker;
  phase?: string;
  runIdBefore: number;
  cancelRequested: boolean;
  /** Terminated on purpose (cancel, shutdown): whoever terminated it settles the job. */
  terminating: boolean;
  settled: Promise<JobState>;
  settle: (s: JobState) => void;
}

let cachedScript: string | undefined;

/** dist/job-worker.mjs: CMDBW_JOB_WORKER, else beside this module or in an ancestor's dist/. */
export function findJobWorkerScript(): string | undefined {
  if (cachedScript && existsSync(cachedScript)) return cachedScript;
  const fromEnv = process.env.CMDBW_JOB_WORKER;
  if (fromEnv && existsSync(fromEnv)) return (cachedScript = fromEnv);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [path.join(dir, 'job-worker.mjs'), path.join(dir, 'dist', 'job-worker.mjs')])
      if (existsSync(candidate)) return (cachedScript = candidate);
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export class JobManager {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(private readonly opts: JobManagerOptions) {}

  /** The job running on a workspace, if any. */
  running(workspace: string): JobState | undefined {
    for (const j of this.jobs.values())
      if (j.input.workspace === workspace && j.state.status === 'running') return { ...j.state };
    return undefined;
  }

  start(input: JobInput): JobState {
    const busy = this.running(input.workspace);
    if (busy) {
      throw new UserError(
        'JOB_RUNNING',
        `a ${busy.kind} is already running on this workspace (${busy.detail}); wait for it or cancel it`,
        { jobId: busy.id },
      );
    }
    const script = this.opts.workerScript ?? findJobWorkerScript();
    if (!script || !existsSync(script))
      throw new UserError(
        'NO_JOB_WORKER',
        'the job worker bundle is missing (dist/job-worker.mjs): run `npm run build`',
      );
    let settle!: (s: JobState) => void;
    const settled = new Promise<JobState>((resolve) => (settle = resolve));
    const job: RunningJob = {
      state: {
        id: randomBytes(8).toString('hex'),
        kind: input.kind,
        status: 'running',
        progress: 0,
        detail: input.kind === 'import' ? 'starting the import' : 'starting reconciliation',
      },
      input,
      runIdBefore: input.kind === 'reconcile' ? (this.opts.lastRunId?.(input.workspace) ?? 0) : 0,
      cancelRequested: false,
      terminating: false,
      settled,
      settle,
    };
    this.jobs.set(job.state.id, job);
    this.prune();

    const worker = new Worker(script, {
      workerData: input,
      // Flags of the host (e.g. `node --input-type`) do not apply to a worker script file.
      execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type') && !a.startsWith('--eval')),
      resourceLimits: { maxOldGenerationSizeMb: 4096 },
    });
    job.worker = worker;
    worker.on('message', (msg: JobWorkerMessage) => this.onMessage(job, msg));
    worker.on('error', (err) => {
      if (!job.terminating) this.finish(job, 'failed', { error: toApiError(err) });
    });
    worker.on('exit', (code) => {
      if (job.state.status === 'running' && !job.terminating)
        this.finish(job, 'failed', {
          error: { code: 'INTERNAL', message: `the job worker stopped unexpectedly (exit code ${code})` },
        });
    });
    this.emit(job);
    return { ...job.state };
  }

  get(id: string): JobState {
    const job = this.jobs.get(id);
    if (!job) throw new UserError('NOT_FOUND', `no job ${id}`);
    return { ...job.state };
  }

  /** Resolves when the job has finished (done, failed or cancelled). */
  wait(id: string): Promise<JobState> {
    const job = this.jobs.get(id);
    if (!job) return Promise.reject(new UserError('NOT_FOUND', `no job ${id}`));
    return job.settled;
  }

  cancel(id: string): JobState {
    const job = this.jobs.get(id);
    if (!job) throw new UserError('NOT_FOUND', `no job ${id}`);
    if (job.state.status !== 'running' || job.cancelRequested) return { ...job.state };
    job.cancelRequested = true;
    if (job.input.kind === 'import') {
      job.worker?.postMessage({ t: 'cancel' } satisfies JobControlMessage);
      job.state = { ...job.state, detail: 'cancelling' };
      this.emit(job);
    } else if (job.phase === 'findings') {
      // The results are being written in one transaction: let it finish rather than waste the run.
      job.state = { ...job.state, detail: 'writing results; too late to cancel' };
      this.emit(job);
    } else {
      void this.terminateReconcile(job);
    }
    return { ...job.state };
  }

  /** Stops every running job (the host is shutting down). */
  async shutdown(): Promise<void> {
    await Promise.all(
      [...this.jobs.values()]
        .filter((j) => j.state.status === 'running')
        .map(async (j) => {
          j.terminating = true;
          await j.worker?.terminate();
          this.finish(j, 'cancelled', { error: { code: 'CANCELLED', message: 'the app is closing' } });
        }),
    );
  }

  private async terminateReconcile(job: RunningJob): Promise<void> {
    job.terminating = true;
    // terminate() waits for the thread to return from native code; never wait on it forever.
    const worker = job.worker;
    if (worker)
      await Promise.race([worker.terminate(), new Promise((r) => setTimeout(r, TERMINATE_WAIT_MS).unref())]);
    if (job.state.status !== 'running') return;
    // The worker may have committed between its last message and the termination.
    const committed = (this.opts.lastRunId?.(job.input.workspace) ?? 0) > job.runIdBefore;
    if (committed) {
      this.finish(job, 'done', { detail: 'finished before it could be cancelled' });
      this.opts.onChanged?.(job.input.workspace, { ...job.state });
    } else {
      this.finish(job, 'cancelled', {
        error: { code: 'CANCELLED', message: 'reconciliation cancelled; the previous results are kept' },
      });
    }
  }

  private onMessage(job: RunningJob, msg: JobWorkerMessage): void {
    if (job.state.status !== 'running') return;
    switch (msg.t) {
      case 'progress':
        job.phase = msg.phase ?? job.phase;
        job.state = {
          ...job.state,
          progress: Math.max(0, Math.min(1, msg.progress)),
          detail: job.cancelRequested && job.input.kind === 'import' ? 'cancelling' : msg.detail,
        };
        this.emit(job);
        return;
      case 'done':
        this.finish(job, 'done', { result: msg.result, progress: 1, detail: 'done' });
        this.opts.onChanged?.(job.input.workspace, { ...job.state });
        return;
      case 'error':
        this.finish(job, msg.error.code === 'CANCELLED' ? 'cancelled' : 'failed', { error: msg.error });
        return;
    }
  }

  private finish(
    job: RunningJob,
    status: Exclude<JobState['status'], 'running'>,
    patch: { result?: JobState['result']; error?: ApiError; detail?: string; progress?: number },
  ): void {
    if (job.state.status !== 'running') return;
    job.state = {
      ...job.state,
      status,
      progress: patch.progress ?? job.state.progress,
      detail: patch.detail ?? patch.error?.message ?? status,
      ...(patch.result ? { result: patch.result } : {}),
      ...(patch.error ? { error: patch.error } : {}),
    };
    // A worker that reported its end closes its connection and exits by itself; this is a safety net.
    const worker = job.worker;
    job.worker = undefined;
    if (worker) setTimeout(() => void worker.terminate(), 10_000).unref();
    this.emit(job);
    job.settle({ ...job.state });
  }

  private emit(job: RunningJob): void {
    this.opts.events.emit('job', { ...job.state });
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state.status !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED)))
      this.jobs.delete(j.state.id);
  }
}
