/**
 * Electron main: composition only. Security lives in security.ts, the UI protocol in protocol.ts, the IPC
 * dispatcher in ipc.ts, file dialogs in dialogs.ts, the core in core-host.ts.
 *
 * Environment: CMDBW_WORKSPACE (or --workspace FILE) opens a workspace at start; CMDBW_USER_DATA_DIR
 * isolates the user-data folder (tests); CMDBW_DEVTOOLS=1 allows DevTools in an unpackaged build.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import path from 'node:path';
import { createCoreHost } from './core-host.js';
import { createDialogs } from './dialogs.js';
import { createIpcDispatcher, forwardEvents, registerIpc } from './ipc.js';
import { registerAppScheme, serveAppProtocol } from './protocol.js';
import {
  APP_ENTRY_URL,
  hardenSession,
  hardenWebContents,
  mainWindowOptions,
  openExternalSafe,
} from './security.js';

/** The value of --workspace FILE / --workspace=FILE, if given. */
export function workspaceArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--workspace') return argv[i + 1];
    if (a.startsWith('--workspace=')) return a.slice('--workspace='.length);
  }
  return undefined;
}

const bundleDir = __dirname;
const rendererDir = path.join(bundleDir, '..', 'renderer');
const log = (line: string) => process.stderr.write(`${line}\n`);

if (process.env.CMDBW_USER_DATA_DIR) app.setPath('userData', path.resolve(process.env.CMDBW_USER_DATA_DIR));
registerAppScheme(protocol);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  const openLink = (url: string) => void openExternalSafe(url, shell).catch(() => undefined);

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openLink));

  const createWindow = (): void => {
    const devTools = !app.isPackaged && process.env.CMDBW_DEVTOOLS === '1';
    mainWindow = new BrowserWindow(mainWindowOptions(path.join(bundleDir, 'preload.cjs'), { devTools }));
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    mainWindow.on('closed', () => (mainWindow = null));
    void mainWindow.loadURL(APP_ENTRY_URL);
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    serveAppProtocol(protocol, rendererDir);
    const api = createCoreHost({
      version: app.getVersion(),
      isPackaged: app.isPackaged,
      userDataDir: app.getPath('userData'),
      resourcesDir: process.resourcesPath,
      bundleDir,
      workspace: workspaceArg(process.argv) ?? process.env.CMDBW_WORKSPACE,
      log,
    });
    const dialogs = createDialogs(dialog, api.host.files);
    registerIpc(
      ipcMain,
      createIpcDispatcher(api.dispatch, {
        pickFiles: (sender, opts) => dialogs.pickFiles(BrowserWindow.fromWebContents(sender), opts),
        pickSaveFile: (sender, opts) => dialogs.pickSaveFile(BrowserWindow.fromWebContents(sender), opts),
        openExternal: (url) => openExternalSafe(url, shell),
      }),
    );
    forwardEvents(api.host.events, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
    createWindow();

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });

    let closing = false;
    app.on('will-quit', (event) => {
      if (closing) return;
      // Stop running jobs (an import rolls back) and close the workspace before the process ends.
      event.preventDefault();
      closing = true;
      void api.host.close().finally(() => app.quit());
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
