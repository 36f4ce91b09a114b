import { createHash } from 'node:crypto';
import { canonicalJson } from './hash.js';
import type { ChangesetHeader, ChangesetItem, RevisionHeader } from './model.js';

/**
 * The documented shape of a changeset revision (docs/changeset-format.md): the JSON export writes it,
 * the content hash is computed over it, and `cmdbw changeset import` reads it back. Every member is
 * always present (null when empty) so that export -> import -> export gives the same bytes.
 */

export interface ChangesetDocument {
  ref: string;
  name: string;
  createdAt: string;
  createdBy: string;
  origin: Record<string, unknown>;
  revision: number;
  basedOn: number | null;
  revisionCreatedAt: string;
  revisionCreatedBy: string;
  snapshot: RevisionHeader['snapshot'];
  settings: RevisionHeader['settings'];
  skipped: Record<string, number>;
  state: 'draft' | 'approved';
  approvedAt: string | null;
  approvedBy: string | null;
  contentHash: string | null;
}

/** Members of the changeset document that approval sets: not part of the content it approves. */
export const APPROVAL_MEMBERS = ['state', 'approvedAt', 'approvedBy', 'contentHash'] as const;

export type ItemDocument = ChangesetItem;

export function changesetDocument(h: ChangesetHeader, r: RevisionHeader): ChangesetDocument {
  return {
    ref: h.ref,
    name: h.name,
    createdAt: h.createdAt,
    createdBy: h.createdBy,
    origin: h.origin,
    revision: r.revision,
    basedOn: r.basedOn,
    revisionCreatedAt: r.createdAt,
    revisionCreatedBy: r.createdBy,
    snapshot: r.snapshot,
    settings: r.settings,
    skipped: r.skipped,
    state: r.state,
    approvedAt: r.approvedAt,
    approvedBy: r.approvedBy,
    contentHash: r.contentHash,
  };
}

/** An item with every member present, in the form files and hashes use. */
export function itemDocument(it: ChangesetItem): ItemDocument {
  return {
    seq: it.seq,
    kind: it.kind,
    findingId: it.findingId,
    fingerprint: it.fingerprint,
    category: it.category,
    severity: it.severity,
    clusterId: it.clusterId,
    target: it.target,
    targetName: it.targetName,
    targetClass: it.targetClass,
    proposal: it.proposal,
    base: it.base,
    status: it.status,
    override: it.override,
    reviewer: it.reviewer,
    reviewedAt: it.reviewedAt,
    comment: it.comment,
  };
}

export function contentOf(
  doc: ChangesetDocument,
): Omit<ChangesetDocument, (typeof APPROVAL_MEMBERS)[number]> {
  const { state: _s, approvedAt: _a, approvedBy: _b, contentHash: _h, ...content } = doc;
  return content;
}

/** The texts of an item's JSON members as stored: canonical already, so hashing needs no re-serialising. */
export interface StoredTexts {
  proposal: string;
  base: string;
  target: string;
  override: string;
}

const TEXTS = Symbol('stored canonical texts');

/** Attaches the stored texts to an item read from the database (invisible to JSON and spreads). */
export function withStoredTexts(it: ChangesetItem, texts: StoredTexts): ChangesetItem {
  Object.defineProperty(it, TEXTS, { value: texts, enumerable: false });
  return it;
}

/**
 * An item's canonical JSON (keys sorted, no whitespace). From the stored texts when the item came from the
 * database: a revision of tens of thousands of items is hashed and exported without re-serialising them.
 */
export function canonicalItem(it: ChangesetItem): string {
  const t = (it as unknown as { [TEXTS]?: StoredTexts })[TEXTS];
  if (!t) return canonicalJson(itemDocument(it));
  return canonicalItemFromTexts(it, t);
}

export function canonicalItemFromTexts(
  it: Pick<
    ChangesetItem,
    | 'category'
    | 'clusterId'
    | 'comment'
    | 'findingId'
    | 'fingerprint'
    | 'kind'
    | 'reviewedAt'
    | 'reviewer'
    | 'seq'
    | 'severity'
    | 'status'
    | 'targetClass'
    | 'targetName'
  >,
  t: StoredTexts,
): string {
  const s = JSON.stringify;
  // Members in sorted order, exactly as canonicalJson(itemDocument(it)) writes them.
  return (
    `{"base":${t.base},"category":${s(it.category)},"clusterId":${s(it.clusterId)},"comment":${s(it.comment)},` +
    `"findingId":${s(it.findingId)},"fingerprint":${s(it.fingerprint)},"kind":${s(it.kind)},"override":${t.override},` +
    `"proposal":${t.proposal},"reviewedAt":${s(it.reviewedAt)},"reviewer":${s(it.reviewer)},"seq":${s(it.seq)},` +
    `"severity":${s(it.severity)},"status":${s(it.status)},"target":${t.target},"targetClass":${s(it.targetClass)},` +
    `"targetName":${s(it.targetName)}}`
  );
}

/**
 * SHA-256 of canonical JSON (keys sorted, no whitespace) of {"changeset": <content>, "items": [...]}:
 * what approval freezes. Items come as their canonical texts, one at a time, so a large revision is never
 * one string.
 */
export function contentHash(doc: ChangesetDocument, items: Iterable<string>): string {
  const h = createHash('sha256');
  h.update(`{"changeset":${canonicalJson(contentOf(doc))},"items":[`);
  let first = true;
  for (const text of items) {
    h.update(first ? text : `,${text}`);
    first = false;
  }
  h.update(']}');
  return h.digest('hex');
}

export function* canonicalItems(items: Iterable<ChangesetItem>): Generator<string> {
  for (const it of items) yield canonicalItem(it);
}
