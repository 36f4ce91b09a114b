import { decodeAttributes } from '../domain/attribute-codec.js';
import type { Workspace } from '../workspace/workspace.js';
import { relationshipHash, sha256Hex } from './hash.js';
import type { ChangesetItem, CreateCiProposal, RevisionHeader } from './model.js';
import { currentCmdbBatches } from './snapshot.js';

export interface StaleItem {
  seq: number;
  kind: string;
  target: string | null;
  reasons: string[];
}

interface Namesake {
  source: string;
  key: string;
  hash: string;
  names: string[];
  serial: string | null;
}

const SQL = {
  records: 'SELECT native_key, attrs FROM record WHERE batch_id = ?',
  relationships:
    'SELECT native_key, rel_type, parent_ref, parent_ref_kind, child_ref, child_ref_kind FROM relationship WHERE batch_id = ?',
} as const;

/**
 * Items whose plan may be stale: a CMDB record or relationship they touch changed (or disappeared) in a
 * CMDB import newer than the snapshot the plan was made against, or, for a new CI, a CMDB record with its
 * name or serial appeared or changed since that snapshot. Records are compared by the hash of their
 * attributes, so re-importing an unchanged export changes nothing; batches still current in the same
 * workspace are not even read.
 *
 * A namesake the CMDB already held, unchanged, when the plan was made is not a reason: the planner saw
 * it (the estate can hold an unrelated record of the same name) and the reviewer accepted the creation
 * anyway. In another workspace (a changeset imported from a file) the planned batches are not there to
 * compare with, so every namesake in the current CMDB is reported.
 */
export function findStaleItems(
  ws: Workspace,
  revision: RevisionHeader,
  items: readonly ChangesetItem[],
): StaleItem[] {
  const sameWorkspace = ws.getMeta('workspace_id') === revision.snapshot.workspace;
  const current = currentCmdbBatches(ws);
  const currentIds = new Set(current.map((b) => b.batchId));
  const planned = new Set(revision.snapshot.batches.map((b) => b.batchId));
  const changedBatches = current.filter((b) => !sameWorkspace || !planned.has(b.batchId));
  if (changedBatches.length === 0 && sameWorkspace) return [];

  const unchanged = (e: { batchId: number }) =>
    sameWorkspace && currentIds.has(e.batchId) && planned.has(e.batchId);
  const wanted = { record: new Set<string>(), relationship: new Set<string>() };
  for (const it of items)
    for (const e of it.base) if (!unchanged(e)) wanted[e.kind].add(`${e.source}\u0000${e.key}`);
  const creates = items.filter((it) => it.kind === 'create_ci');

  const hashes = { record: new Map<string, string>(), relationship: new Map<string, string>() };
  // Only records whose name or serial is one a new CI is created with are kept as namesakes.
  const createNames = new Set<string>();
  const createSerials = new Set<string>();
  for (const it of creates) {
    const v = (it.proposal as CreateCiProposal).values;
    for (const n of [v.name, v.host_name]) if (typeof n === 'string') createNames.add(n.toLowerCase());
    if (typeof v.serial_number === 'string') createSerials.add(v.serial_number);
  }
  const namesakes: Namesake[] = [];
  const recordStmt = ws.db.prepare(SQL.records).raw(true);
  const relStmt = ws.db.prepare(SQL.relationships).raw(true);
  const scanned = sameWorkspace ? changedBatches : current;
  for (const b of scanned) {
    for (const [key, attrs] of recordStmt.iterate(b.batchId) as IterableIterator<[string, string]>) {
      const k = `${b.source}\u0000${key}`;
      if (wanted.record.has(k)) hashes.record.set(k, sha256Hex(attrs));
      if (creates.length > 0) {
        const a = decodeAttributes(attrs);
        const names = [a.name, a.host_name].filter((n): n is string => !!n).map((n) => n.toLowerCase());
        const serial = a.serial_number && createSerials.has(a.serial_number) ? a.serial_number : null;
        if (names.some((n) => createNames.has(n)) || serial)
          namesakes.push({ source: b.source, key, hash: sha256Hex(attrs), names, serial });
      }
    }
    if (wanted.relationship.size === 0) continue;
    for (const [key, type, pv, pk, cv, ck] of relStmt.iterate(b.batchId) as IterableIterator<
      [string, string, string, string, string, string]
    >) {
      const k = `${b.source}\u0000${key}`;
      if (wanted.relationship.has(k))
        hashes.relationship.set(
          k,
          relationshipHash({ type, parent: { kind: pk, value: pv }, child: { kind: ck, value: cv } }),
        );
    }
  }
  const fresh = sameWorkspace ? newOrChanged(ws, revision, namesakes) : namesakes;
  const names = new Map<string, string>();
  const serials = new Map<string, string>();
  for (const n of fresh) {
    for (const name of n.names) names.set(name, `${n.source} ${n.key}`);
    if (n.serial) serials.set(n.serial, `${n.source} ${n.key}`);
  }
  const touchedSources = new Set(scanned.map((b) => b.source));

  const out: StaleItem[] = [];
  for (const it of items) {
    const reasons: string[] = [];
    for (const e of it.base) {
      if (unchanged(e) || !touchedSources.has(e.source)) continue;
      const now = hashes[e.kind].get(`${e.source}\u0000${e.key}`);
      const what = e.kind === 'record' ? `${e.source} record ${e.key}` : `${e.source} relationship ${e.key}`;
      if (now === undefined) reasons.push(`${what} is no longer in the CMDB`);
      else if (now !== e.hash) reasons.push(`${what} changed in the CMDB since the plan was made`);
    }
    if (it.kind === 'create_ci') {
      const v = (it.proposal as CreateCiProposal).values;
      const byName = [v.name, v.host_name]
        .map((n) => (typeof n === 'string' ? names.get(n.toLowerCase()) : undefined))
        .find(Boolean);
      const bySerial = typeof v.serial_number === 'string' ? serials.get(v.serial_number) : undefined;
      if (byName) reasons.push(`the CMDB now has a record with its name (${byName})`);
      else if (bySerial) reasons.push(`the CMDB now has a record with its serial number (${bySerial})`);
    }
    if (reasons.length > 0) out.push({ seq: it.seq, kind: it.kind, target: it.targetName, reasons });
  }
  return out;
}

/**
 * The namesakes that are not in the planned snapshot as they are now: new records, or records whose
 * attributes changed. The planned batches are still in the workspace (imports keep earlier snapshots);
 * each is read once, and only for the sources that have namesakes.
 */
function newOrChanged(ws: Workspace, revision: RevisionHeader, namesakes: Namesake[]): Namesake[] {
  if (namesakes.length === 0) return namesakes;
  const wanted = new Set(namesakes.map((n) => `${n.source}\u0000${n.key}`));
  const before = new Map<string, string>();
  const stmt = ws.db.prepare(SQL.records).raw(true);
  for (const b of revision.snapshot.batches) {
    if (!namesakes.some((n) => n.source === b.source)) continue;
    for (const [key, attrs] of stmt.iterate(b.batchId) as IterableIterator<[string, string]>) {
      const k = `${b.source}\u0000${key}`;
      if (wanted.has(k)) before.set(k, sha256Hex(attrs));
    }
  }
  return namesakes.filter((n) => before.get(`${n.source}\u0000${n.key}`) !== n.hash);
}
