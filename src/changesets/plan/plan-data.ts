import type { CiAttributes } from '../../domain/attributes.js';
import type { PlanSettings } from '../model.js';

/**
 * What the planner reads, as an interface: the SQLite implementation (sqlite-plan-data.ts) answers from
 * the reconciled workspace; tests can answer from memory. The planner itself does no I/O.
 */

export interface PlanFinding {
  id: number;
  fingerprint: string;
  category: string;
  severity: string;
  clusterId: number | null;
  recordId: number | null;
  relationshipId: number | null;
  source: string;
  key: string;
  attribute: string | null;
  summary: string;
  evidence: Record<string, unknown>;
  /** The CI's type and name (for filters and display). */
  ciType: string | null;
  ciName: string | null;
}

export interface PlanRecord {
  id: number;
  batchId: number;
  source: string;
  role: 'cmdb' | 'discovery';
  format: string;
  key: string;
  ciType: string;
  ciClass: string | null;
  name: string | null;
  attrs: CiAttributes;
  /** The CMDB's own fields (ServiceNow field names) as the file had them, when the format is known. */
  fields: Record<string, string> | null;
  /** SHA-256 of the stored attributes: changes when a newer import changes the record. */
  hash: string;
  /** When the record's snapshot was imported (ISO). */
  importedAt: string;
}

export interface PlanClusterMember {
  recordId: number;
  source: string;
  role: 'cmdb' | 'discovery';
  key: string;
}

export interface PlanCluster {
  id: number;
  ciType: string;
  name: string | null;
  golden: CiAttributes;
  /** Attribute -> record id that supplied the golden value. */
  provenance: Record<string, number>;
  members: PlanClusterMember[];
}

export interface PlanRelationship {
  id: number;
  batchId: number;
  source: string;
  key: string;
  type: string;
  parent: { kind: string; value: string };
  child: { kind: string; value: string };
}

export interface PlanData {
  /** The planning time: the reference for "last discovered N days ago". */
  now: Date;
  settings: PlanSettings;
  record(id: number): PlanRecord | undefined;
  /** The current record of a source with this native key. */
  recordByKey(source: string, key: string): PlanRecord | undefined;
  cluster(id: number): PlanCluster | undefined;
  /** The records of a CI (lighter than cluster(): no golden record). */
  members(clusterId: number): PlanClusterMember[];
  /** One golden value of a CI and the record that supplied it. */
  goldenValue(
    clusterId: number,
    attribute: 'owner' | 'support_group',
  ): { value: string; from: number } | undefined;
  /** Clusters whose name or host name is this name (case-insensitive; FQDNs also by their short name). */
  clustersNamed(name: string): number[];
  relationship(id: number): PlanRelationship | undefined;
  relationshipByKey(source: string, key: string): PlanRelationship | undefined;
  /** CMDB relationships that name this record (by native key) at either end. */
  relationshipsOf(source: string, key: string): PlanRelationship[];
  /** Why the winner's value beats the loser's for an attribute (the precedence rule that decides). */
  precedenceReason(attribute: string, winner: string, loser: string): string;
}
