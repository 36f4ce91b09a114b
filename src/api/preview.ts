/**
 * What the import dialog shows before an import: the detected format (and why), the text encoding and, for
 * CSV, the delimiter, header and first rows, all from the file's first 64 KB.
 */
import Papa from 'papaparse';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ImportPreview } from './contract.js';
import type { FileEntry } from './file-tokens.js';
import { detectDelimiter } from '../importers/csv-reader.js';
import { detectFormat, readHead } from '../importers/detect.js';
import { canonicalEncoding, detectEncoding } from '../importers/text-input.js';
import type { FormatId } from '../importers/types.js';
import { errorMessage, truncate } from '../util/errors.js';

const PREVIEW_ROWS = 20;
const MAX_CELL = 200;
const TEXT_FORMATS_AS_CSV: ReadonlySet<FormatId | undefined> = new Set([
  undefined,
  'servicenow-ci',
  'servicenow-rel',
  'rvtools-vinfo',
  'csv',
]);

export function previewImport(
  file: FileEntry,
  opts: { encoding?: string; format?: FormatId },
): ImportPreview {
  const size = statSync(file.path).size;
  const preview: ImportPreview = { file: file.displayName, size, encoding: 'unknown' };
  let head: Buffer;
  try {
    head = readHead(file.path);
  } catch (err) {
    return { ...preview, error: `cannot read the file: ${errorMessage(err)}` };
  }
  // The detector looks at the name only to tell an .xlsx workbook from other zip files.
  const detected = detectFormat(path.join(path.dirname(file.path), file.displayName), head);
  if (opts.format) {
    preview.format = opts.format;
    preview.reason = detected?.format === opts.format ? detected.reason : 'chosen by you';
  } else if (detected) {
    preview.format = detected.format;
    preview.reason = detected.reason;
  }
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  if (isZip) return { ...preview, encoding: 'binary (Excel workbook)' };

  let text: string;
  try {
    const detectedEnc = detectEncoding(head, file.displayName);
    preview.encoding = opts.encoding ? canonicalEncoding(opts.encoding) : detectedEnc.encoding;
    text = new TextDecoder(preview.encoding).decode(head.subarray(opts.encoding ? 0 : detectedEnc.bomLength));
  } catch (err) {
    return { ...preview, error: errorMessage(err) };
  }
  text = text.replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<') || trimmed.startsWith('{') || trimmed.startsWith('[')) return preview;
  if (!TEXT_FORMATS_AS_CSV.has(preview.format)) return preview;

  // Whole lines only: the 64 KB sample may end in the middle of one.
  if (head.length < size) text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : undefined);
  preview.delimiter = detectDelimiter(firstLine);
  const parsed = Papa.parse<string[]>(text, {
    delimiter: preview.delimiter,
    preview: PREVIEW_ROWS + 1,
    skipEmptyLines: true,
  });
  const rows = parsed.data.map((r) => r.map((c) => truncate(c, MAX_CELL)));
  preview.header = rows[0] ?? [];
  preview.rows = rows.slice(1);
  return preview;
}
