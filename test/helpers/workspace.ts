import { decodeAttributesSparse } from '../../src/domain/attribute-codec.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { importFiles } from '../../src/ingest/import-files.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { SIM_FILES } from './sim-files.js';
import { sharedDir } from './shared-dir.js';

/** Directories created by this test file, removed after each test. */
const created: string[] = [];

afterEach(() => {
  while (created.length > 0) rmSync(created.pop()!, { recursive: true, force: true });
});

export function tempDir(prefix = 'cmdbw-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** A fresh workspace in a temp directory, with a fixed clock and user so results are deterministic. */
export function tempWorkspace(opts: { now?: () => Date; user?: string } = {}): Workspace {
  const dir = tempDir();
  let t = Date.UTC(2026, 10, 23, 9, 0, 0);
  const ws = Workspace.open(path.join(dir, 'test.cmdbw'), {
    create: true,
    now: opts.now ?? (() => new Date((t += 1000))),
    user: opts.user ?? 'tester',
  });
  return ws;
}

const SHARED = sharedDir();
export const REALDATA = path.join(SHARED, 'realdata');
export const CMDB_SIM = path.join(SHARED, 'cmdb-sim');

/** A stable digest of every table's content, to prove a failed import changed nothing. */
export function workspaceDigest(ws: Workspace): string {
  const tables = ws.db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = ws.db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all();
    parts.push(`${name}:${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

export interface StoredRecord {
  source: string;
  key: string;
  ciType: string;
  ciClass: string | null;
  name: string | null;
  line: number | null;
  /** 1-based position of the record in its file (every format; JSON has no line). */
  ordinal: number | null;
  raw: string;
  attrs: Record<string, unknown>;
}

/** Records of a source's current snapshot(s), in import order. */
export function recordsOf(ws: Workspace, source: string): StoredRecord[] {
  const rows = ws.db
    .prepare(
      `SELECT s.name AS source, r.native_key AS key, r.ci_type AS ciType, r.ci_class AS ciClass, r.name, r.line, r.ordinal, r.raw, r.attrs
         FROM record r JOIN import_batch b ON b.id = r.batch_id JOIN source s ON s.id = b.source_id
        WHERE s.name = ? AND b.is_current = 1 ORDER BY r.id`,
    )
    .all(source) as (Omit<StoredRecord, 'attrs'> & { attrs: string })[];
  return rows.map((r) => ({ ...r, attrs: decodeAttributesSparse(r.attrs) as Record<string, unknown> }));
}

export interface StoredRelationship {
  key: string;
  type: string;
  parent: string;
  parentKind: string;
  child: string;
  childKind: string;
  line: number | null;
  ordinal: number | null;
  raw: string;
}

export function relationshipsOf(ws: Workspace, source: string): StoredRelationship[] {
  return ws.db
    .prepare(
      `SELECT r.native_key AS key, r.rel_type AS type, r.parent_ref AS parent, r.parent_ref_kind AS parentKind,
              r.child_ref AS child, r.child_ref_kind AS childKind, r.line, r.ordinal, r.raw
         FROM relationship r JOIN import_batch b ON b.id = r.batch_id JOIN source s ON s.id = b.source_id
        WHERE s.name = ? AND b.is_current = 1 ORDER BY r.id`,
    )
    .all(source) as StoredRelationship[];
}

/**
 * Generates a labelled cmdb-sim estate (deterministic for a size and seed) into a shared cache directory,
 * reused across test files and runs.
 */
export function generateEstate(cis: number, seed: number): string {
  const out = path.join(os.tmpdir(), 'cmdbw-estates', `${cis}-${seed}`);
  if (existsSync(path.join(out, 'truth', 'findings.csv'))) return out;
  const tmp = `${out}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [path.join(CMDB_SIM, 'generate.mjs'), '--out', tmp, '--cis', String(cis), '--seed', String(seed)],
    {
      stdio: 'ignore',
    },
  );
  try {
    renameSync(tmp, out);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another worker generated it first
  }
  return out;
}

export { SIM_FILES };

/** Imports every file of a cmdb-sim estate, each as its source's batch (parsed inline). */
export async function importEstate(ws: Workspace, estate: string): Promise<void> {
  for (const [source, format, file] of SIM_FILES)
    await importFiles(ws, { source, format, paths: [path.join(estate, file)], inline: true });
}
