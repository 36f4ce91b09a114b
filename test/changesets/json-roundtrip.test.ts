import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { approveChangeset } from '../../src/changesets/approve.js';
import { createChangeset } from '../../src/changesets/create.js';
import { importChangeset } from '../../src/changesets/import.js';
import { loadRevision } from '../../src/changesets/load.js';
import { reviewChangeset } from '../../src/changesets/review.js';
import { exportChangeset } from '../../src/exporters/export-changeset.js';
import { tempDir } from '../helpers/workspace.js';
import { outDir, reconciledWorkspace } from './helpers.js';

async function approvedExport() {
  const ws = await reconciledWorkspace();
  const { id } = createChangeset(ws, { all: true });
  reviewChangeset(ws, id, { decision: 'reject', filters: ['kind=flag_for_verification'], comment: 'later' });
  const first = loadRevision(ws, id).items.find((it) => it.kind === 'update_attribute')!;
  reviewChangeset(ws, id, { value: 'edited "value", with = and ,', items: [first.seq] });
  reviewChangeset(ws, id, { decision: 'accept', allPending: true });
  approveChangeset(ws, id);
  const dir = outDir();
  exportChangeset(ws, id, { format: 'json', out: dir });
  return { ws, id, file: path.join(dir, 'changeset.json') };
}

describe('the generic JSON changeset format', () => {
  it('is versioned and documented: format, version, changeset, one item per line', async () => {
    const { ws, file } = await approvedExport();
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['{', '  "format": "cmdbw-changeset",', '  "version": 1,']);
    expect(lines[3]).toMatch(/^ {2}"changeset": \{"approvedAt":"2026-11-23T12:/);
    expect(lines[4]).toBe('  "items": [');
    expect(lines[5]).toMatch(/^ {4}\{"base":\[\],"category":"missing_in_cmdb",/);
    expect(text.endsWith('\n  ]\n}\n')).toBe(true);
    const doc = JSON.parse(text) as { changeset: { state: string }; items: { status: string }[] };
    expect(doc.changeset.state).toBe('approved');
    expect(new Set(doc.items.map((i) => i.status))).toEqual(new Set(['accepted', 'rejected', 'edited']));
    ws.close();
  });

  it('round-trips: export -> import into another workspace -> export gives identical bytes', async () => {
    const { ws, file } = await approvedExport();
    const other = await reconciledWorkspace({ user: 'auditor' });
    const imported = importChangeset(other, file);
    expect(imported).toMatchObject({ state: 'approved', revision: 1 });
    const dir = outDir();
    exportChangeset(other, imported.id, { format: 'json', out: dir });
    expect(readFileSync(path.join(dir, 'changeset.json')).equals(readFileSync(file))).toBe(true);
    // And the inverse file too.
    const inverse = path.join(path.dirname(file), 'inverse', 'changeset.json');
    expect(readFileSync(path.join(dir, 'inverse', 'changeset.json')).equals(readFileSync(inverse))).toBe(
      true,
    );
    // Importing the same changeset twice is refused; the inverse is a changeset of its own.
    expect(() => importChangeset(other, file)).toThrow(/is already in this workspace as changeset/);
    expect(importChangeset(other, inverse).items).toBeGreaterThan(0);
    const entry = other.db
      .prepare("SELECT actor, detail FROM audit_log WHERE action = 'changeset.import' ORDER BY seq LIMIT 1")
      .get() as { actor: string; detail: string };
    expect(entry.actor).toBe('auditor');
    expect(JSON.parse(entry.detail)).toMatchObject({ ref: imported.ref, contentHash: imported.contentHash });
    ws.close();
    other.close();
  });

  it('refuses a file changed after approval, and names what is malformed', async () => {
    const { ws, file } = await approvedExport();
    const other = await reconciledWorkspace();
    const dir = tempDir();
    const tampered = path.join(dir, 'tampered.json');
    writeFileSync(tampered, readFileSync(file, 'utf8').replace('"status":"rejected"', '"status":"accepted"'));
    expect(() => importChangeset(other, tampered)).toThrow(
      /was changed after approval: its content hash is [0-9a-f]{64}, the approval recorded/,
    );
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      readFileSync(file, 'utf8').replace('"kind":"create_ci"', '"kind":"create_everything"'),
    );
    expect(() => importChangeset(other, bad)).toThrow(
      /is not a valid cmdbw-changeset file:\n {2}items\.0\.kind: /,
    );
    const future = path.join(dir, 'future.json');
    writeFileSync(future, readFileSync(file, 'utf8').replace('"version": 1', '"version": 2'));
    expect(() => importChangeset(other, future)).toThrow(
      /version 2; this version of CMDB Workbench reads version 1/,
    );
    writeFileSync(bad, '{"format": "cmdbw-changeset"');
    expect(() => importChangeset(other, bad)).toThrow(/is not JSON/);
    ws.close();
    other.close();
  });

  it('imports a draft that can then be reviewed and approved in the new workspace', async () => {
    const ws = await reconciledWorkspace();
    const { id } = createChangeset(ws, { categories: ['attribute_conflict'] });
    reviewChangeset(ws, id, { decision: 'accept', items: [1] });
    const draftDir = outDir();
    // A draft is exported through the document writer directly: the export command takes approved revisions only.
    const { serializeChangeset } = await import('../../src/changesets/json-format.js');
    const { changesetDocument } = await import('../../src/changesets/document.js');
    const rev = loadRevision(ws, id);
    const draft = path.join(tempDir(), 'draft.json');
    writeFileSync(
      draft,
      [...serializeChangeset(changesetDocument(rev.header, rev.revision), rev.items)].join(''),
    );
    const other = await reconciledWorkspace();
    const imported = importChangeset(other, draft);
    expect(imported.state).toBe('draft');
    reviewChangeset(other, imported.id, { decision: 'accept', allPending: true });
    expect(approveChangeset(other, imported.id).revision).toBe(1);
    expect(draftDir).toBeTruthy();
    ws.close();
    other.close();
  });
});
