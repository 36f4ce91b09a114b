import type Database from 'better-sqlite3';
import type { ImportWarning, SourceLocation } from '../importers/types.js';
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
 * Records per INSERT statement. One statement per row spends a fifth of the writer's time entering and
 * leaving SQLite; 32 rows (320 parameters) is well within SQLite's parameter limit.
 */
const ROWS_PER_INSERT = 32;
const RECORD_PARAMS = 10;

/**
 * Writes one import batch into the workspace, on the thread that owns the connection, inside the
 * caller's transaction. A key seen twice in one batch replaces the earlier record (the later file or
 * row wins) and is reported as a warning.
 */
export class BatchWriter {
  private readonly insertRecord: Database.Statement;
  private readonly insertRecords: Database.Statement;
  /** Parameters of the rows waiting for insertRecords, and their keys. */
  private readonly pending: unknown[] = [];
  private readonly pendingKeys: string[] = [];
  private readonly replaceRecord: Database.Statement;
  private readonly insertRel: Database.Statement;
  private readonly replaceRel: Database.Statement;
  private readonly recordIds = new Map<string, number>();
  private readonly relIds = new Map<string, number>();
  private fileId = 0;
  tally: FileTally = newTally();
  readonly totals = { records: 0, relationships: 0, skipped: 0, warnings: 0 };
  readonly warnings: (ImportWarning & { file: string })[] = [];
  readonly skipReasons: Record<string, number> = {};
  private currentFile = '';
  bytesInFile = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly batchId: number,
  ) {
    const recordSql =
      'INSERT INTO record (batch_id, file_id, native_key, ci_class, ci_type, name, line, ordinal, raw, attrs) VALUES ';
    const recordRow = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
    this.insertRecord = db.prepare(recordSql + recordRow);
    this.insertRecords = db.prepare(recordSql + Array<string>(ROWS_PER_INSERT).fill(recordRow).join(', '));
    this.replaceRecord = db.prepare(
      'UPDATE record SET file_id = ?, ci_class = ?, ci_type = ?, name = ?, line = ?, ordinal = ?, raw = ?, attrs = ? WHERE id = ?',
    );
    this.insertRel = db.prepare(
      `INSERT INTO relationship (batch_id, file_id, native_key, rel_type, parent_ref, parent_ref_kind, child_ref, child_ref_kind, line, ordinal, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.replaceRel = db.prepare(
      `UPDATE relationship SET file_id = ?, rel_type = ?, parent_ref = ?, parent_ref_kind = ?, child_ref = ?, child_ref_kind = ?, line = ?,
         ordinal = ?, raw = ? WHERE id = ?`,
    );
  }

  startFile(fileId: number, displayName: string): void {
    this.fileId = fileId;
    this.currentFile = displayName;
    this.tally = newTally();
    this.bytesInFile = 0;
  }

  /** Forgets what the current file wrote (after ROLLBACK TO its savepoint), e.g. to re-read it in another encoding. */
  resetFile(): void {
    for (const [k, id] of this.recordIds)
      if (id < 0 || id >= this.firstRecordIdOfFile) this.recordIds.delete(k);
    this.pending.length = 0;
    this.pendingKeys.length = 0;
    for (const [k, id] of this.relIds) if (id >= this.firstRelIdOfFile) this.relIds.delete(k);
    this.totals.records -= this.tally.records;
    this.totals.relationships -= this.tally.relationships;
    this.totals.skipped -= this.tally.skipped;
    this.tally = newTally();
  }

  private firstRecordIdOfFile = Number.MAX_SAFE_INTEGER;
  private firstRelIdOfFile = Number.MAX_SAFE_INTEGER;

  markFileStart(): void {
    const r = this.db.prepare('SELECT coalesce(max(id), 0) + 1 AS next FROM record').get() as {
      next: number;
    };
    const rel = this.db.prepare('SELECT coalesce(max(id), 0) + 1 AS next FROM relationship').get() as {
      next: number;
    };
    this.firstRecordIdOfFile = r.next;
    this.firstRelIdOfFile = rel.next;
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
      const ciClass = r.text();
      const ciType = r.text();
      const name = r.text();
      const raw = r.text();
      const attrs = r.text();
      const line = r.int();
      const ordinal = r.int();
      let existing = this.recordIds.get(key);
      if (existing !== undefined && existing < 0) {
        // The earlier record is still waiting to be inserted: insert it, to have its id.
        this.flushRecords();
        existing = this.recordIds.get(key)!;
      }
      if (existing !== undefined) {
        this.replaceRecord.run(this.fileId, ciClass, ciType, name, line, ordinal, raw, attrs, existing);
        this.tally.replaced++;
        this.duplicateWarning('record', key, line, ordinal);
        continue;
      }
      this.pending.push(this.batchId, this.fileId, key, ciClass, ciType, name, line, ordinal, raw, attrs);
      // Negative until inserted: a later duplicate of the key must wait for its id.
      this.recordIds.set(key, -1);
      this.pendingKeys.push(key);
      if (this.pendingKeys.length === ROWS_PER_INSERT) this.flushRecords();
      this.tally.records++;
      this.totals.records++;
    }
    this.flushRecords();
  }

  /** Inserts the pending records; rowids of one INSERT are consecutive, so the last one names them all. */
  private flushRecords(): void {
    const n = this.pendingKeys.length;
    if (n === 0) return;
    let last: number;
    if (n === ROWS_PER_INSERT) last = Number(this.insertRecords.run(this.pending).lastInsertRowid);
    else {
      last = 0;
      for (let i = 0; i < this.pending.length; i += RECORD_PARAMS)
        last = Number(this.insertRecord.run(this.pending.slice(i, i + RECORD_PARAMS)).lastInsertRowid);
    }
    for (let i = 0; i < n; i++) this.recordIds.set(this.pendingKeys[i]!, last - n + 1 + i);
    this.pending.length = 0;
    this.pendingKeys.length = 0;
  }

  private writeRelationships(rows: PackedRows): void {
    const r = new PackedRowsReader(rows);
    for (let i = 0; i < rows.count; i++) {
      const key = r.text()!;
      const fields = [r.text(), r.text(), r.text(), r.text(), r.text(), r.int(), r.int(), r.text()];
      // type, parentRef, parentKind, childRef, childKind, line, ordinal, raw
      const existing = this.relIds.get(key);
      if (existing !== undefined) {
        this.replaceRel.run(this.fileId, ...fields, existing);
        this.tally.replaced++;
        this.duplicateWarning('relationship', key, fields[5], fields[6]);
        continue;
      }
      const info = this.insertRel.run(this.batchId, this.fileId, key, ...fields);
      this.relIds.set(key, Number(info.lastInsertRowid));
      this.tally.relationships++;
      this.totals.relationships++;
    }
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
