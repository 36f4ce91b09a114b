import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobState } from '../../src/api/contract.js';
import { errorMessage } from '../api.js';
import { useApi, useToast, useWorkspace } from './context.js';

/**
 * Follows one long-running job (import, reconcile) to its end: `job` events from the core, with a slow
 * `jobs/get` poll as a safety net in case an event is missed (SSE reconnect, window asleep).
 */
export function useJob(): {
  job: JobState | null;
  start(begin: () => Promise<JobState>): Promise<JobState>;
  cancel(): Promise<void>;
  reset(): void;
} {
  const api = useApi();
  const [job, setJob] = useState<JobState | null>(null);
  const waiter = useRef<{ id: string; resolve(j: JobState): void } | null>(null);

  const settle = useCallback((j: JobState) => {
    setJob(j);
    const w = waiter.current;
    if (w && w.id === j.id && j.status !== 'running') {
      waiter.current = null;
      w.resolve(j);
    }
  }, []);

  useEffect(() => {
    return api.on('job', (j) => {
      if (waiter.current?.id === j.id) settle(j);
    });
  }, [api, settle]);

  const runningId = job?.status === 'running' ? job.id : null;
  useEffect(() => {
    if (!runningId) return;
    const id = runningId;
    const t = window.setInterval(() => {
      api.call('jobs/get', { id }).then(
        (j) => {
          if (waiter.current?.id === id) settle(j);
        },
        () => undefined,
      );
    }, 750);
    return () => window.clearInterval(t);
  }, [api, runningId, settle]);

  const start = useCallback(
    async (begin: () => Promise<JobState>) => {
      const first = await begin();
      return new Promise<JobState>((resolve) => {
        waiter.current = { id: first.id, resolve };
        settle(first);
      });
    },
    [settle],
  );

  const cancel = useCallback(async () => {
    const id = waiter.current?.id;
    if (id) settle(await api.call('jobs/cancel', { id }));
  }, [api, settle]);

  const reset = useCallback(() => setJob(null), []);
  return { job, start, cancel, reset };
}

/** "1,015 records → 405 CIs, 291 findings (1.2 s)" for a finished reconciliation job. */
export function describeReconcile(j: JobState): string {
  const r = j.result;
  if (!r || !('clusters' in r)) return j.detail;
  const findings = Object.values(r.findings).reduce((a, b) => a + b, 0);
  const secs =
    r.durationMs >= 1000 ? `${(r.durationMs / 1000).toFixed(1)} s` : `${Math.round(r.durationMs)} ms`;
  return `${r.records.toLocaleString('en-US')} records → ${r.clusters.toLocaleString('en-US')} CIs, ${findings.toLocaleString('en-US')} findings (${secs})${r.unchanged ? ' — inputs unchanged since the last run' : ''}`;
}

/**
 * Runs a reconciliation as a job: a toast and a workspace refresh when it finishes, the reason when it
 * fails (shown by the caller).
 */
export function useReconcile(): { job: JobState | null; error: string | null; reconcile(): Promise<void> } {
  const api = useApi();
  const ws = useWorkspace();
  const { push } = useToast();
  const { job, start } = useJob();
  const [error, setError] = useState<string | null>(null);
  const reconcile = async () => {
    setError(null);
    try {
      const j = await start(() => api.call('reconcile/start', {}));
      if (j.status === 'done') {
        push({ kind: 'success', title: 'Reconciliation finished', detail: describeReconcile(j) });
        ws.bump();
      } else if (j.status === 'failed') setError(j.error?.message ?? 'reconciliation failed');
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return { job, error, reconcile };
}
