import { findAttributeConflicts } from './findings/attribute-conflicts.js';
import { findClassConflicts } from './findings/classification.js';
import { findDuplicates } from './findings/duplicates.js';
import { findIdentifierIssues } from './findings/identifiers.js';
import { findLifecycleIssues } from './findings/lifecycle.js';
import { findMissingInCmdb } from './findings/missing-in-cmdb.js';
import { findNotDiscovered } from './findings/not-discovered.js';
import { findOwnershipIssues } from './findings/ownership.js';
import { findRelationshipIssues } from './findings/relationships.js';
import { FindingTable } from './finding-table.js';
import type { Finding, ReconContext } from './model.js';

const FINDERS: readonly ((ctx: ReconContext) => Finding[])[] = [
  findDuplicates,
  findMissingInCmdb,
  findNotDiscovered,
  findAttributeConflicts,
  findRelationshipIssues,
  findOwnershipIssues,
  findClassConflicts,
  findIdentifierIssues,
  findLifecycleIssues,
];

/** Every finding category, in a stable order. */
export function findAll(ctx: ReconContext): Finding[] {
  return FINDERS.flatMap((find) => find(ctx));
}

/** findAll's findings in the form they are written, one category's objects in memory at a time. */
export function collectFindings(ctx: ReconContext): FindingTable {
  const table = new FindingTable();
  for (const find of FINDERS) table.addAll(find(ctx));
  return table;
}
