import { appendAudit } from '../audit/audit-log.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { canonicalItems, changesetDocument, contentHash } from './document.js';
import type { ItemStatus } from './model.js';
import { ChangesetStore } from './store.js';
import { type Problem, validateItems } from './validate.js';
import { workspaceValidationEnv } from './validation-env.js';

export interface ApproveResult {
  changesetId: number;
  revision: number;
  contentHash: string;
  alreadyApproved: boolean;
  counts: Record<ItemStatus, number>;
  warnings: Problem[];
}

/**
 * Approves the head revision: validates what would be exported (accepted and edited items), then records
 * the content hash that freezes it. Any later change makes a new revision; the approved one stays as it is.
 */
export function approveChangeset(ws: Workspace, id: number, opts: { comment?: string } = {}): ApproveResult {
  return ws.write(() => {
    const store = new ChangesetStore(ws.db);
    const header = store.changeset(id);
    const rev = store.revision(id, header.headRevision);
    const counts = store.statusCounts(id, rev.revision);
    if (rev.state === 'approved')
      return {
        changesetId: id,
        revision: rev.revision,
        contentHash: rev.contentHash!,
        alreadyApproved: true,
        counts,
        warnings: [],
      };
    if (counts.accepted + counts.edited === 0)
      throw new UserError(
        'NOTHING_ACCEPTED',
        `changeset ${id} has no accepted items to approve (review it first: cmdbw changeset review)`,
      );
    const items = [...store.items(id, rev.revision)];
    const problems = validateItems(items, workspaceValidationEnv(ws), 'included');
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      throw new UserError(
        'INVALID_CHANGESET',
        `changeset ${id} cannot be approved: ${errors.length} problem${errors.length > 1 ? 's' : ''}:\n${errors
          .slice(0, 20)
          .map((p) => `  item ${p.seq}: ${p.message}`)
          .join(
            '\n',
          )}${errors.length > 20 ? `\n  ... and ${errors.length - 20} more (cmdbw changeset validate)` : ''}`,
        { problems: errors },
      );
    }
    const at = ws.now().toISOString();
    const hash = contentHash(changesetDocument(header, rev), canonicalItems(items));
    store.approve(id, rev.revision, at, ws.user, hash);
    appendAudit(ws.db, {
      at: ws.now(),
      actor: ws.user,
      action: 'changeset.approve',
      target: `changeset:${id}`,
      detail: {
        changeset: id,
        ref: header.ref,
        revision: rev.revision,
        contentHash: hash,
        counts,
        comment: opts.comment ?? null,
        warnings: problems.length,
      },
    });
    return {
      changesetId: id,
      revision: rev.revision,
      contentHash: hash,
      alreadyApproved: false,
      counts,
      warnings: problems,
    };
  });
}

/** Recomputes an approved revision's hash: the stored items must still be what was approved. */
export function verifyApproval(ws: Workspace, id: number, revision: number): void {
  const store = new ChangesetStore(ws.db);
  const header = store.changeset(id);
  const rev = store.revision(id, revision);
  if (rev.state !== 'approved' || !rev.contentHash) return;
  const hash = contentHash(changesetDocument(header, rev), store.canonicalItems(id, revision));
  if (hash !== rev.contentHash)
    throw new UserError(
      'APPROVAL_BROKEN',
      `revision ${revision} of changeset ${id} no longer matches what was approved (content hash ${hash} instead of ${rev.contentHash}): it was altered outside cmdbw`,
    );
}
