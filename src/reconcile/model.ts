import type { CiType } from '../domain/attributes.js';
import type { IdentityTable, Interner } from './identity.js';
import type { LoadedRecord, LoadedRelationship, LoadedSource, Snapshot } from './load.js';

/** One CI as reconciliation sees it: the records of every source that describe it. */
export interface ClusterView {
  idx: number;
  /** Record indices, CMDB records first, then by source and key. */
  members: number[];
  cmdb: number[];
  discovery: number[];
  ciType: CiType;
  name: string | null;
}

/** A relationship endpoint resolved to records (several when a name is ambiguous). */
export interface ResolvedRelationship {
  rel: LoadedRelationship;
  parent: number[];
  child: number[];
}

export interface ReconContext {
  snapshot: Snapshot;
  sources: LoadedSource[];
  records: LoadedRecord[];
  /** Identity of each record (entry i is record i). */
  identities: IdentityTable;
  /** Resolves the interned identifier values of `identities`. */
  interner: Interner;
  /** Cluster index of each record. */
  clusterOf: Int32Array;
  clusters: ClusterView[];
  relationships: ResolvedRelationship[];
  /** Reference time for staleness ("now" of the run). */
  now: Date;
}

export type FindingCategory =
  | 'duplicate'
  | 'missing_in_cmdb'
  | 'not_discovered'
  | 'attribute_conflict'
  | 'relationship_conflict'
  | 'dangling_relationship'
  | 'missing_relationship'
  | 'ownership_conflict'
  | 'missing_owner'
  | 'class_conflict'
  | 'invalid_identifier'
  | 'stale_ci'
  | 'retired_but_discovered';

export const FINDING_CATEGORIES: readonly FindingCategory[] = [
  'duplicate',
  'missing_in_cmdb',
  'not_discovered',
  'attribute_conflict',
  'relationship_conflict',
  'dangling_relationship',
  'missing_relationship',
  'ownership_conflict',
  'missing_owner',
  'class_conflict',
  'invalid_identifier',
  'stale_ci',
  'retired_but_discovered',
];

export type Severity = 'high' | 'medium' | 'low' | 'info';

export interface Finding {
  category: FindingCategory;
  severity: Severity;
  cluster?: number;
  record?: number;
  relationship?: number;
  /** Source name and native key of the record (or relationship) the finding is about. */
  source: string;
  key: string;
  attribute?: string;
  summary: string;
  evidence: Record<string, unknown>;
}
