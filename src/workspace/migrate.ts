import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { UserError } from '../util/errors.js';
import type { Migration } from './migrations.js';

export interface MigrationResult {
  applied: number[];
  /** Path of the backup written before migrating an existing workspace. */
  backup?: string;
  version: number;
}

interface AppliedRow {
  id: number;
  name: string;
  sha256: string;
}

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`;

/**
 * Brings a workspace to the newest schema. Refuses workspaces made by a newer version and workspaces whose
 * applied migrations were edited afterwards; backs the file up (VACUUM INTO) before touching an existing
 * workspace; applies each migration in its own transaction, so a failure leaves the last good version.
 */
export function migrate(
  db: Database.Database,
  migrations: Migration[],
  opts: { backupPath?: () => string; now?: () => Date } = {},
): MigrationResult {
  db.exec(CREATE_LEDGER);
  const applied = db
    .prepare('SELECT id, name, sha256 FROM schema_migrations ORDER BY id')
    .all() as AppliedRow[];
  const known = new Map(migrations.map((m) => [m.id, m]));
  const latest = migrations.length ? migrations[migrations.length - 1]!.id : 0;

  for (const row of applied) {
    const mig = known.get(row.id);
    if (!mig) {
      throw new UserError(
        'NEWER_WORKSPACE',
        `this workspace was created by a newer version of CMDB Workbench (schema ${Math.max(...applied.map((a) => a.id))}, this version knows ${latest}); upgrade CMDB Workbench to open it`,
        { workspaceVersion: Math.max(...applied.map((a) => a.id)), appVersion: latest },
      );
    }
    if (mig.sha256 !== row.sha256) {
      throw new UserError(
        'MIGRATION_CHANGED',
        `migration ${mig.file} differs from the one applied to this workspace (checksum mismatch); refusing to continue`,
        { migration: mig.file },
      );
    }
  }

  const pending = migrations.filter((m) => !applied.some((a) => a.id === m.id));
  const result: MigrationResult = {
    applied: [],
    version: applied.length ? applied[applied.length - 1]!.id : 0,
  };
  if (pending.length === 0) return result;

  if (applied.length > 0 && opts.backupPath) {
    const target = opts.backupPath();
    if (existsSync(target)) throw new UserError('BACKUP_EXISTS', `backup file ${target} already exists`);
    db.prepare('VACUUM INTO ?').run(target);
    result.backup = target;
  }

  const now = opts.now ?? (() => new Date());
  const record = db.prepare(
    'INSERT INTO schema_migrations (id, name, sha256, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const mig of pending) {
    const apply = db.transaction(() => {
      db.exec(mig.sql);
      record.run(mig.id, mig.name, mig.sha256, now().toISOString());
      db.pragma(`user_version = ${mig.id}`);
    });
    try {
      apply.immediate();
    } catch (err) {
      throw new UserError(
        'MIGRATION_FAILED',
        `migration ${mig.file} failed: ${(err as Error).message}; the workspace stays at schema ${result.version}` +
          (result.backup ? ` and its state before this upgrade is saved in ${result.backup}` : ''),
        { migration: mig.file },
      );
    }
    result.applied.push(mig.id);
    result.version = mig.id;
  }
  return result;
}
