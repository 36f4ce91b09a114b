/**
 * The app's security baseline, in one place (Electron security checklist, ../shared/reference section C).
 *
 * Threat note: the renderer shows data imported from files nobody vetted (CMDB exports, scans, agent
 * inventories). Assume a value gets rendered as markup some day: the renderer must then still be unable
 * to reach Node, the file system, other origins or new windows. Hence: context isolation, the sandbox,
 * no Node integration anywhere, a strict CSP (protocol.ts), app:// instead of file://, navigation and new
 * windows denied, every permission denied but one, and external links only through openExternalSafe.
 *
 * Only type imports from 'electron' here: the pure helpers are unit-tested under plain Node.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Hosts the UI may open in the system browser (documentation of the formats and of the app). */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set([
  'github.com',
  'docs.servicenow.com',
  'www.servicenow.com',
  'developer.servicenow.com',
  'netboxlabs.com',
  'docs.netbox.dev',
  'www.itophub.io',
  'nmap.org',
  'www.robware.net',
  'glpi-project.org',
  'docs.aws.amazon.com',
  'www.electronjs.org',
]);

/** Permissions the app's own pages may have: writing to the clipboard ("copy" buttons). */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** A URL of the app's own UI (parsed, never compared as a string prefix). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/**
 * The webPreferences of every window: context isolation, the sandbox, no Node in the page, its workers or
 * its frames, web security on, no <webview>, no experimental or Blink features.
 */
export function secureWebPreferences(preload: string, opts: { devTools?: boolean } = {}): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: opts.devTools ?? false,
  };
}

export function mainWindowOptions(
  preload: string,
  opts: { devTools?: boolean } = {},
): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'CMDB Workbench',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preload, opts),
  };
}

/** https only, a listed host, no credentials and no odd port in the URL. */
export function isAllowedExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (
    u.protocol === 'https:' &&
    u.username === '' &&
    u.password === '' &&
    (u.port === '' || u.port === '443') &&
    EXTERNAL_LINK_HOSTS.has(u.hostname.toLowerCase())
  );
}

/** The only way the app opens anything outside itself. Resolves to whether it opened the link. */
export async function openExternalSafe(
  url: string,
  shell: { openExternal(url: string): Promise<void> },
): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await shell.openExternal(new URL(url).href);
  return true;
}

/** Permission requests and checks: deny, except the listed ones for the app's own pages. */
export function permissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

type Hardenable = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  on(event: 'will-download', listener: (event: { preventDefault(): void }) => void): unknown;
};

export function hardenSession(session: Hardenable): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin),
  );
  // Exports are written by main into files the user chose; the page never downloads anything.
  session.on('will-download', (event) => event.preventDefault());
}

/**
 * Every web contents (windows, and any frame someone manages to create): no navigation away from the
 * app, no redirects, no new windows (an allowed https link opens in the system browser instead), no
 * <webview>.
 */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
