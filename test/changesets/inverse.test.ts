import { describe, expect, it } from 'vitest';
import { invertItems } from '../../src/changesets/inverse.js';
import type { ProposalByKind } from '../../src/changesets/model.js';
import { validateItems } from '../../src/changesets/validate.js';
import { compilePlan } from '../../src/exporters/compile.js';
import { ALWAYS, item, member, rec, ref, update } from './items.js';

describe('the inverse plan', () => {
  it('restores updated values, owners and support groups (empty where there was none), in reverse order', () => {
    const items = [
      update('a', 'ip_address', '10.0.0.1', '10.0.0.2', { seq: 1 }),
      item(
        'set_owner',
        { attribute: 'owner', before: null, after: 'Jane Doe', reason: 'golden' },
        { seq: 2, target: rec('a') },
      ),
      item(
        'set_support_group',
        { attribute: 'support_group', before: 'Ops', after: 'Unix', reason: 'apps' },
        { seq: 3, target: rec('b') },
      ),
    ];
    const inv = invertItems(items);
    expect(inv.notInvertible).toEqual([]);
    expect(inv.items.map((it) => [it.seq, it.kind, it.comment])).toEqual([
      [1, 'set_support_group', 'undoes item 3'],
      [2, 'set_owner', 'undoes item 2'],
      [3, 'update_attribute', 'undoes item 1'],
    ]);
    expect(
      inv.items.map((it) => [
        (it.proposal as { before: unknown }).before,
        (it.proposal as { after: unknown }).after,
      ]),
    ).toEqual([
      ['Unix', 'Ops'],
      ['Jane Doe', ''],
      ['10.0.0.2', '10.0.0.1'],
    ]);
    expect(inv.items.every((it) => it.status === 'accepted')).toBe(true);
    // Undoing the undo gives the plan back.
    const twice = invertItems(inv.items).items;
    expect(twice.map((it) => (it.proposal as { after: unknown }).after)).toEqual([
      '10.0.0.2',
      'Jane Doe',
      'Unix',
    ]);
  });

  it('retires the CIs a plan creates, identified by their values, and reinstates the ones it retires', () => {
    const create = item(
      'create_ci',
      {
        ciType: 'computer',
        className: 'cmdb_ci_linux_server',
        values: { name: 'web01', serial_number: 'ABC123' },
        interfaces: [],
        nativeKey: 'glpi:web01',
        seenBy: [],
        observedAt: null,
        reason: 'seen',
      },
      { seq: 1, clusterId: 42 },
    );
    const retire = item(
      'retire_ci',
      {
        ci: null,
        before: 'Installed',
        beforeOperational: 'Operational',
        after: 'retired',
        lastDiscovered: '2025-01-01',
        days: 400,
        thresholdDays: 180,
        reason: 'gone',
      },
      { seq: 2, target: rec('old') },
    );
    const inv = invertItems([create, retire]).items;
    expect(inv.map((it) => it.kind)).toEqual(['update_attribute', 'update_attribute', 'retire_ci']);
    expect(
      inv
        .slice(0, 2)
        .map((it) => [
          (it.proposal as { attribute: string }).attribute,
          (it.proposal as { after: unknown }).after,
        ]),
    ).toEqual([
      ['status', 'Installed'],
      ['operational_status', 'Operational'],
    ]);
    const undoCreate = inv[2]!.proposal as ProposalByKind['retire_ci'];
    expect(undoCreate.ci).toMatchObject({
      record: null,
      createdBy: null,
      identifiers: { name: 'web01', serial_number: 'ABC123' },
    });
    const plan = compilePlan(inv);
    expect(plan.cis.map((c) => [c.ci.identifiers.name, c.set.status])).toEqual([
      ['old', 'Installed'],
      ['web01', 'retired'],
    ]);
    expect(validateItems(inv, ALWAYS, 'included')).toEqual([]);
  });

  it('un-merges: victims back to their status, relationships back to the victims', () => {
    const esx = rec('esx1', 'esx1', 'cmdb_ci_esx_server');
    const merge = item(
      'merge_duplicates',
      {
        survivor: 's',
        members: [member('s'), member('v', 'In maintenance')],
        relationships: [
          {
            relationship: 'r1',
            type: 'Hosted on::Hosts',
            end: 'parent',
            member: 'v',
            other: { kind: 'key', value: 'esx1', name: 'esx1', ref: esx },
          },
          {
            relationship: 'r2',
            type: 'Hosted on::Hosts',
            end: 'parent',
            member: 's',
            other: { kind: 'key', value: 'esx1', name: 'esx1', ref: esx },
          },
          {
            relationship: 'r3',
            type: 'Runs on::Runs',
            end: 'child',
            member: 'v',
            other: { kind: 'key', value: 'app', name: 'app', ref: rec('app', 'app', 'cmdb_ci_appl') },
          },
        ],
        reason: 'dup',
      },
      { seq: 1, target: rec('s') },
    );
    const plan = compilePlan([merge]);
    expect(plan.cis.map((c) => [c.ci.record!.key, c.set.status])).toEqual([['v', 'retired']]);
    expect(plan.relations.map((r) => [r.op, r.relationship, r.parent.name, r.child.name])).toEqual([
      ['delete', 'r1', 'v', 'esx1'],
      ['delete', 'r3', 'app', 'v'],
      ['add', null, 'app', 's'],
    ]);
    const inv = invertItems([merge]).items;
    expect(inv.map((it) => it.kind)).toEqual([
      'update_attribute',
      'update_attribute',
      'add_relationship',
      'repoint_relationship',
    ]);
    expect((inv[0]!.proposal as { after: unknown }).after).toBe('In maintenance');
    expect(inv[0]!.target).not.toHaveProperty('status');
    const repoint = inv[3]!.proposal as ProposalByKind['repoint_relationship'];
    expect([repoint.relationship, repoint.end, repoint.from.record!.key, repoint.to.record!.key]).toEqual([
      null,
      'child',
      's',
      'v',
    ]);
    const back = compilePlan(inv);
    expect(back.relations.map((r) => [r.op, r.parent.name, r.child.name])).toEqual([
      ['add', 'v', 'esx1'],
      ['delete', 'app', 's'],
      ['add', 'app', 'v'],
    ]);
  });

  it('swaps added and removed relationships, re-points back, and lists what it cannot undo', () => {
    const add = item(
      'add_relationship',
      { type: 'Hosted on::Hosts', parent: ref(rec('vm')), child: ref(rec('h1')), reason: 'rvtools' },
      { seq: 1, target: rec('vm') },
    );
    const repoint = item(
      'repoint_relationship',
      {
        relationship: 'r9',
        type: 'Hosted on::Hosts',
        end: 'child',
        fixed: ref(rec('vm2')),
        from: ref(rec('h1')),
        to: ref(rec('h2')),
        reason: 'moved',
      },
      { seq: 2, target: { ...rec('r9'), className: 'cmdb_rel_ci' } },
    );
    const dangling = item(
      'remove_relationship',
      {
        relationship: 'r0',
        type: 'Runs on::Runs',
        parent: { kind: 'key', value: 'app', name: 'app', ci: ref(rec('app')) },
        child: { kind: 'key', value: 'deleted', name: null, ci: null },
        reason: 'dangling',
      },
      { seq: 3, target: { ...rec('r0'), className: 'cmdb_rel_ci' } },
    );
    const flag = item(
      'flag_for_verification',
      { reason: 'why', check: 'look' },
      { seq: 4, target: rec('x') },
    );
    const inv = invertItems([add, repoint, dangling, flag]);
    expect(inv.notInvertible.map((n) => n.seq)).toEqual([3, 4]);
    expect(inv.notInvertible[1]!.reason).toMatch(/changes nothing in the CMDB/);
    expect(inv.items.map((it) => it.kind)).toEqual(['repoint_relationship', 'remove_relationship']);
    const plan = compilePlan(inv.items);
    expect(plan.relations.map((r) => [r.op, r.relationship, r.parent.name, r.child.name])).toEqual([
      ['delete', null, 'vm2', 'h2'],
      ['add', null, 'vm2', 'h1'],
      ['delete', null, 'vm', 'h1'],
    ]);
    expect(validateItems(inv.items, ALWAYS, 'included')).toEqual([]);
  });
});
