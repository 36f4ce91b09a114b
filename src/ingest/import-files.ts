import type Database from 'better-sqlite3';
import { appendAudit } from '../audit/audit-log.js';
import { detectFormat } from '../importers/detect.js';
import { FORMATS } from '../importers/registry.js';
import type { ColumnMapping, FormatId, ImportWarning, InputFile, SourceRole } from '../importers/types.js';
import { ImportError, UserError } from '../util/errors.js';
import { asBusyError, type Workspace } from '../workspace/workspace.js';
import { BatchWriter } from './batch-writer.js';
import { expandPaths } from './expand-paths.js';
import { runImporter } from './run-importer.js';
import { WalFlusher } from './wal-flusher.js';

/** Files smaller than this are parsed on the writer's thread. */
export const WORKER_MIN_BYTES = 4 << 20;

/**
 * Page cache of the connection while it imports, in KiB. An import appends to the end of two tables and
 * their batch index, so a few MB hold every page it touches more than once; the workspace's large cache
 * (for reconciliation) would only collect hundreds of MB of dirty pages that COMMIT then writes at once.
 * With a small cache SQLite spills them to the WAL as it goes, on this thread while the worker parses,
 * and the inserts are faster too (recycled pages instead of ever more freshly allocated memory).
 */
export const IMPORT_CACHE_KIB = 8192;

export interface ImportRequest {
  source: string;
  paths: string[];
  format?: FormatId;
  encoding?: string;
  mapping?: ColumnMapping;
  /** Role of a new source; defaults to the format's (CMDB exports: cmdb, everything else: discovery). */
  role?: SourceRole;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** Parse on this thread instead of a worker (tests, debugging). */
  inline?: boolean;
}

export interface ImportProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  bytes: number;
  totalBytes: number;
  records: number;
  relationships: number;
  percent: number;
}

export interface ImportedFileSummary {
  path: string;
  encoding: string;
  records: number;
  relationships: number;
  skipped: number;
  sha256: string;
}

export interface ImportSummary {
  batchId: number;
  source: string;
  role: SourceRole;
  format: FormatId;
  files: ImportedFileSummary[];
  records: number;
  relationships: number;
  skipped: number;
  skipReasons: Record<string, number>;
  warningCount: number;
  warnings: (ImportWarning & { file: string })[];
  /** The batch this one replaced as the source's current snapshot of the format. */
  supersededBatchId?: number;
  bytes: number;
  durationMs: number;
  /** Where parsing ran: a worker thread beside the writer, or inline on the writer's thread. */
  parser: 'worker' | 'inline';
}

/**
 * Imports one batch: every file is parsed (in a worker thread while this thread writes) inside a single
 * transaction, so the batch lands whole or not at all. The batch becomes the source's current snapshot
 * of its format; the previous snapshot is kept.
 */
export async function importFiles(ws: Workspace, req: ImportRequest): Promise<ImportSummary> {
  const started = Date.now();
  const sourceName = req.source.trim();
  if (!sourceName) throw new UserError('BAD_SOURCE', 'a source name is required (--source NAME)');
  const files = expandPaths(req.paths);
  const format = req.format ?? (req.mapping ? 'csv' : detectBatchFormat(files));
  if (format === 'csv' && !req.mapping) {
    throw new UserError('MAPPING_REQUIRED', 'the csv format needs a column mapping (--mapping mapping.json)');
  }
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const db = ws.db;
  const at = ws.now();

  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    throw asBusyError(err, ws.path);
  }
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  const flusher = new WalFlusher(`${db.name}-wal`);
  if (db.pragma('journal_mode', { simple: true }) === 'wal') flusher.start();
  try {
    const source = ensureSource(db, sourceName, req.role ?? req.mapping?.role ?? FORMATS[format].role, at);
    const options = { encoding: req.encoding, mapping: req.mapping };
    const batchId = Number(
      db
        .prepare(
          `INSERT INTO import_batch (source_id, format, snapshot_kind, is_current, started_at, finished_at, imported_by,
             record_count, relationship_count, skipped_count, warning_count, bytes, options, warnings)
           VALUES (?, ?, ?, 0, ?, ?, ?, 0, 0, 0, 0, ?, ?, '[]')`,
        )
        .run(
          source.id,
          format,
          format,
          at.toISOString(),
          at.toISOString(),
          ws.user,
          totalBytes,
          JSON.stringify(compact(options)),
        ).lastInsertRowid,
    );
    const writer = new BatchWriter(db, batchId);
    const insertFile = db.prepare(
      'INSERT INTO import_file (batch_id, path, size, sha256, encoding, header) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const updateFile = db.prepare('UPDATE import_file SET sha256 = ?, encoding = ?, header = ? WHERE id = ?');
    const summaries: ImportedFileSummary[] = [];
    let bytesBefore = 0;
    let lastReport = 0;
    let parser: 'worker' | 'inline' = 'inline';

    for (const [index, file] of files.entries()) {
      const fileId = Number(insertFile.run(batchId, file.path, file.size, '', '', null).lastInsertRowid);
      const report = (force = false) => {
        if (!req.onProgress) return;
        const now = Date.now();
        if (!force && now - lastReport < 100) return;
        lastReport = now;
        const bytes = bytesBefore + Math.min(writer.bytesInFile, file.size);
        req.onProgress({
          file: file.displayName,
          fileIndex: index,
          fileCount: files.length,
          bytes,
          totalBytes,
          records: writer.totals.records,
          relationships: writer.totals.relationships,
          percent: totalBytes ? Math.min(100, (bytes / totalBytes) * 100) : 100,
        });
      };
      const runOnce = async (encoding: string | undefined) => {
        writer.startFile(fileId, file.displayName);
        writer.markFileStart();
        db.exec('SAVEPOINT import_file');
        parser = await runImporter({
          format,
          file,
          options: { ...options, encoding },
          // A worker costs ~50 ms to start: worth it for big files only (a batch may hold hundreds of small ones).
          mode: req.inline || file.size < WORKER_MIN_BYTES ? 'inline' : 'thread',
          signal: req.signal,
          onMessage: (msg) => {
            writer.handle(msg);
            if (msg.t === 'progress' || msg.t === 'records') report();
          },
        });
        db.exec('RELEASE import_file');
      };
      try {
        await runOnce(req.encoding);
      } catch (err) {
        if (!(err instanceof ImportError && err.name === 'EncodingMismatch') || req.encoding) throw err;
        // Valid UTF-8 at the start, not later: a Windows-1252 export. Re-read the whole file as such.
        db.exec('ROLLBACK TO import_file');
        db.exec('RELEASE import_file');
        writer.resetFile();
        await runOnce('windows-1252');
        writer.handle({
          t: 'warnings',
          count: 1,
          warnings: [{ message: 'the file is not valid UTF-8 throughout; it was read as Windows-1252' }],
        });
      }
      const t = writer.tally;
      updateFile.run(
        t.sha256 ?? '',
        t.encoding ?? 'utf-8',
        t.header ? JSON.stringify(t.header) : null,
        fileId,
      );
      summaries.push({
        path: file.displayName,
        encoding: t.encoding ?? 'utf-8',
        records: t.records,
        relationships: t.relationships,
        skipped: t.skipped,
        sha256: t.sha256 ?? '',
      });
      bytesBefore += file.size;
      report(true);
    }

    const previous = db
      .prepare('SELECT id FROM import_batch WHERE source_id = ? AND snapshot_kind = ? AND is_current = 1')
      .get(source.id, format) as { id: number } | undefined;
    if (previous) db.prepare('UPDATE import_batch SET is_current = 0 WHERE id = ?').run(previous.id);
    const finished = ws.now();
    db.prepare(
      `UPDATE import_batch SET is_current = 1, finished_at = ?, record_count = ?, relationship_count = ?, skipped_count = ?,
         warning_count = ?, warnings = ? WHERE id = ?`,
    ).run(
      finished.toISOString(),
      writer.totals.records,
      writer.totals.relationships,
      writer.totals.skipped,
      writer.totals.warnings,
      JSON.stringify(writer.warnings),
      batchId,
    );
    appendAudit(db, {
      at: finished,
      actor: ws.user,
      action: 'import',
      target: `source:${sourceName}`,
      detail: {
        batch: batchId,
        format,
        files: summaries.map((s) => ({
          path: s.path,
          sha256: s.sha256,
          records: s.records,
          relationships: s.relationships,
        })),
        records: writer.totals.records,
        relationships: writer.totals.relationships,
        superseded: previous?.id ?? null,
      },
    });
    db.exec('COMMIT');
    return {
      batchId,
      source: sourceName,
      role: source.role,
      format,
      files: summaries,
      records: writer.totals.records,
      relationships: writer.totals.relationships,
      skipped: writer.totals.skipped,
      skipReasons: writer.skipReasons,
      warningCount: writer.totals.warnings,
      warnings: writer.warnings,
      supersededBatchId: previous?.id,
      bytes: totalBytes,
      durationMs: Date.now() - started,
      parser,
    };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
    await flusher.stop();
  }
}

function detectBatchFormat(files: InputFile[]): FormatId {
  let chosen: { format: FormatId; file: string } | undefined;
  for (const f of files) {
    const d = detectFormat(f.path);
    if (!d) {
      throw new UserError(
        'UNKNOWN_FORMAT',
        `${f.displayName}: cannot tell the format from the content; give --format (${Object.keys(FORMATS).join(', ')}), or --format csv with --mapping`,
        { path: f.displayName },
      );
    }
    if (chosen && chosen.format !== d.format) {
      throw new UserError(
        'MIXED_FORMATS',
        `one batch holds one format: ${chosen.file} is ${chosen.format} but ${f.displayName} is ${d.format}; import them separately`,
      );
    }
    chosen ??= { format: d.format, file: f.displayName };
  }
  return chosen!.format;
}

function ensureSource(
  db: Database.Database,
  name: string,
  role: SourceRole,
  at: Date,
): { id: number; role: SourceRole } {
  const existing = db.prepare('SELECT id, role FROM source WHERE name = ?').get(name) as
    { id: number; role: SourceRole } | undefined;
  if (existing) return existing;
  const id = Number(
    db
      .prepare('INSERT INTO source (name, role, created_at) VALUES (?, ?, ?)')
      .run(name, role, at.toISOString()).lastInsertRowid,
  );
  return { id, role };
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
