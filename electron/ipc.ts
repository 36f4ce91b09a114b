/**
 * The one IPC channel between the renderer and main: `ipcMain.handle('cmdbw:call', (event, method, params))`.
 * - The sender must be the top frame of one of our pages (app://app, parsed): anything else is FORBIDDEN.
 * - `shell/*` methods (file dialogs, external links) are answered here in main, with zod-validated options.
 * - Every other method goes to the core's dispatch, which rejects unknown methods and validates params.
 * The answer is always an ApiResponse; nothing throws across IPC (no raw Error objects reach the page).
 * Events go the other way on 'cmdbw:event' (name, payload), to our pages only.
 *
 * Only type imports from 'electron': the dispatcher is unit-tested with forged events.
 */
import type { IpcMain, WebContents } from 'electron';
import { isAppUrl } from './security.js';
import { toApiError } from '../src/api/api-error.js';
import type { ApiError, ApiMethod, ApiResponse, Bridge, FileToken } from '../src/api/contract.js';
import type { Dispatch } from '../src/api/dispatch.js';
import type { EventHub } from '../src/api/events.js';
import {
  API_METHODS,
  describeIssues,
  externalUrlSchema,
  pickFilesSchema,
  pickSaveFileSchema,
} from '../src/api/schemas.js';
import { UserError } from '../src/util/errors.js';

export const CALL_CHANNEL = 'cmdbw:call';
export const EVENT_CHANNEL = 'cmdbw:event';

/** What the shell adds to the API. The preload maps Bridge.pickFiles etc. onto these. */
export const SHELL_METHODS = ['shell/pickFiles', 'shell/pickSaveFile', 'shell/openExternal'] as const;
export type ShellMethod = (typeof SHELL_METHODS)[number];

/** Everything a page can ask main for, exactly. */
export const IPC_METHODS: readonly string[] = [...API_METHODS, ...SHELL_METHODS];

export interface SenderFrame {
  url: string;
  parent: unknown;
}

/** The top frame of one of our pages; never a subframe, never another origin, never a destroyed frame. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url);
}

export interface ShellHandlers {
  pickFiles(sender: WebContents, opts: Parameters<Bridge['pickFiles']>[0]): Promise<FileToken[]>;
  pickSaveFile(sender: WebContents, opts: Parameters<Bridge['pickSaveFile']>[0]): Promise<FileToken | null>;
  openExternal(url: string): Promise<boolean>;
}

export interface CallEvent {
  senderFrame: SenderFrame | null;
  sender: WebContents;
}

export type IpcResponse =
  ApiResponse<ApiMethod> | { ok: true; value: unknown } | { ok: false; error: ApiError };

function badRequest(method: string, issues: Parameters<typeof describeIssues>[0]): IpcResponse {
  const d = describeIssues(issues);
  return {
    ok: false,
    error: {
      code: 'BAD_REQUEST',
      message: `${method}: ${d.message}`,
      details: { field: d.field, issues: d.issues },
    },
  };
}

export function createIpcDispatcher(
  dispatch: Dispatch,
  shell: ShellHandlers,
): (event: CallEvent, method: unknown, params: unknown) => Promise<IpcResponse> {
  return async (event, method, params) => {
    if (!isTrustedSender(event.senderFrame))
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: 'calls are accepted from the app’s own pages only' },
      };
    if (typeof method === 'string' && (SHELL_METHODS as readonly string[]).includes(method)) {
      try {
        switch (method as ShellMethod) {
          case 'shell/pickFiles': {
            const p = pickFilesSchema.safeParse(params);
            if (!p.success) return badRequest(method, p.error.issues);
            return { ok: true, value: await shell.pickFiles(event.sender, p.data) };
          }
          case 'shell/pickSaveFile': {
            const p = pickSaveFileSchema.safeParse(params);
            if (!p.success) return badRequest(method, p.error.issues);
            return { ok: true, value: await shell.pickSaveFile(event.sender, p.data) };
          }
          case 'shell/openExternal': {
            const p = externalUrlSchema.safeParse(params);
            if (!p.success) return badRequest(method, p.error.issues);
            if (!(await shell.openExternal(p.data)))
              throw new UserError(
                'NOT_ALLOWED',
                'only https links to known documentation sites open outside the app',
              );
            return { ok: true, value: undefined };
          }
        }
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    }
    return dispatch(method, params);
  };
}

export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handler: (event: CallEvent, method: unknown, params: unknown) => Promise<IpcResponse>,
): void {
  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, params: unknown) =>
    handler({ senderFrame: event.senderFrame, sender: event.sender }, method, params),
  );
}

/** Pushes API events to our pages (never to a page that navigated elsewhere). */
export function forwardEvents(events: EventHub, targets: () => WebContents[]): () => void {
  return events.subscribe((event, payload) => {
    for (const wc of targets()) {
      if (!wc.isDestroyed() && isAppUrl(wc.getURL())) wc.send(EVENT_CHANNEL, event, payload);
    }
  });
}
