import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { approveChangeset } from '../../src/changesets/approve.js';
import { createChangeset } from '../../src/changesets/create.js';
import { loadRevision } from '../../src/changesets/load.js';
import { reviewChangeset } from '../../src/changesets/review.js';
import { exportChangeset } from '../../src/exporters/export-changeset.js';
import { importFiles } from '../../src/ingest/import-files.js';
import { generateEstate, tempDir } from '../helpers/workspace.js';
import { ESTATE, outDir, reconciledWorkspace } from './helpers.js';

const CMDB_CSV = () => path.join(generateEstate(ESTATE.cis, ESTATE.seed), 'servicenow/cmdb_ci.csv');

async function importCmdb(ws: Parameters<typeof importFiles>[0], csv: string) {
  const file = path.join(tempDir(), 'cmdb_ci.csv');
  writeFileSync(file, csv);
  await importFiles(ws, { source: 'servicenow', format: 'servicenow-ci', paths: [file], inline: true });
}

describe('a plan made against an older CMDB snapshot', () => {
  it('warns at export and lists the items whose CMDB records changed or disappeared since', async () => {
    const ws = await reconciledWorkspace();
    const { id } = createChangeset(ws, {
      categories: ['attribute_conflict', 'not_discovered', 'missing_in_cmdb'],
    });
    reviewChangeset(ws, id, { decision: 'accept', allPending: true });
    approveChangeset(ws, id);
    const { items } = loadRevision(ws, id);
    const changed = items.find((it) => it.kind === 'update_attribute')!;
    const removed = items.find((it) => it.kind === 'retire_ci')!;

    // Unchanged re-import: a new batch with the same content is not a change.
    await importCmdb(ws, readFileSync(CMDB_CSV(), 'utf8'));
    expect(exportChangeset(ws, id, { format: 'json', out: outDir() }).stale).toEqual([]);

    const lines = readFileSync(CMDB_CSV(), 'utf8').split('\n');
    const edited = lines
      .filter((l) => !l.startsWith(removed.target!.key))
      .map((l) => (l.startsWith(changed.target!.key) ? l.replace(/,Installed,/, ',In Maintenance,') : l));
    await importCmdb(ws, edited.join('\n'));
    const r = exportChangeset(ws, id, { format: 'servicenow-ire', out: outDir() });
    expect(r.stale.map((s) => s.seq)).toEqual(expect.arrayContaining([changed.seq, removed.seq]));
    const byItem = new Map(r.stale.map((s) => [s.seq, s.reasons.join('; ')]));
    expect(byItem.get(changed.seq)).toMatch(/changed in the CMDB since the plan was made/);
    expect(byItem.get(removed.seq)).toMatch(/is no longer in the CMDB/);
    expect(r.warnings.some((w) => /the plan may be stale/.test(w))).toBe(true);
    expect(
      r.warnings.some((w) =>
        new RegExp(
          `item.* ${removed.seq}\\b.*not in the current CMDB snapshot|${removed.seq}.*not in the current CMDB snapshot`,
        ).test(w),
      ),
    ).toBe(true);
    const entry = JSON.parse(
      (
        ws.db
          .prepare("SELECT detail FROM audit_log WHERE action = 'changeset.export' ORDER BY seq DESC LIMIT 1")
          .get() as { detail: string }
      ).detail,
    ) as { stale: number[] };
    expect(entry.stale).toEqual(r.stale.map((s) => s.seq));
    ws.close();
  });

  it('flags a new CI when the CMDB meanwhile has a record with its name', async () => {
    const ws = await reconciledWorkspace();
    const { id } = createChangeset(ws, { categories: ['missing_in_cmdb'] });
    reviewChangeset(ws, id, { decision: 'accept', allPending: true });
    approveChangeset(ws, id);
    const create = loadRevision(ws, id).items[0]!;
    const name = String((create.proposal as { values: Record<string, unknown> }).values.name);
    const csv = readFileSync(CMDB_CSV(), 'utf8').trimEnd().split('\n');
    const header = csv[0]!.split(',');
    const row = header.map((h) =>
      h === 'sys_id'
        ? 'f'.repeat(32)
        : h === 'name'
          ? name
          : h === 'sys_class_name'
            ? 'cmdb_ci_linux_server'
            : '',
    );
    await importCmdb(ws, [...csv, row.join(',')].join('\n') + '\n');
    const r = exportChangeset(ws, id, { format: 'json', out: outDir() });
    expect(r.stale.find((s) => s.seq === create.seq)?.reasons[0]).toMatch(
      /the CMDB now has a record with its name/,
    );
    ws.close();
  });
});
