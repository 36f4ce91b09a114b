import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecentWorkspace, WorkspaceInfo } from '../../src/api/contract.js';
import { createApi, type Api } from '../../src/api/create-api.js';
import { RecentWorkspaces } from '../../src/api/recent.js';
import { fileScopedDir, reconciledSimWorkspace } from './fixtures.js';

async function call<T>(api: Api, method: string, params: unknown = {}): Promise<T> {
  const r = await api.dispatch(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

describe('workspaces, settings and read methods through the API', () => {
  const files = fileScopedDir();
  let api: Api;
  let sim: string;

  beforeAll(async () => {
    sim = await reconciledSimWorkspace(files.dir);
    api = createApi({
      mode: 'electron',
      version: 'test',
      recent: new RecentWorkspaces(path.join(files.dir, 'user-data', 'recent.json')),
      sample: { path: path.join(files.dir, 'user-data', 'sample.cmdbw'), template: sim },
    });
  }, 180_000);
  afterAll(async () => {
    await api.host.close();
    files.remove();
  });

  it('creates a workspace where the save dialog said, and remembers it', async () => {
    const target = path.join(files.dir, 'new.cmdbw');
    const token = api.host.files.register(target, 'write', 'dialog').token;
    const info = await call<WorkspaceInfo>(api, 'workspace/create', { file: token });
    expect(info).toMatchObject({ name: 'new', sample: false, path: target });
    expect(existsSync(target)).toBe(true);
    const recent = await call<RecentWorkspace[]>(api, 'workspace/recent');
    expect(recent[0]).toMatchObject({ name: 'new.cmdbw', path: target });
    // Not over an existing file, and not with a token chosen for reading.
    expect(await api.dispatch('workspace/create', { file: token })).toMatchObject({
      ok: false,
      error: { code: 'FILE_EXISTS' },
    });
    const readToken = api.host.files.register(path.join(files.dir, 'other.cmdbw'), 'read', 'dialog').token;
    expect(await api.dispatch('workspace/create', { file: readToken })).toMatchObject({
      ok: false,
      error: { code: 'BAD_FILE_TOKEN' },
    });
  });

  it('opens a workspace from the open dialog and again from the recent list (by id, never by path)', async () => {
    const opened = await call<WorkspaceInfo>(api, 'workspace/open', {
      file: api.host.files.register(sim, 'read', 'dialog').token,
    });
    expect(opened.name).toBe('sim-400-11');
    const recent = await call<RecentWorkspace[]>(api, 'workspace/recent');
    expect(recent.map((r) => r.name).slice(0, 2)).toEqual(['sim-400-11.cmdbw', 'new.cmdbw']);
    await call(api, 'workspace/open', { recent: recent[1]!.id });
    expect((await call<{ workspace: WorkspaceInfo }>(api, 'app/info')).workspace.name).toBe('new');
    await call(api, 'workspace/open', { recent: recent[0]!.id });
    expect(await api.dispatch('workspace/open', { recent: 'ffff' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // The list survives a restart.
    expect(new RecentWorkspaces(path.join(files.dir, 'user-data', 'recent.json')).all()).toHaveLength(2);
  });

  it('answers the read methods of a reconciled workspace', async () => {
    const stats = await call<{ sources: number }>(api, 'workspace/stats');
    expect(stats.sources).toBe(5);
    expect((await call<{ source: string }[]>(api, 'sources/list')).map((s) => s.source)).toContain(
      'servicenow',
    );
    const summary = await call<{ category: string; severity: string; count: number }[]>(
      api,
      'findings/summary',
    );
    expect(summary.find((s) => s.category === 'duplicate')?.count).toBeGreaterThan(0);
    // This host did not run the reconciliation: the summary is rebuilt from the database.
    const last = await call<{ runId: number; clusters: number; findings: Record<string, number> }>(
      api,
      'reconcile/last',
    );
    expect(last.runId).toBe(1);
    expect(last.findings.duplicate).toBe(
      summary.filter((s) => s.category === 'duplicate').reduce((n, s) => n + s.count, 0),
    );
    const quality = await call<{ report: { overall: { score: number } }; history: { runId: number }[] }>(
      api,
      'quality/report',
    );
    expect(quality.history.map((h) => h.runId)).toEqual([1]);
    expect(quality.report.overall.score).toBeGreaterThan(0);
    const ci = await call<{ cluster: { id: number }; members: unknown[] }>(api, 'cis/get', { id: 1 });
    expect(ci.cluster.id).toBe(1);
    expect(await call(api, 'audit/verify')).toMatchObject({ ok: true });
    const audit = await call<{ rows: { seq: number; action: string }[]; lastRow: number }>(
      api,
      'audit/rows',
      {
        startRow: 0,
        endRow: 100,
        sortModel: [],
        filterModel: {},
      },
    );
    expect(audit.rows[0]!.seq).toBe(audit.lastRow); // newest first
  });

  it('records who acts, in the workspace and in the audit trail', async () => {
    const info = await call<WorkspaceInfo>(api, 'workspace/setUser', { user: 'Ana Lima' });
    expect(info.user).toBe('Ana Lima');
    const audit = await call<{ rows: { actor: string; action: string }[] }>(api, 'audit/rows', {
      startRow: 0,
      endRow: 1,
      sortModel: [],
      filterModel: {},
    });
    expect(audit.rows[0]).toMatchObject({ actor: 'Ana Lima', action: 'settings.user' });
    expect(await call(api, 'audit/verify')).toMatchObject({ ok: true });
  });

  it('saves and lists column mappings', async () => {
    const mapping = {
      key: 'Asset',
      attributes: { Host: 'name', Serial: 'serial_number' },
      role: 'cmdb' as const,
    };
    expect(await call(api, 'mappings/save', { name: 'finance register', mapping })).toEqual({
      name: 'finance register',
    });
    expect(await call(api, 'mappings/list')).toEqual([{ name: 'finance register', mapping }]);
    expect(
      await api.dispatch('mappings/save', { name: 'x', mapping: { key: 'a', attributes: {}, extra: 1 } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('previews a CSV file before import', async () => {
    const csv = path.join(files.dir, 'assets.csv');
    writeFileSync(csv, 'Asset;Host;Serial\r\nA-1;web01;=SUM(1)\r\nA-2;db01;XYZ\r\n');
    const token = api.host.files.register(csv, 'read', 'dialog').token;
    const p = await call<{
      delimiter: string;
      header: string[];
      rows: string[][];
      encoding: string;
      format?: string;
    }>(api, 'import/preview', { file: token });
    expect(p).toMatchObject({ delimiter: ';', header: ['Asset', 'Host', 'Serial'], encoding: 'utf-8' });
    expect(p.rows).toEqual([
      ['A-1', 'web01', '=SUM(1)'],
      ['A-2', 'db01', 'XYZ'],
    ]);
    expect(p.format).toBeUndefined();
  });

  it('opens the sample, copying it from the template the first time', async () => {
    const info = await call<WorkspaceInfo>(api, 'workspace/open', { sample: true });
    expect(info.path).toBe(path.join(files.dir, 'user-data', 'sample.cmdbw'));
    expect((await call<RecentWorkspace[]>(api, 'workspace/recent')).map((r) => r.path)).not.toContain(
      info.path,
    );
  });
});
