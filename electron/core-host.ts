/**
 * Where the core runs in the desktop app. v1: in the main process, behind the same contract as
 * `cmdbw serve` (src/api). Main answers the UI's reads from its own SQLite connection (indexed grid
 * pages, explanations: milliseconds); imports and reconciliations, the long work, run in worker threads
 * (src/api/jobs.ts), so main's event loop, and with it the UI, stays responsive. Moving the core to a
 * utilityProcess later changes this file only: the renderer talks to the contract, not to main.
 *
 * Packaged apps: worker threads cannot read from app.asar (electron/electron#22446), so the worker bundles
 * and better-sqlite3 are unpacked (electron-builder.yml asarUnpack) and migrations ship as an extra
 * resource; the workers learn those paths from the environment set here.
 */
import path from 'node:path';
import { createApi, type Api } from '../src/api/create-api.js';
import { RecentWorkspaces } from '../src/api/recent.js';

export interface CoreHostOptions {
  version: string;
  isPackaged: boolean;
  /** app.getPath('userData'). */
  userDataDir: string;
  /** process.resourcesPath (packaged) */
  resourcesDir: string;
  /** Folder of the main bundle (dist/electron, inside app.asar when packaged). */
  bundleDir: string;
  /** A workspace to open at start (--workspace / CMDBW_WORKSPACE; npm start passes the sample). */
  workspace?: string;
  log: (line: string) => void;
}

/** The real-disk twin of a path inside app.asar (what asarUnpack extracted). */
export function unpackedPath(p: string): string {
  return p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

export function createCoreHost(opts: CoreHostOptions): Api {
  const jobWorker = unpackedPath(path.join(opts.bundleDir, 'job-worker.mjs'));
  process.env.CMDBW_JOB_WORKER = jobWorker;
  process.env.CMDBW_IMPORT_WORKER = unpackedPath(path.join(opts.bundleDir, 'import-worker.mjs'));
  if (opts.isPackaged) process.env.CMDBW_MIGRATIONS_DIR = path.join(opts.resourcesDir, 'migrations');

  const sample = opts.isPackaged
    ? {
        path: path.join(opts.userDataDir, 'sample', 'sample.cmdbw'),
        template: path.join(opts.resourcesDir, 'sample', 'sample.cmdbw'),
      }
    : { path: path.resolve(opts.bundleDir, '..', '..', '.sample', 'sample.cmdbw') };

  const api = createApi({
    mode: 'electron',
    version: opts.version,
    recent: new RecentWorkspaces(path.join(opts.userDataDir, 'recent-workspaces.json')),
    sample,
    jobWorkerScript: jobWorker,
    onInternalError: (method, err) =>
      opts.log(`cmdbw: ${method}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  if (opts.workspace) {
    try {
      api.host.open(opts.workspace, { remember: path.resolve(opts.workspace) !== path.resolve(sample.path) });
    } catch (err) {
      opts.log(`cmdbw: cannot open ${opts.workspace}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return api;
}
