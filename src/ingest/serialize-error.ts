import { ImportError, UserError, type ImportErrorLocation } from '../util/errors.js';
import type { SerializedError } from './wire.js';

export function serializeError(err: unknown): SerializedError {
  if (err instanceof ImportError) {
    return {
      name: err.name,
      message: err.message,
      code: err.code,
      location: { ...err.location, reason: err.details.reason },
    };
  }
  if (err instanceof UserError)
    return { name: err.name, message: err.message, code: err.code, details: err.details };
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, stack: e.stack };
}

/** Rebuilds an error on the receiving side of a thread boundary, keeping its class for the caller. */
export function deserializeError(s: SerializedError): Error {
  if (s.location) {
    const { reason, ...loc } = s.location as unknown as ImportErrorLocation & { reason?: string };
    const err = new ImportError(String(reason ?? s.message), loc);
    if (s.name === 'EncodingMismatch') err.name = 'EncodingMismatch';
    return err;
  }
  if (s.code) return new UserError(s.code, s.message, s.details ?? {});
  const err = new Error(s.message);
  err.name = s.name;
  if (s.stack) err.stack = s.stack;
  return err;
}
