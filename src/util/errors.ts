/**
 * Errors the user can act on. Every message names what went wrong and where; the CLI prints `message`
 * and exits non-zero, the API returns `{ code, message, details }`.
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export interface ImportErrorLocation {
  file: string;
  line?: number;
  record?: number;
  field?: string;
  value?: string;
}

/** A file that cannot be imported: malformed, truncated, binary, wrongly encoded or missing a key field. */
export class ImportError extends UserError {
  constructor(
    message: string,
    readonly location: ImportErrorLocation,
  ) {
    super('IMPORT_FAILED', formatImportError(message, location), { ...location, reason: message });
    this.name = 'ImportError';
  }
}

export function formatImportError(message: string, loc: ImportErrorLocation): string {
  let where = loc.file;
  if (loc.line !== undefined) where += `:${loc.line}`;
  if (loc.record !== undefined) where += ` (record ${loc.record})`;
  const field = loc.field !== undefined ? ` field "${loc.field}":` : '';
  const value = loc.value !== undefined ? ` (value: ${JSON.stringify(truncate(loc.value, 80))})` : '';
  return `${where}:${field} ${message}${value}`;
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
