/**
 * A minimal POSIX ustar writer: an export of several files (IRE batches, one CSV per class, the inverse
 * plan, the manifest) saved as the one file the app's save dialog (or a browser download) gives us.
 * Uncompressed and deterministic: entries in the order given, fixed mode, owner and modification time.
 */

const BLOCK = 512;

export interface TarEntry {
  /** Relative path with forward slashes, at most 255 bytes (split into prefix and name). */
  path: string;
  content: Buffer;
}

function octal(n: number, width: number): string {
  // width - 1 digits and a NUL, as the format wants.
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

function splitPath(p: string): { name: string; prefix: string } {
  if (Buffer.byteLength(p) <= 100) return { name: p, prefix: '' };
  // The name field holds 100 bytes; longer paths put their leading directories in the 155-byte prefix.
  for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) {
    const prefix = p.slice(0, i);
    const name = p.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`path too long for a tar entry: ${p}`);
}

function header(entry: TarEntry, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const { name, prefix } = splitPath(entry.path);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii');
  h.write(octal(0, 8), 116, 8, 'ascii');
  h.write(octal(entry.content.length, 12), 124, 12, 'ascii');
  h.write(octal(mtime, 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii'); // the checksum counts its own field as spaces
  h.write('0', 156, 1, 'ascii');
  h.write('ustar\u000000', 257, 8, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/** The archive's chunks, for writeFileAtomic. `mtime` is in seconds since 1970 (the export's approval time). */
export function* tarChunks(entries: Iterable<TarEntry>, mtime: number): Generator<Buffer> {
  for (const e of entries) {
    yield header(e, mtime);
    yield e.content;
    const pad = (BLOCK - (e.content.length % BLOCK)) % BLOCK;
    if (pad) yield Buffer.alloc(pad, 0);
  }
  // Two zero blocks end the archive.
  yield Buffer.alloc(BLOCK * 2, 0);
}

/** Reads an archive written by tarChunks (tests, and anyone checking an export). */
export function readTar(archive: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  for (let at = 0; at + BLOCK <= archive.length;) {
    const h = archive.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    const text = (from: number, len: number) =>
      h
        .subarray(from, from + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12), 8);
    const prefix = text(345, 155);
    const name = text(0, 100);
    at += BLOCK;
    out.push({ path: prefix ? `${prefix}/${name}` : name, content: archive.subarray(at, at + size) });
    at += Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}
