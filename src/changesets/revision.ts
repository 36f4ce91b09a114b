import { appendAudit } from '../audit/audit-log.js';
import type { Workspace } from '../workspace/workspace.js';
import type { ChangesetHeader, RevisionHeader } from './model.js';
import type { ChangesetStore } from './store.js';

/**
 * An approved revision is frozen: a change to it is made on a new draft revision copied from it (items,
 * decisions and all), which becomes the changeset's head. Call inside the transaction making the change.
 */
export function openDraft(
  ws: Workspace,
  store: ChangesetStore,
  header: ChangesetHeader,
  rev: RevisionHeader,
  reason: string,
): RevisionHeader {
  if (rev.state === 'draft') return rev;
  const next = header.headRevision + 1;
  const at = ws.now().toISOString();
  const draft: RevisionHeader = {
    ...rev,
    revision: next,
    state: 'draft',
    createdAt: at,
    createdBy: ws.user,
    basedOn: rev.revision,
    approvedAt: null,
    approvedBy: null,
    contentHash: null,
  };
  store.insertRevision(draft);
  store.copyItems(header.id, rev.revision, next);
  store.setHead(header.id, next);
  header.headRevision = next;
  appendAudit(ws.db, {
    at: ws.now(),
    actor: ws.user,
    action: 'changeset.revision',
    target: `changeset:${header.id}`,
    detail: {
      changeset: header.id,
      ref: header.ref,
      from: rev.revision,
      to: next,
      approvedContentHash: rev.contentHash,
      reason,
    },
  });
  return draft;
}
