import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../changesets/hash.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import type { ExportFile } from './format.js';

export const MANIFEST = 'manifest.json';
export const MANIFEST_FORMAT = 'cmdbw-export';

export interface WrittenFile {
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * The export directory must be empty or hold an earlier cmdbw export (whose files this one replaces): a
 * directory of other files is refused rather than mixed with payloads someone might upload.
 */
export function prepareDirectory(dir: string): string[] {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    return [];
  }
  if (!statSync(dir).isDirectory()) throw new UserError('OUT_NOT_DIR', `${dir} is a file, not a directory`);
  const entries = readdirSync(dir);
  if (entries.length === 0) return [];
  const manifest = path.join(dir, MANIFEST);
  if (existsSync(manifest)) {
    try {
      const m = JSON.parse(readFileSync(manifest, 'utf8')) as { format?: string; files?: { path: string }[] };
      if (m.format === MANIFEST_FORMAT) return (m.files ?? []).map((f) => f.path);
    } catch {
      // not ours: refused below
    }
  }
  throw new UserError(
    'OUT_NOT_EMPTY',
    `${dir} is not empty and holds no earlier cmdbw export: choose an empty directory`,
  );
}

/** Writes every file atomically (temp file, fsync, rename); removes the earlier export's files not rewritten. */
export function writeExport(
  dir: string,
  files: readonly ExportFile[],
  previous: readonly string[],
): WrittenFile[] {
  const written: WrittenFile[] = [];
  for (const f of files) {
    const target = safeJoin(dir, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    const content = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content;
    writeFileAtomic(target, [content]);
    written.push({ path: f.path, sha256: sha256Hex(content), bytes: content.length });
  }
  const now = new Set(files.map((f) => f.path));
  for (const p of previous) if (!now.has(p) && p !== MANIFEST) rmSync(safeJoin(dir, p), { force: true });
  return written;
}

function safeJoin(dir: string, rel: string): string {
  const target = path.resolve(dir, rel);
  const root = path.resolve(dir);
  if (target !== root && !target.startsWith(root + path.sep))
    throw new UserError('BAD_PATH', `export path ${rel} leaves ${dir}`);
  return target;
}
