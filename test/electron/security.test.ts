import { describe, expect, it, vi } from 'vitest';
import {
  hardenSession,
  hardenWebContents,
  isAllowedExternalUrl,
  isAppUrl,
  mainWindowOptions,
  openExternalSafe,
  permissionAllowed,
  secureWebPreferences,
} from '../../electron/security.js';

describe('the window options factory', () => {
  it('isolates, sandboxes and keeps Node out of every page', () => {
    const p = secureWebPreferences('/app/preload.cjs');
    expect(p).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
    expect(p).not.toHaveProperty('enableBlinkFeatures');
    expect(mainWindowOptions('/p.cjs').webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    expect(mainWindowOptions('/p.cjs', { devTools: true }).webPreferences?.devTools).toBe(true);
    expect(mainWindowOptions('/p.cjs').show).toBe(false);
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://app/index.html', true],
    ['app://app/cis/42?x=1#y', true],
    ['app://app.evil.com/index.html', false],
    ['app://evil/index.html', false],
    ['app://user:pw@app/', false],
    ['file:///etc/passwd', false],
    ['http://app/index.html', false],
    ['https://github.com/', false],
    ['app:app', false],
    ['not a url', false],
    ['', false],
  ])('%s -> %s', (url, ok) => expect(isAppUrl(url)).toBe(ok));
});

describe('external links', () => {
  it.each([
    ['https://docs.servicenow.com/bundle/xanadu', true],
    ['https://github.com/cmdb-workbench', true],
    ['HTTPS://GITHUB.COM/x', true],
    ['http://github.com/', false],
    ['https://github.com.evil.com/', false],
    ['https://evil.com/?github.com', false],
    ['https://user:pass@github.com/', false],
    ['https://github.com:8443/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://server/share', false],
    ['https://raw.githubusercontent.com/x', false],
  ])('%s allowed: %s', (url, ok) => expect(isAllowedExternalUrl(url)).toBe(ok));

  it('opens only allowed links, through the one helper', async () => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    expect(await openExternalSafe('https://evil.com/', shell)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(await openExternalSafe('https://github.com/a b', shell)).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://github.com/a%20b');
  });
});

describe('permissions', () => {
  it('denies everything but clipboard writes from our own pages', () => {
    expect(permissionAllowed('clipboard-sanitized-write', 'app://app/index.html')).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://evil.com/')).toBe(false);
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fileSystem',
      'unknown',
    ])
      expect(permissionAllowed(p, 'app://app/index.html'), p).toBe(false);
  });

  it('installs deny-by-default request and check handlers, and blocks downloads', () => {
    type Req = (wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void;
    type Check = (wc: unknown, p: string, origin: string) => boolean;
    let request: Req | undefined;
    let check: Check | undefined;
    let download: ((e: { preventDefault(): void }) => void) | undefined;
    const session = {
      setPermissionRequestHandler: (h: Req) => (request = h),
      setPermissionCheckHandler: (h: Check) => (check = h),
      on: (_e: 'will-download', l: (e: { preventDefault(): void }) => void) => (download = l),
    };
    hardenSession(session as unknown as Parameters<typeof hardenSession>[0]);
    const answers: boolean[] = [];
    request!(null, 'media', (ok) => answers.push(ok), { requestingUrl: 'app://app/index.html' });
    request!(null, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: 'app://app/' });
    expect(answers).toEqual([false, true]);
    expect(check!(null, 'geolocation', 'app://app')).toBe(false);
    const e = { preventDefault: vi.fn() };
    download!(e);
    expect(e.preventDefault).toHaveBeenCalled();
  });
});

describe('hardenWebContents', () => {
  function fakeContents() {
    const listeners = new Map<string, (e: { url?: string; preventDefault(): void }) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (event: string, l: (e: { url?: string; preventDefault(): void }) => void) =>
        listeners.set(event, l),
      setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => (openHandler = h),
    };
    const fire = (event: string, url?: string) => {
      const e = { url, preventDefault: vi.fn() };
      listeners.get(event)!(e);
      return e.preventDefault.mock.calls.length > 0;
    };
    return { contents, fire, open: (url: string) => openHandler!({ url }) };
  }

  it('blocks navigation and redirects away from the app, and <webview>', () => {
    const f = fakeContents();
    hardenWebContents(f.contents as never, () => undefined);
    expect(f.fire('will-navigate', 'https://evil.com/')).toBe(true);
    expect(f.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(f.fire('will-navigate', 'app://app/findings')).toBe(false);
    expect(f.fire('will-frame-navigate', 'https://evil.com/')).toBe(true);
    expect(f.fire('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(f.fire('will-attach-webview')).toBe(true);
  });

  it('denies every new window; an allowed link goes to the system browser instead', () => {
    const f = fakeContents();
    const opened: string[] = [];
    hardenWebContents(f.contents as never, (url) => opened.push(url));
    expect(f.open('https://evil.com/')).toEqual({ action: 'deny' });
    expect(f.open('app://app/index.html')).toEqual({ action: 'deny' });
    expect(f.open('https://github.com/x')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/x']);
  });
});
