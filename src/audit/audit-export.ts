import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { spreadsheetLine } from '../util/csv-write.js';
import type { Workspace } from '../workspace/workspace.js';
import { appendAudit, type AuditVerification, verifyAudit } from './audit-log.js';
import { queryAudit } from './audit-query.js';

export const AUDIT_JSON = 'audit-log.json';
export const AUDIT_CSV = 'audit-log.csv';

export interface AuditExportResult {
  directory: string;
  entries: number;
  verification: AuditVerification;
  files: { path: string; sha256: string; bytes: number }[];
}

const COLUMNS = ['seq', 'at', 'actor', 'action', 'target', 'detail', 'prev_hash', 'hash'] as const;

/**
 * Writes the audit trail for auditors: audit-log.json, every entry exactly as stored (detail is the JSON
 * text the hash covers, so anyone can recompute the chain: docs/changeset-format.md), with the verification
 * result; and audit-log.csv for reading in a spreadsheet (UTF-8 BOM, CRLF, formula-escaped). The export is
 * itself recorded in the trail, after the files are written.
 */
export function exportAudit(ws: Workspace, dir: string): AuditExportResult {
  const verification = verifyAudit(ws.db);
  mkdirSync(dir, { recursive: true });
  let entries = 0;
  const jsonBytes = writeFileAtomic(
    path.join(dir, AUDIT_JSON),
    (function* () {
      yield `{\n  "format": "cmdbw-audit",\n  "version": 1,\n  "verification": ${JSON.stringify(verification)},\n  "entries": [`;
      let first = true;
      for (const e of queryAudit(ws.db)) {
        entries++;
        yield `${first ? '' : ','}\n    ${JSON.stringify({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, target: e.target, detail: e.detail, prev_hash: e.prev_hash, hash: e.hash })}`;
        first = false;
      }
      yield '\n  ]\n}\n';
    })(),
  );
  const csvBytes = writeFileAtomic(
    path.join(dir, AUDIT_CSV),
    (function* () {
      yield '\uFEFF';
      yield spreadsheetLine(COLUMNS);
      for (const e of queryAudit(ws.db)) yield spreadsheetLine(COLUMNS.map((c) => e[c]));
    })(),
  );
  const files = [
    { path: AUDIT_JSON, sha256: sha256File(path.join(dir, AUDIT_JSON)), bytes: jsonBytes },
    { path: AUDIT_CSV, sha256: sha256File(path.join(dir, AUDIT_CSV)), bytes: csvBytes },
  ];
  ws.write(() =>
    appendAudit(ws.db, {
      at: ws.now(),
      actor: ws.user,
      action: 'audit.export',
      target: 'audit',
      detail: { directory: path.resolve(dir), entries, intact: verification.ok, files },
    }),
  );
  return { directory: path.resolve(dir), entries, verification, files };
}

function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
