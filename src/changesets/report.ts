import { appendAudit } from '../audit/audit-log.js';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { spreadsheetCell, spreadsheetLine } from '../util/csv-write.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { describeItem } from './describe.js';
import { loadRevision } from './load.js';
import { validateItems } from './validate.js';
import { workspaceValidationEnv } from './validation-env.js';

/**
 * The review report: a human-facing CSV (UTF-8 with BOM, CRLF, every cell quoted and formula-escaped) or
 * XLSX workbook of a changeset's items, for people to read in a spreadsheet. It is not a load file: the
 * machine exports (`cmdbw changeset export`) are never escaped, this never feeds a CMDB.
 */

const HEADER = [
  'Item',
  'Kind',
  'Status',
  'Category',
  'Severity',
  'CI',
  'Class',
  'Source',
  'Key',
  'Attribute',
  'Before',
  'After',
  'Reason',
  'Finding',
  'Reviewer',
  'Reviewed at',
  'Comment',
  'Problems',
];

export interface ReportResult {
  file: string;
  rows: number;
  bytes: number;
}

export function reportRows(
  ws: Workspace,
  id: number,
  revision?: number,
): { title: string; rows: unknown[][]; revision: number } {
  const { header, revision: rev, items } = loadRevision(ws, id, revision);
  const problems = validateItems(items, workspaceValidationEnv(ws), 'open');
  const bySeq = new Map<number, string[]>();
  for (const p of problems) bySeq.set(p.seq, [...(bySeq.get(p.seq) ?? []), `${p.severity}: ${p.message}`]);
  const rows = items.map((it) => {
    const d = describeItem(it);
    return [
      it.seq,
      it.kind,
      it.status,
      it.category ?? '',
      it.severity ?? '',
      d.target,
      it.targetClass ?? '',
      it.target?.source ?? '',
      it.target?.key ?? '',
      d.attribute,
      d.before,
      d.after,
      d.reason,
      it.findingId ?? '',
      it.reviewer ?? '',
      it.reviewedAt ?? '',
      it.comment ?? '',
      (bySeq.get(it.seq) ?? []).join('; '),
    ];
  });
  return {
    revision: rev.revision,
    title: `Changeset ${id} "${header.name}" revision ${rev.revision} (${rev.state}${rev.contentHash ? `, content hash ${rev.contentHash}` : ''})`,
    rows,
  };
}

export async function writeReport(
  ws: Workspace,
  id: number,
  file: string,
  revision?: number,
): Promise<ReportResult> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx')
    throw new UserError(
      'BAD_REPORT',
      `the report file must end in .csv or .xlsx, not ${JSON.stringify(path.basename(file))}`,
    );
  const { title, rows, revision: rev } = reportRows(ws, id, revision);
  const bytes =
    ext === '.csv'
      ? writeFileAtomic(
          file,
          (function* () {
            yield '\uFEFF';
            yield spreadsheetLine(HEADER);
            for (const r of rows) yield spreadsheetLine(r);
          })(),
        )
      : await writeWorkbook(file, title, rows);
  // A report is an export of the plan too: the trail says who took what out of the workspace.
  ws.write(() =>
    appendAudit(ws.db, {
      at: ws.now(),
      actor: ws.user,
      action: 'changeset.report',
      target: `changeset:${id}`,
      detail: { changeset: id, revision: rev, file: path.resolve(file), rows: rows.length, bytes },
    }),
  );
  return { file, rows: rows.length, bytes };
}

async function writeWorkbook(file: string, title: string, rows: unknown[][]): Promise<number> {
  // Loaded on demand, as in the RVTools importer: exceljs takes a fifth of a second to load, which every
  // other command would pay at startup.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CMDB Workbench';
  const sheet = wb.addWorksheet('Items', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([escapeCell(title)]);
  sheet.addRow(HEADER).font = { bold: true };
  for (const r of rows) sheet.addRow(r.map(escapeCell));
  sheet.columns.forEach((c, i) => (c.width = [6, 18, 9, 20, 8, 28, 22, 12, 34, 16, 28, 40, 60][i] ?? 20));
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return writeFileAtomic(file, [buffer]);
}

/** The same defusing as the CSV: text a spreadsheet would run as a formula gets a leading apostrophe. */
function escapeCell(v: unknown): string | number {
  if (typeof v === 'number') return v;
  const quoted = spreadsheetCell(v);
  return quoted.slice(1, -1).replace(/""/g, '"');
}
