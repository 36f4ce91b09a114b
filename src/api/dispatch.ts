/**
 * The single entry point both transports call: `dispatch(method, rawParams)`.
 * - an unknown method (or a name inherited from Object.prototype) -> UNKNOWN_METHOD;
 * - params that fail the method's schema -> BAD_REQUEST, naming the field;
 * - a UserError -> its code, message and details;
 * - anything else -> INTERNAL with the message only (the stack goes to the host's log, not to the UI).
 * It never throws.
 */
import { toApiError } from './api-error.js';
import type { ApiMethod, ApiResponse } from './contract.js';
import type { Handler, Handlers } from './handlers.js';
import { describeIssues, isApiMethod, PARAM_SCHEMAS } from './schemas.js';
import { UserError } from '../util/errors.js';

export type Dispatch = (method: unknown, rawParams: unknown) => Promise<ApiResponse<ApiMethod>>;

export interface DispatchOptions {
  /** Called with errors that are not UserErrors (bugs): log them with their stack. */
  onInternalError?: (method: string, err: unknown) => void;
}

export function createDispatch(handlers: Handlers, opts: DispatchOptions = {}): Dispatch {
  return async (method, rawParams) => {
    if (!isApiMethod(method)) {
      const shown = typeof method === 'string' ? JSON.stringify(method.slice(0, 100)) : typeof method;
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown API method ${shown}` } };
    }
    const parsed = PARAM_SCHEMAS[method].safeParse(rawParams ?? {});
    if (!parsed.success) {
      const d = describeIssues(parsed.error.issues);
      return {
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: `${method}: ${d.message}`,
          details: { field: d.field, issues: d.issues },
        },
      };
    }
    try {
      const handler = handlers[method] as Handler<ApiMethod>;
      const value = await handler(parsed.data as never);
      return { ok: true, value } as ApiResponse<ApiMethod>;
    } catch (err) {
      if (!(err instanceof UserError)) opts.onInternalError?.(method, err);
      return { ok: false, error: toApiError(err) };
    }
  };
}
