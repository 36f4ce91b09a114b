import { describe, expect, it } from 'vitest';
import { validateItems } from '../../src/changesets/validate.js';
import { ALWAYS, item, merge, rec, ref, update } from './items.js';

const codes = (problems: { seq: number; code: string; severity: string }[]) =>
  problems.map((p) => `${p.seq}:${p.severity}:${p.code}`);

describe('validation before export', () => {
  it('accepts a consistent plan', () => {
    expect(
      validateItems([update('a', 'ip_address', '10.0.0.1', '10.0.0.2', { seq: 1 })], ALWAYS, 'included'),
    ).toEqual([]);
  });

  it('finds two items writing the same field of the same CI, on both items', () => {
    const problems = validateItems(
      [
        update('a', 'ip_address', '10.0.0.1', '10.0.0.2', { seq: 1 }),
        update('a', 'ip_address', '10.0.0.1', '10.0.0.3', { seq: 2 }),
        update('a', 'cpu_count', 2, 4, { seq: 3 }),
      ],
      ALWAYS,
      'included',
    );
    expect(codes(problems)).toEqual(['1:error:write_conflict', '2:error:write_conflict']);
    expect(problems[0]!.message).toBe('item 2 also changes ip_address of a');
  });

  it('checks only what is exported: a rejected item conflicts with nothing', () => {
    const items = [
      update('a', 'ip_address', '10.0.0.1', '10.0.0.2', { seq: 1 }),
      update('a', 'ip_address', '10.0.0.1', '10.0.0.3', { seq: 2, status: 'rejected' }),
    ];
    expect(validateItems(items, ALWAYS, 'included')).toEqual([]);
  });

  it('finds merges chained into one another and merges in a cycle', () => {
    const chain = validateItems(
      [merge('x', ['y'], { seq: 1 }), merge('z', ['x'], { seq: 2 })],
      ALWAYS,
      'included',
    );
    expect(codes(chain)).toEqual(['1:error:merge_chain']);
    expect(chain[0]!.message).toMatch(/its survivor x is itself merged away by item 2/);
    const cycle = validateItems(
      [merge('x', ['y'], { seq: 1 }), merge('y', ['x'], { seq: 2 })],
      ALWAYS,
      'included',
    );
    expect(codes(cycle)).toEqual(['1:error:merge_cycle', '2:error:merge_cycle']);
    const three = validateItems(
      [merge('a', ['b'], { seq: 1 }), merge('b', ['c'], { seq: 2 }), merge('c', ['a'], { seq: 3 })],
      ALWAYS,
      'included',
    );
    expect(three.filter((p) => p.code === 'merge_cycle').map((p) => p.seq)).toEqual([1, 2, 3]);
  });

  it('requires a reviewer value before an owner item can be exported', () => {
    const owner = (status: 'pending' | 'accepted') =>
      item(
        'set_owner',
        { attribute: 'owner', before: null, after: null, reason: 'none' },
        { seq: 1, target: rec('a'), status },
      );
    expect(codes(validateItems([owner('accepted')], ALWAYS, 'included'))).toEqual(['1:error:needs_value']);
    expect(codes(validateItems([owner('pending')], ALWAYS, 'open'))).toEqual(['1:warning:needs_value']);
    const edited = { ...owner('accepted'), status: 'edited' as const, override: { after: 'Jane Doe' } };
    expect(validateItems([edited], ALWAYS, 'included')).toEqual([]);
  });

  it('requires a name and a class for a new CI, and identifiers for an existing one', () => {
    const create = item(
      'create_ci',
      {
        ciType: 'computer',
        className: '',
        values: { name: '' },
        interfaces: [],
        nativeKey: 'nmap:1',
        seenBy: [],
        observedAt: null,
        reason: 'seen',
      },
      { seq: 1, clusterId: 7 },
    );
    const bare = update('b', 'ip_address', 'x', 'y', { seq: 2, target: { ...rec('b'), identifiers: {} } });
    expect(codes(validateItems([create, bare], ALWAYS, 'included'))).toEqual([
      '1:error:required_field',
      '1:error:required_field',
      '2:error:required_field',
    ]);
  });

  it('requires every reference to resolve: CMDB records, relationships, and CIs created by the plan', () => {
    const gone = { recordExists: (_s: string, k: string) => k !== 'gone', relationshipExists: () => false };
    const host = item(
      'create_ci',
      {
        ciType: 'hypervisor',
        className: 'cmdb_ci_esx_server',
        values: { name: 'esx-9' },
        interfaces: [],
        nativeKey: 'nmap:9',
        seenBy: [],
        observedAt: null,
        reason: 'seen',
      },
      { seq: 1, clusterId: 9, status: 'rejected' },
    );
    const add = item(
      'add_relationship',
      {
        type: 'Hosted on::Hosts',
        parent: ref(rec('vm1')),
        child: {
          record: null,
          createdBy: 9,
          name: 'esx-9',
          className: 'cmdb_ci_esx_server',
          identifiers: { name: 'esx-9' },
        },
        reason: 'rvtools',
      },
      { seq: 2, target: rec('vm1') },
    );
    const upd = update('gone', 'ip_address', 'a', 'b', { seq: 3 });
    const remove = item(
      'remove_relationship',
      {
        relationship: 'r1',
        type: 'Runs on::Runs',
        parent: { kind: 'key', value: 'p', name: null, ci: null },
        child: { kind: 'key', value: 'c', name: null, ci: null },
        reason: 'dangling',
      },
      { seq: 4, target: { ...rec('r1'), className: 'cmdb_rel_ci' } },
    );
    const problems = validateItems([host, add, upd, remove], gone, 'included');
    expect(codes(problems)).toEqual([
      '2:error:unresolved_reference',
      '3:error:unresolved_reference',
      '4:error:unresolved_reference',
    ]);
    expect(problems[0]!.message).toMatch(/item 1, which creates it, is not exported with this one/);
  });

  it('adds what the export format requires', () => {
    const problems = validateItems(
      [update('a', 'ip_address', 'x', 'y', { seq: 1 })],
      ALWAYS,
      'included',
      (it) => [{ seq: it.seq, severity: 'warning', code: 'required_field', message: 'format rule' }],
    );
    expect(codes(problems)).toEqual(['1:warning:required_field']);
  });
});
