/**
 * The typed client every screen uses. It wraps whichever Bridge the shell gave us (Electron preload or the
 * browser-mode HTTP shim) and adds: one error type with the core's error code, the proposed changeset
 * methods (renderer/changesets-contract.ts) typed alongside the contract's, and save-file plumbing that
 * hides the Electron / browser difference (native save dialog vs server-side temp file + download).
 */
import type { ApiEvents, ApiMethods, FileToken } from '../src/api/contract.js';
import type { AppBridge } from './bridge/index.js';
import type { ChangesetMethods } from './changesets-contract.js';

export type AllMethods = ApiMethods & ChangesetMethods;
export type Method = keyof AllMethods;
export type Params<M extends Method> = AllMethods[M]['params'];
export type Result<M extends Method> = AllMethods[M]['result'];

export class ApiCallError extends Error {
  readonly code: string;
  readonly method: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(method: string, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiCallError';
    this.method = method;
    this.code = code;
    this.details = details;
  }
}

export function errorCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** The server does not know the method (an older core, or a feature that is not built yet). */
export function isUnknownMethod(e: unknown): boolean {
  const c = errorCode(e);
  return c === 'UNKNOWN_METHOD' || c === 'UnknownMethod' || c === 'HTTP_404';
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface Api {
  readonly mode: 'electron' | 'browser';
  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends keyof ApiEvents>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  pickFiles(opts: { title: string; multiple: boolean; filters?: FileFilter[] }): Promise<FileToken[]>;
  /** A location for a new file the core creates and keeps (a workspace): no download afterwards. */
  pickSaveFile(opts: {
    title: string;
    defaultName: string;
    filters?: FileFilter[];
  }): Promise<FileToken | null>;
  /**
   * Asks where to save (native dialog in Electron; the browser's download in browser mode), runs `write`
   * with the token, then delivers the file. Resolves to null if the user cancelled.
   */
  saveAs<T>(
    opts: { title: string; defaultName: string; filters?: FileFilter[] },
    write: (file: FileToken) => Promise<T>,
  ): Promise<T | null>;
  openExternal(url: string): Promise<void>;
}

export function createApi(bridge: AppBridge): Api {
  const untyped = bridge as unknown as {
    call(method: string, params: unknown): Promise<unknown>;
  };
  return {
    mode: bridge.mode,
    async call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      try {
        return (await untyped.call(method, params)) as Result<M>;
      } catch (e) {
        throw new ApiCallError(
          method,
          errorCode(e) ?? 'ERROR',
          errorMessage(e),
          (e as { details?: Record<string, unknown> })?.details,
        );
      }
    },
    on: (event, listener) => bridge.on(event, listener),
    pickFiles: (opts) => bridge.pickFiles(opts),
    pickSaveFile: (opts) => bridge.pickSaveFile(opts),
    async saveAs(opts, write) {
      const token = await bridge.pickSaveFile(opts);
      if (!token) return null;
      const result = await write(token);
      if (bridge.deliver) await bridge.deliver(token, opts.defaultName);
      return result;
    },
    openExternal: (url) => bridge.openExternal(url),
  };
}
