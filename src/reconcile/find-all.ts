import { findAttributeConflicts } from './findings/attribute-conflicts.js';
import { findClassConflicts } from './findings/classification.js';
import { findDuplicates } from './findings/duplicates.js';
import { findIdentifierIssues } from './findings/identifiers.js';
import { findLifecycleIssues } from './findings/lifecycle.js';
import { findMissingInCmdb } from './findings/missing-in-cmdb.js';
import { findNotDiscovered } from './findings/not-discovered.js';
import { findOwnershipIssues } from './findings/ownership.js';
import { findRelationshipIssues } from './findings/relationships.js';
import type { Finding, ReconContext } from './model.js';

/** Every finding category, in a stable order. */
export function findAll(ctx: ReconContext): Finding[] {
  return [
    ...findDuplicates(ctx),
    ...findMissingInCmdb(ctx),
    ...findNotDiscovered(ctx),
    ...findAttributeConflicts(ctx),
    ...findRelationshipIssues(ctx),
    ...findOwnershipIssues(ctx),
    ...findClassConflicts(ctx),
    ...findIdentifierIssues(ctx),
    ...findLifecycleIssues(ctx),
  ];
}
