import {
  ATTRIBUTE_SLOTS,
  compileAttributeDecoder,
  SLOT_DROP,
  SLOT_KEEP,
  SLOT_SHARE,
} from '../domain/attribute-codec.js';
import { type CiAttributes, type CiType, newAttributes } from '../domain/attributes.js';
import type { RefKind, SourceRole } from '../importers/types.js';
import type { Workspace } from '../workspace/workspace.js';

/** What reconciliation reads: every source's current snapshots. */

export interface LoadedSource {
  idx: number;
  id: number;
  name: string;
  role: SourceRole;
  formats: string[];
  /** When the newest current snapshot of the source was imported (ISO). */
  importedAt: string;
}

export interface LoadedRecord {
  idx: number;
  id: number;
  batchId: number;
  source: number;
  key: string;
  ciType: CiType;
  ciClass: string | null;
  name: string | null;
  attrs: CiAttributes;
}

export interface LoadedRelationship {
  id: number;
  source: number;
  key: string;
  type: string;
  parent: { kind: RefKind; value: string };
  child: { kind: RefKind; value: string };
}

export interface Snapshot {
  sources: LoadedSource[];
  records: LoadedRecord[];
  relationships: LoadedRelationship[];
  /** Current batch ids, ascending: two runs over the same ids saw the same data. */
  batchIds: number[];
}

export function loadSnapshot(ws: Workspace): Snapshot {
  const db = ws.db;
  const batches = db
    .prepare(
      `SELECT b.id, b.source_id, b.format, b.finished_at, s.name, s.role FROM import_batch b JOIN source s ON s.id = b.source_id
        WHERE b.is_current = 1 ORDER BY s.name, b.id`,
    )
    .all() as {
    id: number;
    source_id: number;
    format: string;
    finished_at: string;
    name: string;
    role: SourceRole;
  }[];
  const sources: LoadedSource[] = [];
  const sourceIdx = new Map<number, number>();
  const batchSource = new Map<number, number>();
  for (const b of batches) {
    let idx = sourceIdx.get(b.source_id);
    if (idx === undefined) {
      idx = sources.length;
      sourceIdx.set(b.source_id, idx);
      sources.push({
        idx,
        id: b.source_id,
        name: b.name,
        role: b.role,
        formats: [],
        importedAt: b.finished_at,
      });
    }
    const s = sources[idx]!;
    if (!s.formats.includes(b.format)) s.formats.push(b.format);
    if (b.finished_at > s.importedAt) s.importedAt = b.finished_at;
    batchSource.set(b.id, idx);
  }

  const pool = new StringPool();
  // Rows come back as arrays (`raw` mode): no object per row for hundreds of thousands of rows.
  const records: LoadedRecord[] = [];
  const recStmt = db
    .prepare(
      'SELECT id, native_key, ci_type, ci_class, name, attrs FROM record WHERE batch_id = ? ORDER BY id',
    )
    .raw(true);
  const relationships: LoadedRelationship[] = [];
  const relStmt = db
    .prepare(
      `SELECT id, native_key, rel_type, parent_ref, parent_ref_kind, child_ref, child_ref_kind FROM relationship
        WHERE batch_id = ? ORDER BY id`,
    )
    .raw(true);
  for (const b of batches) {
    const src = batchSource.get(b.id)!;
    for (const row of recStmt.iterate(b.id) as IterableIterator<
      [number, string, CiType, string | null, string | null, string]
    >) {
      const attrs = compactAttributes(row[5], pool);
      records.push({
        idx: records.length,
        id: row[0],
        batchId: b.id,
        source: src,
        key: row[1],
        ciType: pool.shared(row[2]),
        ciClass: row[3] === null ? null : pool.shared(row[3]),
        // Usually the name attribute again: one string for both.
        name: row[4] !== null && row[4] === attrs.name ? attrs.name : row[4],
        attrs,
      });
    }
    for (const row of relStmt.iterate(b.id) as IterableIterator<
      [number, string, string, string, RefKind, string, RefKind]
    >) {
      relationships.push({
        id: row[0],
        source: src,
        key: row[1],
        type: pool.shared(row[2]),
        parent: { kind: pool.shared(row[4]), value: row[3] },
        child: { kind: pool.shared(row[6]), value: row[5] },
      });
    }
  }
  return { sources, records, relationships, batchIds: batches.map((b) => b.id).sort((a, b) => a - b) };
}

/** Attributes whose values repeat across thousands of records (an owner, a location, an OS string). */
const REPEATING: readonly (keyof CiAttributes)[] = [
  'status',
  'os',
  'os_family',
  'os_name',
  'os_version',
  'owner',
  'support_group',
  'location',
  'manufacturer',
  'model',
  'environment',
  'company',
  'power_state',
  'cluster',
  'datacenter',
  'host_ref',
  'dns_domain',
  'last_seen',
  'cloud_provider',
];
/** What reconciliation never reads: interfaces are shown from the stored record. */
const DROPPED: readonly (keyof CiAttributes)[] = ['interfaces', 'updated_at'];
/** What to do with each stored attribute slot (see ATTRIBUTE_SLOTS). */
const slotKind = Uint8Array.from(ATTRIBUTE_SLOTS, (k) =>
  (DROPPED as readonly string[]).includes(k)
    ? SLOT_DROP
    : (REPEATING as readonly string[]).includes(k)
      ? SLOT_SHARE
      : SLOT_KEEP,
);
const decodeCompact = compileAttributeDecoder(slotKind);

/** One copy of each repeating string, for the length of one load (unique values only cost a lookup). */
class StringPool {
  private readonly map = new Map<string, string>();

  shared<T extends string>(v: T): T {
    const s = this.map.get(v);
    if (s !== undefined) return s as T;
    if (this.map.size < 1_000_000) this.map.set(v, v);
    return v;
  }

  /** shared() as a function value. */
  readonly share = (v: string): string => this.shared(v);
}

/**
 * Decodes stored attributes into one fixed-shape object (see newAttributes), sharing one copy of each
 * repeating value and dropping what reconciliation never reads. Decoded naively, every record has its
 * own strings: golden records, findings and quality then read 40 attributes of 700,000 records that
 * hold hundreds of megabytes of duplicate strings.
 */
function compactAttributes(text: string, pool: StringPool): CiAttributes {
  const a = newAttributes() as Record<string, unknown>;
  decodeCompact(text, a, pool.share);
  // The primary address is usually also in the list: one string for both.
  const ip = a.ip_address as string | undefined;
  const ips = a.ip_addresses as string[] | undefined;
  if (ip !== undefined && ips !== undefined) {
    const i = ips.indexOf(ip);
    if (i >= 0) ips[i] = ip;
  }
  const mac = a.mac_address as string | undefined;
  const macs = a.mac_addresses as string[] | undefined;
  if (mac !== undefined && macs !== undefined) {
    const i = macs.indexOf(mac);
    if (i >= 0) macs[i] = mac;
  }
  const extra = a.extra as Record<string, unknown> | undefined;
  if (extra !== undefined)
    for (const k in extra) {
      const v = extra[k];
      if (typeof v === 'string' && v.length <= 64) extra[k] = pool.shared(v);
    }
  return a as CiAttributes;
}
