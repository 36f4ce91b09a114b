/**
 * Browser mode: the same API as the desktop app, over loopback HTTP (`cmdbw serve WS`). Protocol in
 * src/server/README.md.
 *
 * Threat note: any local process and any web page the user visits can send requests to 127.0.0.1.
 * - Listens on 127.0.0.1 only.
 * - Every API request needs the per-run random token (32 bytes), compared in constant time: a page on
 *   another origin cannot learn it (it is in the URL fragment the user opened, never sent by a browser).
 * - Host must be 127.0.0.1:PORT or localhost:PORT (DNS rebinding), and an Origin header, when present,
 *   must be this server's origin (cross-site requests), or the answer is 403 before anything else.
 * - API bodies must be JSON (no "simple" cross-site form posts), bounded in size.
 * - Files: uploads land in a private temp folder and come back as file tokens; downloads serve only files
 *   this server created as download targets.
 * The static UI is public (it is the app's bundle) and carries a strict CSP.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ApiError } from '../api/contract.js';
import type { Dispatch } from '../api/dispatch.js';
import type { ApiHost } from '../api/host.js';
import { contentTypeOf, SECURITY_HEADERS } from './csp.js';
import { findRendererDir, staticFileFor } from './static-files.js';

export const MAX_JSON_BODY = 1 << 20;
export const DEFAULT_MAX_UPLOAD = 1 << 30;
const SSE_PING_MS = 15_000;

export interface ServerOptions {
  host: ApiHost;
  dispatch: Dispatch;
  /** 0 (the default): any free port. */
  port?: number;
  /** The built UI; dist/renderer when omitted. */
  staticDir?: string;
  maxUploadBytes?: number;
  /** Where uploads and download targets live for the server's lifetime (a private temp folder by default). */
  tempDir?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  /** What to open: the origin with the token in the fragment. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** A file name from a browser, made safe to use as the last component of a path. */
export function safeFileName(name: string | null | undefined, fallback = 'upload'): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are what gets replaced
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || fallback;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { ok: false, error: { code, message } satisfies ApiError });
}

async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'the body must be JSON (Content-Type: application/json)',
    );
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_JSON_BODY) throw new HttpError(413, 'TOO_LARGE', 'the request body is too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY) throw new HttpError(413, 'TOO_LARGE', 'the request body is too large');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'the request body is not valid JSON');
  }
}

/** `{ "params": ... }`: the body of every API call. */
function paramsOf(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpError(400, 'BAD_REQUEST', 'the body must be a JSON object: {"params": {...}}');
  const extra = Object.keys(body).filter((k) => k !== 'params');
  if (extra.length > 0)
    throw new HttpError(
      400,
      'BAD_REQUEST',
      `unexpected key${extra.length > 1 ? 's' : ''} in the body: ${extra.join(', ')}`,
    );
  return (body as { params?: unknown }).params ?? {};
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { host, dispatch } = opts;
  const log = opts.log ?? (() => undefined);
  const token = randomBytes(32).toString('base64url');
  const tokenDigest = createHash('sha256').update(token).digest();
  const staticDir = opts.staticDir ?? findRendererDir();
  const maxUpload = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD;
  const ownTemp = opts.tempDir === undefined;
  const tempDir = opts.tempDir ?? mkdtempSync(path.join(os.tmpdir(), 'cmdbw-serve-'));
  const streams = new Set<http.ServerResponse>();
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const tokenOk = (candidate: string | null | undefined): boolean =>
    typeof candidate === 'string' &&
    candidate.length > 0 &&
    candidate.length < 200 &&
    timingSafeEqual(createHash('sha256').update(candidate).digest(), tokenDigest);
  const bearer = (req: http.IncomingMessage): string | undefined =>
    /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const requireToken = (req: http.IncomingMessage, url: URL, allowQuery: boolean): void => {
    const candidate = bearer(req) ?? (allowQuery ? url.searchParams.get('token') : undefined);
    if (!tokenOk(candidate))
      throw new HttpError(401, 'UNAUTHORIZED', 'missing or wrong token: open the URL cmdbw serve printed');
  };

  const privateDir = (kind: 'uploads' | 'downloads'): string => {
    const dir = path.join(tempDir, kind, randomBytes(12).toString('hex'));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  };

  async function upload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxUpload)
      throw new HttpError(
        413,
        'TOO_LARGE',
        `the file is larger than the ${Math.round(maxUpload / 2 ** 20)} MB limit`,
      );
    const name = safeFileName(url.searchParams.get('name'));
    const file = path.join(privateDir('uploads'), name);
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxUpload)
          done(
            new HttpError(
              413,
              'TOO_LARGE',
              `the file is larger than the ${Math.round(maxUpload / 2 ** 20)} MB limit`,
            ),
          );
        else done(null, chunk);
      },
    });
    try {
      await pipeline(req, limit, createWriteStream(file, { mode: 0o600 }));
    } catch (err) {
      rmSync(path.dirname(file), { recursive: true, force: true });
      throw err instanceof HttpError
        ? err
        : new HttpError(400, 'UPLOAD_FAILED', 'the upload did not complete');
    }
    const entry = host.files.register(file, 'read', 'upload', name);
    sendJson(res, 200, { ok: true, value: { token: entry.token, name, size } });
  }

  async function saveTarget(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = (await readJsonBody(req)) as { name?: unknown; params?: { name?: unknown } } | null;
    // `{"name": ...}`, or `{"params": {"name": ...}}` like every API call.
    const nameGiven = body?.params?.name ?? body?.name;
    if (typeof nameGiven !== 'string' || nameGiven.length === 0 || nameGiven.length > 255)
      throw new HttpError(
        400,
        'BAD_REQUEST',
        'name: the file name to save as is required (at most 255 characters)',
      );
    const params = { name: nameGiven };
    const name = safeFileName(params.name, 'export');
    const entry = host.files.register(path.join(privateDir('downloads'), name), 'write', 'download', name);
    sendJson(res, 200, { ok: true, value: { token: entry.token, name } });
  }

  function download(res: http.ServerResponse, fileToken: string, head: boolean): void {
    const entry = host.files.get(fileToken);
    if (!entry || entry.origin !== 'download' || !existsSync(entry.path))
      throw new HttpError(404, 'NOT_FOUND', 'nothing to download under that handle');
    const size = statSync(entry.path).size;
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': size,
      'Content-Disposition': `attachment; filename="${entry.displayName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(entry.displayName)}`,
      'Cache-Control': 'no-store',
    });
    if (head) res.end();
    else createReadStream(entry.path).pipe(res);
  }

  function events(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n: connected\n\n');
    streams.add(res);
    const unsubscribe = host.events.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), SSE_PING_MS);
    const stop = () => {
      unsubscribe();
      clearInterval(ping);
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'GET only');
    // Old-style links (?token=...) become the fragment form, which browsers never send to servers.
    const queryToken = url.searchParams.get('token');
    if (url.pathname === '/' && queryToken !== null) {
      if (!tokenOk(queryToken)) throw new HttpError(401, 'UNAUTHORIZED', 'wrong token');
      res.writeHead(303, {
        Location: `/#token=${encodeURIComponent(queryToken)}`,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    const file = staticDir ? staticFileFor(staticDir, url.pathname) : undefined;
    if (!file) {
      if (!staticDir && url.pathname === '/') return sendPlaceholder(res);
      throw new HttpError(404, 'NOT_FOUND', 'no such file');
    }
    const isHtml = file.endsWith('.html');
    res.writeHead(200, {
      'Content-Type': contentTypeOf(file),
      'Content-Length': statSync(file).size,
      'Cache-Control': isHtml ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }

  function sendPlaceholder(res: http.ServerResponse): void {
    const html =
      '<!doctype html><meta charset="utf-8"><title>CMDB Workbench</title>' +
      '<p>The user interface is not built yet. Run <code>npm run build</code>, then restart <code>cmdbw serve</code>.</p>' +
      '<p>The API is available at <code>/api/</code> (see src/server/README.md).</p>';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase()))
      throw new HttpError(403, 'FORBIDDEN', 'wrong Host header: use the URL cmdbw serve printed');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin))
      throw new HttpError(403, 'FORBIDDEN', 'cross-origin requests are not allowed');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/api/')) return serveStatic(req, res, url);

    const rest = url.pathname.slice('/api/'.length);
    if (rest === 'events') {
      if (req.method !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'GET only');
      requireToken(req, url, true);
      return events(req, res);
    }
    if (rest.startsWith('download/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'GET only');
      requireToken(req, url, true);
      return download(res, rest.slice('download/'.length), req.method === 'HEAD');
    }
    if (req.method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'POST only');
    requireToken(req, url, false);
    if (rest === 'upload') return upload(req, res, url);
    if (rest === 'save') return saveTarget(req, res);
    const params = paramsOf(await readJsonBody(req));
    sendJson(res, 200, await dispatch(rest, params));
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message);
      log(`cmdbw serve: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendError(res, 500, 'INTERNAL', 'internal error');
      // An unread request body would otherwise keep the connection busy.
      req.resume();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const originUrl = `http://127.0.0.1:${port}`;

  return {
    url: `${originUrl}/#token=${token}`,
    origin: originUrl,
    port,
    token,
    close: async () => {
      for (const res of streams) res.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownTemp) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
