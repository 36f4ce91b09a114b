import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles, WORKER_MIN_BYTES } from '../../src/ingest/import-files.js';
import { generateEstate, tempDir, tempWorkspace, workspaceDigest } from '../helpers/workspace.js';

/** A ServiceNow export big enough to be parsed in a worker thread: the estate's rows under fresh sys_ids. */
function bigExport(): string {
  const [header, ...rows] = readFileSync(path.join(generateEstate(300, 11), 'servicenow/cmdb_ci.csv'), 'utf8')
    .split('\r\n')
    .filter(Boolean);
  const out = [header!];
  for (let copy = 0, bytes = 0; bytes < WORKER_MIN_BYTES * 1.2; copy++) {
    for (const row of rows) {
      const line = `${copy.toString(16).padStart(8, '0')}${row.slice(8)}`;
      out.push(line);
      bytes += line.length + 2;
    }
  }
  const file = path.join(tempDir(), 'cmdb_ci.csv');
  writeFileSync(file, out.join('\r\n') + '\r\n');
  return file;
}

describe('cancelling an import', () => {
  it('refuses at once, workspace unchanged, when the signal was aborted before the worker started', async () => {
    const file = bigExport();
    expect(statSync(file).size).toBeGreaterThan(WORKER_MIN_BYTES);
    const ws = tempWorkspace();
    const before = workspaceDigest(ws);
    const controller = new AbortController();
    controller.abort();
    const err = await importFiles(ws, {
      source: 'servicenow',
      paths: [file],
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/import cancelled; the workspace is unchanged/);
    expect(workspaceDigest(ws)).toBe(before);
    // ...and the workspace takes the same import afterwards.
    const done = await importFiles(ws, { source: 'servicenow', paths: [file] });
    expect(done.parser).toBe('worker');
    expect(done.records).toBeGreaterThan(1000);
    ws.close();
  });
});
