import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.js';

export interface Migration {
  id: number;
  name: string;
  file: string;
  sql: string;
  sha256: string;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Finds the migrations/ folder: CMDBW_MIGRATIONS_DIR, else the nearest ancestor of this module that has one
 * (works from src/ under Vitest, from the dist/ bundle, and from an app package that ships the folder).
 */
export function findMigrationsDir(): string {
  const fromEnv = process.env.CMDBW_MIGRATIONS_DIR;
  if (fromEnv) return fromEnv;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'migrations');
    if (existsSync(path.join(candidate, '0001_workspace.sql'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new UserError('NO_MIGRATIONS', 'cannot find the migrations/ folder of CMDB Workbench');
    dir = parent;
  }
}

/** Reads NNNN_name.sql files in id order; ids must run 1, 2, 3... without gaps or repeats. */
export function loadMigrations(dir: string = findMigrationsDir()): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = MIGRATION_FILE.exec(file);
    if (!m) continue;
    const sql = readFileSync(path.join(dir, file), 'utf8');
    migrations.push({
      id: Number(m[1]),
      name: m[2]!,
      file,
      sql,
      sha256: createHash('sha256').update(sql).digest('hex'),
    });
  }
  migrations.forEach((mig, i) => {
    if (mig.id !== i + 1) {
      throw new UserError(
        'BAD_MIGRATIONS',
        `migration ids must be consecutive from 0001: found ${mig.file} at position ${i + 1}`,
      );
    }
  });
  return migrations;
}
