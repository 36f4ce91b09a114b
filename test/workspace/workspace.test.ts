import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/workspace/migrations.js';
import { APPLICATION_ID, PAGE_SIZE, Workspace } from '../../src/workspace/workspace.js';
import { tempDir } from '../helpers/workspace.js';

const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

describe('workspace file', () => {
  it('is created with WAL, synchronous=FULL, foreign keys, its application id and every migration', () => {
    const file = path.join(tempDir(), 'a.cmdbw');
    const ws = Workspace.open(file, { create: true });
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ws.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ws.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(ws.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(ws.db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    const migrations = loadMigrations(MIGRATIONS_DIR);
    expect(ws.migration.version).toBe(migrations.length);
    const applied = ws.db.prepare('SELECT id, name, sha256 FROM schema_migrations ORDER BY id').all();
    expect(applied).toEqual(migrations.map((m) => ({ id: m.id, name: m.name, sha256: m.sha256 })));
    expect(ws.migration.backup).toBeUndefined();
    ws.close();
  });

  it('keeps the page size of a workspace made with another one', () => {
    // A workspace as earlier versions made it: 4 KiB pages.
    const older = path.join(tempDir(), 'older.cmdbw');
    const made = Workspace.open(older, { create: true });
    made.setMeta('probe', 'kept');
    made.close();
    const db = new Database(older);
    db.pragma('journal_mode = DELETE');
    db.pragma('page_size = 4096');
    db.exec('VACUUM');
    db.pragma('journal_mode = WAL');
    db.close();
    const ws = Workspace.open(older);
    expect(ws.db.pragma('page_size', { simple: true })).toBe(4096);
    expect(ws.getMeta('probe')).toBe('kept');
    ws.close();
  });

  it('refuses a missing file unless asked to create it, and names the command to run', () => {
    const file = path.join(tempDir(), 'missing.cmdbw');
    expect(() => Workspace.open(file)).toThrow(
      /no workspace at .*missing\.cmdbw \(create one with: cmdbw init/,
    );
  });

  it('refuses files that are not workspaces', () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'hello, this is not a database');
    expect(() => Workspace.open(text)).toThrow(/not a CMDB Workbench workspace \(not an SQLite database\)/);
    const other = path.join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => Workspace.open(other)).toThrow(/is an SQLite database but not a CMDB Workbench workspace/);
    expect(() => Workspace.open(dir)).toThrow(/is a directory/);
  });

  it('refuses a workspace written by a newer version', () => {
    const file = path.join(tempDir(), 'new.cmdbw');
    Workspace.open(file, { create: true }).close();
    const db = new Database(file);
    db.prepare(
      "INSERT INTO schema_migrations (id, name, sha256, applied_at) VALUES (9999, 'future', 'x', 'now')",
    ).run();
    db.close();
    expect(() => Workspace.open(file)).toThrow(/created by a newer version of CMDB Workbench \(schema 9999/);
  });

  it('refuses when an applied migration was edited afterwards', () => {
    const dir = tempDir();
    const migDir = path.join(dir, 'migrations');
    mkdirSync(migDir);
    for (const f of readdirSync(MIGRATIONS_DIR))
      copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(migDir, f));
    const file = path.join(dir, 'w.cmdbw');
    Workspace.open(file, { create: true, migrations: loadMigrations(migDir) }).close();
    writeFileSync(path.join(migDir, '0001_workspace.sql'), '-- edited\n', { flag: 'a' });
    expect(() => Workspace.open(file, { migrations: loadMigrations(migDir) })).toThrow(
      /0001_workspace\.sql differs from the one applied/,
    );
  });

  it('backs up an existing workspace (VACUUM INTO) before applying new migrations, each in its own transaction', () => {
    const dir = tempDir();
    const migDir = path.join(dir, 'migrations');
    mkdirSync(migDir);
    for (const f of readdirSync(MIGRATIONS_DIR))
      copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(migDir, f));
    const file = path.join(dir, 'w.cmdbw');
    const ws1 = Workspace.open(file, { create: true, migrations: loadMigrations(migDir) });
    ws1.setMeta('marker', 'before-upgrade');
    const version = ws1.migration.version;
    ws1.close();

    const next = String(version + 1).padStart(4, '0');
    writeFileSync(
      path.join(migDir, `${next}_add_notes.sql`),
      'CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL);',
    );
    const broken = String(version + 2).padStart(4, '0');
    writeFileSync(path.join(migDir, `${broken}_broken.sql`), 'CREATE TABLE ok_so_far (x); THIS IS NOT SQL;');
    const at = new Date(Date.UTC(2026, 10, 23, 10, 0, 0));
    expect(() => Workspace.open(file, { migrations: loadMigrations(migDir), now: () => at })).toThrow(
      /migration .*_broken\.sql failed/,
    );

    const backups = readdirSync(dir).filter((f) => f.endsWith('.bak'));
    expect(backups).toEqual([`w.cmdbw.v${version}-20261123T100000Z.bak`]);
    const backup = new Database(path.join(dir, backups[0]!), { readonly: true });
    expect(backup.prepare("SELECT value FROM workspace_meta WHERE key = 'marker'").get()).toEqual({
      value: 'before-upgrade',
    });
    expect(backup.pragma('user_version', { simple: true })).toBe(version);
    backup.close();

    // The good migration landed, the broken one left nothing behind.
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(version + 1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE name IN ('note', 'ok_so_far')").all();
    expect(tables).toEqual([{ name: 'note' }]);
    db.close();
    expect(existsSync(file)).toBe(true);
  });

  it('reports a busy workspace clearly when another connection holds the write lock', () => {
    const file = path.join(tempDir(), 'busy.cmdbw');
    const ws = Workspace.open(file, { create: true });
    const other = new Database(file, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    const ws2 = Workspace.open(file);
    ws2.db.pragma('busy_timeout = 50');
    expect(() => ws2.write(() => ws2.setMeta('x', 'y'))).toThrow(
      /is busy: another process .* is writing to it/,
    );
    other.exec('ROLLBACK');
    other.close();
    ws2.close();
    ws.close();
  });
});
