import { createHash } from 'node:crypto';

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * JSON with object keys sorted at every level and no whitespace: one text per value, so hashes and
 * exported files do not depend on the order properties happened to be set in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${SIMPLE_KEY.test(k) ? `"${k}"` : JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** Keys that JSON.stringify would write unchanged between quotes. */
const SIMPLE_KEY = /^[A-Za-z0-9_.:-]*$/;

/** What identifies a relationship's content: its type and both ends (the stale-plan check compares it). */
export function relationshipHash(r: {
  type: string;
  parent: { kind: string; value: string };
  child: { kind: string; value: string };
}): string {
  return sha256Hex(JSON.stringify([r.type, r.parent.kind, r.parent.value, r.child.kind, r.child.value]));
}
