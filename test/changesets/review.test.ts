import { describe, expect, it } from 'vitest';
import { createChangeset } from '../../src/changesets/create.js';
import { loadRevision } from '../../src/changesets/load.js';
import { NEEDS_VALUE_COMMENT, reviewChangeset } from '../../src/changesets/review.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { reconciledWorkspace } from './helpers.js';

function lastAudit(ws: Workspace): {
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
} {
  const row = ws.db
    .prepare('SELECT actor, action, target, detail FROM audit_log ORDER BY seq DESC LIMIT 1')
    .get() as {
    actor: string;
    action: string;
    target: string;
    detail: string;
  };
  return { ...row, detail: JSON.parse(row.detail) as Record<string, unknown> };
}

describe('reviewing a changeset', () => {
  it('accepts every pending item in bulk; items that need a value are rejected with a comment', async () => {
    const ws = await reconciledWorkspace();
    const { id } = createChangeset(ws, { all: true });
    const r = reviewChangeset(ws, id, { decision: 'accept', allPending: true });
    const { items } = loadRevision(ws, id);
    expect(items.some((it) => it.status === 'pending')).toBe(false);
    const needing = items.filter((it) => it.status === 'rejected');
    expect(needing.length).toBeGreaterThan(0);
    for (const it of needing) {
      expect(['set_owner', 'set_support_group']).toContain(it.kind);
      expect((it.proposal as { after: unknown }).after).toBeNull();
      expect(it.comment).toBe(NEEDS_VALUE_COMMENT);
    }
    for (const it of items.filter((x) => x.status === 'accepted')) {
      expect(it.reviewer).toBe('tester');
      expect(it.reviewedAt).toMatch(/^2026-11-23T12:/);
    }
    expect(r.transitions.map((t) => `${t.from}>${t.to}`).sort()).toEqual([
      'pending>accepted',
      'pending>rejected',
    ]);
    // One audit entry for the bulk decision, listing the items by range with their status before and after.
    const entry = lastAudit(ws);
    expect(entry).toMatchObject({ actor: 'tester', action: 'changeset.review', target: `changeset:${id}` });
    expect(entry.detail.transitions).toEqual(r.transitions);
    expect(entry.detail.rejectedForMissingValue).toBe(r.needValue);
    ws.close();
  });

  it('refuses to accept a named item that needs a value; a value accepts it as edited', async () => {
    const ws = await reconciledWorkspace();
    const { id } = createChangeset(ws, { categories: ['missing_owner'] });
    const { items } = loadRevision(ws, id);
    const needs = items.find(
      (it) => it.kind === 'set_owner' && (it.proposal as { after: unknown }).after === null,
    )!;
    expect(() => reviewChangeset(ws, id, { decision: 'accept', items: [needs.seq] })).toThrow(
      /cannot be accepted without a value/,
    );
    reviewChangeset(ws, id, {
      value: 'Jane Doe',
      items: [needs.seq],
      comment: 'owner per the asset register',
    });
    const after = loadRevision(ws, id).items.find((it) => it.seq === needs.seq)!;
    expect(after).toMatchObject({
      status: 'edited',
      override: { after: 'Jane Doe' },
      comment: 'owner per the asset register',
    });
    const entry = lastAudit(ws);
    expect(entry.action).toBe('changeset.edit');
    expect(entry.detail.values).toEqual([
      {
        seq: needs.seq,
        before: { status: 'pending', override: null },
        after: { status: 'edited', override: { after: 'Jane Doe' } },
      },
    ]);
    ws.close();
  });

  it('lets a reviewer override a proposed value, change a new CI, choose another survivor; refuses what a kind cannot take', async () => {
    const ws = await reconciledWorkspace();
    const { id } = createChangeset(ws, {
      categories: ['attribute_conflict', 'missing_in_cmdb', 'duplicate', 'not_discovered'],
    });
    const { items } = loadRevision(ws, id);
    const upd = items.find((it) => it.kind === 'update_attribute')!;
    const create = items.find((it) => it.kind === 'create_ci')!;
    const merge = items.find((it) => it.kind === 'merge_duplicates')!;
    const retire = items.find((it) => it.kind === 'retire_ci')!;
    reviewChangeset(ws, id, { value: '10.99.0.1', items: [upd.seq] });
    reviewChangeset(ws, id, {
      set: { location: 'Frankfurt DC1', className: 'cmdb_ci_server' },
      items: [create.seq],
    });
    const other = (merge.proposal as { members: { key: string }[]; survivor: string }).members.find(
      (m) => m.key !== (merge.proposal as { survivor: string }).survivor,
    )!.key;
    reviewChangeset(ws, id, { value: other, items: [merge.seq] });
    expect(() => reviewChangeset(ws, id, { value: 'x', items: [retire.seq] })).toThrow(
      /retire_ci items have no single value/,
    );
    expect(() => reviewChangeset(ws, id, { value: 'nobody', items: [merge.seq] })).toThrow(
      /the survivor must be one of the duplicates/,
    );
    const now = new Map(loadRevision(ws, id).items.map((it) => [it.seq, it]));
    expect(now.get(upd.seq)).toMatchObject({ status: 'edited', override: { after: '10.99.0.1' } });
    expect(now.get(create.seq)).toMatchObject({
      status: 'edited',
      override: { values: { location: 'Frankfurt DC1' }, className: 'cmdb_ci_server' },
    });
    expect(now.get(merge.seq)).toMatchObject({ status: 'edited', override: { survivor: other } });
    expect(now.get(retire.seq)!.status).toBe('pending');
    ws.close();
  });

  it('decides in bulk by filter, and resets decisions', async () => {
    const ws = await reconciledWorkspace();
    const { id } = createChangeset(ws, { all: true });
    reviewChangeset(ws, id, {
      decision: 'reject',
      filters: ['kind=flag_for_verification'],
      comment: 'handled in the attestation campaign',
    });
    reviewChangeset(ws, id, {
      decision: 'accept',
      filters: ['kind=update_attribute', 'attribute=serial_number'],
    });
    let items = loadRevision(ws, id).items;
    for (const it of items) {
      if (it.kind === 'flag_for_verification')
        expect(it).toMatchObject({ status: 'rejected', comment: 'handled in the attestation campaign' });
      else if (
        it.kind === 'update_attribute' &&
        (it.proposal as { attribute: string }).attribute === 'serial_number'
      )
        expect(it.status).toBe('accepted');
      else expect(it.status).toBe('pending');
    }
    const flags = items.filter((it) => it.kind === 'flag_for_verification').map((it) => it.seq);
    reviewChangeset(ws, id, { decision: 'reset', items: [flags[0]!] });
    items = loadRevision(ws, id).items;
    expect(items.find((it) => it.seq === flags[0])!.status).toBe('pending');
    expect(() => reviewChangeset(ws, id, { decision: 'accept', items: [99_999] })).toThrow(
      /has no item 99999/,
    );
    expect(() => reviewChangeset(ws, id, { decision: 'accept' })).toThrow(/choose items/);
    expect(() => reviewChangeset(ws, id, { items: [1] })).toThrow(/say what to do/);
    ws.close();
  });
});
