import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/**
 * The audit trail: append-only and hash-chained. Each entry's hash covers its own fields and the previous
 * entry's hash; the newest hash and the entry count are also kept in workspace_meta, so that editing,
 * deleting, inserting or reordering any entry (the last one included) is detected by verifyAudit.
 */

export interface AuditEntryInput {
  actor: string;
  action: string;
  target?: string;
  detail: Record<string, unknown>;
  at: Date;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_KEY = 'audit_head';

export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([e.seq, e.at, e.actor, e.action, e.target, e.detail, e.prev_hash]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Appends one entry. Call inside the transaction that makes the change it records. */
export function appendAudit(db: Database.Database, input: AuditEntryInput): AuditEntry {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  const base = {
    seq: (last?.seq ?? 0) + 1,
    at: input.at.toISOString(),
    actor: input.actor,
    action: input.action,
    target: input.target ?? null,
    detail: JSON.stringify(input.detail),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const entry: AuditEntry = { ...base, hash: entryHash(base) };
  db.prepare(
    'INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @target, @detail, @prev_hash, @hash)',
  ).run(entry);
  db.prepare(
    'INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(HEAD_KEY, JSON.stringify({ seq: entry.seq, hash: entry.hash }));
  return entry;
}

export type AuditVerification =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; firstBad: number; reason: string };

/** Walks the chain from the first entry; reports the first entry that does not fit. */
export function verifyAudit(db: Database.Database): AuditVerification {
  const rows = db
    .prepare('SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_log ORDER BY seq')
    .iterate() as IterableIterator<AuditEntry>;
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  for (const row of rows) {
    count++;
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        entries: count,
        firstBad: expectedSeq,
        reason: `entry ${expectedSeq} is missing (next entry is ${row.seq})`,
      };
    }
    if (row.prev_hash !== prev) {
      return {
        ok: false,
        entries: count,
        firstBad: row.seq,
        reason: `entry ${row.seq} does not follow entry ${row.seq - 1} (chain broken: removed or reordered)`,
      };
    }
    const { hash, ...rest } = row;
    if (entryHash(rest) !== hash) {
      return {
        ok: false,
        entries: count,
        firstBad: row.seq,
        reason: `entry ${row.seq} was altered (its content no longer matches its hash)`,
      };
    }
    prev = hash;
    expectedSeq++;
  }
  const headRow = db.prepare('SELECT value FROM workspace_meta WHERE key = ?').get(HEAD_KEY) as
    { value: string } | undefined;
  const head = headRow
    ? (JSON.parse(headRow.value) as { seq: number; hash: string })
    : { seq: 0, hash: GENESIS_HASH };
  if (head.seq !== count || head.hash !== prev) {
    const firstBad = Math.min(head.seq, count) + 1;
    return {
      ok: false,
      entries: count,
      firstBad,
      reason: `the trail ends at entry ${count} but ${head.seq} entries were recorded (entries removed from the end)`,
    };
  }
  return { ok: true, entries: count, head: prev };
}
