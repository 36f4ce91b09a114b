import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  registerAppScheme,
  serveAppProtocol,
} from '../../electron/protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../src/server/csp.js';
import { resolveStaticPath } from '../../src/server/static-files.js';

describe('the app:// protocol', () => {
  let dir: string;
  let root: string;
  let handle: ReturnType<typeof createAppProtocolHandler>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cmdbw-protocol-'));
    root = path.join(dir, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(root, 'assets', 'main.js'), 'export {}');
    writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    mkdirSync(path.join(dir, 'renderer-evil'));
    writeFileSync(path.join(dir, 'renderer-evil', 'x.js'), 'evil');
    handle = createAppProtocolHandler(root);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is a standard, secure scheme that does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_PRIVILEGES]);
    serveAppProtocol(protocol, root);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('serves the bundle with the CSP on every response', async () => {
    const r = await handle({ url: 'app://app/index.html', method: 'GET' });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<title>app</title>');
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const js = await handle({ url: 'app://app/assets/main.js' });
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await handle({ url: 'app://app/' })).status).toBe(200);
    expect((await handle({ url: 'app://app/#/cis/42' })).status).toBe(200);
    expect((await handle({ url: 'app://app/cis/42' })).status).toBe(404);
    const missing = await handle({ url: 'app://app/assets/nope.js' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    'app://app/../../etc/passwd',
    'app://app/../secret.txt',
    'app://app/%2e%2e/secret.txt',
    'app://app/%2E%2E%2Fsecret.txt',
    'app://app/assets/..%2f..%2fsecret.txt',
    'app://app/..%5csecret.txt',
    'app://app/../renderer-evil/x.js',
    'app://app/%00',
    'app://app/%E0%A4%A',
    'app://evil/index.html',
    'app://app.evil/index.html',
    'file:///etc/passwd',
  ])('answers %s with 404 (never a file outside the bundle)', async (url) => {
    const r = await handle({ url, method: 'GET' });
    expect(r.status).toBe(404);
    expect(await r.text()).not.toMatch(/secret|evil|root:/);
  });

  it('refuses other methods', async () => {
    expect((await handle({ url: 'app://app/index.html', method: 'POST' })).status).toBe(405);
  });

  it('resolveStaticPath keeps every path inside the root', () => {
    expect(resolveStaticPath(root, '/assets/main.js')).toBe(path.join(root, 'assets', 'main.js'));
    expect(resolveStaticPath(root, '/')).toBe(root);
    for (const p of ['/../x', '/a/../../x', '/%2e%2e/x', '/..\\x', '/C:/Windows/win.ini', '/x%00'])
      expect(resolveStaticPath(root, p), p).toBeUndefined();
  });
});
