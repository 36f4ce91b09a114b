/**
 * Access to the shared real-data corpus (shared/realdata, see test/helpers/shared-dir.ts), read at test time and never copied into
 * the repository. Tests that need it are skipped when the corpus is not mounted.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from '../helpers/shared-dir.js';

export const REALDATA = process.env.CMDBW_REALDATA ?? join(sharedDir(), 'realdata');
export const hasRealData = existsSync(join(REALDATA, 'README.md'));

export function readText(relPath: string): string {
  return readFileSync(join(REALDATA, relPath), 'utf8');
}

export function readJson<T = unknown>(relPath: string): T {
  return JSON.parse(readText(relPath)) as T;
}

/** Paths (relative to REALDATA) of files under a folder whose name ends with suffix, sorted. */
export function listFiles(relDir: string, suffix: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(REALDATA, rel)).sort()) {
      const child = join(rel, entry);
      if (statSync(join(REALDATA, child)).isDirectory()) walk(child);
      else if (entry.endsWith(suffix)) out.push(child);
    }
  };
  walk(relDir);
  return out;
}

/** Every string value of the given keys anywhere in a parsed JSON document. */
export function collectJsonValues(doc: unknown, keys: ReadonlySet<string>, out: string[] = []): string[] {
  if (Array.isArray(doc)) {
    for (const item of doc) collectJsonValues(item, keys, out);
  } else if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      if (keys.has(k) && typeof v === 'string') out.push(v);
      else collectJsonValues(v, keys, out);
    }
  }
  return out;
}

/** Text content of every <TAG>...</TAG> element (any of the given tag names) in an XML file. */
export function collectXmlTexts(xml: string, tags: readonly string[]): string[] {
  const re = new RegExp(`<(${tags.join('|')})>([^<]*)</\\1>`, 'g');
  const out: string[] = [];
  for (const m of xml.matchAll(re)) out.push(m[2] as string);
  return out;
}
