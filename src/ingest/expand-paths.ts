import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InputFile } from '../importers/types.js';
import { UserError } from '../util/errors.js';

/**
 * Turns what the user named (files and directories) into the files of one batch, in a stable order.
 * Directories are walked recursively; hidden files and folders are skipped.
 */
export function expandPaths(paths: string[]): InputFile[] {
  if (paths.length === 0) throw new UserError('NO_FILES', 'no file to import');
  const out: InputFile[] = [];
  const seen = new Set<string>();
  const add = (abs: string, display: string, size: number) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ path: abs, displayName: display, size });
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UserError('FILE_NOT_FOUND', `${p}: no such file or directory`, { path: p });
    }
    if (st.isDirectory()) {
      const files = walk(p);
      if (files.length === 0)
        throw new UserError('EMPTY_DIRECTORY', `${p}: the directory holds no files`, { path: p });
      for (const f of files) add(path.resolve(f.path), f.path, f.size);
    } else if (st.isFile()) {
      add(path.resolve(p), p, st.size);
    } else {
      throw new UserError('NOT_A_FILE', `${p}: not a regular file`, { path: p });
    }
  }
  return out;
}

function walk(dir: string): { path: string; size: number }[] {
  const out: { path: string; size: number }[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push({ path: p, size: statSync(p).size });
  }
  return out;
}
