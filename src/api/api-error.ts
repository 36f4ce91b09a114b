import type { ApiError } from './contract.js';
import { UserError } from '../util/errors.js';

/**
 * What the UI learns about a failure: a UserError's code, message and details; for anything else the
 * code INTERNAL and the message only (stacks stay in the host's log, never in the UI).
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof UserError) {
    return { code: err.code, message: err.message, details: jsonSafe(err.details) };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `internal error: ${message}` };
}

export function isApiError(value: unknown): value is ApiError {
  const v = value as ApiError | null;
  return typeof v === 'object' && v !== null && typeof v.code === 'string' && typeof v.message === 'string';
}

function jsonSafe(details: Record<string, unknown>): Record<string, unknown> | undefined {
  if (Object.keys(details).length === 0) return undefined;
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
