/**
 * The state behind the API, shared by both transports: the open workspace (one connection, used for the
 * UI's reads), the file tokens the shell registered, the job manager, recent workspaces and the caches
 * that a workspace change invalidates. Electron main and `cmdbw serve` each create one ApiHost.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { WorkspaceInfo } from './contract.js';
import { EventHub } from './events.js';
import { FileTokens } from './file-tokens.js';
import { EdgeIndexCache } from './graph.js';
import { CountCache } from './grid-sql.js';
import { JobManager } from './jobs.js';
import { RecentWorkspaces } from './recent.js';
import type { ReconcileSummary } from '../reconcile/run-reconcile.js';
import { UserError } from '../util/errors.js';
import { Workspace } from '../workspace/workspace.js';

export interface ApiHostOptions {
  mode: 'electron' | 'browser';
  version: string;
  files?: FileTokens;
  events?: EventHub;
  /** Persisted in Electron's user-data folder; memory only when omitted. */
  recent?: RecentWorkspaces;
  /** The bundled sample workspace; `template` is copied to `path` the first time it is opened. */
  sample?: { path: string; template?: string };
  jobWorkerScript?: string;
  /** Who acts (audit trail), overriding the workspace's setting until `workspace/setUser`. */
  user?: string;
}

export class ApiHost {
  readonly mode: 'electron' | 'browser';
  readonly version: string;
  readonly files: FileTokens;
  readonly events: EventHub;
  readonly recent: RecentWorkspaces;
  readonly jobs: JobManager;
  readonly counts = new CountCache();
  readonly graphs = new EdgeIndexCache();
  /** The summary of the latest reconciliation run by this host, per workspace path. */
  readonly lastSummaries = new Map<string, ReconcileSummary>();
  private ws: Workspace | undefined;
  private userOverride: string | undefined;

  constructor(private readonly opts: ApiHostOptions) {
    this.mode = opts.mode;
    this.version = opts.version;
    this.files = opts.files ?? new FileTokens();
    this.events = opts.events ?? new EventHub();
    this.recent = opts.recent ?? new RecentWorkspaces();
    this.userOverride = opts.user;
    this.jobs = new JobManager({
      events: this.events,
      workerScript: opts.jobWorkerScript,
      onChanged: (workspace, job) => {
        if (job.kind === 'reconcile' && job.result)
          this.lastSummaries.set(workspace, job.result as ReconcileSummary);
        this.changed(workspace, job.kind);
      },
      lastRunId: (workspace) => this.lastRunId(workspace),
    });
  }

  get samplePath(): string | undefined {
    return this.opts.sample?.path;
  }

  /** The open workspace; NO_WORKSPACE_OPEN when the user has not opened one yet. */
  workspace(): Workspace {
    if (!this.ws)
      throw new UserError(
        'NO_WORKSPACE_OPEN',
        'no workspace is open: open one, create one or try the sample',
      );
    return this.ws;
  }

  current(): Workspace | undefined {
    return this.ws;
  }

  open(file: string, opts: { create?: boolean; remember?: boolean } = {}): WorkspaceInfo {
    const next = Workspace.open(file, { create: opts.create, user: this.userOverride });
    this.ws?.close();
    this.ws = next;
    this.counts.invalidate();
    this.graphs.invalidate();
    if (opts.remember !== false) this.recent.touch(next.path);
    this.events.emit('workspace/changed', { reason: 'opened' });
    return this.info();
  }

  /** Opens the bundled sample, copying it from the app's resources the first time. */
  openSample(): WorkspaceInfo {
    const sample = this.opts.sample;
    if (!sample) {
      if (this.ws && this.info().sample) return this.info();
      throw new UserError('NO_SAMPLE', 'this installation has no sample workspace');
    }
    if (!existsSync(sample.path)) {
      if (!sample.template || !existsSync(sample.template))
        throw new UserError('NO_SAMPLE', `the sample workspace is missing (${sample.path}): run npm start`);
      mkdirSync(path.dirname(sample.path), { recursive: true });
      copyFileSync(sample.template, sample.path);
    }
    return this.open(sample.path, { remember: false });
  }

  info(ws: Workspace = this.workspace()): WorkspaceInfo {
    return {
      path: ws.path,
      name: path.basename(ws.path).replace(/\.cmdbw$/i, ''),
      schemaVersion: ws.db.pragma('user_version', { simple: true }) as number,
      user: ws.user,
      sample: ws.getMeta('sample') === '1',
    };
  }

  /** The user changed who acts: drop the command-line override and reopen with the workspace's setting. */
  clearUserOverride(): void {
    if (this.userOverride === undefined || !this.ws) return;
    this.userOverride = undefined;
    const file = this.ws.path;
    this.ws.close();
    this.ws = Workspace.open(file);
  }

  lastRunId(workspace: string): number {
    const query = (ws: Workspace) =>
      (ws.db.prepare('SELECT coalesce(max(id), 0) AS id FROM reconcile_run').get() as { id: number }).id;
    if (this.ws?.path === workspace) return query(this.ws);
    const ws = Workspace.open(workspace, { readonly: true });
    try {
      return query(ws);
    } finally {
      ws.close();
    }
  }

  changed(workspace: string, reason: string): void {
    if (this.ws?.path !== workspace) return;
    this.counts.invalidate();
    this.graphs.invalidate();
    this.events.emit('workspace/changed', { reason });
  }

  async close(): Promise<void> {
    await this.jobs.shutdown();
    this.ws?.close();
    this.ws = undefined;
  }
}
