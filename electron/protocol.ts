/**
 * The UI is served from app://app/ (a privileged standard, secure scheme), never from file://: pages on
 * file:// may read any file on the machine. Every response carries the CSP and the security headers;
 * a path that would leave the bundle folder (`..`, encoded or not) is a 404. The scheme never gets
 * `bypassCSP`.
 *
 * Only type imports from 'electron': the handler is a plain Request -> Response function, unit-tested.
 */
import { readFile } from 'node:fs/promises';
import type { CustomScheme, Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './security.js';
import { contentTypeOf, SECURITY_HEADERS } from '../src/server/csp.js';
import { staticFileFor } from '../src/server/static-files.js';

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

function notFound(): Response {
  return new Response('not found', {
    status: 404,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** app://app/<path> -> the file under `root` (dist/renderer), or index.html for an app route, or 404. */
export function createAppProtocolHandler(
  root: string,
): (request: { url: string; method?: string }) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
    if (request.method && request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('method not allowed', { status: 405, headers: { ...SECURITY_HEADERS } });
    const file = staticFileFor(root, url.pathname);
    if (!file) return notFound();
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': contentTypeOf(file),
        'Cache-Control': file.endsWith('.html') ? 'no-store' : 'no-cache',
      },
    });
  };
}

/** Before app `ready`: declare the scheme's privileges. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** After `ready`: serve the bundle. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(root));
}
