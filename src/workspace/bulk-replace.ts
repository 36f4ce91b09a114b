import type Database from 'better-sqlite3';

/**
 * Replaces the whole content of tables inside the caller's transaction: drops their indexes, empties
 * them, runs `fill`, then recreates the indexes from their stored definitions. Building an index once
 * over sorted data is many times faster than maintaining it through hundreds of thousands of inserts in
 * random key order; the definitions still come from the migrations (sqlite_schema), not from code.
 */
export function replaceTableContents<T>(db: Database.Database, tables: readonly string[], fill: () => T): T {
  const marks = tables.map(() => '?').join(', ');
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${marks})`,
    )
    .all(...tables) as { name: string; sql: string }[];
  for (const ix of indexes) db.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
  for (const t of tables) db.exec(`DELETE FROM "${t.replace(/"/g, '""')}"`);
  const result = fill();
  for (const ix of indexes) db.exec(ix.sql);
  return result;
}
