import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobState } from '../../src/api/contract.js';
import { createApi, type Api } from '../../src/api/create-api.js';
import { fileScopedDir, reconciledSimWorkspace, simEstate } from './fixtures.js';

/** Records `job` events and the longest stall of this thread's event loop while a job runs. */
function watch(api: Api) {
  const jobs: JobState[] = [];
  const changed: string[] = [];
  const off = api.host.events.subscribe((event, payload) => {
    if (event === 'job') jobs.push(payload as JobState);
    else changed.push((payload as { reason: string }).reason);
  });
  let last = Date.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 5);
  return {
    jobs,
    changed,
    maxGap: () => maxGap,
    stop: () => {
      clearInterval(timer);
      off();
    },
  };
}

async function call<T>(api: Api, method: string, params: unknown): Promise<T> {
  const r = await api.dispatch(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** Resolves at the job's first progress report; says what the job did instead when there is none. */
const firstProgress = (api: Api, id: string) =>
  new Promise<void>((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(
          `no progress from job ${id}: ${seen.join(' / ')} / now ${JSON.stringify(api.host.jobs.get(id))}`,
        ),
      );
    }, 30_000);
    const off = api.host.events.subscribe((event, payload) => {
      const j = payload as JobState;
      if (event !== 'job' || j.id !== id) return;
      seen.push(`${j.status} ${j.progress} ${j.detail}`);
      if (j.status === 'running' && j.progress > 0) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });

/** The job's end, or a failure that says where it was stuck. */
const settled = (api: Api, id: string) =>
  Promise.race([
    api.host.jobs.wait(id),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`job ${id} still ${JSON.stringify(api.host.jobs.get(id))}`)), 40_000),
    ),
  ]);

describe('jobs run in a worker thread', () => {
  const files = fileScopedDir();
  let api: Api;
  let watcher: ReturnType<typeof watch> | undefined;

  beforeAll(async () => {
    api = createApi({ mode: 'browser', version: 'test' });
    // A bigger estate, so that there is time to watch and to cancel.
    api.host.open(await reconciledSimWorkspace(files.dir, 3000, 21), { remember: false });
  }, 300_000);
  afterEach(() => watcher?.stop());
  afterAll(async () => {
    await api.host.close();
    files.remove();
  });

  it('reconciles with progress events while this thread stays responsive', async () => {
    watcher = watch(api);
    const started = await call<JobState>(api, 'reconcile/start', {});
    expect(started).toMatchObject({ kind: 'reconcile', status: 'running' });
    // While it works, the host still answers queries.
    expect(
      (await api.dispatch('cis/rows', { startRow: 0, endRow: 10, sortModel: [], filterModel: {} })).ok,
    ).toBe(true);
    const done = await api.host.jobs.wait(started.id);
    expect(done.status).toBe('done');
    const mine = watcher.jobs.filter((j) => j.id === started.id);
    const progress = mine.filter((j) => j.status === 'running' && j.progress > 0 && j.progress < 1);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.map((j) => j.detail)).toContain('deriving findings and quality');
    expect(mine.at(-1)).toMatchObject({ status: 'done', progress: 1 });
    expect(watcher.changed).toContain('reconcile');
    // On this thread, the run would have stalled the loop for its whole duration.
    const ms = (done.result as { durationMs: number }).durationMs;
    expect(watcher.maxGap()).toBeLessThan(Math.max(250, Math.min(1000, ms / 2)));
    const last = await call<{ runId: number } | null>(api, 'reconcile/last', {});
    expect(last?.runId).toBe((done.result as { runId: number }).runId);
    expect(await call<JobState>(api, 'jobs/get', { id: started.id })).toMatchObject({ status: 'done' });
  });

  it('runs one job at a time per workspace', async () => {
    const first = await call<JobState>(api, 'reconcile/start', {});
    const second = await api.dispatch('reconcile/start', {});
    expect(second).toMatchObject({ ok: false, error: { code: 'JOB_RUNNING', details: { jobId: first.id } } });
    await settled(api, first.id);
  });

  it('cancels a reconciliation and keeps the previous results; the next run works', async () => {
    const runBefore = api.host.lastRunId(api.host.workspace().path);
    const job = await call<JobState>(api, 'reconcile/start', {});
    await firstProgress(api, job.id);
    const asked = await call<JobState>(api, 'jobs/cancel', { id: job.id });
    const end = await settled(api, job.id);
    expect(end.status, `cancel answered ${JSON.stringify(asked)}`).toBe('cancelled');
    expect(end.error?.code).toBe('CANCELLED');
    expect(api.host.lastRunId(api.host.workspace().path)).toBe(runBefore);
    // The terminated thread released the write lock.
    const again = await call<JobState>(api, 'reconcile/start', {});
    expect((await settled(api, again.id)).status).toBe('done');
  });

  it('imports a file chosen as a token, reporting progress, and cancels another import cleanly', async () => {
    const estate = simEstate(5000, 21);
    const big = path.join(estate, 'discovery', 'glpi-inventory.ndjson');
    expect(statSync(big).size).toBeGreaterThan(4 << 20); // parsed in a nested import worker
    watcher = watch(api);
    const token = api.host.files.register(big, 'read', 'upload', 'glpi-inventory.ndjson').token;

    // Cancelled at once: the file parses in a fraction of a second, and a cancel that arrives after the
    // commit rightly ends as "done".
    const cancelled = await call<JobState>(api, 'import/start', { files: [token], source: 'glpi-again' });
    expect(await call<JobState>(api, 'jobs/cancel', { id: cancelled.id })).toMatchObject({
      detail: 'cancelling',
    });
    const end = await api.host.jobs.wait(cancelled.id);
    expect(end.status).toBe('cancelled');
    const sources = await call<{ source: string }[]>(api, 'sources/list', {});
    expect(sources.map((s) => s.source)).not.toContain('glpi-again');

    const job = await call<JobState>(api, 'import/start', { files: [token], source: 'glpi-again' });
    const done = await api.host.jobs.wait(job.id);
    expect(done.status).toBe('done');
    const result = done.result as { records: number; files: { path: string }[] };
    expect(result.records).toBeGreaterThan(1000);
    // The UI sees the name the user knows, not the temp path.
    expect(result.files[0]!.path).toBe('glpi-inventory.ndjson');
    const running = watcher.jobs.filter((j) => j.id === job.id && j.status === 'running' && j.progress > 0);
    expect(running.length).toBeGreaterThan(0);
    expect(running[0]!.detail).toMatch(/^glpi-inventory\.ndjson: [\d,]+ records/);
    expect(watcher.changed).toContain('import');
    expect(watcher.maxGap()).toBeLessThan(1000);
  });
});
