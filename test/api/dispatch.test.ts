import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiMethods } from '../../src/api/contract.js';
import { createApi, type Api } from '../../src/api/create-api.js';
import { createDispatch } from '../../src/api/dispatch.js';
import type { Handlers } from '../../src/api/handlers.js';
import { API_METHODS, isApiMethod } from '../../src/api/schemas.js';
import { UserError } from '../../src/util/errors.js';
import { fileScopedDir, reconciledSimWorkspace } from './fixtures.js';

/** Every method of the contract, exactly: adding one to ApiMethods without a schema fails typecheck. */
const CONTRACT_METHODS: (keyof ApiMethods)[] = [
  'app/info',
  'workspace/recent',
  'workspace/open',
  'workspace/create',
  'workspace/stats',
  'workspace/setUser',
  'sources/list',
  'import/preview',
  'import/start',
  'mappings/list',
  'mappings/save',
  'reconcile/start',
  'reconcile/last',
  'jobs/get',
  'jobs/cancel',
  'cis/rows',
  'cis/get',
  'cis/export',
  'findings/rows',
  'findings/summary',
  'graph/neighbourhood',
  'quality/report',
  'audit/rows',
  'audit/verify',
  'changesets/create',
  'changesets/list',
  'changesets/get',
  'changesets/items',
  'changesets/review',
  'changesets/validate',
  'changesets/approve',
  'changesets/export',
];

const page = { startRow: 0, endRow: 100, sortModel: [], filterModel: {} };

describe('the API method list', () => {
  it('is exactly the contract’s methods', () => {
    expect([...API_METHODS].sort()).toEqual([...CONTRACT_METHODS].sort());
  });

  it('does not take names inherited from Object.prototype for methods', () => {
    for (const m of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', ''])
      expect(isApiMethod(m), m).toBe(false);
  });
});

describe('dispatch', () => {
  const files = fileScopedDir();
  let api: Api;

  beforeAll(async () => {
    api = createApi({ mode: 'browser', version: 'test' });
    api.host.open(await reconciledSimWorkspace(files.dir), { remember: false });
  }, 180_000);
  afterAll(async () => {
    await api.host.close();
    files.remove();
  });

  it('answers a valid call', async () => {
    const r = await api.dispatch('app/info', {});
    expect(r).toMatchObject({ ok: true, value: { mode: 'browser', version: 'test' } });
  });

  it('treats missing params of a method without params as {}', async () => {
    expect((await api.dispatch('workspace/stats', undefined)).ok).toBe(true);
  });

  it.each([['no/such'], ['__proto__'], ['toString'], [42], [null]])(
    'rejects the unknown method %j with UNKNOWN_METHOD',
    async (method) => {
      const r = await api.dispatch(method, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    },
  );

  it.each<[string, unknown, string]>([
    ['cis/get', { id: 'seven' }, 'params.id'],
    ['cis/get', { id: 1.5 }, 'params.id'],
    ['cis/get', { id: 7, extra: true }, 'params'],
    ['app/info', { anything: 1 }, 'params'],
    ['cis/rows', { ...page, endRow: 10_001 }, 'params.endRow'],
    ['cis/rows', { ...page, startRow: 500, endRow: 400 }, 'params.endRow'],
    ['cis/rows', { ...page, sortModel: [{ colId: 'golden', sort: 'asc' }] }, 'params.sortModel.0.colId'],
    ['cis/rows', { ...page, sortModel: [{ colId: 'name', sort: 'sideways' }] }, 'params.sortModel.0.sort'],
    [
      'cis/rows',
      {
        ...page,
        filterModel: { 'name; DROP TABLE ci_cluster': { filterType: 'text', type: 'contains', filter: 'x' } },
      },
      'params.filterModel',
    ],
    [
      'cis/rows',
      { ...page, filterModel: { name: { filterType: 'text', type: 'regex', filter: 'x' } } },
      'params.filterModel.name',
    ],
    ['cis/rows', { ...page, quickFilter: 'x'.repeat(201) }, 'params.quickFilter'],
    [
      'findings/rows',
      { ...page, sortModel: [{ colId: 'quality', sort: 'asc' }] },
      'params.sortModel.0.colId',
    ],
    [
      'graph/neighbourhood',
      { clusterId: 1, hops: 2, direction: 'both', maxElements: 100_000 },
      'params.maxElements',
    ],
    ['import/start', { files: ['../../etc/passwd'], source: 'x' }, 'params.files.0'],
    ['workspace/open', { file: '/etc/passwd' }, 'params.file'],
    ['workspace/open', {}, 'params'],
    ['workspace/setUser', { user: 'a\u0000b' }, 'params.user'],
    ['jobs/get', { id: 'not hex' }, 'params.id'],
  ])('rejects %s %j with BAD_REQUEST naming %s', async (method, params, field) => {
    const r = await api.dispatch(method, params);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_REQUEST');
    expect((r.error.details as { field: string }).field.startsWith(field), r.error.message).toBe(true);
    expect(r.error.message).toContain(field);
  });

  it('passes a UserError’s code through', async () => {
    const r = await api.dispatch('cis/get', { id: 999_999_999 });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const token = await api.dispatch('import/preview', { file: 'A'.repeat(32) });
    expect(token).toMatchObject({ ok: false, error: { code: 'BAD_FILE_TOKEN' } });
  });

  it('answers NO_WORKSPACE_OPEN before a workspace is open', async () => {
    const fresh = createApi({ mode: 'electron', version: 'test' });
    expect(await fresh.dispatch('cis/rows', page)).toMatchObject({
      ok: false,
      error: { code: 'NO_WORKSPACE_OPEN' },
    });
    expect(await fresh.dispatch('app/info', {})).toMatchObject({ ok: true, value: { workspace: null } });
  });

  it('turns any other error into INTERNAL, without a stack, and reports it to the host', async () => {
    const seen: unknown[] = [];
    const handlers = {
      'app/info': () => {
        throw new TypeError('boom at secret/path.ts:12');
      },
      'cis/get': () => {
        throw new UserError('GONE', 'it went');
      },
    } as unknown as Handlers;
    const dispatch = createDispatch(handlers, { onInternalError: (_m, err) => seen.push(err) });
    const r = await dispatch('app/info', {});
    expect(r).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'internal error: boom at secret/path.ts:12' },
    });
    expect(JSON.stringify(r)).not.toMatch(/\n\s+at |stack/);
    expect(seen).toHaveLength(1);
    expect(await dispatch('cis/get', { id: 1 })).toEqual({
      ok: false,
      error: { code: 'GONE', message: 'it went' },
    });
    expect(seen).toHaveLength(1);
  });
});
