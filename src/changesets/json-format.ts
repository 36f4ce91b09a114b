import { z } from 'zod';
import { UserError } from '../util/errors.js';
import { canonicalItem, canonicalItems, type ChangesetDocument, contentHash } from './document.js';
import { canonicalJson } from './hash.js';
import { type ChangesetItem, ITEM_KINDS, ITEM_STATUSES } from './model.js';

/**
 * The generic changeset file, "cmdbw-changeset" version 1 (docs/changeset-format.md). Written line by line
 * in a fixed layout, every object with its keys sorted, so that the same revision always gives the same
 * bytes and a re-imported file exports identically.
 */

export const FORMAT_NAME = 'cmdbw-changeset';
export const FORMAT_VERSION = 1;

export function* serializeChangeset(
  doc: ChangesetDocument,
  items: Iterable<ChangesetItem>,
): Generator<string> {
  yield `{\n  "format": ${JSON.stringify(FORMAT_NAME)},\n  "version": ${FORMAT_VERSION},\n`;
  yield `  "changeset": ${canonicalJson(doc)},\n  "items": [`;
  let first = true;
  for (const it of items) {
    yield `${first ? '' : ','}\n    ${canonicalItem(it)}`;
    first = false;
  }
  yield '\n  ]\n}\n';
}

const text = z.string();
const nullableText = z.string().nullable();
const stringMap = z.record(z.string(), z.string());

const recordRef = z.strictObject({
  source: text,
  key: text,
  name: nullableText,
  className: nullableText,
  ciType: nullableText,
  virtual: z.boolean().nullable(),
  identifiers: stringMap,
});

const ciRef = z.strictObject({
  record: recordRef.nullable(),
  createdBy: z.number().int().nullable(),
  name: nullableText,
  className: nullableText,
  identifiers: stringMap,
});

const sourceKey = z.strictObject({ source: text, key: text });
const relationshipEnd = z.strictObject({ kind: text, value: text, name: nullableText, ci: ciRef.nullable() });

const proposals = {
  create_ci: z.strictObject({
    ciType: text,
    className: text,
    values: z.record(z.string(), z.unknown()),
    interfaces: z.array(z.strictObject({ name: nullableText, mac: text, ips: z.array(text) })),
    nativeKey: text,
    seenBy: z.array(sourceKey),
    observedAt: nullableText,
    reason: text,
  }),
  update_attribute: z.strictObject({
    attribute: text,
    before: z.unknown(),
    after: z.unknown(),
    winner: z.strictObject({ source: text, key: text, name: nullableText }),
    reason: text,
    observedAt: nullableText,
  }),
  set_owner: z.strictObject({
    attribute: z.literal('owner'),
    before: nullableText,
    after: nullableText,
    reason: text,
  }),
  set_support_group: z.strictObject({
    attribute: z.literal('support_group'),
    before: nullableText,
    after: nullableText,
    reason: text,
  }),
  merge_duplicates: z.strictObject({
    survivor: text,
    members: z.array(recordRef.extend({ status: nullableText, operationalStatus: nullableText })),
    relationships: z.array(
      z.strictObject({
        relationship: text,
        type: text,
        end: z.enum(['parent', 'child']),
        member: text,
        other: z.strictObject({ kind: text, value: text, name: nullableText, ref: recordRef.nullable() }),
      }),
    ),
    reason: text,
  }),
  retire_ci: z.strictObject({
    ci: ciRef.nullable(),
    before: nullableText,
    beforeOperational: nullableText,
    after: z.literal('retired'),
    lastDiscovered: nullableText,
    days: z.number().int().nullable(),
    thresholdDays: z.number().int(),
    reason: text,
  }),
  flag_for_verification: z.strictObject({ reason: text, check: text }),
  add_relationship: z.strictObject({ type: text, parent: ciRef, child: ciRef, reason: text }),
  remove_relationship: z.strictObject({
    relationship: nullableText,
    type: text,
    parent: relationshipEnd,
    child: relationshipEnd,
    reason: text,
  }),
  repoint_relationship: z.strictObject({
    relationship: nullableText,
    type: text,
    end: z.enum(['parent', 'child']),
    fixed: ciRef,
    from: ciRef,
    to: ciRef,
    reason: text,
  }),
} as const;

const item = z
  .strictObject({
    seq: z.number().int().positive(),
    kind: z.enum(ITEM_KINDS),
    findingId: z.number().int().nullable(),
    fingerprint: nullableText,
    category: nullableText,
    severity: nullableText,
    clusterId: z.number().int().nullable(),
    target: recordRef.nullable(),
    targetName: nullableText,
    targetClass: nullableText,
    proposal: z.unknown(),
    base: z.array(
      z.strictObject({
        kind: z.enum(['record', 'relationship']),
        source: text,
        key: text,
        batchId: z.number().int(),
        hash: text,
      }),
    ),
    status: z.enum(ITEM_STATUSES),
    override: z.record(z.string(), z.unknown()).nullable(),
    reviewer: nullableText,
    reviewedAt: nullableText,
    comment: nullableText,
  })
  .superRefine((it, ctx) => {
    const result = proposals[it.kind].safeParse(it.proposal);
    if (!result.success)
      for (const issue of result.error.issues)
        ctx.addIssue({ code: 'custom', path: ['proposal', ...issue.path], message: issue.message });
  });

const changeset = z.strictObject({
  ref: text,
  name: text,
  createdAt: text,
  createdBy: text,
  origin: z.record(z.string(), z.unknown()),
  revision: z.number().int().positive(),
  basedOn: z.number().int().nullable(),
  revisionCreatedAt: text,
  revisionCreatedBy: text,
  snapshot: z.strictObject({
    workspace: text,
    reconcileRun: z.number().int().nullable(),
    batches: z.array(
      z.strictObject({ source: text, format: text, batchId: z.number().int(), importedAt: text }),
    ),
  }),
  settings: z.strictObject({ retireAfterDays: z.number().int() }),
  skipped: z.record(z.string(), z.number().int()),
  state: z.enum(['draft', 'approved']),
  approvedAt: nullableText,
  approvedBy: nullableText,
  contentHash: nullableText,
});

const file = z.strictObject({
  format: z.literal(FORMAT_NAME),
  version: z.literal(FORMAT_VERSION),
  changeset,
  items: z.array(item),
});

export interface ParsedChangeset {
  doc: ChangesetDocument;
  items: ChangesetItem[];
}

/**
 * Reads a changeset file: the shape is checked member by member, items must be numbered 1..n, and an
 * approved revision must still match its content hash (a file edited after approval is refused).
 */
export function parseChangeset(textContent: string, displayName: string): ParsedChangeset {
  let json: unknown;
  try {
    json = JSON.parse(textContent.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError('BAD_CHANGESET_FILE', `${displayName} is not JSON: ${(err as Error).message}`);
  }
  const head = json as { format?: unknown; version?: unknown };
  if (head && typeof head === 'object' && head.format === FORMAT_NAME && head.version !== FORMAT_VERSION)
    throw new UserError(
      'UNSUPPORTED_VERSION',
      `${displayName} is a ${FORMAT_NAME} file of version ${String(head.version)}; this version of CMDB Workbench reads version ${FORMAT_VERSION}`,
    );
  const parsed = file.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 10)
      .map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
    throw new UserError(
      'BAD_CHANGESET_FILE',
      `${displayName} is not a valid ${FORMAT_NAME} file:\n  ${issues.join('\n  ')}`,
    );
  }
  const doc = parsed.data.changeset as ChangesetDocument;
  const items = parsed.data.items as unknown as ChangesetItem[];
  items.forEach((it, i) => {
    if (it.seq !== i + 1)
      throw new UserError(
        'BAD_CHANGESET_FILE',
        `${displayName}: items must be numbered 1, 2, 3...; item ${i + 1} has seq ${it.seq}`,
      );
  });
  if (doc.state === 'approved') {
    if (!doc.contentHash || !doc.approvedAt || !doc.approvedBy)
      throw new UserError(
        'BAD_CHANGESET_FILE',
        `${displayName}: an approved changeset needs contentHash, approvedAt and approvedBy`,
      );
    const actual = contentHash(doc, canonicalItems(items));
    if (actual !== doc.contentHash)
      throw new UserError(
        'CONTENT_HASH_MISMATCH',
        `${displayName} was changed after approval: its content hash is ${actual}, the approval recorded ${doc.contentHash}`,
      );
  } else if (doc.contentHash || doc.approvedAt || doc.approvedBy) {
    throw new UserError(
      'BAD_CHANGESET_FILE',
      `${displayName}: a draft has no contentHash, approvedAt or approvedBy`,
    );
  }
  return { doc, items };
}
