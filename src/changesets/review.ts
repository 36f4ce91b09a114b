import { appendAudit } from '../audit/audit-log.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { EDITABLE, needsValue, overrideProblem, PRIMARY_FIELD } from './effective.js';
import { matchesFilters, parseFilters } from './filter.js';
import { ITEM_FILTER_FIELDS, itemFilterRow } from './item-fields.js';
import type { ChangesetItem, ItemStatus, Review } from './model.js';
import { formatRanges } from './ranges.js';
import { openDraft } from './revision.js';
import { ChangesetStore } from './store.js';

export type Decision = 'accept' | 'reject' | 'reset';

export interface ReviewRequest {
  decision?: Decision;
  /** A reviewer's value for each selected item's main field (see PRIMARY_FIELD). */
  value?: unknown;
  /** Reviewer's values by field; for create_ci, any attribute of the new CI (null removes it). */
  set?: Record<string, unknown>;
  /** Every pending item. */
  allPending?: boolean;
  items?: number[];
  filters?: string[];
  comment?: string;
  /**
   * The items were chosen in bulk (by a grid filter in the app) although given by number: items that need
   * a value are then rejected with a comment, as in any bulk acceptance, instead of refusing the review.
   */
  bulk?: boolean;
}

export interface ReviewResult {
  changesetId: number;
  revision: number;
  /** Set when the head revision was approved and this review made a new one. */
  newRevisionFrom: number | null;
  selected: number;
  changed: number;
  transitions: { from: ItemStatus; to: ItemStatus; items: string }[];
  /** Items a bulk acceptance could not accept because they need a reviewer's value: rejected, with a comment. */
  needValue: string;
}

export const NEEDS_VALUE_COMMENT = 'needs a reviewer value; not given in a bulk acceptance';

/**
 * Records review decisions and edits on a changeset's head revision (making a new revision when the
 * head is approved), as one audit entry listing every item changed with its status and values before and
 * after. Bulk acceptance (all pending, or by filter) rejects, with a comment, the items it cannot accept
 * because they need a value, so nothing stays undecided; naming such an item explicitly is an error.
 */
export function reviewChangeset(ws: Workspace, id: number, req: ReviewRequest): ReviewResult {
  const editing = req.value !== undefined || (req.set !== undefined && Object.keys(req.set).length > 0);
  if (!editing && !req.decision)
    throw new UserError('NO_DECISION', 'say what to do: --accept, --reject, --reset, --value or --set');
  if (editing && req.decision && req.decision !== 'accept')
    throw new UserError(
      'BAD_REVIEW',
      `a value cannot go with --${req.decision}: a value accepts the item with it`,
    );
  const chosen = [req.allPending, req.items?.length, req.filters?.length].filter(Boolean).length;
  if (chosen === 0)
    throw new UserError(
      'NO_ITEMS',
      'choose items: --item N..., --filter FIELD=VALUE, or --accept-all / --reject-all',
    );
  const clauses = parseFilters(req.filters ?? [], ITEM_FILTER_FIELDS);
  const bulk = req.bulk ?? !req.items?.length;

  return ws.write(() => {
    const store = new ChangesetStore(ws.db);
    const header = store.changeset(id);
    const head = store.revision(id, header.headRevision);
    const items = [...store.items(id, head.revision)];
    const bySeq = new Map(items.map((it) => [it.seq, it]));
    for (const s of req.items ?? [])
      if (!bySeq.has(s))
        throw new UserError('NOT_FOUND', `changeset ${id} has no item ${s} (items 1 to ${items.length})`);
    const wanted = new Set(req.items ?? []);
    const selected = items.filter(
      (it) =>
        (!req.allPending || it.status === 'pending') &&
        (wanted.size === 0 || wanted.has(it.seq)) &&
        matchesFilters(itemFilterRow(it), clauses),
    );

    const at = ws.now().toISOString();
    // Once: resolving who acts reads the workspace setting and the OS user, too slow for every item.
    const reviewer = ws.user;
    const changes: { it: ChangesetItem; next: Review }[] = [];
    const needValue: number[] = [];
    const refused: string[] = [];
    for (const it of selected) {
      const next = decide(it, req, editing, bulk, reviewer, at);
      if ('refused' in next) {
        if (next.refused === 'needs-value') needValue.push(it.seq);
        else refused.push(`item ${it.seq}: ${next.refused}`);
        if (bulk && next.refused === 'needs-value')
          changes.push({
            it,
            next: {
              status: 'rejected',
              override: null,
              reviewer,
              reviewedAt: at,
              comment: req.comment ?? NEEDS_VALUE_COMMENT,
            },
          });
        continue;
      }
      if (sameReview(it, next)) continue;
      changes.push({ it, next });
    }
    if (!bulk && needValue.length)
      throw new UserError(
        'NEEDS_VALUE',
        `item${needValue.length > 1 ? 's' : ''} ${formatRanges(needValue)} cannot be accepted without a value: give one with --value`,
      );
    if (refused.length) throw new UserError('BAD_REVIEW', refused.slice(0, 10).join('; '));

    let rev = head;
    if (changes.length > 0) rev = openDraft(ws, store, header, head, editing ? 'edit' : 'review decision');
    for (const { it, next } of changes) {
      store.setReview(id, rev.revision, it.seq, next);
    }
    const transitions = summarise(changes);
    if (changes.length > 0) {
      appendAudit(ws.db, {
        at: ws.now(),
        actor: reviewer,
        action: editing ? 'changeset.edit' : 'changeset.review',
        target: `changeset:${id}`,
        detail: {
          changeset: id,
          ref: header.ref,
          revision: rev.revision,
          decision: editing ? 'edit' : req.decision,
          comment: req.comment ?? null,
          selection: {
            allPending: req.allPending ?? false,
            items: formatRanges(req.items ?? []),
            filters: req.filters ?? [],
          },
          transitions,
          // Values before and after for every item whose values changed (edits); status-only changes are
          // listed by range above.
          values: changes
            .filter(({ it, next }) => JSON.stringify(it.override) !== JSON.stringify(next.override))
            .map(({ it, next }) => ({
              seq: it.seq,
              before: { status: it.status, override: it.override },
              after: { status: next.status, override: next.override },
            })),
          rejectedForMissingValue: bulk ? formatRanges(needValue) : '',
        },
      });
    }
    return {
      changesetId: id,
      revision: rev.revision,
      newRevisionFrom: rev.revision !== head.revision ? head.revision : null,
      selected: selected.length,
      changed: changes.length,
      transitions,
      needValue: bulk ? formatRanges(needValue) : '',
    };
  });
}

function decide(
  it: ChangesetItem,
  req: ReviewRequest,
  editing: boolean,
  bulk: boolean,
  reviewer: string,
  at: string,
): Review | { refused: string } {
  const comment = req.comment ?? it.comment;
  if (editing) {
    const override = overrideFor(it, req);
    if ('refused' in override) return { refused: String(override.refused) };
    const merged = { ...(it.override ?? {}), ...override };
    const problem = overrideProblem(it, merged);
    if (problem) return { refused: problem };
    if (needsValue({ ...it, override: merged })) return { refused: 'needs-value' };
    return { status: 'edited', override: merged, reviewer, reviewedAt: at, comment };
  }
  switch (req.decision!) {
    case 'accept':
      if (it.status === 'edited')
        return {
          status: it.status,
          override: it.override,
          reviewer: it.reviewer,
          reviewedAt: it.reviewedAt,
          comment: it.comment,
        };
      if (needsValue(it)) return { refused: 'needs-value' };
      return { status: 'accepted', override: null, reviewer, reviewedAt: at, comment };
    case 'reject':
      return { status: 'rejected', override: null, reviewer, reviewedAt: at, comment };
    case 'reset':
      return {
        status: 'pending',
        override: null,
        reviewer,
        reviewedAt: at,
        comment: bulk ? (req.comment ?? null) : comment,
      };
  }
}

function overrideFor(it: ChangesetItem, req: ReviewRequest): Record<string, unknown> | { refused: string } {
  const out: Record<string, unknown> = {};
  if (req.value !== undefined) {
    const field = PRIMARY_FIELD[it.kind];
    if (!field)
      return {
        refused: `${it.kind} items have no single value to give: use --set FIELD=VALUE or accept/reject them`,
      };
    out[field] = req.value;
  }
  for (const [k, v] of Object.entries(req.set ?? {})) {
    if (it.kind === 'create_ci' && !EDITABLE.create_ci.includes(k)) {
      out.values = { ...((out.values as Record<string, unknown>) ?? {}), [k]: v };
    } else out[k] = v;
  }
  return out;
}

function sameReview(it: ChangesetItem, next: Review): boolean {
  return (
    it.status === next.status &&
    JSON.stringify(it.override) === JSON.stringify(next.override) &&
    it.comment === next.comment &&
    (it.status !== 'pending' || it.reviewer === next.reviewer)
  );
}

function summarise(changes: { it: ChangesetItem; next: Review }[]): ReviewResult['transitions'] {
  const groups = new Map<string, number[]>();
  for (const { it, next } of changes) {
    const k = `${it.status}>${next.status}`;
    const list = groups.get(k);
    if (list) list.push(it.seq);
    else groups.set(k, [it.seq]);
  }
  return [...groups].map(([k, seqs]) => {
    const [from, to] = k.split('>') as [ItemStatus, ItemStatus];
    return { from, to, items: formatRanges(seqs) };
  });
}
