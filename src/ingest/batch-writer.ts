import type Database from 'better-sqlite3';
import type { ImportWarning, SourceLocation } from '../importers/types.js';
import { RECORD_STRIDE, RELATIONSHIP_STRIDE, type WireMessage } from './wire.js';

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
 * Writes one import batch into the workspace, on the thread that owns the connection, inside the
 * caller's transaction. A key seen twice in one batch replaces the earlier record (the later file or
 * row wins) and is reported as a warning.
 */
export class BatchWriter {
  private readonly insertRecord: Database.Statement;
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
    this.insertRecord = db.prepare(
      'INSERT INTO record (batch_id, file_id, native_key, ci_class, ci_type, name, line, ordinal, raw, attrs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
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
    for (const [k, id] of this.recordIds) if (id >= this.firstRecordIdOfFile) this.recordIds.delete(k);
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
        return this.writeRecords(msg.data);
      case 'relationships':
        return this.writeRelationships(msg.data);
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

  private writeRecords(d: (string | number | null)[]): void {
    for (let i = 0; i < d.length; i += RECORD_STRIDE) {
      const key = d[i] as string;
      const existing = this.recordIds.get(key);
      if (existing !== undefined) {
        this.replaceRecord.run(
          this.fileId,
          d[i + 1],
          d[i + 2],
          d[i + 3],
          d[i + 4],
          d[i + 5],
          d[i + 6],
          d[i + 7],
          existing,
        );
        this.tally.replaced++;
        this.duplicateWarning('record', key, d[i + 4], d[i + 5]);
        continue;
      }
      const info = this.insertRecord.run(
        this.batchId,
        this.fileId,
        key,
        d[i + 1],
        d[i + 2],
        d[i + 3],
        d[i + 4],
        d[i + 5],
        d[i + 6],
        d[i + 7],
      );
      this.recordIds.set(key, Number(info.lastInsertRowid));
      this.tally.records++;
      this.totals.records++;
    }
  }

  private writeRelationships(d: (string | number | null)[]): void {
    for (let i = 0; i < d.length; i += RELATIONSHIP_STRIDE) {
      const key = d[i] as string;
      const existing = this.relIds.get(key);
      if (existing !== undefined) {
        this.replaceRel.run(
          this.fileId,
          d[i + 1],
          d[i + 2],
          d[i + 3],
          d[i + 4],
          d[i + 5],
          d[i + 6],
          d[i + 7],
          d[i + 8],
          existing,
        );
        this.tally.replaced++;
        this.duplicateWarning('relationship', key, d[i + 6], d[i + 7]);
        continue;
      }
      const info = this.insertRel.run(
        this.batchId,
        this.fileId,
        key,
        d[i + 1],
        d[i + 2],
        d[i + 3],
        d[i + 4],
        d[i + 5],
        d[i + 6],
        d[i + 7],
        d[i + 8],
      );
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
