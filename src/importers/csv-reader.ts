import { ImportError } from '../util/errors.js';
import { openText } from './text-input.js';
import type { ImportWarning, InputFile } from './types.js';

/**
 * Streams a CSV file row by row (papaparse's dialect, see parseCsvText), with what an importer needs to
 * report problems precisely: the 1-based line where each row starts, and the row's original text.
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

  let header: string[] | undefined;
  let headerLine = 0;
  let line = 1; // line where the next row starts
  let index = 0;
  // Line feeds are counted with a search that carries on from row to row of one parsed text.
  let parsed = 0;
  let searched = -1;
  let nextLf = -1;
  const onRow: RowHandler = (input, fields, start, end, error) => {
    const rowLine = line;
    if (searched !== parsed || (nextLf !== -1 && nextLf < start)) {
      searched = parsed;
      nextLf = input.indexOf('\n', start);
    }
    while (nextLf !== -1 && nextLf < end) {
      line++;
      nextLf = input.indexOf('\n', nextLf + 1);
    }
    if (error !== undefined) {
      const message =
        error === 'MissingQuotes'
          ? 'a quoted field is not closed before the end of the file (truncated file or stray quote)'
          : 'malformed quoting: a quote inside an unquoted field or after a closing quote';
      throw new ImportError(message, { file: file.displayName, line: rowLine });
    }
    if (crlf) {
      // Rows split at \n; an unquoted last field still carries the \r of its \r\n.
      const last = fields.length - 1;
      const f = fields[last]!;
      if (f.charCodeAt(f.length - 1) === 13) fields[last] = f.slice(0, -1);
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
    opts.onRow({ fields, line: rowLine, index, raw: input.slice(start, withoutBreak(input, start, end)) });
  };

  // Chunks are parsed as they come; a row cut by the end of a chunk is parsed again with the next one.
  // A \r\n file is split at \n, so that rows a tool appended with bare \n line breaks (mixed line
  // endings are common in exports edited by hand) are rows too; the \r is dropped from the row's end.
  const guessed = guessLineEndings(first.value);
  const crlf = guessed === '\r\n';
  const dialect: Dialect = {
    delimiter: BAD_DELIMITERS.includes(delimiter) ? ',' : delimiter,
    newline: crlf ? '\n' : guessed,
  };
  const newlineLength = dialect.newline.length;
  let rest = '';
  try {
    for (let next: IteratorResult<string> = first; !next.done; next = await chunks.next()) {
      const chunk = next.value;
      let input = chunk;
      if (rest !== '') {
        // The row cut by the end of the previous chunk, completed with the first line of this one, is
        // parsed on its own: joining the chunk itself to it would copy the whole chunk.
        const nl = chunk.indexOf(dialect.newline);
        if (nl === -1) {
          input = rest + chunk;
        } else {
          const head = rest + chunk.slice(0, nl + newlineLength);
          parsed++;
          const done = parseCsvText(head, dialect, true, onRow);
          input =
            done === head.length
              ? chunk.slice(nl + newlineLength)
              : head.slice(done) + chunk.slice(nl + newlineLength);
        }
      }
      parsed++;
      rest = input.slice(parseCsvText(input, dialect, true, onRow));
    }
    parsed++;
    parseCsvText(rest, dialect, false, onRow);
  } finally {
    await chunks.return(undefined); // closes the file when a row was rejected
  }
  if (!header)
    throw new ImportError('the file is empty (no header row)', { file: file.displayName, line: 1 });
  return { encoding: text.encoding(), delimiter, rows: index, header };
}

/*
 * The CSV dialect is papaparse's (5.7), which the rest of the application also uses to split stored rows
 * back into fields: the same rows, fields, quoting rules and errors, including its tolerance of quotes
 * inside unquoted fields, of blanks between a closing quote and the next delimiter or line break, and its
 * line-break detection. The streaming parse is reimplemented here because papaparse's step mode costs
 * as much as all the normalisation of a row: a per-row result object, and, for every chunk, a re-parse
 * of the whole text once any quote appears in it, with no shortcut for the rows that have no quote.
 */

interface Dialect {
  delimiter: string;
  /** \n, \r\n or \r, guessed from the first chunk. */
  newline: string;
}

/**
 * One row: its fields, where it starts in `input` and where the next row starts (after the line
 * break), and papaparse's error code when the row is malformed (MissingQuotes, InvalidQuotes).
 */
type RowHandler = (
  input: string,
  fields: string[],
  start: number,
  end: number,
  error: string | undefined,
) => void;

/** Characters papaparse does not accept as the delimiter: it uses a comma instead. */
const BAD_DELIMITERS = ['\r', '\n', '"', '\uFEFF'];
const QUOTE = '"';
const QUOTE_CODE = 34;
const ESCAPED_QUOTE = /""/g;

/** papaparse's line-break guess from the first chunk: the more frequent of \r\n and \r, or \n. */
export function guessLineEndings(input: string): string {
  const text = input.substring(0, 1024 * 1024).replace(/"([^]*?)"/gm, '');
  const r = text.split('\r');
  const n = text.split('\n');
  const nAppearsFirst = n.length > 1 && n[0]!.length < r[0]!.length;
  if (r.length === 1 || nAppearsFirst) return '\n';
  let numWithN = 0;
  for (let i = 0; i < r.length; i++) if (r[i]!.charCodeAt(0) === 10) numWithN++;
  return numWithN >= r.length / 2 ? '\r\n' : '\r';
}

/**
 * Parses `input` (papaparse's Parser.parse): reports each complete row to onRow and returns where the
 * first row that is not complete starts. With ignoreLastRow (more text to come) a row that runs to the
 * end of the input is not complete; without it, it is the last row of the file.
 */
export function parseCsvText(
  input: string,
  dialect: Dialect,
  ignoreLastRow: boolean,
  onRow: RowHandler,
): number {
  const inputLen = input.length;
  if (inputLen === 0) return 0;
  const delim = dialect.delimiter;
  const newline = dialect.newline;
  const delimLen = delim.length;
  const newlineLen = newline.length;
  let cursor = 0;
  let lastCursor = 0;

  if (input.indexOf(QUOTE) === -1) {
    // No quote at all: rows split at line breaks, fields at delimiters.
    for (;;) {
      const nl = input.indexOf(newline, cursor);
      if (nl === -1) {
        if (ignoreLastRow) return lastCursor;
        onRow(input, input.slice(cursor).split(delim), cursor, inputLen, undefined);
        return inputLen;
      }
      const next = nl + newlineLen;
      onRow(input, input.slice(cursor, nl).split(delim), cursor, next, undefined);
      cursor = lastCursor = next;
    }
  }

  let nextDelim = input.indexOf(delim, cursor);
  let nextNewline = input.indexOf(newline, cursor);
  let quoteSearch = input.indexOf(QUOTE, cursor);
  let row: string[] = [];
  let error: string | undefined;

  const saveRow = (newCursor: number): void => {
    const start = lastCursor;
    cursor = lastCursor = newCursor;
    const fields = row;
    const e = error;
    row = [];
    error = undefined;
    nextNewline = input.indexOf(newline, cursor);
    onRow(input, fields, start, cursor, e);
  };
  const finish = (value: string | undefined): number => {
    if (ignoreLastRow) return lastCursor;
    row.push(value ?? input.substring(cursor));
    saveRow(inputLen);
    return inputLen;
  };
  /** Blanks between the closing quote and `index` (a delimiter or line break), papaparse's way. */
  const extraSpaces = (index: number): number => {
    if (index === -1) return 0;
    const between = input.substring(quoteSearch + 1, index);
    return between && between.trim() === '' ? between.length : 0;
  };

  for (;;) {
    if (row.length === 0) {
      // A row without a quote (most rows): split it at once. papaparse gets the same fields one by one.
      if (quoteSearch !== -1 && quoteSearch < cursor) quoteSearch = input.indexOf(QUOTE, cursor);
      if (nextNewline !== -1 && (quoteSearch === -1 || quoteSearch > nextNewline)) {
        row = input.slice(cursor, nextNewline).split(delim);
        saveRow(nextNewline + newlineLen);
        if (nextDelim !== -1 && nextDelim < cursor) nextDelim = input.indexOf(delim, cursor);
        continue;
      }
    }

    if (input.charCodeAt(cursor) === QUOTE_CODE) {
      // A quoted field: find its closing quote.
      quoteSearch = cursor;
      cursor++;
      for (;;) {
        quoteSearch = input.indexOf(QUOTE, quoteSearch + 1);
        if (quoteSearch === -1) {
          if (!ignoreLastRow) error ??= 'MissingQuotes';
          return finish(undefined);
        }
        if (quoteSearch === inputLen - 1) {
          return finish(input.substring(cursor, quoteSearch).replace(ESCAPED_QUOTE, QUOTE));
        }
        // A doubled quote is a quote in the value.
        if (input.charCodeAt(quoteSearch + 1) === QUOTE_CODE) {
          quoteSearch++;
          continue;
        }
        if (nextDelim !== -1 && nextDelim < quoteSearch + 1)
          nextDelim = input.indexOf(delim, quoteSearch + 1);
        if (nextNewline !== -1 && nextNewline < quoteSearch + 1)
          nextNewline = input.indexOf(newline, quoteSearch + 1);
        const checkUpTo = nextNewline === -1 ? nextDelim : Math.min(nextDelim, nextNewline);
        const spacesBeforeDelimiter = extraSpaces(checkUpTo);
        if (input.substr(quoteSearch + 1 + spacesBeforeDelimiter, delimLen) === delim) {
          row.push(input.substring(cursor, quoteSearch).replace(ESCAPED_QUOTE, QUOTE));
          cursor = quoteSearch + 1 + spacesBeforeDelimiter + delimLen;
          if (input.charCodeAt(cursor) !== QUOTE_CODE) quoteSearch = input.indexOf(QUOTE, cursor);
          if (nextDelim !== -1 && nextDelim < cursor) nextDelim = input.indexOf(delim, cursor);
          if (nextNewline !== -1 && nextNewline < cursor) nextNewline = input.indexOf(newline, cursor);
          break;
        }
        const spacesBeforeNewline = extraSpaces(nextNewline);
        const after = quoteSearch + 1 + spacesBeforeNewline;
        if (input.substring(after, after + newlineLen) === newline) {
          row.push(input.substring(cursor, quoteSearch).replace(ESCAPED_QUOTE, QUOTE));
          saveRow(after + newlineLen);
          if (nextDelim !== -1 && nextDelim < cursor) nextDelim = input.indexOf(delim, cursor);
          quoteSearch = input.indexOf(QUOTE, cursor);
          break;
        }
        // Not followed by a delimiter or line break: malformed, and the field goes on.
        error ??= 'InvalidQuotes';
        quoteSearch++;
      }
      continue;
    }

    if (nextDelim !== -1 && (nextDelim < nextNewline || nextNewline === -1)) {
      row.push(input.substring(cursor, nextDelim));
      cursor = nextDelim + delimLen;
      nextDelim = input.indexOf(delim, cursor);
      continue;
    }
    if (nextNewline !== -1) {
      row.push(input.substring(cursor, nextNewline));
      saveRow(nextNewline + newlineLen);
      continue;
    }
    break;
  }
  return finish(undefined);
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

/** Where the text of input[start, end) ends without its line break (\r\n, \n or \r). */
function withoutBreak(input: string, start: number, end: number): number {
  if (end - start >= 2 && input.charCodeAt(end - 1) === 10 && input.charCodeAt(end - 2) === 13)
    return end - 2;
  if (end > start) {
    const c = input.charCodeAt(end - 1);
    if (c === 10 || c === 13) return end - 1;
  }
  return end;
}
