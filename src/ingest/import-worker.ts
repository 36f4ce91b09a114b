/**
 * Worker-thread entry: parses one file with one importer and streams WireMessages to the writer on the
 * main thread, waiting when MAX_IN_FLIGHT messages are unconsumed so memory stays bounded.
 * The closing `done` message carries no hash: the calling thread hashes the file while this one parses.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadImporter } from '../importers/registry.js';
import type { FormatId, ImportOptions, InputFile } from '../importers/types.js';
import { MAX_IN_FLIGHT } from './run-importer.js';
import { serializeError } from './serialize-error.js';
import type { WireMessage } from './wire.js';
import { WireSink } from './wire-sink.js';

interface WorkerInput {
  format: FormatId;
  file: InputFile;
  options: ImportOptions;
  ctrl: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
const consumed = new Int32Array(input.ctrl);
const port = parentPort!;
let sent = 0;

function send(msg: WireMessage): void {
  sent++;
  for (;;) {
    const seen = Atomics.load(consumed, 0);
    if (sent - seen <= MAX_IN_FLIGHT) break;
    Atomics.wait(consumed, 0, seen, 100);
  }
  port.postMessage(msg);
}

async function main(): Promise<void> {
  const sink = new WireSink(send);
  await (await loadImporter(input.format)).run(input.file, sink, input.options);
  sink.finish();
  send({ t: 'done', sha256: '' });
}

main().catch((err: unknown) => {
  port.postMessage({ t: 'error', error: serializeError(err) } satisfies WireMessage);
});
