/**
 * The three grids and their column whitelists. A column id is whatever the contract's row type names; the
 * SQL expression behind it never comes from the UI.
 *
 * Index-backed views (see migrations/0002): CIs by id, by name, by type then name, by quality; findings by
 * id, by category (and severity), by CI. Other sorts are a top-N sort over the filtered rows.
 */
import type { AuditRow, CiRow, FindingGridRow } from './contract.js';
import type { GridSpec } from './grid-sql.js';

export const CI_GRID: GridSpec<CiRow> = {
  name: 'CI',
  from: 'ci_cluster c',
  id: 'id',
  defaultSort: [],
  columns: {
    id: { sql: 'c.id', type: 'number' },
    ci_type: { sql: 'c.ci_type', type: 'text' },
    name: { sql: 'c.name', type: 'text', quick: true },
    host_name: { sql: 'c.host_name', type: 'text', quick: true },
    ip_address: { sql: 'c.ip_address', type: 'text', quick: true },
    serial_number: { sql: 'c.serial_number', type: 'text', quick: true },
    os: { sql: 'c.os', type: 'text' },
    os_family: { sql: 'c.os_family', type: 'text' },
    owner: { sql: 'c.owner', type: 'text', quick: true },
    support_group: { sql: 'c.support_group', type: 'text' },
    location: { sql: 'c.location', type: 'text' },
    status: { sql: 'c.status', type: 'text' },
    sources: { sql: 'c.sources', type: 'text' },
    member_count: { sql: 'c.member_count', type: 'number' },
    cmdb_count: { sql: 'c.cmdb_count', type: 'number' },
    discovery_count: { sql: 'c.discovery_count', type: 'number' },
    finding_count: { sql: 'c.finding_count', type: 'number' },
    quality: { sql: 'c.quality', type: 'number' },
  },
};

export const FINDING_GRID: GridSpec<FindingGridRow> = {
  name: 'findings',
  // LEFT JOIN on the primary key: SQLite drops the join from queries that do not use ci_name.
  from: 'finding f LEFT JOIN ci_cluster c ON c.id = f.cluster_id',
  id: 'id',
  defaultSort: [],
  columns: {
    id: { sql: 'f.id', type: 'number' },
    category: { sql: 'f.category', type: 'text' },
    severity: {
      sql: 'f.severity',
      type: 'text',
      // "desc" puts the most severe first.
      sortSql: "CASE f.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END",
    },
    cluster_id: { sql: 'f.cluster_id', type: 'number' },
    ci_name: { sql: 'c.name', type: 'text', quick: true },
    source: { sql: 'f.source', type: 'text' },
    native_key: { sql: 'f.native_key', type: 'text', quick: true },
    attribute: { sql: 'f.attribute', type: 'text' },
    summary: { sql: 'f.summary', type: 'text', quick: true },
  },
};

export const AUDIT_GRID: GridSpec<AuditRow> = {
  name: 'audit',
  from: 'audit_log a',
  id: 'seq',
  defaultSort: [{ colId: 'seq', sort: 'desc' }],
  columns: {
    seq: { sql: 'a.seq', type: 'number' },
    at: { sql: 'a.at', type: 'text' },
    actor: { sql: 'a.actor', type: 'text', quick: true },
    action: { sql: 'a.action', type: 'text', quick: true },
    target: { sql: 'a.target', type: 'text', quick: true },
    detail: { sql: 'a.detail', type: 'text', quick: true },
  },
};

export function columnIds<Row>(spec: GridSpec<Row>): [string, ...string[]] {
  return Object.keys(spec.columns) as [string, ...string[]];
}
