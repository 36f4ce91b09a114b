import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadImporter } from '../importers/registry.js';
import type { FormatId, ImportOptions, InputFile } from '../importers/types.js';
import { UserError } from '../util/errors.js';
import { sha256File } from '../util/hash-file.js';
import { deserializeError } from './serialize-error.js';
import type { WireMessage } from './wire.js';
import { WireSink } from './wire-sink.js';

export interface RunImporterArgs {
  format: FormatId;
  file: InputFile;
  options: ImportOptions;
  /** Handles every message in order; runs on the calling thread. May throw to stop the import. */
  onMessage: (msg: WireMessage) => void;
  signal?: AbortSignal;
  /** `thread` parses in a worker thread while the caller writes; `inline` does both on this thread. */
  mode: 'thread' | 'inline';
}

/** Messages the worker may have in flight before it waits for the writer (bounds memory). */
export const MAX_IN_FLIGHT = 16;

let cachedWorkerScript: string | undefined;

/** The bundled worker (dist/import-worker.mjs), looked for beside this module and in ancestors' dist/. */
export function findWorkerScript(): string | undefined {
  if (cachedWorkerScript !== undefined && existsSync(cachedWorkerScript)) return cachedWorkerScript;
  const fromEnv = process.env.CMDBW_IMPORT_WORKER;
  let found: string | undefined = fromEnv && existsSync(fromEnv) ? fromEnv : undefined;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!found) {
    for (const candidate of [
      path.join(dir, 'import-worker.mjs'),
      path.join(dir, 'dist', 'import-worker.mjs'),
    ]) {
      if (existsSync(candidate)) found = candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  cachedWorkerScript = found;
  return found;
}

/**
 * Runs one file's importer; resolves to where it ran. A missing worker bundle (running from sources
 * without `npm run build:core`) degrades to parsing inline, which is slower but gives the same result.
 */
export async function runImporter(args: RunImporterArgs): Promise<'worker' | 'inline'> {
  // An abort that came before anything started fires no event for the listeners below: nothing to start.
  if (args.signal?.aborted) throw cancelled();
  const script = args.mode === 'thread' ? findWorkerScript() : undefined;
  if (script) {
    await runInWorker(script, args);
    return 'worker';
  }
  await runInline(args);
  return 'inline';
}

async function runInline(args: RunImporterArgs): Promise<void> {
  const hashing = sha256File(args.file.path);
  hashing.catch(() => undefined);
  const sink = new WireSink((msg) => {
    if (args.signal?.aborted) throw cancelled();
    args.onMessage(msg);
  });
  await (await loadImporter(args.format)).run(args.file, sink, args.options);
  sink.finish();
  args.onMessage({ t: 'done', sha256: await hashing });
}

function runInWorker(script: string, args: RunImporterArgs): Promise<void> {
  // The file's hash is computed here, beside the writer, while the worker parses: the worker is the
  // pipeline's bottleneck, and hashing after its last record would add a full read of the file to it.
  const hashing = sha256File(args.file.path);
  hashing.catch(() => undefined);
  return new Promise<void>((resolve, reject) => {
    const ctrl = new SharedArrayBuffer(4);
    const consumed = new Int32Array(ctrl);
    const worker = new Worker(script, {
      workerData: { format: args.format, file: args.file, options: args.options, ctrl },
      // The parent's flags (e.g. --input-type from `node -e`) do not apply to a worker script file.
      execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type') && !a.startsWith('--eval')),
      // Records are built in the worker: let it keep a few hundred MB for large JSON documents.
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    let settled = false;
    const settle = (err?: unknown) => {
      if (settled) return;
      settled = true;
      args.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = () => settle(cancelled());
    args.signal?.addEventListener('abort', onAbort);
    worker.on('message', (msg: WireMessage) => {
      if (settled) return;
      if (msg.t === 'error') return settle(deserializeError(msg.error));
      if (msg.t === 'done') {
        hashing.then(
          (sha256) => {
            if (settled) return;
            try {
              args.onMessage({ t: 'done', sha256 });
            } catch (err) {
              return settle(err);
            }
            settle();
          },
          (err: unknown) => settle(err),
        );
        return;
      }
      try {
        args.onMessage(msg);
      } catch (err) {
        return settle(err);
      }
      Atomics.add(consumed, 0, 1);
      Atomics.notify(consumed, 0);
    });
    worker.on('error', (err) => settle(err));
    worker.on('exit', (code) => {
      if (!settled) settle(new Error(`the import worker stopped unexpectedly (exit code ${code})`));
    });
  });
}

function cancelled(): UserError {
  return new UserError('CANCELLED', 'import cancelled; the workspace is unchanged');
}
