/**
 * Browser-mode Bridge: the same `Bridge` the Electron preload exposes as `window.cmdbw`, implemented over
 * `cmdbw serve`'s loopback HTTP API (protocol: src/server/README.md).
 *
 * - Calls: `POST /api/<method>` with `{"params": …}` and `Authorization: Bearer <token>`; the answer is an
 *   `ApiResponse` (`{ok:true,value}` | `{ok:false,error}`).
 * - Events: Server-Sent Events at `GET /api/events?token=…` (EventSource cannot send headers), one SSE event
 *   name per `ApiEvents` key, JSON data. EventSource reconnects by itself; listeners survive reconnects.
 * - Files: there are no native dialogs in a browser. `pickFiles` opens a hidden <input type=file> and uploads
 *   every chosen file (`POST /api/upload`), answering the server's FileTokens; `pickSaveFile` asks the server
 *   for a save token (`POST /api/save`), and after the export the client calls `deliver(token)`, which makes
 *   the browser download `GET /api/download/<token>`.
 *
 * Threat note: the token is the only credential. It arrives in the URL the server prints, is moved to
 * sessionStorage (per tab) and removed from the address bar at once, and it is only ever sent to our own
 * origin. Nothing here builds file-system paths.
 */
import type {
  ApiError,
  ApiEvents,
  ApiMethod,
  Bridge,
  FileToken,
  ParamsOf,
  ResultOf,
} from '../../src/api/contract.js';

const TOKEN_KEY = 'cmdbw.token';

/** An error carried across the bridge with the core's code (UNKNOWN_METHOD, NOT_FOUND, …). */
export class BridgeError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'BridgeError';
    this.code = error.code;
    this.details = error.details;
  }
}

/** What browser mode adds to the Bridge: delivering a saved file to the user. */
export interface BrowserBridgeExtras {
  /** Downloads the file a save token points at (after the export method wrote it). */
  deliver(token: FileToken, suggestedName: string): Promise<void>;
}

export type HttpBridge = Bridge & BrowserBridgeExtras;

/**
 * Takes the token from the page URL (`?token=…` or `#…token=…`), keeps it for this tab and strips it from
 * the address bar so it does not end up in history, bookmarks or screenshots.
 */
export function takeTokenFromLocation(loc: Location, storage: Storage | undefined): string | null {
  const url = new URL(loc.href);
  let token = url.searchParams.get('token');
  if (token) {
    url.searchParams.delete('token');
  } else {
    const m = /(?:^#|[?&#])token=([^&#]+)/.exec(url.hash);
    if (m?.[1]) {
      token = decodeURIComponent(m[1]);
      url.hash = url.hash.replace(/([?&#])token=[^&#]+&?/, '$1').replace(/[?&]$/, '');
    }
  }
  if (!token) {
    const m = /^\/t\/([A-Za-z0-9_-]{16,})\/?$/.exec(url.pathname);
    if (m?.[1]) {
      token = m[1];
      url.pathname = '/';
    }
  }
  if (token) {
    storage?.setItem(TOKEN_KEY, token);
    if (url.href !== loc.href) history.replaceState(history.state, '', url.href);
    return token;
  }
  return storage?.getItem(TOKEN_KEY) ?? null;
}

interface HttpBridgeOptions {
  /** Origin + path prefix of the API, default: this page's origin. */
  base?: string;
  token: string | null;
}

export function createHttpBridge(opts: HttpBridgeOptions): HttpBridge {
  const base = (opts.base ?? '').replace(/\/$/, '');
  const token = opts.token;
  const authHeaders = (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

  async function readResponse<T>(res: Response): Promise<T> {
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new BridgeError({
        code: res.ok ? 'BAD_RESPONSE' : `HTTP_${res.status}`,
        message: `the server answered ${res.status} ${res.statusText} with a body that is not JSON`,
      });
    }
    if (body && typeof body === 'object' && 'ok' in body) {
      const r = body as { ok: boolean; value?: unknown; error?: ApiError };
      if (r.ok) return r.value as T;
      throw new BridgeError(r.error ?? { code: `HTTP_${res.status}`, message: res.statusText });
    }
    if (!res.ok) {
      const err = (body as { error?: ApiError } | undefined)?.error;
      throw new BridgeError(
        err ?? {
          code: res.status === 401 ? 'UNAUTHORIZED' : `HTTP_${res.status}`,
          message: res.statusText || `HTTP ${res.status}`,
        },
      );
    }
    return body as T;
  }

  async function post<T>(path: string, body: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...authHeaders() },
        body: JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (e) {
      throw new BridgeError({
        code: 'OFFLINE',
        message: `cannot reach the workbench server (${(e as Error).message})`,
      });
    }
    return readResponse<T>(res);
  }

  // ---- events: one EventSource, opened on the first subscription ----
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  const attached = new Set<string>();
  function attach(event: string): void {
    if (!source || attached.has(event)) return;
    attached.add(event);
    source.addEventListener(event, (e) => {
      let payload: unknown;
      try {
        payload = JSON.parse((e as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const l of listeners.get(event) ?? []) l(payload);
    });
  }
  function ensureSource(): void {
    if (source) return;
    const q = token ? `?token=${encodeURIComponent(token)}` : '';
    source = new EventSource(`${base}/api/events${q}`);
    // A server that sends unnamed events wraps them as {event, payload}.
    source.onmessage = (e: MessageEvent<string>) => {
      try {
        const m = JSON.parse(e.data) as { event?: string; payload?: unknown };
        if (m.event) for (const l of listeners.get(m.event) ?? []) l(m.payload);
      } catch {
        /* keep-alive or foreign message */
      }
    };
    for (const ev of listeners.keys()) attach(ev);
  }

  // ---- files ----
  function chooseFiles(multiple: boolean, accept: string | undefined): Promise<File[]> {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = multiple;
      if (accept) input.accept = accept;
      input.hidden = true;
      input.dataset.testid = 'bridge-file-input';
      let settled = false;
      const done = (files: File[]) => {
        if (settled) return;
        settled = true;
        input.remove();
        resolve(files);
      };
      input.addEventListener('change', () => done(Array.from(input.files ?? [])));
      input.addEventListener('cancel', () => done([]));
      document.body.appendChild(input);
      input.click();
    });
  }

  async function upload(file: File): Promise<FileToken> {
    let res: Response;
    try {
      res = await fetch(`${base}/api/upload?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/octet-stream',
          'X-File-Name': encodeURIComponent(file.name),
          ...authHeaders(),
        },
        body: file,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (e) {
      throw new BridgeError({
        code: 'OFFLINE',
        message: `uploading ${file.name} failed (${(e as Error).message})`,
      });
    }
    const v = await readResponse<FileToken | { token: FileToken }>(res);
    return typeof v === 'string' ? v : v.token;
  }

  const bridge: HttpBridge = {
    mode: 'browser',
    call<M extends ApiMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      return post<ResultOf<M>>(`/api/${method}`, { params });
    },
    on<E extends keyof ApiEvents>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      ensureSource();
      attach(event);
      return () => {
        set.delete(l);
      };
    },
    async pickFiles(o) {
      const accept = o.filters
        ?.flatMap((f) => f.extensions)
        .filter((e) => e !== '*')
        .map((e) => `.${e}`)
        .join(',');
      const files = await chooseFiles(o.multiple, accept || undefined);
      const tokens: FileToken[] = [];
      for (const f of files) tokens.push(await upload(f));
      return tokens;
    },
    async pickSaveFile(o) {
      const v = await post<FileToken | { token: FileToken }>('/api/save', { name: o.defaultName });
      return typeof v === 'string' ? v : v.token;
    },
    async openExternal(url: string) {
      const u = new URL(url);
      if (u.protocol !== 'https:')
        throw new BridgeError({ code: 'BAD_URL', message: 'only https links open externally' });
      window.open(u.href, '_blank', 'noopener,noreferrer');
    },
    async deliver(tokenOfFile: FileToken, suggestedName: string) {
      // The download URL carries the API token because an <a download> click cannot send headers.
      const q = token ? `?token=${encodeURIComponent(token)}` : '';
      const a = document.createElement('a');
      a.href = `${base}/api/download/${encodeURIComponent(tokenOfFile)}${q}`;
      a.download = suggestedName;
      a.rel = 'noopener';
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
    },
  };
  return bridge;
}
