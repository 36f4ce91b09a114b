import { none } from 'stream-chain/defs.js';
import { jsonVerifier } from 'stream-json/core/utils/verifier.js';
import { Readable } from 'node:stream';
import { ImportError } from '../util/errors.js';
import { openText } from './text-input.js';
import type { InputFile } from './types.js';

/**
 * stream-json's streaming stages, loaded when a JSON file is first streamed: loading them takes about
 * 0.1 s of every start (of the CLI, and of each import worker), and most imports read no JSON.
 */
const loadStreaming = () =>
  Promise.all([
    import('stream-chain'),
    import('stream-json'),
    import('stream-json/filters/pick.js'),
    import('stream-json/streamers/stream-array.js'),
    import('stream-json/utils/verifier.js'),
  ]).then(([chain, json, pick, streamArray, verifier]) => ({
    chain: chain.default,
    parser: json.parser,
    pick: pick.pick,
    streamArray: streamArray.streamArray,
    verifier: verifier.verifier,
  }));
let streamingModules: ReturnType<typeof loadStreaming> | undefined;
const streaming = () => (streamingModules ??= loadStreaming());

/**
 * Streams the elements of one array inside a JSON document (the whole document may be far larger than
 * memory): the top-level array, or the array at a path such as `records` or `Reservations`.
 * On malformed JSON the file is re-scanned with stream-json's verifier to name the exact line.
 */

export interface JsonArrayOptions {
  encoding?: string;
  onBytes?: (n: number) => void;
  onEncoding?: (encoding: string) => void;
  /** Path(s) of the array to stream, dot-separated, as a RegExp over the path; omit for a top-level array. */
  pick?: RegExp;
  /** Called for each element with its 0-based index; may throw ImportError. */
  onItem: (value: unknown, index: number) => void;
}

export async function streamJsonArray(
  file: InputFile,
  opts: JsonArrayOptions,
): Promise<{ count: number; found: boolean }> {
  const { chain, parser, pick, streamArray } = await streaming();
  const text = openText(file, { encoding: opts.encoding, onBytes: opts.onBytes });
  // Packed values only: the streamers never need partial strings, and skipping them is about twice as fast.
  const stages: unknown[] = [Readable.from(text.chunks), parser({ streamValues: false })];
  if (opts.pick) stages.push(pick({ filter: opts.pick }));
  stages.push(streamArray());
  const pipeline = chain(stages as Parameters<typeof chain>[0]);
  let count = 0;
  try {
    for await (const item of pipeline as AsyncIterable<{ key: number; value: unknown }>) {
      opts.onItem(item.value, count);
      count++;
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw await locateJsonError(file, opts.encoding ?? text.encoding(), count, err);
  } finally {
    pipeline.destroy();
  }
  opts.onEncoding?.(text.encoding());
  return { count, found: count > 0 };
}

/** Finds where a JSON document is malformed, for an error message naming the line. */
export async function locateJsonError(
  file: InputFile,
  encoding: string,
  itemsRead: number,
  cause: unknown,
): Promise<ImportError> {
  const { chain, verifier } = await streaming();
  const text = openText(file, { encoding });
  const check = chain([Readable.from(text.chunks), verifier()] as Parameters<typeof chain>[0]);
  try {
    for await (const _ of check as AsyncIterable<unknown>) void _;
  } catch (err) {
    const v = err as { line?: number; pos?: number; offset?: number; message?: string };
    if (typeof v.line === 'number') {
      const atEnd = typeof v.offset === 'number' && v.offset >= file.size - 2;
      return new ImportError(
        `malformed JSON: ${describeJsonProblem(v.message, atEnd)} (column ${v.pos ?? '?'}, after ${itemsRead} complete records)`,
        {
          file: file.displayName,
          line: v.line,
          record: itemsRead + 1,
        },
      );
    }
  } finally {
    check.destroy();
  }
  // The document is valid JSON, so the structure is not what the format expects.
  const why = (cause as Error)?.message ?? String(cause);
  return new ImportError(
    /array/i.test(why)
      ? 'the data is not where this format expects it: the expected list is not a JSON array'
      : `unexpected JSON structure: ${why}`,
    { file: file.displayName, record: itemsRead + 1 },
  );
}

function describeJsonProblem(message: string | undefined, atEnd: boolean): string {
  if (atEnd) return 'the document ends too early: truncated file?';
  if (!message) return 'unexpected input';
  return message.replace(/^Verifier:?\s*/i, '').replace(/^ERROR at \d+ \(\d+, \d+\):\s*/, '');
}

/** Parses a whole JSON document held in memory; on failure, names the line and column of the problem. */
export function parseJsonDocument(text: string, file: string, record?: number, baseLine = 1): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's message has no reliable position (and quotes the document); the verifier has both.
    const check = jsonVerifier();
    try {
      check(text);
      (check as (chunk: unknown) => unknown)(none);
    } catch (err) {
      const v = err as { line?: number; pos?: number; offset?: number; message?: string };
      if (typeof v.line === 'number') {
        const atEnd = typeof v.offset === 'number' && v.offset >= text.trimEnd().length;
        throw new ImportError(
          `malformed JSON: ${describeJsonProblem(v.message, atEnd)} (column ${v.pos ?? '?'})`,
          {
            file,
            line: baseLine + v.line - 1,
            record,
          },
        );
      }
    }
    throw new ImportError('malformed JSON', { file, line: baseLine, record });
  }
}
