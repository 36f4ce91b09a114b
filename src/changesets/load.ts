import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import type { ChangesetHeader, ChangesetItem, RevisionHeader } from './model.js';
import { ChangesetStore } from './store.js';

export interface LoadedRevision {
  header: ChangesetHeader;
  revision: RevisionHeader;
  items: ChangesetItem[];
}

/** A changeset's revision (the head revision unless one is named) with all its items. */
export function loadRevision(ws: Workspace, id: number, revision?: number): LoadedRevision {
  const store = new ChangesetStore(ws.db);
  const header = store.changeset(id);
  const rev = revision ?? header.headRevision;
  if (rev < 1 || rev > header.headRevision)
    throw new UserError('NOT_FOUND', `changeset ${id} has revisions 1 to ${header.headRevision}, not ${rev}`);
  return { header, revision: store.revision(id, rev), items: [...store.items(id, rev)] };
}

export function parseChangesetId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id < 1)
    throw new UserError('BAD_ID', `not a changeset id: ${JSON.stringify(text)} (see cmdbw changeset list)`);
  return id;
}
