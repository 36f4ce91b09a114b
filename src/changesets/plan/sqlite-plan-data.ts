import type Database from 'better-sqlite3';
import { decodeAttributes } from '../../domain/attribute-codec.js';
import type { CiAttributes } from '../../domain/attributes.js';
import type { LoadedSource } from '../../reconcile/load.js';
import { Precedence } from '../../reconcile/precedence.js';
import { goldenFromProvenance, suppliersOf } from '../../reconcile/golden-record.js';
import { decodeProvenance } from '../../reconcile/provenance-codec.js';
import type { Workspace } from '../../workspace/workspace.js';
import { sha256Hex } from '../hash.js';
import type { PlanSettings } from '../model.js';
import { cmdbFields } from './cmdb-fields.js';
import type {
  PlanCluster,
  PlanClusterMember,
  PlanData,
  PlanFinding,
  PlanRecord,
  PlanRelationship,
} from './plan-data.js';

const SQL = {
  // The verbatim row only for CMDB records (their own field values); discovery documents can be large.
  recordById: `SELECT r.id, r.batch_id, r.file_id, r.native_key, r.ci_type, r.ci_class, r.name,
                      CASE WHEN s.role = 'cmdb' THEN r.raw END AS raw, r.attrs,
                      b.format, b.finished_at, s.name AS source, s.role
                 FROM record r JOIN import_batch b ON b.id = r.batch_id JOIN source s ON s.id = b.source_id
                WHERE r.id = ?`,
  recordIdByKey: `SELECT cm.record_id FROM cluster_member cm JOIN source s ON s.id = cm.source_id
                   WHERE s.name = ? AND cm.native_key = ?`,
  fileHeader: 'SELECT header FROM import_file WHERE id = ?',
  cluster: 'SELECT id, ci_type, name, provenance FROM ci_cluster WHERE id = ?',
  clustersIn: `SELECT id, ci_type, name, provenance FROM ci_cluster
                WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  // The records that supplied golden values (a golden record is rebuilt from them: golden-record.ts).
  attrsIn: 'SELECT id, attrs FROM record WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
  recordsIn: `SELECT r.id, r.batch_id, r.file_id, r.native_key, r.ci_type, r.ci_class, r.name,
                     CASE WHEN s.role = 'cmdb' THEN r.raw END AS raw, r.attrs, b.format, b.finished_at, s.name AS source, s.role
                FROM record r JOIN import_batch b ON b.id = r.batch_id JOIN source s ON s.id = b.source_id
               WHERE r.id IN (SELECT value FROM json_each(?)) ORDER BY r.id`,
  recordIdsByKeys: `SELECT s.name AS source, cm.native_key, cm.record_id FROM cluster_member cm JOIN source s ON s.id = cm.source_id
                     WHERE (s.name, cm.native_key) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))`,
  clusterMembers: `SELECT cm.record_id, cm.native_key, s.name AS source, s.role
                     FROM cluster_member cm JOIN source s ON s.id = cm.source_id
                    WHERE cm.cluster_id = ? ORDER BY s.role, s.name, cm.native_key`,
  clusterNames: 'SELECT id, name, host_name FROM ci_cluster',
  clustersByName: 'SELECT id FROM ci_cluster WHERE name IN (?, ?) ORDER BY id',
  // owner and support_group are the golden values (promoted to columns); provenance names their suppliers.
  ownership: 'SELECT id, owner, support_group, provenance FROM ci_cluster WHERE id = ?',
  ownershipIn: `SELECT id, owner, support_group, provenance FROM ci_cluster
                 WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  cmdbRelationships: `SELECT r.id, r.batch_id, r.native_key, r.rel_type, r.parent_ref, r.parent_ref_kind, r.child_ref,
                             r.child_ref_kind, s.name AS source
                        FROM relationship r JOIN import_batch b ON b.id = r.batch_id JOIN source s ON s.id = b.source_id
                       WHERE b.is_current = 1 AND s.role = 'cmdb' ORDER BY r.id`,
  currentSources: `SELECT s.id, s.name, s.role, group_concat(DISTINCT b.format) AS formats, max(b.finished_at) AS imported_at
                     FROM source s JOIN import_batch b ON b.source_id = s.id AND b.is_current = 1 GROUP BY s.id ORDER BY s.name`,
} as const;

interface RecordRow {
  id: number;
  batch_id: number;
  file_id: number;
  native_key: string;
  ci_type: string;
  ci_class: string | null;
  name: string | null;
  raw: string | null;
  attrs: string;
  format: string;
  finished_at: string;
  source: string;
  role: 'cmdb' | 'discovery';
}

interface ClusterRow {
  id: number;
  ci_type: string;
  name: string | null;
  provenance: string;
}

interface OwnershipRow {
  id: number;
  owner: string | null;
  support_group: string | null;
  provenance: string;
}

interface Ownership {
  owner: string | null;
  ownerFrom: number | undefined;
  supportGroup: string | null;
  supportGroupFrom: number | undefined;
}

function ownershipOf(row: OwnershipRow | undefined): Ownership | undefined {
  if (!row) return undefined;
  const from = decodeProvenance(row.provenance);
  return {
    owner: row.owner,
    ownerFrom: from.owner,
    supportGroup: row.support_group,
    supportGroupFrom: from.support_group,
  };
}

function* chunks<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

interface RelRow {
  id: number;
  batch_id: number;
  native_key: string;
  rel_type: string;
  parent_ref: string;
  parent_ref_kind: string;
  child_ref: string;
  child_ref_kind: string;
  source: string;
}

/** PlanData over a reconciled workspace: prepared statements, results cached for the planner's lifetime. */
export class SqlitePlanData implements PlanData {
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly records = new Map<number, PlanRecord | undefined>();
  private readonly clusters = new Map<number, PlanCluster | undefined>();
  /** Loaded up front in id order (prefetch): kept for the whole plan. */
  private readonly prefetchedRecords = new Map<number, PlanRecord>();
  private readonly prefetchedClusters = new Map<
    number,
    { row: ClusterRow; provenance: Record<string, number> }
  >();
  /** Attributes of the records that supplied the prefetched clusters' golden values. */
  private readonly supplierAttrs = new Map<number, CiAttributes>();
  private readonly ownership = new Map<number, Ownership | undefined>();
  private readonly keys = new Map<string, number | undefined>();
  private readonly headers = new Map<number, string[] | null>();
  private names: Map<string, number[]> | undefined;
  private rels:
    | {
        byId: Map<number, PlanRelationship>;
        byKey: Map<string, PlanRelationship>;
        byEnd: Map<string, PlanRelationship[]>;
      }
    | undefined;
  private precedence: { rules: Precedence; sources: Map<string, LoadedSource> } | undefined;

  constructor(
    ws: Workspace,
    readonly now: Date,
    readonly settings: PlanSettings,
  ) {
    this.db = ws.db;
    this.stmts = {
      recordById: this.db.prepare(SQL.recordById),
      recordIdByKey: this.db.prepare(SQL.recordIdByKey).pluck(),
      fileHeader: this.db.prepare(SQL.fileHeader).pluck(),
      cluster: this.db.prepare(SQL.cluster),
      clusterMembers: this.db.prepare(SQL.clusterMembers),
      clustersByName: this.db.prepare(SQL.clustersByName).pluck(),
      attrsIn: this.db.prepare(SQL.attrsIn).raw(true),
    };
    this.ws = ws;
  }

  private readonly ws: Workspace;

  /**
   * Loads the records and golden records the findings name, each set in one pass in id order: the same
   * rows fetched one by one cost a scattered page read each, and a plan reads tens of thousands.
   */
  prefetch(findings: readonly PlanFinding[]): void {
    const recordIds = new Set<number>();
    const clusterIds = new Set<number>();
    const ownerIds = new Set<number>();
    const keys: [string, string][] = [];
    for (const f of findings) {
      if (f.recordId !== null) recordIds.add(f.recordId);
      if (f.clusterId !== null && f.category === 'missing_in_cmdb') clusterIds.add(f.clusterId);
      if (f.clusterId !== null && f.category === 'missing_owner') ownerIds.add(f.clusterId);
      const by = f.evidence.discoveredBy as { source?: string; key?: string } | undefined;
      if (f.category === 'attribute_conflict' && by?.source && by.key) keys.push([by.source, by.key]);
    }
    for (const chunk of chunks(keys, 20_000)) {
      for (const row of this.db.prepare(SQL.recordIdsByKeys).all(JSON.stringify(chunk)) as {
        source: string;
        native_key: string;
        record_id: number;
      }[]) {
        this.keys.set(`${row.source}\u0000${row.native_key}`, row.record_id);
        recordIds.add(row.record_id);
      }
    }
    const recordStmt = this.db.prepare(SQL.recordsIn);
    for (const chunk of chunks(
      [...recordIds].sort((a, b) => a - b),
      20_000,
    ))
      for (const row of recordStmt.iterate(JSON.stringify(chunk)) as IterableIterator<RecordRow>)
        this.prefetchedRecords.set(row.id, this.toRecord(row));
    const clusterStmt = this.db.prepare(SQL.clustersIn);
    const suppliers = new Set<number>();
    for (const chunk of chunks(
      [...clusterIds].sort((a, b) => a - b),
      20_000,
    ))
      for (const row of clusterStmt.iterate(JSON.stringify(chunk)) as IterableIterator<ClusterRow>) {
        const provenance = decodeProvenance(row.provenance);
        this.prefetchedClusters.set(row.id, { row, provenance });
        for (const id of suppliersOf(provenance)) suppliers.add(id);
      }
    for (const [id, attrs] of this.attributesOf([...suppliers])) this.supplierAttrs.set(id, attrs);
    const ownerStmt = this.db.prepare(SQL.ownershipIn);
    for (const chunk of chunks(
      [...ownerIds].sort((a, b) => a - b),
      20_000,
    ))
      for (const row of ownerStmt.iterate(JSON.stringify(chunk)) as IterableIterator<OwnershipRow>)
        this.ownership.set(row.id, ownershipOf(row));
  }

  goldenValue(
    clusterId: number,
    attribute: 'owner' | 'support_group',
  ): { value: string; from: number } | undefined {
    if (!this.ownership.has(clusterId))
      this.ownership.set(
        clusterId,
        ownershipOf(this.db.prepare(SQL.ownership).get(clusterId) as OwnershipRow | undefined),
      );
    const row = this.ownership.get(clusterId);
    const value = attribute === 'owner' ? row?.owner : row?.supportGroup;
    const from = attribute === 'owner' ? row?.ownerFrom : row?.supportGroupFrom;
    return value && from !== undefined ? { value, from } : undefined;
  }

  members(clusterId: number): PlanClusterMember[] {
    return this.loadMembers(clusterId);
  }

  private loadMembers(id: number): PlanClusterMember[] {
    return (
      this.stmts.clusterMembers.all(id) as {
        record_id: number;
        native_key: string;
        source: string;
        role: 'cmdb' | 'discovery';
      }[]
    ).map((m) => ({ recordId: m.record_id, source: m.source, role: m.role, key: m.native_key }));
  }

  record(id: number): PlanRecord | undefined {
    const pre = this.prefetchedRecords.get(id);
    if (pre) return pre;
    if (this.records.has(id)) return this.records.get(id);
    const row = this.stmts.recordById.get(id) as RecordRow | undefined;
    const rec = row ? this.toRecord(row) : undefined;
    // Bounded: an estate-wide plan touches hundreds of thousands of records, most of them once.
    if (this.records.size > 50_000) this.records.clear();
    this.records.set(id, rec);
    return rec;
  }

  private toRecord(row: RecordRow): PlanRecord {
    return {
      id: row.id,
      batchId: row.batch_id,
      source: row.source,
      role: row.role,
      format: row.format,
      key: row.native_key,
      ciType: row.ci_type,
      ciClass: row.ci_class,
      name: row.name,
      attrs: decodeAttributes(row.attrs),
      fields: row.raw !== null ? cmdbFields(row.format, this.header(row.file_id), row.raw) : null,
      hash: sha256Hex(row.attrs),
      importedAt: row.finished_at,
    };
  }

  private header(fileId: number): string[] | null {
    if (!this.headers.has(fileId)) {
      const text = this.stmts.fileHeader.get(fileId) as string | null | undefined;
      this.headers.set(fileId, text ? (JSON.parse(text) as string[]) : null);
    }
    return this.headers.get(fileId)!;
  }

  recordByKey(source: string, key: string): PlanRecord | undefined {
    const k = `${source}\u0000${key}`;
    let id: number | undefined;
    if (this.keys.has(k)) id = this.keys.get(k);
    else {
      id = this.stmts.recordIdByKey.get(source, key) as number | undefined;
      if (this.keys.size > 200_000) this.keys.clear();
      this.keys.set(k, id);
    }
    return id === undefined ? undefined : this.record(id);
  }

  cluster(id: number): PlanCluster | undefined {
    if (this.clusters.has(id)) return this.clusters.get(id);
    const c = this.loadCluster(id);
    // Hosts are asked for again and again (every VM names one); other clusters once.
    if (this.clusters.size > 50_000) this.clusters.clear();
    this.clusters.set(id, c);
    return c;
  }

  private loadCluster(id: number): PlanCluster | undefined {
    const prefetched = this.prefetchedClusters.get(id);
    const row = prefetched?.row ?? (this.stmts.cluster.get(id) as ClusterRow | undefined);
    if (!row) return undefined;
    const load = () => this.loadMembers(id);
    let members: PlanClusterMember[] | undefined;
    const provenance = prefetched?.provenance ?? decodeProvenance(row.provenance);
    const attrs = prefetched ? this.supplierAttrs : this.attributesOf(suppliersOf(provenance));
    return {
      id: row.id,
      ciType: row.ci_type,
      name: row.name,
      golden: goldenFromProvenance(provenance, (recordId) => attrs.get(recordId)),
      provenance,
      // Most rules read only the golden record: members are queried when asked for.
      get members() {
        return (members ??= load());
      },
    };
  }

  /** Stored attributes of records, in id order (each set one pass over the record table). */
  private attributesOf(ids: readonly number[]): Map<number, CiAttributes> {
    const out = new Map<number, CiAttributes>();
    for (const chunk of chunks(
      [...ids].sort((a, b) => a - b),
      20_000,
    ))
      for (const [id, text] of this.stmts.attrsIn.iterate(JSON.stringify(chunk)) as IterableIterator<
        [number, string]
      >)
        out.set(id, decodeAttributes(text));
    return out;
  }

  clustersNamed(name: string): number[] {
    const exact = name.trim();
    const short = exact.split('.')[0]!;
    // The name index first (the full name, then the short host name); the whole table only when it fails.
    for (const n of short !== exact ? [exact, short] : [exact]) {
      const byIndex = this.stmts.clustersByName.all(n, n.toLowerCase()) as number[];
      if (byIndex.length > 0) return byIndex;
    }
    return this.clustersNamedScan(name);
  }

  /** Names and host names of every CI, case-insensitively: for names the name index does not find. */
  private clustersNamedScan(name: string): number[] {
    if (!this.names) {
      const names = new Map<string, number[]>();
      const add = (k: string | null, id: number) => {
        if (!k) return;
        const key = k.trim().toLowerCase();
        const list = names.get(key);
        if (!list) names.set(key, [id]);
        else if (!list.includes(id)) list.push(id);
      };
      for (const [id, n, host] of this.db.prepare(SQL.clusterNames).raw(true).iterate() as IterableIterator<
        [number, string | null, string | null]
      >) {
        add(n, id);
        add(host, id);
      }
      this.names = names;
    }
    const key = name.trim().toLowerCase();
    const exact = this.names.get(key);
    if (exact) return exact;
    const short = key.split('.')[0]!;
    return short !== key ? (this.names.get(short) ?? []) : [];
  }

  private relationships() {
    if (!this.rels) {
      const byId = new Map<number, PlanRelationship>();
      const byKey = new Map<string, PlanRelationship>();
      const byEnd = new Map<string, PlanRelationship[]>();
      const addEnd = (k: string, r: PlanRelationship) => {
        const list = byEnd.get(k);
        if (list) list.push(r);
        else byEnd.set(k, [r]);
      };
      for (const row of this.db.prepare(SQL.cmdbRelationships).iterate() as IterableIterator<RelRow>) {
        const rel: PlanRelationship = {
          id: row.id,
          batchId: row.batch_id,
          source: row.source,
          key: row.native_key,
          type: row.rel_type,
          parent: { kind: row.parent_ref_kind, value: row.parent_ref },
          child: { kind: row.child_ref_kind, value: row.child_ref },
        };
        byId.set(rel.id, rel);
        byKey.set(`${rel.source}\u0000${rel.key}`, rel);
        if (rel.parent.kind === 'key') addEnd(`${rel.source}\u0000${rel.parent.value}`, rel);
        if (rel.child.kind === 'key' && rel.child.value !== rel.parent.value)
          addEnd(`${rel.source}\u0000${rel.child.value}`, rel);
      }
      this.rels = { byId, byKey, byEnd };
    }
    return this.rels;
  }

  relationship(id: number): PlanRelationship | undefined {
    return this.relationships().byId.get(id);
  }

  relationshipByKey(source: string, key: string): PlanRelationship | undefined {
    return this.relationships().byKey.get(`${source}\u0000${key}`);
  }

  relationshipsOf(source: string, key: string): PlanRelationship[] {
    return this.relationships().byEnd.get(`${source}\u0000${key}`) ?? [];
  }

  precedenceReason(attribute: string, winner: string, loser: string): string {
    if (!this.precedence) {
      const sources = new Map<string, LoadedSource>();
      (
        this.db.prepare(SQL.currentSources).all() as {
          id: number;
          name: string;
          role: 'cmdb' | 'discovery';
          formats: string;
          imported_at: string;
        }[]
      ).forEach((s, idx) =>
        sources.set(s.name, {
          idx,
          id: s.id,
          name: s.name,
          role: s.role,
          formats: s.formats.split(','),
          importedAt: s.imported_at,
        }),
      );
      this.precedence = { rules: Precedence.load(this.ws), sources };
    }
    const w = this.precedence.sources.get(winner);
    const l = this.precedence.sources.get(loser);
    if (!w || !l) return `${winner} reports this value`;
    const rw = this.precedence.rules.rank(attribute, w);
    const rl = this.precedence.rules.rank(attribute, l);
    return `${winner} outranks ${loser} for ${attribute}: precedence rule "${rw.rule}" against "${rl.rule}"`;
  }
}
