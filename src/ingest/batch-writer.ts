import type Database from 'better-sqlite3';
import type { ImportWarning, SourceLocation } from '../importers/types.js';
import { BulkInsert } from '../workspace/bulk-insert.js';
import { type PackedRows, PackedRowsReader, type WireMessage } from './wire.js';

export interface FileTally {
  records: number;
  relationships: number;
  skipped: number;
  replaced: number;
  encoding?: string;
  sha256?: string;
  header?: string[];
}

const MAX_WARNINGS = 200;

/**
 * The rows of one bulk table (record, relationship) that one import batch writes, by native key: a key
 * seen again replaces its row. Rows are inserted several per statement (BulkInsert); a row's id is known
 * once its statement ran, so a key seen again while its first row still waits has that row inserted first.
 */
class KeyedRows {
  /** Row id by key; -1 while the row waits in the bulk insert. */
  private readonly ids = new Map<string, number>();
  private readonly queued: string[] = [];
  private readonly bulk: BulkInsert;
  private readonly replace: Database.Statement;
  private readonly nextId: Database.Statement;
  private firstIdOfFile = Number.MAX_SAFE_INTEGER;

  constructor(db: Database.Database, table: 'record' | 'relationship', columns: readonly string[]) {
    this.bulk = new BulkInsert(
      db,
      table,
      ['batch_id', 'file_id', 'native_key', ...columns],
      32,
      (last, n) => {
        for (let i = 0; i < n; i++) this.ids.set(this.queued[i]!, last - n + 1 + i);
        this.queued.splice(0, n);
      },
    );
    this.replace = db.prepare(
      `UPDATE ${table} SET file_id = ?, ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
    );
    this.nextId = db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM ${table}`).pluck();
  }

  /** Writes one row; true when it replaced the row of a key the batch had already written. */
  write(batchId: number, fileId: number, key: string, values: unknown[]): boolean {
    let existing = this.ids.get(key);
    if (existing !== undefined && existing < 0) {
      this.bulk.flush();
      existing = this.ids.get(key)!;
    }
    if (existing !== undefined) {
      this.replace.run(fileId, ...values, existing);
      return true;
    }
    this.ids.set(key, -1);
    this.queued.push(key);
    this.bulk.add(batchId, fileId, key, ...values);
    return false;
  }

  /** Inserts the rows still waiting. */
  flush(): void {
    this.bulk.flush();
  }

  /** Notes where the current file's rows start, so that resetFile() can forget them. */
  markFileStart(): void {
    this.firstIdOfFile = this.nextId.get() as number;
  }

  /** Forgets the current file's rows (after ROLLBACK TO its savepoint). */
  resetFile(): void {
    this.bulk.discard();
    this.queued.length = 0;
    for (const [k, id] of this.ids) if (id < 0 || id >= this.firstIdOfFile) this.ids.delete(k);
  }
}

/**
 * Writes one import batch into the workspace, on the thread that owns the connection, inside the
 * caller's transaction. A key seen twice in one batch replaces the earlier record (the later file or
 * row wins) and is reported as a warning.
 */
export class BatchWriter {
  private readonly records: KeyedRows;
  private readonly relationships: KeyedRows;
  private fileId = 0;
  tally: FileTally = newTally();
  readonly totals = { records: 0, relationships: 0, skipped: 0, warnings: 0 };
  readonly warnings: (ImportWarning & { file: string })[] = [];
  readonly skipReasons: Record<string, number> = {};
  private currentFile = '';
  bytesInFile = 0;

  constructor(
    db: Database.Database,
    private readonly batchId: number,
  ) {
    this.records = new KeyedRows(db, 'record', [
      'ci_class',
      'ci_type',
      'name',
      'line',
      'ordinal',
      'raw',
      'attrs',
    ]);
    this.relationships = new KeyedRows(db, 'relationship', [
      'rel_type',
      'parent_ref',
      'parent_ref_kind',
      'child_ref',
      'child_ref_kind',
      'line',
      'ordinal',
      'raw',
    ]);
  }

  startFile(fileId: number, displayName: string): void {
    this.fileId = fileId;
    this.currentFile = displayName;
    this.tally = newTally();
    this.bytesInFile = 0;
  }

  /** Forgets what the current file wrote (after ROLLBACK TO its savepoint), e.g. to re-read it in another encoding. */
  resetFile(): void {
    this.records.resetFile();
    this.relationships.resetFile();
    this.totals.records -= this.tally.records;
    this.totals.relationships -= this.tally.relationships;
    this.totals.skipped -= this.tally.skipped;
    this.tally = newTally();
  }

  markFileStart(): void {
    this.records.markFileStart();
    this.relationships.markFileStart();
  }

  handle(msg: WireMessage): void {
    switch (msg.t) {
      case 'records':
        return this.writeRecords(msg.rows);
      case 'relationships':
        return this.writeRelationships(msg.rows);
      case 'header':
        this.tally.header = msg.fields;
        return;
      case 'encoding':
        this.tally.encoding = msg.encoding;
        return;
      case 'progress':
        this.bytesInFile = msg.bytes;
        return;
      case 'skipped':
        this.tally.skipped += msg.count;
        this.totals.skipped += msg.count;
        for (const [reason, n] of Object.entries(msg.reasons))
          this.skipReasons[reason] = (this.skipReasons[reason] ?? 0) + n;
        return;
      case 'warnings':
        this.totals.warnings += msg.count;
        for (const w of msg.warnings)
          if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ ...w, file: this.currentFile });
        return;
      case 'done':
        this.tally.sha256 = msg.sha256;
        return;
      case 'error':
        return;
    }
  }

  private writeRecords(rows: PackedRows): void {
    const r = new PackedRowsReader(rows);
    for (let i = 0; i < rows.count; i++) {
      const key = r.text()!;
      // ci_class, ci_type, name, line, ordinal, raw, attrs (the wire order is texts first, then integers)
      const ciClass = r.text();
      const ciType = r.text();
      const name = r.text();
      const raw = r.text();
      const attrs = r.text();
      const line = r.int();
      const ordinal = r.int();
      if (
        this.records.write(this.batchId, this.fileId, key, [ciClass, ciType, name, line, ordinal, raw, attrs])
      ) {
        this.tally.replaced++;
        this.duplicateWarning('record', key, line, ordinal);
        continue;
      }
      this.tally.records++;
      this.totals.records++;
    }
    this.records.flush();
  }

  private writeRelationships(rows: PackedRows): void {
    const r = new PackedRowsReader(rows);
    for (let i = 0; i < rows.count; i++) {
      const key = r.text()!;
      // rel_type, parent_ref, parent_ref_kind, child_ref, child_ref_kind, line, ordinal, raw
      const fields = [r.text(), r.text(), r.text(), r.text(), r.text(), r.int(), r.int(), r.text()];
      if (this.relationships.write(this.batchId, this.fileId, key, fields)) {
        this.tally.replaced++;
        this.duplicateWarning('relationship', key, fields[5], fields[6]);
        continue;
      }
      this.tally.relationships++;
      this.totals.relationships++;
    }
    this.relationships.flush();
  }

  private duplicateWarning(what: string, key: string, line: unknown, ordinal: unknown): void {
    this.totals.warnings++;
    if (this.warnings.length < MAX_WARNINGS) {
      const location: SourceLocation = {};
      if (typeof line === 'number') location.line = line;
      if (typeof ordinal === 'number') location.record = ordinal;
      this.warnings.push({
        file: this.currentFile,
        message: `${what} key ${JSON.stringify(key)} appears again; the later ${what} replaces the earlier one`,
        location,
      });
    }
  }
}

function newTally(): FileTally {
  return { records: 0, relationships: 0, skipped: 0, replaced: 0 };
}
