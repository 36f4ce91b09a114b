import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CiRow, FindingGridRow, GridPage, GridRequest } from '../../src/api/contract.js';
import { createApi, type Api } from '../../src/api/create-api.js';
import { buildGridQuery, gridSql, likeLiteral, MAX_GRID_WINDOW } from '../../src/api/grid-sql.js';
import { CI_GRID, FINDING_GRID } from '../../src/api/grids.js';
import { UserError } from '../../src/util/errors.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { fileScopedDir, reconciledSimWorkspace } from './fixtures.js';

const base: GridRequest = { startRow: 0, endRow: 100, sortModel: [], filterModel: {} };

describe('the grid query builder (no database)', () => {
  it('never puts a column id into SQL: unknown ids are refused even past the schema', () => {
    const attempt = () =>
      buildGridQuery(CI_GRID, {
        ...base,
        sortModel: [{ colId: 'id; DROP TABLE ci_cluster --', sort: 'asc' }],
      });
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(/sortModel\.0\.colId/);
    expect(() =>
      buildGridQuery(CI_GRID, {
        ...base,
        filterModel: { golden: { filterType: 'text', type: 'contains', filter: 'x' } },
      }),
    ).toThrow(/filterModel\.golden/);
    expect(() =>
      buildGridQuery(CI_GRID, {
        ...base,
        filterModel: JSON.parse(
          '{"constructor": {"filterType": "text", "type": "blank"}}',
        ) as GridRequest['filterModel'],
      }),
    ).toThrow(/no column "constructor"/);
  });

  it('binds every value and escapes LIKE wildcards', () => {
    const q = buildGridQuery(CI_GRID, {
      ...base,
      filterModel: { name: { filterType: 'text', type: 'contains', filter: "50%_o'k\\" } },
    });
    expect(q.where).toBe("c.name LIKE ? ESCAPE '\\'");
    expect(q.params).toEqual(["%50\\%\\_o'k\\\\%"]);
    expect(likeLiteral('a%b_c\\')).toBe('a\\%b\\_c\\\\');
  });

  it('orders by the requested columns, then the id as tie-break', () => {
    expect(buildGridQuery(CI_GRID, { ...base, sortModel: [{ colId: 'name', sort: 'desc' }] }).orderBy).toBe(
      'c.name DESC, c.id ASC',
    );
    expect(buildGridQuery(CI_GRID, { ...base, sortModel: [{ colId: 'id', sort: 'desc' }] }).orderBy).toBe(
      'c.id DESC',
    );
    expect(
      buildGridQuery(FINDING_GRID, { ...base, sortModel: [{ colId: 'severity', sort: 'desc' }] }).orderBy,
    ).toMatch(/^CASE f\.severity .* DESC, f\.id ASC$/);
  });

  it('refuses a text filter on a number column, and a window larger than the limit', () => {
    expect(() =>
      buildGridQuery(CI_GRID, {
        ...base,
        filterModel: { quality: { filterType: 'text', type: 'contains', filter: '1' } },
      }),
    ).toThrow(/filterModel\.quality\.filterType/);
    expect(() => gridSql(CI_GRID, { ...base, endRow: MAX_GRID_WINDOW + 1 })).toThrow(/endRow/);
  });
});

describe('grids on a reconciled cmdb-sim workspace', () => {
  const files = fileScopedDir();
  let api: Api;
  let ws: Workspace;

  const rows = async <R>(method: 'cis/rows' | 'findings/rows', req: Partial<GridRequest>) => {
    const r = await api.dispatch(method, { ...base, ...req });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as { rows: R[]; lastRow: number };
  };

  beforeAll(async () => {
    api = createApi({ mode: 'browser', version: 'test' });
    api.host.open(await reconciledSimWorkspace(files.dir), { remember: false });
    ws = api.host.workspace();
  }, 180_000);
  afterAll(async () => {
    await api.host.close();
    files.remove();
  });

  it('pages through the CIs without skipping or repeating a row', async () => {
    const total = (ws.db.prepare('SELECT count(*) AS n FROM ci_cluster').get() as { n: number }).n;
    const sort = [{ colId: 'name', sort: 'asc' as const }];
    const all = await rows<CiRow>('cis/rows', { startRow: 0, endRow: total + 10, sortModel: sort });
    expect(all.lastRow).toBe(total);
    const paged: CiRow[] = [];
    for (let start = 0; start < total; start += 37)
      paged.push(
        ...(await rows<CiRow>('cis/rows', { startRow: start, endRow: start + 37, sortModel: sort })).rows,
      );
    expect(paged.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    // Ties on name are broken by id.
    for (let i = 1; i < all.rows.length; i++) {
      const [a, b] = [all.rows[i - 1]!, all.rows[i]!];
      if (a.name === b.name) expect(a.id).toBeLessThan(b.id);
    }
    expect(Object.keys(all.rows[0]!).sort()).toEqual(Object.keys(CI_GRID.columns).sort());
  });

  it('filters and sorts in SQL', async () => {
    const computers = await rows<CiRow>('cis/rows', {
      filterModel: { ci_type: { filterType: 'text', type: 'equals', filter: 'computer' } },
      sortModel: [{ colId: 'quality', sort: 'desc' }],
    });
    expect(computers.lastRow).toBe(
      (
        ws.db.prepare("SELECT count(*) AS n FROM ci_cluster WHERE ci_type = 'computer'").get() as {
          n: number;
        }
      ).n,
    );
    expect(computers.rows.every((r) => r.ci_type === 'computer')).toBe(true);
    const q = computers.rows.map((r) => r.quality);
    expect(q).toEqual([...q].sort((a, b) => b - a));

    const multi = await rows<CiRow>('cis/rows', {
      filterModel: {
        finding_count: { filterType: 'number', type: 'greaterThanOrEqual', filter: 1 },
        ci_type: {
          filterType: 'text',
          operator: 'OR',
          conditions: [
            { filterType: 'text', type: 'equals', filter: 'computer' },
            { filterType: 'text', type: 'equals', filter: 'hypervisor' },
          ],
        },
      },
      endRow: 10_000,
    });
    expect(multi.rows.length).toBe(multi.lastRow);
    expect(
      multi.rows.every((r) => r.finding_count >= 1 && ['computer', 'hypervisor'].includes(r.ci_type)),
    ).toBe(true);

    const blank = await rows<CiRow>('cis/rows', {
      filterModel: { owner: { filterType: 'text', type: 'blank' } },
      endRow: 10_000,
    });
    expect(blank.rows.every((r) => r.owner === null || r.owner === '')).toBe(true);

    const some = computers.rows.find((r) => r.name && r.name.length > 4)!;
    const quick = await rows<CiRow>('cis/rows', { quickFilter: some.name!.slice(1, -1) });
    expect(quick.rows.map((r) => r.id)).toContain(some.id);
  });

  it('joins the CI name into findings and sorts by severity rank', async () => {
    const f = await rows<FindingGridRow>('findings/rows', {
      sortModel: [{ colId: 'severity', sort: 'desc' }],
      endRow: 10_000,
    });
    expect(f.lastRow).toBeGreaterThan(0);
    const rank = { high: 3, medium: 2, low: 1, info: 0 };
    const ranks = f.rows.map((r) => rank[r.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    const withCi = f.rows.find((r) => r.cluster_id !== null)!;
    const name = (
      ws.db.prepare('SELECT name FROM ci_cluster WHERE id = ?').get(withCi.cluster_id) as {
        name: string | null;
      }
    ).name;
    expect(withCi.ci_name).toBe(name);
    const dup = await rows<FindingGridRow>('findings/rows', {
      filterModel: { category: { filterType: 'text', type: 'equals', filter: 'duplicate' } },
    });
    expect(dup.rows.every((r) => r.category === 'duplicate')).toBe(true);
  });

  it('keeps counts cached until the workspace changes', async () => {
    const req = {
      filterModel: { ci_type: { filterType: 'text' as const, type: 'equals' as const, filter: 'printer' } },
    };
    const before = (await rows<CiRow>('cis/rows', req)).lastRow;
    ws.db
      .prepare(
        "UPDATE ci_cluster SET ci_type = 'printer' WHERE id = (SELECT min(id) FROM ci_cluster WHERE ci_type = 'computer')",
      )
      .run();
    expect((await rows<CiRow>('cis/rows', req)).lastRow).toBe(before);
    api.host.changed(ws.path, 'test');
    expect((await rows<CiRow>('cis/rows', req)).lastRow).toBe(before + 1);
  });

  describe('query plans of the hot grid queries (a missing index fails here)', () => {
    const plan = (sql: string, params: unknown[]) =>
      (ws.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');

    it('CIs sorted by name walk the name index, no sort step', () => {
      const { page } = gridSql(CI_GRID, {
        ...base,
        startRow: 2000,
        endRow: 2100,
        sortModel: [{ colId: 'name', sort: 'asc' }],
      });
      const p = plan(page.sql, page.params);
      expect(p).toMatch(/USING INDEX ci_cluster_by_name/);
      expect(p).not.toMatch(/TEMP B-TREE/);
    });

    it('CIs of one type sorted by name use the (type, name) index', () => {
      const { page, count } = gridSql(CI_GRID, {
        ...base,
        filterModel: { ci_type: { filterType: 'text', type: 'equals', filter: 'computer' } },
        sortModel: [{ colId: 'name', sort: 'asc' }],
      });
      const p = plan(page.sql, page.params);
      expect(p).toMatch(/SEARCH c USING (COVERING )?INDEX ci_cluster_by_type \(ci_type=\?\)/);
      expect(p).not.toMatch(/TEMP B-TREE/);
      expect(plan(count.sql, count.params)).toMatch(/ci_cluster_by_type/);
    });

    it('the default CI order is the primary key', () => {
      const { page } = gridSql(CI_GRID, base);
      expect(plan(page.sql, page.params)).not.toMatch(/TEMP B-TREE/);
    });

    it('findings of one category use the category index and skip the CI join', () => {
      const { page, count } = gridSql(FINDING_GRID, {
        ...base,
        filterModel: { category: { filterType: 'text', type: 'equals', filter: 'duplicate' } },
      });
      expect(plan(page.sql, page.params)).toMatch(/finding_by_category \(category=\?\)/);
      const c = plan(count.sql, count.params);
      expect(c).toMatch(/finding_by_category/);
      expect(c).not.toMatch(/ci_cluster/);
    });
  });

  it('exports the current view, defusing formulas in CSV', async () => {
    const target = path.join(files.dir, 'view.csv');
    const token = api.host.files.register(target, 'write', 'dialog').token;
    ws.db
      .prepare(
        'UPDATE ci_cluster SET owner = \'=HYPERLINK("http://x")\' WHERE id = (SELECT min(id) FROM ci_cluster)',
      )
      .run();
    const r = await api.dispatch('cis/export', {
      file: token,
      format: 'csv',
      request: { sortModel: [{ colId: 'id', sort: 'asc' }], filterModel: {} },
      columns: ['id', 'name', 'owner', 'quality'],
    });
    expect(r).toMatchObject({ ok: true, value: { file: 'view.csv' } });
    const lines = readFileSync(target, 'utf8').replace(/\r\n$/, '').split('\r\n');
    const total = (ws.db.prepare('SELECT count(*) AS n FROM ci_cluster').get() as { n: number }).n;
    expect(lines).toHaveLength(total + 1);
    expect(lines[0]).toBe('\uFEFF"id","name","owner","quality"');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);

    const xlsx = path.join(files.dir, 'view.xlsx');
    const x = await api.dispatch('cis/export', {
      file: api.host.files.register(xlsx, 'write', 'dialog').token,
      format: 'xlsx',
      request: {
        sortModel: [],
        filterModel: { ci_type: { filterType: 'text', type: 'equals', filter: 'computer' } },
      },
      columns: ['id', 'name'],
    });
    expect(x.ok).toBe(true);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
  });

  it('exports exactly the rows of the current view, in its order: filters, quick filter and sort run in SQL', async () => {
    const request: Pick<GridRequest, 'sortModel' | 'filterModel' | 'quickFilter'> = {
      sortModel: [
        { colId: 'quality', sort: 'desc' },
        { colId: 'name', sort: 'asc' },
      ],
      filterModel: { ci_type: { filterType: 'text', type: 'equals', filter: 'computer' } },
      quickFilter: 'a',
    };
    const answer = await api.dispatch('cis/rows', { ...request, startRow: 0, endRow: 10_000 });
    if (!answer.ok) throw new Error(answer.error.message);
    const view = answer.value as GridPage<CiRow>;
    expect(view.lastRow).toBeGreaterThan(5);
    const target = path.join(files.dir, 'filtered.csv');
    const r = await api.dispatch('cis/export', {
      file: api.host.files.register(target, 'write', 'dialog').token,
      format: 'csv',
      request,
      columns: ['id', 'ci_type', 'quality'],
    });
    expect(r).toMatchObject({ ok: true, value: { rows: view.lastRow } });
    const [header, ...body] = readFileSync(target, 'utf8').replace(/\r\n$/, '').split('\r\n');
    expect(header).toBe('\uFEFF"id","ci_type","quality"');
    // Same ids, same order as the grid showed (text quoted, numbers bare).
    expect(body.map((l) => Number(l.split(',')[0]))).toEqual(view.rows.map((row) => row.id));
    expect(body.every((l) => l.split(',')[1] === '"computer"')).toBe(true);
  });

  it.each([
    ['=1+2', `"'=1+2"`],
    ['+41 22 555 0100', `"'+41 22 555 0100"`],
    ['-cmd|calc', `"'-cmd|calc"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\tleading tab', `"'\tleading tab"`],
    ['\rleading CR', `"'\rleading CR"`],
    ['\nleading LF', `"'\nleading LF"`],
    ['a "quoted", name', `"a ""quoted"", name"`],
    ['safe=ok', `"safe=ok"`],
  ])('defuses %j in a human-facing CSV cell', async (owner, cellText) => {
    const id = (ws.db.prepare('SELECT max(id) AS id FROM ci_cluster').get() as { id: number }).id;
    ws.db.prepare('UPDATE ci_cluster SET owner = ? WHERE id = ?').run(owner, id);
    const target = path.join(files.dir, 'defused.csv');
    const r = await api.dispatch('cis/export', {
      file: api.host.files.register(target, 'write', 'dialog').token,
      format: 'csv',
      request: { sortModel: [], filterModel: { id: { filterType: 'number', type: 'equals', filter: id } } },
      columns: ['id', 'owner'],
    });
    expect(r).toMatchObject({ ok: true, value: { rows: 1 } });
    expect(readFileSync(target, 'utf8')).toBe(`\uFEFF"id","owner"\r\n${id},${cellText}\r\n`);
  });

  it('refuses to export to a file chosen for reading', async () => {
    const token = api.host.files.register(path.join(files.dir, 'in.csv'), 'read', 'dialog').token;
    const r = await api.dispatch('cis/export', {
      file: token,
      format: 'csv',
      request: { sortModel: [], filterModel: {} },
      columns: ['id'],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_FILE_TOKEN' } });
  });
});
