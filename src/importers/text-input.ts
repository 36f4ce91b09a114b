import { isAscii, isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { ImportError } from '../util/errors.js';
import type { InputFile } from './types.js';

/**
 * Decodes a file to text in a stream, with encoding detection:
 * - a byte-order mark decides (UTF-8, UTF-16 LE/BE) and is dropped;
 * - otherwise an explicit encoding wins;
 * - otherwise UTF-16 without BOM is recognised by its NUL pattern, NUL bytes anywhere else mean a binary
 *   file, and a first megabyte that is not valid UTF-8 means Windows-1252 (what Excel on Windows writes).
 * A file that starts as valid UTF-8 and breaks later raises EncodingMismatch, so the caller can retry
 * the whole file as Windows-1252.
 */

export const CHUNK_BYTES = 1 << 20;

export class EncodingMismatch extends ImportError {
  constructor(file: string, line: number, byteOffset: number) {
    super(
      `invalid UTF-8 at byte ${byteOffset}; the file is probably Windows-1252 (use --encoding windows-1252)`,
      {
        file,
        line,
      },
    );
    this.name = 'EncodingMismatch';
  }
}

export interface TextStream {
  /** Encoding in use (detected or forced). Known once the first chunk has been read. */
  encoding: () => string;
  chunks: AsyncGenerator<string>;
}

const SUPPORTED = new Map<string, string>([
  ['utf8', 'utf-8'],
  ['utf-8', 'utf-8'],
  ['utf-8-bom', 'utf-8'],
  ['utf16le', 'utf-16le'],
  ['utf-16le', 'utf-16le'],
  ['utf-16', 'utf-16le'],
  ['utf16be', 'utf-16be'],
  ['utf-16be', 'utf-16be'],
  ['windows-1252', 'windows-1252'],
  ['cp1252', 'windows-1252'],
  ['win1252', 'windows-1252'],
  ['latin1', 'windows-1252'],
  ['iso-8859-1', 'windows-1252'],
  ['iso-8859-15', 'iso-8859-15'],
  ['windows-1250', 'windows-1250'],
  ['windows-1251', 'windows-1251'],
]);

export function canonicalEncoding(name: string): string {
  const enc = SUPPORTED.get(name.trim().toLowerCase());
  if (!enc) {
    throw new ImportError(
      `unsupported encoding "${name}" (supported: ${[...new Set(SUPPORTED.values())].join(', ')})`,
      {
        file: '(options)',
        field: 'encoding',
      },
    );
  }
  return enc;
}

export function detectEncoding(head: Buffer, file: string): { encoding: string; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const sample = head.subarray(0, Math.min(head.length, 4096));
  const nul = sample.indexOf(0);
  if (nul >= 0) {
    const utf16 = utf16WithoutBom(sample);
    if (utf16) return { encoding: utf16, bomLength: 0 };
    throw new ImportError(`not a text file: binary content (NUL byte) at byte ${nul}`, {
      file,
      line: lineAt(head, nul),
    });
  }
  if (isValidUtf8Prefix(head)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: 'windows-1252', bomLength: 0 };
}

/** ASCII text in UTF-16 has a NUL in every other byte. */
function utf16WithoutBom(sample: Buffer): string | undefined {
  let even = 0;
  let odd = 0;
  const n = sample.length - (sample.length % 2);
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) even++;
    if (sample[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (pairs < 2) return undefined;
  if (odd > pairs * 0.4 && even === 0) return 'utf-16le';
  if (even > pairs * 0.4 && odd === 0) return 'utf-16be';
  return undefined;
}

/** Valid UTF-8, allowing a multi-byte sequence cut off at the end of the buffer. */
export function isValidUtf8Prefix(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function lineAt(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buf.length; i++) if (buf[i] === 0x0a) line++;
  return line;
}

/**
 * Streams the decoded text of a file. `onBytes` receives the running count of bytes read.
 */
export function openText(
  file: InputFile,
  opts: { encoding?: string; onBytes?: (n: number) => void } = {},
): TextStream {
  let encoding = opts.encoding ? canonicalEncoding(opts.encoding) : '';
  async function* generate(): AsyncGenerator<string> {
    const stream = createReadStream(file.path, { highWaterMark: CHUNK_BYTES });
    let decoder: { decode(buf: Buffer, opts?: { stream: boolean }): string } | undefined;
    let bytes = 0;
    let lines = 1;
    let checkNul = true;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        let buf = chunk;
        if (!decoder) {
          const detected = detectEncoding(buf, file.displayName);
          if (!encoding || detected.bomLength > 0) encoding = detected.encoding;
          if (detected.bomLength > 0) buf = buf.subarray(detected.bomLength);
          checkNul = !encoding.startsWith('utf-16');
          decoder = encoding === 'utf-8' ? new Utf8Decoder() : new TextDecoder(encoding);
        }
        if (checkNul) {
          const nul = buf.indexOf(0);
          if (nul >= 0) {
            throw new ImportError(`not a text file: binary content (NUL byte) at byte ${bytes + nul}`, {
              file: file.displayName,
              line: lines + countNewlines(buf.subarray(0, nul)),
            });
          }
        }
        let text: string;
        try {
          text = decoder.decode(buf, { stream: true });
        } catch {
          throw new EncodingMismatch(file.displayName, lines + countNewlines(buf), bytes);
        }
        bytes += chunk.length;
        lines += countNewlines(buf);
        opts.onBytes?.(bytes);
        if (text.length > 0) yield text;
      }
      if (decoder) {
        let tail: string;
        try {
          tail = (decoder as { decode(buf?: Buffer): string }).decode();
        } catch {
          throw new ImportError('the file ends in the middle of a UTF-8 character (truncated?)', {
            file: file.displayName,
            line: lines,
          });
        }
        if (tail.length > 0) yield tail;
      } else if (!encoding) {
        encoding = 'utf-8';
      }
    } finally {
      stream.destroy();
    }
  }
  return { encoding: () => encoding || 'utf-8', chunks: generate() };
}

/**
 * Strict UTF-8 decoding at memcpy speed: Node's native validator plus Buffer#toString are several times
 * faster than a fatal TextDecoder. A character split across chunks waits for the next chunk.
 * Pure ASCII (most exports) is decoded as Latin-1, which is the same text: V8 copies it into a one-byte
 * string as is, instead of running its UTF-8 decoder (about 15 times slower).
 */
class Utf8Decoder {
  private carry: Buffer = Buffer.alloc(0);

  decode(buf?: Buffer, opts?: { stream: boolean }): string {
    if (!buf) {
      if (this.carry.length > 0) throw new Error('incomplete UTF-8 sequence at end of input');
      return '';
    }
    if (this.carry.length === 0 && isAscii(buf)) return buf.toString('latin1');
    const all = this.carry.length > 0 ? Buffer.concat([this.carry, buf]) : buf;
    const complete = opts?.stream ? completeUtf8Length(all) : all.length;
    if (!isUtf8(all.subarray(0, complete))) throw new Error('invalid UTF-8');
    this.carry = Buffer.from(all.subarray(complete));
    return all.toString('utf8', 0, complete);
  }
}

/** Length of the prefix that ends on a character boundary (a split character waits for the next chunk). */
function completeUtf8Length(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = buf[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  let i = buf.indexOf(0x0a);
  while (i >= 0) {
    n++;
    i = buf.indexOf(0x0a, i + 1);
  }
  return n;
}
