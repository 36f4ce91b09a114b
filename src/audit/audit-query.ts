import type Database from 'better-sqlite3';
import type { AuditEntry } from './audit-log.js';

export interface AuditQuery {
  actions?: string[];
  /** Entries about this target, e.g. "changeset:3". */
  target?: string;
  since?: string;
  limit?: number;
  /** Newest first (listing) or oldest first (export). */
  newestFirst?: boolean;
}

/** Audit entries as stored (detail is the exact JSON text the hash covers), in sequence order. */
export function* queryAudit(db: Database.Database, q: AuditQuery = {}): Generator<AuditEntry> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (q.actions?.length) {
    where.push(`action IN (${q.actions.map(() => '?').join(',')})`);
    params.push(...q.actions);
  }
  if (q.target) {
    where.push('target = ?');
    params.push(q.target);
  }
  if (q.since) {
    where.push('at >= ?');
    params.push(q.since);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const order = q.newestFirst ? 'DESC' : 'ASC';
  const limit = q.limit && q.limit > 0 ? q.limit : -1;
  yield* db
    .prepare(
      `SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_log ${clause} ORDER BY seq ${order} LIMIT ?`,
    )
    .iterate(...params, limit) as IterableIterator<AuditEntry>;
}
