/**
 * Exports of the CI grid's current view (its filters, sort and visible columns) to a file the user chose.
 * The rows are the grid's own SQL (grid-sql.ts: the same WHERE and ORDER BY as `cis/rows`), streamed
 * from SQLite straight to the file, so a view of a million CIs exports without holding it in memory.
 *
 * CSV is for people, opened in a spreadsheet: UTF-8 with a BOM (Excel otherwise reads it as the ANSI code
 * page and garbles non-ASCII names), CRLF, every text cell quoted, and a cell that a spreadsheet would run
 * as a formula (starting with = + - @, tab, CR, LF or NUL) defused with a leading apostrophe (OWASP CSV
 * injection). XLSX cells are written as plain values, which a spreadsheet never evaluates.
 */
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { GridRequest } from './contract.js';
import { iterateGrid } from './grid-sql.js';
import { CI_GRID } from './grids.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { spreadsheetCell } from '../util/csv-write.js';
import type { Workspace } from '../workspace/workspace.js';

export interface ExportRequest {
  file: string;
  format: 'csv' | 'xlsx';
  request: Pick<GridRequest, 'sortModel' | 'filterModel' | 'quickFilter'>;
  columns: string[];
}

function csvCellOf(v: unknown): string {
  // Numbers stay numbers (spreadsheetCell would defuse a negative one into text).
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : spreadsheetCell(v);
}

export async function exportCis(ws: Workspace, req: ExportRequest): Promise<{ rows: number }> {
  const rows = iterateGrid(ws.db, CI_GRID, req.request, req.columns);
  let n = 0;
  if (req.format === 'csv') {
    writeFileAtomic(
      req.file,
      (function* () {
        yield `\uFEFF${req.columns.map(csvCellOf).join(',')}\r\n`;
        for (const r of rows) {
          n++;
          yield `${req.columns.map((c) => csvCellOf(r[c])).join(',')}\r\n`;
        }
      })(),
    );
    return { rows: n };
  }
  const { default: excel } = await import('exceljs');
  const tmp = path.join(path.dirname(req.file), `.${path.basename(req.file)}.${process.pid}.tmp`);
  try {
    const book = new excel.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: false });
    const sheet = book.addWorksheet('CIs');
    sheet.addRow(req.columns).commit();
    for (const r of rows) {
      n++;
      sheet.addRow(req.columns.map((c) => r[c] ?? null)).commit();
    }
    sheet.commit();
    await book.commit();
    renameSync(tmp, req.file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return { rows: n };
}
