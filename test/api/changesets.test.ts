import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiMethod, ChangesetItemRow, ParamsOf, ResultOf } from '../../src/api/contract.js';
import { type Api, createApi } from '../../src/api/create-api.js';
import { sha256Hex } from '../../src/changesets/hash.js';
import { importChangeset } from '../../src/changesets/import.js';
import { exportChangeset } from '../../src/exporters/export-changeset.js';
import { importFiles } from '../../src/ingest/import-files.js';
import { readTar } from '../../src/exporters/tar.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tempDir } from '../helpers/workspace.js';
import { fileScopedDir, reconciledSimWorkspace, simEstate } from './fixtures.js';

/**
 * The changeset methods of the API on a reconciled cmdb-sim estate (400 machines), through dispatch: the
 * same schemas and handlers the Electron and browser transports use.
 */

const files = fileScopedDir('cmdbw-api-changesets-');
let api: Api;

beforeAll(async () => {
  api = createApi({ mode: 'browser', version: 'test', user: 'reviewer' });
  api.host.open(await reconciledSimWorkspace(files.dir), { remember: false });
}, 180_000);

afterAll(async () => {
  await api.host.close();
  files.remove();
});

async function call<M extends ApiMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const r = await api.dispatch(method, params);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.message}`), { code: r.error.code });
  return r.value as ResultOf<M>;
}

async function failure(method: ApiMethod, params: unknown): Promise<{ code: string; message: string }> {
  const r = await api.dispatch(method, params);
  expect(r.ok, method).toBe(false);
  return r.ok ? { code: '', message: '' } : r.error;
}

const all = { startRow: 0, endRow: 10_000, sortModel: [], filterModel: {} };

async function items(
  id: number,
  more: Partial<ParamsOf<'changesets/items'>> = {},
): Promise<ChangesetItemRow[]> {
  return (await call('changesets/items', { ...all, id, ...more })).rows;
}

/** Imports a CMDB export into the open workspace, as a new snapshot of source servicenow. */
async function importCmdb(text: string): Promise<void> {
  const file = path.join(tempDir(), 'cmdb_ci.csv');
  writeFileSync(file, text);
  await importFiles(api.host.workspace(), {
    source: 'servicenow',
    format: 'servicenow-ci',
    paths: [file],
    inline: true,
  });
}

function saveToken(name: string): { token: string; file: string } {
  const file = path.join(tempDir(), name);
  return { token: api.host.files.register(file, 'write', 'dialog').token, file };
}

describe('changesets/create', () => {
  it('plans from chosen finding ids, or from the findings grid filter, like cmdbw changeset create', async () => {
    const conflicts = await call('findings/rows', {
      ...all,
      filterModel: { category: { filterType: 'text', type: 'equals', filter: 'attribute_conflict' } },
    });
    expect(conflicts.lastRow).toBeGreaterThan(5);
    const ids = conflicts.rows.slice(0, 5).map((f) => f.id);
    const byId = await call('changesets/create', { name: 'Five conflicts', findingIds: ids });
    expect(byId).toMatchObject({ name: 'Five conflicts', revision: 1, findings: 5 });
    expect(Object.keys(byId.byKind)).toEqual(['update_attribute']);
    const rows = await items(byId.id);
    expect(rows.map((r) => r.findingId).every((f) => f !== null && ids.includes(f))).toBe(true);

    const byFilter = await call('changesets/create', {
      filterModel: { category: { filterType: 'text', type: 'equals', filter: 'missing_in_cmdb' } },
    });
    const missing = await call('findings/rows', {
      ...all,
      filterModel: { category: { filterType: 'text', type: 'equals', filter: 'missing_in_cmdb' } },
    });
    expect(byFilter.findings).toBe(missing.lastRow);
    expect(Object.keys(byFilter.byKind)).toEqual(['create_ci']);
    expect(byFilter.items + Object.values(byFilter.skipped).reduce((a, b) => a + b, 0)).toBe(missing.lastRow);

    const none = await failure('changesets/create', {
      filterModel: { summary: { filterType: 'text', type: 'equals', filter: 'no such finding' } },
    });
    expect(none.code).toBe('NOTHING_SELECTED');
    expect((await failure('changesets/create', {})).code).toBe('BAD_REQUEST');
  });
});

describe('reviewing, validating, approving and exporting through the API', () => {
  let id: number;
  let total: number;

  beforeAll(async () => {
    const all = await call('findings/rows', { startRow: 0, endRow: 10_000, sortModel: [], filterModel: {} });
    const r = await call('changesets/create', { name: 'Everything', findingIds: all.rows.map((f) => f.id) });
    id = r.id;
    total = r.items;
  });

  it('lists and describes the changeset: summary counts, kinds, revisions, snapshot', async () => {
    const list = await call('changesets/list', {});
    const mine = list.find((c) => c.id === id)!;
    expect(mine).toMatchObject({ name: 'Everything', revision: 1, state: 'draft', items: total, exports: 0 });
    expect(mine.counts).toEqual({ pending: total, accepted: 0, rejected: 0, edited: 0 });
    expect(Object.values(mine.byKind).reduce((a, b) => a + b!, 0)).toBe(total);
    expect(Object.keys(mine.byKind).length).toBeGreaterThanOrEqual(8);
    const detail = await call('changesets/get', { id });
    expect(detail.revisions).toEqual([
      expect.objectContaining({ revision: 1, state: 'draft', createdBy: 'reviewer' }),
    ]);
    expect(detail.snapshot.batches.map((b) => b.source)).toContain('servicenow');
    expect(detail.settings.retireAfterDays).toBe(180);
    expect((await failure('changesets/get', { id: 999_999 })).code).toBe('NOT_FOUND');
  });

  it('pages, filters and sorts items in SQL, each row with its summary, values and editable fields', async () => {
    const first = await call('changesets/items', {
      startRow: 0,
      endRow: 50,
      sortModel: [],
      filterModel: {},
      id,
    });
    expect(first.lastRow).toBe(total);
    expect(first.rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const second = await call('changesets/items', {
      startRow: 50,
      endRow: 100,
      sortModel: [],
      filterModel: {},
      id,
    });
    expect(second.rows[0]!.seq).toBe(51);

    const updates = await items(id, {
      filterModel: { kind: { filterType: 'text', type: 'equals', filter: 'update_attribute' } },
    });
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) {
      expect(u.editable).toEqual(['after']);
      const p = u.proposal as { attribute: string; before: unknown; after: unknown };
      expect(u.before).toEqual(p.before);
      expect(u.after).toEqual(p.after);
      expect(u.summary.startsWith(`${p.attribute}: `)).toBe(true);
      expect(u.target?.source).toBe('servicenow');
    }
    const creates = await items(id, {
      filterModel: { kind: { filterType: 'text', type: 'equals', filter: 'create_ci' } },
    });
    expect(creates[0]!.target).toBeNull();
    expect(creates[0]!.after).toEqual((creates[0]!.proposal as { values: unknown }).values);
    expect(creates[0]!.summary).toMatch(/^new cmdb_ci_\w+ /);

    const bySeverity = await items(id, { sortModel: [{ colId: 'severity', sort: 'desc' }] });
    const rank = { high: 3, medium: 2, low: 1, info: 0 } as Record<string, number>;
    const ranks = bySeverity.map((r) => rank[r.severity ?? 'info'] ?? 0);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));

    const name = updates[0]!.targetName!;
    const quick = await items(id, { quickFilter: name });
    expect(quick.length).toBeGreaterThan(0);
    expect(quick.every((r) => JSON.stringify(r).toLowerCase().includes(name.toLowerCase()))).toBe(true);
    expect(
      (await failure('changesets/items', { ...all, id, sortModel: [{ colId: 'proposal', sort: 'asc' }] }))
        .code,
    ).toBe('BAD_REQUEST');
  });

  it('reviews by seqs, by grid filter (items needing a value are rejected with a comment) and by edit', async () => {
    const owners = await items(id, {
      filterModel: { kind: { filterType: 'text', type: 'equals', filter: 'set_owner' } },
    });
    const open = owners.filter((o) => (o.proposal as { after: unknown }).after === null);
    expect(open.length).toBeGreaterThan(1);

    const edit = await call('changesets/review', {
      id,
      items: { seqs: [open[0]!.seq] },
      status: 'edited',
      override: { after: 'Jane Doe' },
      comment: 'owner confirmed with the service desk',
    });
    expect(edit.updated).toBe(1);
    const [edited] = await items(id, {
      filterModel: { seq: { filterType: 'number', type: 'equals', filter: open[0]!.seq } },
    });
    expect(edited).toMatchObject({
      status: 'edited',
      override: { after: 'Jane Doe' },
      reviewer: 'reviewer',
      comment: 'owner confirmed with the service desk',
    });
    expect((edited!.effective as { after: unknown }).after).toBe('Jane Doe');

    // Naming one item that needs a value is refused; a filter selection is a bulk decision.
    expect(
      (await failure('changesets/review', { id, items: { seqs: [open[1]!.seq] }, status: 'accepted' })).code,
    ).toBe('NEEDS_VALUE');
    const bulk = await call('changesets/review', {
      id,
      items: { filterModel: { kind: { filterType: 'text', type: 'equals', filter: 'set_owner' } } },
      status: 'accepted',
    });
    expect(bulk.updated).toBe(owners.length - 1);
    const after = await items(id, {
      filterModel: { kind: { filterType: 'text', type: 'equals', filter: 'set_owner' } },
    });
    expect(after.find((r) => r.seq === open[1]!.seq)).toMatchObject({
      status: 'rejected',
      comment: expect.stringMatching(/needs a reviewer value/),
    });
    expect(after.find((r) => r.seq === open[0]!.seq)!.status).toBe('edited');

    const refused = await failure('changesets/review', {
      id,
      items: { seqs: [owners[0]!.seq] },
      status: 'edited',
      override: { survivor: 'x' },
    });
    expect(refused).toMatchObject({
      code: 'BAD_REVIEW',
      message: expect.stringMatching(/can change only after/),
    });
    expect((await failure('changesets/review', { id, items: { seqs: [1] }, status: 'edited' })).code).toBe(
      'BAD_REQUEST',
    );
    expect(
      (await failure('changesets/review', { id, items: { seqs: [total + 1] }, status: 'accepted' })).code,
    ).toBe('NOT_FOUND');
  });

  it('validates against the current CMDB: a record gone from a newer import is an error, shown on its item', async () => {
    await call('changesets/review', {
      id,
      items: { filterModel: { status: { filterType: 'text', type: 'equals', filter: 'pending' } } },
      status: 'accepted',
    });
    expect((await call('changesets/validate', { id })).ok).toBe(true);

    // A newer CMDB export without the record an accepted update is about.
    const [update] = await items(id, {
      filterModel: { kind: { filterType: 'text', type: 'equals', filter: 'update_attribute' } },
    });
    const csv = readFileSync(path.join(simEstate(), 'servicenow/cmdb_ci.csv'), 'utf8');
    const eol = csv.includes('\r\n') ? '\r\n' : '\n';
    const without = csv
      .split(eol)
      .filter((l) => !l.startsWith(update!.target!.key))
      .join(eol);
    expect(without.length).toBeLessThan(csv.length);
    await importCmdb(without);

    const v = await call('changesets/validate', { id });
    expect(v.ok).toBe(false);
    const mine = v.problems.filter((p) => p.seq === update!.seq);
    expect(mine.map((p) => `${p.severity}:${p.code}`).sort()).toEqual([
      'error:unresolved_reference',
      'warning:stale_target',
    ]);
    expect(mine.find((p) => p.code === 'stale_target')!.message).toMatch(/is no longer in the CMDB/);
    const [row] = await items(id, {
      filterModel: { seq: { filterType: 'number', type: 'equals', filter: update!.seq } },
    });
    expect(row).toMatchObject({ errors: 1, warnings: 1 });
    expect((await failure('changesets/approve', { id })).code).toBe('INVALID_CHANGESET');

    // The record is back (an unchanged re-import of the original export): consistent, and not stale.
    await importCmdb(csv);
    const again = await call('changesets/validate', { id });
    expect(again.problems.filter((p) => p.seq === update!.seq)).toEqual([]);
    expect(again.ok).toBe(true);
  });

  it('approves (frozen under its content hash) and exports to one file per format', async () => {
    const approved = await call('changesets/approve', { id, comment: 'CAB 2026-11-23' });
    expect(approved).toMatchObject({
      state: 'approved',
      approvedBy: 'reviewer',
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(approved.counts.pending).toBe(0);

    // JSON: the changeset document, byte for byte what the CLI writes, and re-importable.
    const json = saveToken('plan.json');
    const j = await call('changesets/export', { id, file: json.token, format: 'json' });
    const cliDir = path.join(tempDir(), 'cli');
    exportChangeset(api.host.workspace(), id, { format: 'json', out: cliDir });
    const doc = readFileSync(json.file);
    expect(doc.equals(readFileSync(path.join(cliDir, 'changeset.json')))).toBe(true);
    expect(j.files).toEqual([{ name: 'changeset.json', sha256: sha256Hex(doc) }]);
    expect(j.items).toBe(approved.counts.accepted + approved.counts.edited);
    const other = Workspace.open(path.join(tempDir(), 'other.cmdbw'), { create: true, user: 'auditor' });
    expect(importChangeset(other, json.file)).toMatchObject({ state: 'approved', items: total });
    other.close();

    // IRE: every file of the export (payload batches, side files, inverse plan, manifest) in one tar archive.
    const ire = saveToken('plan-ire.tar');
    const r = await call('changesets/export', { id, file: ire.token, format: 'servicenow-ire' });
    const entries = readTar(readFileSync(ire.file));
    const names = entries.map((e) => e.path);
    expect(names).toContain('ire/payload-0001.json');
    expect(names.some((n) => n.startsWith('inverse/ire/'))).toBe(true);
    expect(names.at(-1)).toBe('manifest.json');
    for (const f of r.files)
      expect(sha256Hex(entries.find((e) => e.path === f.name)!.content), f.name).toBe(f.sha256);
    const payload = JSON.parse(
      entries.find((e) => e.path === 'ire/payload-0001.json')!.content.toString(),
    ) as { items: unknown[]; relations: unknown[] };
    expect(payload.items.length).toBeGreaterThan(0);
    expect(r.warnings.some((w) => /data source/.test(w))).toBe(true);

    // The review report: formula-escaped spreadsheet CSV.
    const report = saveToken('plan-review.csv');
    const c = await call('changesets/export', { id, file: report.token, format: 'csv' });
    const text = readFileSync(report.file, 'utf8');
    expect(text.startsWith('\uFEFF"Item"')).toBe(true);
    expect(text.trimEnd().split('\r\n')).toHaveLength(total + 1);
    expect(c.items).toBe(total);

    const detail = await call('changesets/get', { id });
    expect(detail.exportHistory.map((e) => e.format)).toEqual(['json', 'json', 'servicenow-ire']);
    // The history names the files the user saved (the app's private export directory is gone), and the
    // CLI export's directory.
    expect(detail.exportHistory.map((e) => e.destination)).toEqual([
      json.file,
      path.resolve(cliDir),
      ire.file,
    ]);
    expect(detail.exports).toBe(3);
    const actions = (
      api.host
        .workspace()
        .db.prepare('SELECT action FROM audit_log WHERE target = ? ORDER BY seq')
        .all(`changeset:${id}`) as { action: string }[]
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'changeset.create',
        'changeset.edit',
        'changeset.review',
        'changeset.approve',
        'changeset.export',
        'changeset.report',
      ]),
    );

    const readOnly = api.host.files.register(path.join(tempDir(), 'x.json'), 'read', 'dialog').token;
    expect((await failure('changesets/export', { id, file: readOnly, format: 'json' })).code).toBe(
      'BAD_FILE_TOKEN',
    );
    expect((await failure('changesets/export', { id, file: json.token, format: 'xlsx' })).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('an edit after approval makes a new draft revision; the approved one stays as it was', async () => {
    const before = await call('changesets/get', { id });
    const r = await call('changesets/review', {
      id,
      items: { seqs: [1] },
      status: 'rejected',
      comment: 'not this one',
    });
    expect(r.changeset).toMatchObject({ revision: before.revision + 1, state: 'draft', contentHash: null });
    const old = await call('changesets/get', { id, revision: before.revision });
    expect(old).toMatchObject({ state: 'approved', contentHash: before.contentHash });
    expect((await items(id, { revision: before.revision }))[0]!.status).not.toBe('rejected');
    expect((await items(id))[0]!.status).toBe('rejected');
    const out = saveToken('draft.json');
    expect((await failure('changesets/export', { id, file: out.token, format: 'json' })).message).toMatch(
      /approve/i,
    );
  });
});
