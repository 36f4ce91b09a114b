import type { CiAttributes, IdentifierIssue } from '../../domain/attributes.js';
import type { ImportSink, SourceLocation } from '../types.js';

/** Assigns only defined values, so absent attributes stay absent in the stored JSON. */
export function setIfDefined<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) target[key] = value;
}

/** A non-negative whole number (CPU count, NIC count); a bad value is a warning, not a failed import. */
export function parseCount(
  text: string | undefined,
  field: string,
  location: SourceLocation,
  sink: ImportSink,
): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(isDigits(text) ? text : text.replace(/[\s,]/g, ''));
  if (Number.isInteger(n) && n >= 0) return n;
  sink.warn({ message: 'not a whole number', location, field, value: text });
  return undefined;
}

/** Only ASCII digits (the usual count): nothing to strip before Number(). */
function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Records a placeholder or invalid identifier the source gave, so reconciliation can report it. */
export function addIssue(attrs: CiAttributes, issue: IdentifierIssue): void {
  (attrs.issues ??= []).push(issue);
}
