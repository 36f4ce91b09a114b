import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appendAudit } from '../audit/audit-log.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { sha256Hex } from './hash.js';
import { parseChangeset } from './json-format.js';
import { ChangesetStore } from './store.js';

export interface ImportResult {
  id: number;
  ref: string;
  revision: number;
  state: 'draft' | 'approved';
  items: number;
  contentHash: string | null;
}

/**
 * Imports a changeset file (cmdbw-changeset, version 1) as a new changeset of this workspace, exactly as the
 * file has it: its ref, revision, decisions and approval. Exporting it again gives the same bytes.
 */
export function importChangeset(ws: Workspace, file: string): ImportResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UserError('NO_FILE', `cannot read ${file}: ${(err as Error).message}`);
  }
  const { doc, items } = parseChangeset(bytes.toString('utf8'), file);
  return ws.write(() => {
    const store = new ChangesetStore(ws.db);
    const existing = store.changesetIdByRef(doc.ref);
    if (existing !== undefined)
      throw new UserError(
        'ALREADY_IMPORTED',
        `changeset ${doc.ref} is already in this workspace as changeset ${existing}`,
      );
    const id = store.insertChangeset({
      ref: doc.ref,
      name: doc.name,
      createdAt: doc.createdAt,
      createdBy: doc.createdBy,
      origin: doc.origin,
      headRevision: doc.revision,
    });
    store.insertRevision({
      changesetId: id,
      revision: doc.revision,
      state: doc.state,
      createdAt: doc.revisionCreatedAt,
      createdBy: doc.revisionCreatedBy,
      basedOn: doc.basedOn,
      snapshot: doc.snapshot,
      settings: doc.settings,
      skipped: doc.skipped,
      approvedAt: doc.approvedAt,
      approvedBy: doc.approvedBy,
      contentHash: doc.contentHash,
    });
    store.insertItems(id, doc.revision, items);
    appendAudit(ws.db, {
      at: ws.now(),
      actor: ws.user,
      action: 'changeset.import',
      target: `changeset:${id}`,
      detail: {
        changeset: id,
        ref: doc.ref,
        revision: doc.revision,
        state: doc.state,
        contentHash: doc.contentHash,
        items: items.length,
        file: path.resolve(file),
        sha256: sha256Hex(bytes),
      },
    });
    return {
      id,
      ref: doc.ref,
      revision: doc.revision,
      state: doc.state,
      items: items.length,
      contentHash: doc.contentHash,
    };
  });
}
