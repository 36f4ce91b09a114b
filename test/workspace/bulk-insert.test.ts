import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BulkInsert } from '../../src/workspace/bulk-insert.js';

describe('BulkInsert', () => {
  it('inserts every row, in order, across full and partial statements', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, note TEXT) STRICT');
    const bulk = new BulkInsert(db, 't', ['id', 'name', 'score', 'note'], 4);
    const rows = Array.from({ length: 11 }, (_, i) => [i + 1, `ci-${i}`, i / 3, i % 2 ? null : 'x"y']);
    for (const r of rows) bulk.add(...r);
    // Two full statements ran; three rows wait for flush.
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(8);
    bulk.flush();
    expect(db.prepare('SELECT id, name, score, note FROM t ORDER BY id').raw(true).all()).toEqual(rows);
    bulk.flush();
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(11);
  });

  it('refuses a row of the wrong width, and rows that break a constraint', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT');
    const bulk = new BulkInsert(db, 't', ['id', 'name'], 2);
    expect(() => bulk.add(1)).toThrow(/1 values for 2 columns/);
    bulk.add(1, 'a');
    expect(() => bulk.add(2, null)).toThrow(/NOT NULL/);
  });
});
