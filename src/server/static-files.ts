/**
 * Maps a request path to a file of the built UI (dist/renderer), for both shells (`cmdbw serve` and the
 * app:// protocol). Anything that could leave the folder is refused: `..` segments (also percent-encoded
 * or with backslashes), NUL bytes, malformed escapes; the resolved path must still be inside the root.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file a request path names inside `root`, or undefined when it names none or tries to escape. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const segments = decoded.replace(/\\/g, '/').split('/');
  if (segments.some((s) => s === '..' || /^[a-zA-Z]:$/.test(s))) return undefined;
  const base = path.resolve(root);
  const full = path.resolve(base, `.${path.sep}${segments.filter(Boolean).join(path.sep)}`);
  if (full !== base && !full.startsWith(base + path.sep)) return undefined;
  return full;
}

/**
 * What to send for a GET of `urlPath`: index.html for `/`, else the file itself, else undefined (404).
 * The UI routes with URL fragments (#/cis/42), so no other path ever needs to answer with a page.
 */
export function staticFileFor(root: string, urlPath: string): string | undefined {
  const full = resolveStaticPath(root, urlPath);
  if (full === undefined) return undefined;
  const file = full === path.resolve(root) ? path.join(full, 'index.html') : full;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** dist/renderer (the built UI): CMDBW_RENDERER_DIR, else the nearest ancestor's dist/renderer. */
export function findRendererDir(
  from: string = path.dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  const fromEnv = process.env.CMDBW_RENDERER_DIR;
  if (fromEnv) return fromEnv;
  let dir = from;
  for (;;) {
    // Only a built UI: renderer/ itself holds the sources (its index.html loads .tsx files).
    const candidate = path.join(dir, 'dist', 'renderer');
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
