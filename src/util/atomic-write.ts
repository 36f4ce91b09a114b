import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * truncated file someone might upload: write a temporary file beside it, fsync, rename over.
 */
export function writeFileAtomic(target: string, chunks: Iterable<string | Buffer>): number {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  try {
    let buffer: string[] = [];
    let pending = 0;
    const flush = () => {
      if (buffer.length === 0) return;
      bytes += writeSync(fd, buffer.join(''));
      buffer = [];
      pending = 0;
    };
    for (const c of chunks) {
      if (typeof c === 'string') {
        buffer.push(c);
        pending += c.length;
        if (pending > 1 << 20) flush();
      } else {
        flush();
        bytes += writeSync(fd, c);
      }
    }
    flush();
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, target);
  try {
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // Directory fsync is not supported everywhere (Windows); the rename is still atomic.
  }
  return bytes;
}
