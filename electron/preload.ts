/**
 * The preload (sandboxed, context-isolated): exposes ONE frozen object, `window.cmdbw`, implementing the
 * contract's Bridge. It never exposes ipcRenderer, its events or any Node API; listeners receive payloads
 * only. Bundled to a single CommonJS file (dist/electron/preload.cjs), as sandboxed preloads require.
 *
 * call() rejects with a plain `{ code, message, details? }` object (an ApiError): Error objects lose
 * every property but the message when they cross the context bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type {
  ApiError,
  ApiEvents,
  ApiMethod,
  Bridge,
  FileToken,
  ParamsOf,
  ResultOf,
} from '../src/api/contract.js';

const CALL_CHANNEL = 'cmdbw:call';
const EVENT_CHANNEL = 'cmdbw:event';
const EVENT_NAMES: ReadonlySet<string> = new Set<keyof ApiEvents>(['job', 'workspace/changed']);

type Response = { ok: true; value: unknown } | { ok: false; error: ApiError };

async function invoke(method: string, params: unknown): Promise<unknown> {
  const res = (await ipcRenderer.invoke(CALL_CHANNEL, method, params)) as Response;
  if (res.ok) return res.value;
  // A plain object survives the context bridge with its code; an Error would keep its message only.
  throw { code: res.error.code, message: res.error.message, details: res.error.details } satisfies ApiError;
}

const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const l of listeners.get(name) ?? []) {
    try {
      l(payload);
    } catch {
      // one failing listener must not starve the others
    }
  }
});

export const bridge = Object.freeze({
  mode: 'electron' as const,
  call<M extends ApiMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    return invoke(method, params) as Promise<ResultOf<M>>;
  },
  on<E extends keyof ApiEvents>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    if (!EVENT_NAMES.has(event) || typeof listener !== 'function') return () => undefined;
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const l = (payload: unknown) => listener(payload as ApiEvents[E]);
    set.add(l);
    return () => {
      set.delete(l);
    };
  },
  pickFiles(opts: Parameters<Bridge['pickFiles']>[0]): Promise<FileToken[]> {
    return invoke('shell/pickFiles', opts) as Promise<FileToken[]>;
  },
  pickSaveFile(opts: Parameters<Bridge['pickSaveFile']>[0]): Promise<FileToken | null> {
    return invoke('shell/pickSaveFile', opts) as Promise<FileToken | null>;
  },
  async openExternal(url: string): Promise<void> {
    await invoke('shell/openExternal', url);
  },
}) satisfies Bridge;

contextBridge.exposeInMainWorld('cmdbw', bridge);
