import { useState, type ReactNode } from 'react';
import type { WorkspaceInfo } from '../../src/api/contract.js';
import { errorMessage } from '../api.js';
import { useApi, useToast, useWorkspace } from '../app/context.js';
import { navigate, useLoad } from '../app/hooks.js';
import { useReconcile } from '../app/jobs.js';
import { Icon } from '../components/icons.js';
import { Banner, Button, EmptyState, ErrorBanner, ProgressBar, Screen, Stat } from '../components/ui.js';
import { formatBytes, formatDateTime, formatInt, pluralize, relativeTime } from '../lib/format.js';

const WS_FILTERS = [{ name: 'CMDB Workbench workspace', extensions: ['cmdbw', 'sqlite', 'db'] }];

export function StartScreen() {
  const api = useApi();
  const ws = useWorkspace();
  const { push } = useToast();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const recent = useLoad(() => api.call('workspace/recent', {}), [api, ws.version]);

  const opened = (info: WorkspaceInfo, verb: string) => {
    ws.setWorkspace(info);
    push({ kind: 'success', title: `${verb} ${info.name}` });
  };

  const run = async (label: string, fn: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const create = () =>
    run('create', async () => {
      // Native save dialog in Electron; in browser mode the server allocates the file in its workspace folder.
      const file = await api.pickSaveFile({
        title: 'Create workspace',
        defaultName: 'estate.cmdbw',
        filters: WS_FILTERS,
      });
      if (!file) return;
      opened(await api.call('workspace/create', { file }), 'Created');
    });
  const open = () =>
    run('open', async () => {
      const [file] = await api.pickFiles({ title: 'Open workspace', multiple: false, filters: WS_FILTERS });
      if (!file) return;
      opened(await api.call('workspace/open', { file }), 'Opened');
    });
  const openSample = () =>
    run('sample', async () => opened(await api.call('workspace/open', { sample: true }), 'Opened'));
  const openRecent = (id: string) =>
    run(`recent-${id}`, async () => opened(await api.call('workspace/open', { recent: id }), 'Opened'));

  const ready = !recent.loading || recent.data !== undefined;
  const browser = (ws.info?.mode ?? api.mode) === 'browser';
  return (
    <Screen
      title={ws.workspace ? ws.workspace.name : 'Welcome to CMDB Workbench'}
      subtitle={
        ws.workspace ? (
          <span className="mono muted">{ws.workspace.path}</span>
        ) : (
          'Reconcile what your CMDB says with what discovery sees — offline, in a local workspace file.'
        )
      }
      testid="screen-start"
      ready={ready}
      actions={
        <>
          {browser ? null : (
            <>
              <Button
                icon="plus"
                variant={ws.workspace ? 'default' : 'primary'}
                onClick={create}
                disabled={!!busy}
                data-testid="create-workspace"
              >
                New workspace…
              </Button>
              <Button icon="folder" onClick={open} disabled={!!busy} data-testid="open-workspace">
                Open…
              </Button>
            </>
          )}
          <Button
            icon="play"
            variant="ghost"
            onClick={openSample}
            disabled={!!busy}
            data-testid="open-sample"
          >
            Sample workspace
          </Button>
        </>
      }
    >
      <ErrorBanner error={error} title="Could not open the workspace" />
      {browser ? (
        <Banner tone="info">
          <span data-testid="browser-mode-note">
            Browser mode: <span className="mono">cmdbw serve</span> works on the workspace it was started
            with. To work on another one, create it with <span className="mono">cmdbw init FILE</span> and
            serve that file.
          </span>
        </Banner>
      ) : null}
      {ws.workspace ? <WorkspaceOverview /> : null}
      {browser ? null : (
        <div className="panel">
          <div className="panel-header">
            <h2>Recent workspaces</h2>
          </div>
          {recent.error ? (
            <ErrorBanner error={recent.error} onRetry={recent.reload} />
          ) : recent.data && recent.data.length > 0 ? (
            <ul className="recent-list" data-testid="recent-list">
              {recent.data.map((r) => {
                const current = ws.workspace?.path === r.path;
                return (
                  <li key={r.id}>
                    <button
                      type="button"
                      className="recent-item"
                      onClick={() => openRecent(r.id)}
                      disabled={!!busy || current}
                      data-testid="recent-item"
                    >
                      <Icon name="file" />
                      <span className="recent-name">{r.name}</span>
                      <span className="recent-path mono">{r.path}</span>
                      <span className="recent-when" title={formatDateTime(r.openedAt)}>
                        {current ? 'open now' : relativeTime(r.openedAt)}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : recent.data ? (
            <EmptyState icon="folder" title="No recent workspaces" testid="recent-empty">
              Create a workspace to start, or open the sample estate to look around first.
            </EmptyState>
          ) : null}
        </div>
      )}
    </Screen>
  );
}

function WorkspaceOverview() {
  const api = useApi();
  const ws = useWorkspace();
  const stats = useLoad(() => api.call('workspace/stats', {}), [api, ws.version]);
  const last = useLoad(() => api.call('reconcile/last', {}), [api, ws.version]);
  const { job, error, reconcile } = useReconcile();

  const s = stats.data;
  const l = last.data;
  const findings = l ? Object.values(l.findings).reduce((a, b) => a + b, 0) : 0;
  const running = job?.status === 'running';
  return (
    <div className="overview" data-testid="workspace-overview">
      <ErrorBanner error={stats.error ?? last.error} onRetry={() => (stats.reload(), last.reload())} />
      <div className="stats-row">
        <Stat
          label="Sources"
          value={formatInt(s?.sources)}
          hint={s ? `${pluralize(s.currentBatches, 'current batch', 'current batches')}` : undefined}
        />
        <Stat
          label="Records"
          value={formatInt(s?.records.current)}
          hint={s ? `${formatInt(s.records.total)} incl. earlier snapshots` : undefined}
        />
        <Stat label="Relationships" value={formatInt(s?.relationships.current)} />
        <Stat
          label="CIs"
          value={l ? formatInt(l.clusters) : '—'}
          hint={l ? `as of run #${l.runId}` : 'not reconciled yet'}
          testid="stat-cis"
        />
        <Stat
          label="Findings"
          value={l ? formatInt(findings) : '—'}
          tone={findings > 0 ? 'warn' : undefined}
          testid="stat-findings"
        />
        <Stat
          label="Size on disk"
          value={s ? formatBytes(s.sizeBytes) : '—'}
          hint={s ? `schema v${s.schemaVersion}` : undefined}
        />
      </div>
      <div className="next-steps">
        <Step
          n={1}
          done={(s?.sources ?? 0) > 0}
          title="Import sources"
          detail="CMDB exports and discovery outputs"
        >
          <Button
            size="sm"
            icon="import"
            onClick={() => navigate({ name: 'import' })}
            data-testid="goto-import"
          >
            Import…
          </Button>
        </Step>
        <Step
          n={2}
          done={!!l}
          title="Reconcile"
          detail={
            l
              ? `last run: ${formatInt(l.records)} records → ${formatInt(l.clusters)} CIs`
              : 'match records into CIs and find problems'
          }
        >
          <Button
            size="sm"
            icon="refresh"
            variant={l ? 'default' : 'primary'}
            onClick={reconcile}
            disabled={running || (s?.records.current ?? 0) === 0}
            data-testid="reconcile"
          >
            {running ? 'Reconciling…' : l ? 'Reconcile again' : 'Reconcile'}
          </Button>
        </Step>
        <Step n={3} done={false} title="Review findings" detail="accept fixes into a changeset">
          <Button
            size="sm"
            icon="findings"
            onClick={() => navigate({ name: 'findings', category: null, severity: null })}
            disabled={!l}
          >
            Findings
          </Button>
        </Step>
      </div>
      {running && job ? (
        <div className="job-progress" data-testid="reconcile-progress">
          <ProgressBar value={job.progress} label="Reconciliation progress" />
          <span className="muted">{job.detail}</span>
        </div>
      ) : null}
      {error ? <ErrorBanner error={error} title="Reconciliation failed" /> : null}
      {job?.status === 'done' && l ? (
        <Banner tone="success">
          Reconciled {formatInt(l.records)} records into {formatInt(l.clusters)} CIs with{' '}
          {formatInt(findings)} findings.
        </Banner>
      ) : null}
    </div>
  );
}

function Step({
  n,
  done,
  title,
  detail,
  children,
}: {
  n: number;
  done: boolean;
  title: string;
  detail: string;
  children: ReactNode;
}) {
  return (
    <div className={`step${done ? ' done' : ''}`}>
      <span className="step-n">{done ? <Icon name="check" size={14} /> : n}</span>
      <div className="step-text">
        <strong>{title}</strong>
        <span className="muted">{detail}</span>
      </div>
      {children}
    </div>
  );
}
