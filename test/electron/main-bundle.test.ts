/**
 * Electron cannot be launched in CI here, so this loads the real bundle, dist/electron/main.cjs, against a
 * recording fake of the 'electron' module: it checks what main wires up (scheme, protocol, session,
 * IPC, window) and runs a job through IPC with the self-contained worker bundle the app ships.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobState } from '../../src/api/contract.js';
import { reconciledSimWorkspace } from '../api/fixtures.js';

const root = path.resolve(__dirname, '../..');

interface Fake {
  privileged: unknown[];
  handled: Map<string, (req: { url: string; method?: string }) => Promise<Response>>;
  ipc: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  appListeners: Map<string, (...args: unknown[]) => void>;
  windows: { options: { webPreferences: Record<string, unknown> }; url?: string }[];
  sent: unknown[][];
  calls: string[];
}

function fakeElectron(userData: string): { module: unknown; fake: Fake } {
  const fake: Fake = {
    privileged: [],
    handled: new Map(),
    ipc: new Map(),
    appListeners: new Map(),
    windows: [],
    sent: [],
    calls: [],
  };
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));
  const webContents = {
    isDestroyed: () => false,
    getURL: () => 'app://app/index.html',
    send: (...args: unknown[]) => fake.sent.push(args),
  };
  class BrowserWindow {
    webContents = webContents;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      fake.windows.push(this as never);
    }
    once() {}
    on() {}
    loadURL(url: string) {
      (this as { url?: string }).url = url;
      return Promise.resolve();
    }
    static getAllWindows() {
      return fake.windows;
    }
    static fromWebContents() {
      return null;
    }
  }
  const module = {
    app: {
      setPath: () => fake.calls.push('setPath'),
      enableSandbox: () => fake.calls.push('enableSandbox'),
      requestSingleInstanceLock: () => true,
      on: (e: string, l: (...args: unknown[]) => void) => fake.appListeners.set(e, l),
      whenReady: () => whenReady,
      isPackaged: false,
      getPath: () => userData,
      getVersion: () => '0.1.0-test',
      quit: () => fake.calls.push('quit'),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => {
        fake.calls.push('registerSchemesAsPrivileged');
        fake.privileged.push(...s);
      },
      handle: (scheme: string, h: (req: { url: string }) => Promise<Response>) => fake.handled.set(scheme, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => fake.calls.push('setPermissionRequestHandler'),
        setPermissionCheckHandler: () => fake.calls.push('setPermissionCheckHandler'),
        on: (e: string) => fake.calls.push(`session.on:${e}`),
      },
    },
    ipcMain: {
      handle: (channel: string, h: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
        fake.ipc.set(channel, h),
    },
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
    },
    shell: { openExternal: async () => undefined },
    BrowserWindow,
  };
  return { module, fake: Object.assign(fake, { ready }) };
}

describe('the bundled Electron main process', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cmdbw-main-'));
  let fake: Fake & { ready: () => void };
  const call = (frameUrl: string, method: string, params: unknown) =>
    fake.ipc.get('cmdbw:call')!(
      { senderFrame: { url: frameUrl, parent: null }, sender: {} },
      method,
      params,
    ) as Promise<{
      ok: boolean;
      value?: unknown;
      error?: { code: string };
    }>;

  beforeAll(async () => {
    // @ts-expect-error: a plain .mjs script without types
    const { buildElectron } = (await import('../../scripts/build-app.mjs')) as {
      buildElectron: () => Promise<void>;
    };
    await buildElectron();
    const workspace = await reconciledSimWorkspace(tmp);
    const userData = path.join(tmp, 'user-data');
    mkdirSync(userData);
    const made = fakeElectron(userData);
    fake = made.fake as Fake & { ready: () => void };
    const load = (Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown })._load;
    (Module as unknown as { _load: typeof load })._load = function (req: string, ...rest: unknown[]) {
      return req === 'electron' ? made.module : load.call(this, req, ...rest);
    };
    process.env.CMDBW_WORKSPACE = workspace;
    try {
      createRequire(import.meta.url)(path.join(root, 'dist', 'electron', 'main.cjs'));
    } finally {
      (Module as unknown as { _load: typeof load })._load = load;
    }
    fake.ready();
    await new Promise((r) => setTimeout(r, 50));
  }, 240_000);

  afterAll(async () => {
    delete process.env.CMDBW_WORKSPACE;
    // main closes the core on will-quit.
    let prevented = false;
    fake?.appListeners.get('will-quit')?.({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    rmSync(tmp, { recursive: true, force: true });
  });

  it('registers the app:// scheme before ready, with the sandbox on for every renderer', () => {
    expect(fake.calls.indexOf('registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
    expect(fake.calls).toContain('enableSandbox');
    expect(fake.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('hardens the session and every web contents', () => {
    expect(fake.calls).toEqual(
      expect.arrayContaining([
        'setPermissionRequestHandler',
        'setPermissionCheckHandler',
        'session.on:will-download',
      ]),
    );
    expect(fake.appListeners.has('web-contents-created')).toBe(true);
  });

  it('opens one window on app://app with the secure preferences and the bundled preload', () => {
    expect(fake.windows).toHaveLength(1);
    const w = fake.windows[0]!;
    expect(w.url).toBe('app://app/index.html');
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(w.options.webPreferences.preload).toBe(path.join(root, 'dist', 'electron', 'preload.cjs'));
    expect(existsSync(w.options.webPreferences.preload as string)).toBe(true);
  });

  it('serves the renderer over app:// and 404s traversal', async () => {
    const handler = fake.handled.get('app')!;
    expect((await handler({ url: 'app://app/../../etc/passwd', method: 'GET' })).status).toBe(404);
  });

  it('answers the one IPC channel, for our page only', async () => {
    expect([...fake.ipc.keys()]).toEqual(['cmdbw:call']);
    const info = await call('app://app/index.html', 'app/info', {});
    expect(info).toMatchObject({
      ok: true,
      value: { mode: 'electron', version: '0.1.0-test', workspace: { name: 'sim-400-11' } },
    });
    expect(await call('https://evil.com/', 'app/info', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('app://app/index.html', 'fs/readFile', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
  });

  it('runs a reconciliation in the app’s self-contained worker bundle, with events to the window', async () => {
    expect(process.env.CMDBW_JOB_WORKER).toBe(path.join(root, 'dist', 'electron', 'job-worker.mjs'));
    const started = await call('app://app/index.html', 'reconcile/start', {});
    expect(started.ok).toBe(true);
    const id = (started.value as JobState).id;
    for (let i = 0; i < 600; i++) {
      const s = await call('app://app/index.html', 'jobs/get', { id });
      if ((s.value as JobState).status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await call('app://app/index.html', 'jobs/get', { id })).value).toMatchObject({ status: 'done' });
    const jobEvents = fake.sent.filter((s) => s[0] === 'cmdbw:event' && s[1] === 'job');
    expect(jobEvents.length).toBeGreaterThan(2);
    expect(fake.sent.some((s) => s[1] === 'workspace/changed')).toBe(true);
  });
});
