import { ImportError } from '../util/errors.js';
import { openText } from './text-input.js';
import type { InputFile } from './types.js';

/**
 * Streams an XML file with saxes and hands over each record element (an nmap <host>, a GLPI <REQUEST>...)
 * as a small element tree plus its original text. Only the current record is held in memory.
 * saxes does not fetch external entities or expand DTD-declared ones, so hostile DOCTYPEs are inert.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content directly inside this element (trimmed). */
  text: string;
}

export interface XmlRecordOptions {
  encoding?: string;
  onBytes?: (n: number) => void;
  onEncoding?: (encoding: string) => void;
  /** Called at each start tag; return true to collect that element (and its subtree) as a record. */
  isRecord: (name: string, depth: number, path: readonly string[]) => boolean;
  /** The root element, once known: lets an importer reject a file that is not what it expects. */
  onRoot?: (name: string, attrs: Record<string, string>) => void;
  onRecord: (el: XmlElement, raw: string, line: number, index: number) => void;
  /** Longest record element accepted, in characters. */
  maxRecordChars?: number;
}

const DEFAULT_MAX_RECORD = 64 << 20;

export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

export function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** Text of a direct child element, or undefined when absent or empty. */
export function childText(el: XmlElement, name: string): string | undefined {
  const c = child(el, name);
  return c && c.text !== '' ? c.text : undefined;
}

export async function streamXmlRecords(
  file: InputFile,
  opts: XmlRecordOptions,
): Promise<{ count: number; root?: string }> {
  const maxRecord = opts.maxRecordChars ?? DEFAULT_MAX_RECORD;
  // Loaded on first use: saxes takes about 0.1 s to load, and most imports read no XML.
  const { SaxesParser } = await import('saxes');
  const text = openText(file, { encoding: opts.encoding, onBytes: opts.onBytes });
  const parser = new SaxesParser({ position: true, fileName: file.displayName });
  // Parsing is entirely synchronous per chunk; a handler that throws aborts the whole write.
  const path: string[] = [];
  const stack: XmlElement[] = [];
  let recordDepth = -1;
  let recordStart = 0;
  let recordLine = 0;
  let pendingStart = 0;
  let pendingLine = 0;
  let window = '';
  let windowStart = 0;
  let count = 0;
  let root: string | undefined;

  parser.on('opentagstart', (tag) => {
    // saxes reports this event after the character that ends the name; find the '<' itself.
    const at = window.lastIndexOf(`<${tag.name}`, parser.position - windowStart);
    pendingStart = at >= 0 ? windowStart + at : parser.position - tag.name.length - 2;
    pendingLine = parser.line - (window[parser.position - windowStart - 1] === '\n' ? 1 : 0);
  });
  parser.on('opentag', (tag) => {
    if (parseError) return;
    const attrs = tag.attributes as Record<string, string>;
    if (path.length === 0 && root === undefined) {
      root = tag.name;
      opts.onRoot?.(tag.name, attrs);
    }
    path.push(tag.name);
    const depth = path.length - 1;
    if (recordDepth < 0 && opts.isRecord(tag.name, depth, path)) {
      recordDepth = depth;
      recordStart = pendingStart;
      recordLine = pendingLine;
      // Keep text from the record's start; drop everything before it.
      window = window.slice(Math.max(0, recordStart - windowStart));
      windowStart = Math.max(windowStart, recordStart);
    }
    if (recordDepth >= 0) {
      const el: XmlElement = { name: tag.name, attrs: { ...attrs }, children: [], text: '' };
      stack[stack.length - 1]?.children.push(el);
      stack.push(el);
    }
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top && recordDepth >= 0) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (parseError) return;
    path.pop();
    if (recordDepth < 0) return;
    const el = stack.pop()!;
    el.text = el.text.trim();
    if (path.length === recordDepth) {
      const end = parser.position;
      const raw = window.slice(recordStart - windowStart, end - windowStart);
      recordDepth = -1;
      count++;
      opts.onRecord(el, raw, recordLine, count);
      window = window.slice(end - windowStart);
      windowStart = end;
    }
  });
  // saxes keeps emitting events after an error within the same write: remember which record was being
  // read when it happened, and ignore everything after it.
  let parseError: Error | undefined;
  let errorAtRecord = 0;
  parser.on('error', (err) => {
    if (parseError) return;
    parseError = err;
    errorAtRecord = count;
  });

  let consumed = 0;
  for await (const chunk of text.chunks) {
    window += chunk;
    consumed += chunk.length;
    if (recordDepth < 0) {
      // Outside a record nothing needs keeping beyond the current chunk.
      const keepFrom = Math.max(windowStart, consumed - chunk.length - 4096);
      window = window.slice(keepFrom - windowStart);
      windowStart = keepFrom;
    } else if (consumed - recordStart > maxRecord) {
      throw new ImportError(
        `the <${path[recordDepth]}> element is longer than ${maxRecord.toLocaleString('en')} characters`,
        {
          file: file.displayName,
          line: recordLine,
          record: count + 1,
        },
      );
    }
    try {
      parser.write(chunk);
    } catch (err) {
      throw toImportError(parseError ?? err, file, parseError ? errorAtRecord : count);
    }
    if (parseError) throw toImportError(parseError, file, errorAtRecord);
  }
  try {
    parser.close();
  } catch (err) {
    throw toImportError(parseError ?? err, file, parseError ? errorAtRecord : count);
  }
  if (parseError) throw toImportError(parseError, file, errorAtRecord);
  if (root === undefined)
    throw new ImportError('no XML element found (empty document)', { file: file.displayName, line: 1 });
  opts.onEncoding?.(text.encoding());
  return { count, root };
}

function toImportError(err: unknown, file: InputFile, count: number): Error {
  if (err instanceof ImportError) return err;
  // Only the parser's own complaints are about the file; anything else is a bug to surface as is.
  if (!(err instanceof Error) || !/^.*:\d+:\d+: /s.test(err.message)) return err as Error;
  const msg = (err as Error).message ?? String(err);
  // saxes messages look like "file.xml:12:5: disallowed character." — pull the line out.
  const m = /:(\d+):(\d+): (.*)$/s.exec(msg);
  if (m) {
    return new ImportError(`malformed XML at column ${Number(m[2]) + 1}: ${m[3]!.replace(/\.$/, '')}`, {
      file: file.displayName,
      line: Number(m[1]),
      record: count + 1,
    });
  }
  return new ImportError(`malformed XML: ${msg}`, { file: file.displayName, record: count + 1 });
}
