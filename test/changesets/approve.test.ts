import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/audit-log.js';
import { approveChangeset, verifyApproval } from '../../src/changesets/approve.js';
import { createChangeset } from '../../src/changesets/create.js';
import { canonicalItems, changesetDocument, contentHash } from '../../src/changesets/document.js';
import { loadRevision } from '../../src/changesets/load.js';
import { reviewChangeset } from '../../src/changesets/review.js';
import { exportChangeset } from '../../src/exporters/export-changeset.js';
import { outDir, readTree, reconciledWorkspace } from './helpers.js';

describe('approval', () => {
  it('freezes the revision under its content hash; any later change makes a new revision', async () => {
    const ws = await reconciledWorkspace();
    const { id } = createChangeset(ws, { categories: ['attribute_conflict', 'duplicate'] });
    reviewChangeset(ws, id, { decision: 'accept', allPending: true });
    const a = approveChangeset(ws, id, { comment: 'CAB 2026-47' });
    expect(a).toMatchObject({ revision: 1, alreadyApproved: false });
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const r1 = loadRevision(ws, id);
    expect(r1.revision).toMatchObject({
      state: 'approved',
      approvedBy: 'tester',
      contentHash: a.contentHash,
    });
    // The recorded hash is the documented one: over the canonical content, approval fields excluded.
    expect(contentHash(changesetDocument(r1.header, r1.revision), canonicalItems(r1.items))).toBe(
      a.contentHash,
    );
    expect(approveChangeset(ws, id).alreadyApproved).toBe(true);

    const rejected = r1.items[0]!.seq;
    const change = reviewChangeset(ws, id, {
      decision: 'reject',
      items: [rejected],
      comment: 'not this one',
    });
    expect(change).toMatchObject({ revision: 2, newRevisionFrom: 1 });
    const after1 = loadRevision(ws, id, 1);
    expect(after1.revision.contentHash).toBe(a.contentHash);
    expect(after1.items.find((it) => it.seq === rejected)!.status).toBe('accepted');
    verifyApproval(ws, id, 1);
    const r2 = loadRevision(ws, id);
    expect(r2.revision).toMatchObject({ revision: 2, state: 'draft', basedOn: 1, contentHash: null });
    expect(r2.items.find((it) => it.seq === rejected)).toMatchObject({
      status: 'rejected',
      comment: 'not this one',
    });
    expect(r2.items).toHaveLength(r1.items.length);
    const b = approveChangeset(ws, id);
    expect(b.revision).toBe(2);
    expect(b.contentHash).not.toBe(a.contentHash);

    const actions = (
      ws.db
        .prepare("SELECT action, detail FROM audit_log WHERE action LIKE 'changeset.%' ORDER BY seq")
        .all() as {
        action: string;
        detail: string;
      }[]
    ).map((r) => r.action);
    expect(actions).toEqual([
      'changeset.create',
      'changeset.review',
      'changeset.approve',
      'changeset.revision',
      'changeset.review',
      'changeset.approve',
    ]);
    const approve = JSON.parse(
      (
        ws.db
          .prepare("SELECT detail FROM audit_log WHERE action = 'changeset.approve' ORDER BY seq LIMIT 1")
          .get() as { detail: string }
      ).detail,
    ) as Record<string, unknown>;
    expect(approve).toMatchObject({ revision: 1, contentHash: a.contentHash, comment: 'CAB 2026-47' });
    expect(verifyAudit(ws.db).ok).toBe(true);
    ws.close();
  });

  it('exports an approved revision only, and refuses one altered after approval', async () => {
    const ws = await reconciledWorkspace();
    const { id } = createChangeset(ws, { categories: ['attribute_conflict'] });
    reviewChangeset(ws, id, { decision: 'accept', allPending: true });
    expect(() => exportChangeset(ws, id, { format: 'json', out: outDir() })).toThrow(
      /not approved: approve it first/,
    );
    approveChangeset(ws, id);
    ws.db.prepare("UPDATE changeset_item SET status = 'rejected' WHERE changeset_id = ? AND seq = 1").run(id);
    expect(() => exportChangeset(ws, id, { format: 'json', out: outDir() })).toThrow(
      /no longer matches what was approved/,
    );
    ws.close();
  });

  it('refuses approval while what would be exported fails validation', async () => {
    const ws = await reconciledWorkspace();
    const { id } = createChangeset(ws, { categories: ['missing_in_cmdb', 'missing_relationship'] });
    const { items } = loadRevision(ws, id);
    const add = items.find(
      (it) =>
        it.kind === 'add_relationship' &&
        (it.proposal as { child: { createdBy: number | null } }).child.createdBy !== null,
    )!;
    const host = items.find(
      (it) =>
        it.kind === 'create_ci' &&
        it.clusterId === (add.proposal as { child: { createdBy: number } }).child.createdBy,
    )!;
    reviewChangeset(ws, id, { decision: 'accept', allPending: true });
    reviewChangeset(ws, id, { decision: 'reject', items: [host.seq] });
    expect(() => approveChangeset(ws, id)).toThrow(
      new RegExp(`item ${add.seq}: the child .* item ${host.seq}, which creates it, is not exported`),
    );
    const dependent = items
      .filter(
        (it) =>
          it.kind === 'add_relationship' &&
          (it.proposal as { child: { createdBy: number | null } }).child.createdBy === host.clusterId,
      )
      .map((it) => it.seq);
    reviewChangeset(ws, id, { decision: 'reject', items: dependent });
    expect(approveChangeset(ws, id).alreadyApproved).toBe(false);
    ws.close();
  });

  it('refuses to approve with nothing accepted, and to export pending items unless only the accepted ones are asked for', async () => {
    const ws = await reconciledWorkspace();
    const { id } = createChangeset(ws, { categories: ['attribute_conflict'] });
    expect(() => approveChangeset(ws, id)).toThrow(/no accepted items/);
    reviewChangeset(ws, id, { decision: 'accept', items: [1, 2, 3] });
    approveChangeset(ws, id);
    expect(() => exportChangeset(ws, id, { format: 'servicenow-ire', out: outDir() })).toThrow(
      /pending items: review them, or export only the accepted ones with --accepted-only/,
    );
    const dir = outDir();
    const r = exportChangeset(ws, id, { format: 'servicenow-ire', out: dir, acceptedOnly: true });
    expect(r.items).toBe(3);
    const manifest = JSON.parse(readTree(dir).get('manifest.json')!.toString()) as {
      items: Record<string, number>;
      options: { acceptedOnly: boolean };
    };
    expect(manifest.items.exported).toBe(3);
    expect(manifest.items.pending).toBeGreaterThan(0);
    expect(manifest.options.acceptedOnly).toBe(true);
    ws.close();
  });
});
