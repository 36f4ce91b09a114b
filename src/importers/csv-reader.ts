import Papa from 'papaparse';
import { Readable } from 'node:stream';
import { ImportError } from '../util/errors.js';
import { openText } from './text-input.js';
import type { ImportWarning, InputFile } from './types.js';

/**
 * Streams a CSV file through papaparse, row by row, with what an importer needs to report problems
 * precisely: the 1-based line where each row starts, and the row's original text.
 * Structural problems (unterminated quotes, rows with the wrong number of fields, oversized fields,
 * empty or duplicate headers) raise ImportError naming the file, line and field.
 */

export interface CsvRow {
  fields: string[];
  /** Line where the row starts (header is line 1 unless blank lines precede it). */
  line: number;
  /** 1-based ordinal of the data row. */
  index: number;
  /** The row's text as it was in the file, without the line break. */
  raw: string;
}

export interface CsvOptions {
  encoding?: string;
  /** Forced delimiter; detected from the header line otherwise (`,` `;` tab `|`). */
  delimiter?: string;
  /** Longest field accepted, in characters. */
  maxFieldLength?: number;
  onBytes?: (bytes: number) => void;
  /** Called once with the header row; may throw ImportError (e.g. a missing key column). */
  onHeader: (header: string[], line: number) => void;
  /** Called for every data row, in order; may throw ImportError. */
  onRow: (row: CsvRow) => void;
  onWarning?: (warning: ImportWarning) => void;
}

export interface CsvResult {
  encoding: string;
  delimiter: string;
  rows: number;
  header: string[];
}

export const DEFAULT_MAX_FIELD = 1 << 20;
const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (let i = 0; i < firstLine.length; i++) {
      const ch = firstLine[i];
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

export async function readCsv(file: InputFile, opts: CsvOptions): Promise<CsvResult> {
  const maxField = opts.maxFieldLength ?? DEFAULT_MAX_FIELD;
  const text = openText(file, { encoding: opts.encoding, onBytes: opts.onBytes });
  const chunks = text.chunks[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done || first.value.trim() === '') {
    throw new ImportError('the file is empty (no header row)', { file: file.displayName, line: 1 });
  }
  const firstNl = first.value.indexOf('\n');
  const delimiter =
    opts.delimiter ?? detectDelimiter(firstNl >= 0 ? first.value.slice(0, firstNl) : first.value);

  // The original text of recent rows: papaparse reports absolute cursors, so we keep the chunks that
  // hold text not yet handed out and slice each row's verbatim text from them. (One growing string
  // would be re-flattened by V8 on every slice: three times slower.)
  const parts: { start: number; text: string }[] = [];
  async function* feed(): AsyncGenerator<string> {
    let pos = 0;
    let next: IteratorResult<string> = first;
    while (!next.done) {
      parts.push({ start: pos, text: next.value });
      pos += next.value.length;
      yield next.value;
      next = await chunks.next();
    }
  }
  const textBetween = (from: number, to: number): string => {
    while (parts.length > 1 && parts[1]!.start <= from) parts.shift();
    const p0 = parts[0]!;
    if (to <= p0.start + p0.text.length) return p0.text.slice(from - p0.start, to - p0.start);
    let out = p0.text.slice(from - p0.start);
    for (let k = 1; k < parts.length; k++) {
      const p = parts[k]!;
      out += p.text.slice(0, Math.min(p.text.length, to - p.start));
      if (to <= p.start + p.text.length) break;
    }
    return out;
  };

  return new Promise<CsvResult>((resolve, reject) => {
    let header: string[] | undefined;
    let headerLine = 0;
    let line = 1; // line where the next row starts
    let prevCursor = 0;
    let index = 0;
    let failure: unknown;
    let settled = false;
    let parserRef: Papa.Parser | undefined;
    const fail = (err: unknown) => {
      if (failure === undefined) failure = err;
      parserRef?.abort();
    };
    // Object mode keeps chunks as strings: otherwise each one is encoded to a Buffer and decoded again.
    const source = Readable.from(feed(), { objectMode: true });
    source.on('error', (err) => {
      fail(err);
      finish();
    });
    const finish = () => {
      if (settled) return;
      settled = true;
      if (failure !== undefined) return reject(failure);
      if (!header)
        return reject(
          new ImportError('the file is empty (no header row)', { file: file.displayName, line: 1 }),
        );
      resolve({ encoding: text.encoding(), delimiter, rows: index, header });
    };

    Papa.parse<string[], NodeJS.ReadableStream>(source, {
      delimiter,
      step: (results: Papa.ParseStepResult<string[]>, parser: Papa.Parser) => {
        parserRef = parser;
        if (failure !== undefined) return;
        const cursor = results.meta.cursor;
        const rawWithBreak = textBetween(prevCursor, cursor);
        prevCursor = cursor;
        const rowLine = line;
        line += countNewlines(rawWithBreak);
        const fields = results.data;
        try {
          if (results.errors.length > 0) {
            const e = results.errors[0]!;
            const message =
              e.code === 'MissingQuotes'
                ? 'a quoted field is not closed before the end of the file (truncated file or stray quote)'
                : e.code === 'InvalidQuotes'
                  ? 'malformed quoting: a quote inside an unquoted field or after a closing quote'
                  : e.message;
            throw new ImportError(message, { file: file.displayName, line: rowLine });
          }
          if (fields.length === 1 && fields[0] === '') return; // blank line
          for (let i = 0; i < fields.length; i++) {
            if (fields[i]!.length > maxField) {
              throw new ImportError(
                `field is ${fields[i]!.length.toLocaleString('en')} characters long, over the ${maxField.toLocaleString('en')} limit`,
                { file: file.displayName, line: rowLine, field: header?.[i] ?? `column ${i + 1}` },
              );
            }
          }
          if (!header) {
            header = cleanHeader(fields, rowLine, opts.onWarning);
            headerLine = rowLine;
            opts.onHeader(header, rowLine);
            return;
          }
          if (fields.length !== header.length) {
            throw new ImportError(
              `expected ${header.length} fields (as in the header on line ${headerLine}), found ${fields.length}`,
              { file: file.displayName, line: rowLine },
            );
          }
          index++;
          opts.onRow({ fields, line: rowLine, index, raw: stripBreak(rawWithBreak) });
        } catch (err) {
          fail(err);
        }
      },
      complete: finish,
      error: (err: Error) => {
        fail(err);
        finish();
      },
    });
  });
}

/**
 * Trims header names; an empty name becomes "column N" and a repeated name gets a "_2" suffix, both
 * reported as warnings (Excel often writes a trailing empty column; exports sometimes repeat a label).
 */
function cleanHeader(fields: string[], line: number, onWarning?: (w: ImportWarning) => void): string[] {
  const seen = new Set<string>();
  return fields.map((raw, i) => {
    let h = raw.replace(/^\uFEFF/, '').trim();
    if (h === '') {
      h = `column ${i + 1}`;
      onWarning?.({ message: `column ${i + 1} has no header; named "${h}"`, location: { line }, field: h });
    }
    if (seen.has(h.toLowerCase())) {
      let n = 2;
      while (seen.has(`${h}_${n}`.toLowerCase())) n++;
      const renamed = `${h}_${n}`;
      onWarning?.({
        message: `duplicate column "${h}" (column ${i + 1}) renamed to "${renamed}"`,
        location: { line },
        field: h,
      });
      h = renamed;
    }
    seen.add(h.toLowerCase());
    return h;
  });
}

function stripBreak(s: string): string {
  if (s.endsWith('\r\n')) return s.slice(0, -2);
  if (s.endsWith('\n') || s.endsWith('\r')) return s.slice(0, -1);
  return s;
}

function countNewlines(s: string): number {
  let n = 0;
  let i = s.indexOf('\n');
  while (i >= 0) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}
