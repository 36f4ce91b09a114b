import { describe, expect, it } from 'vitest';
import { type CiAttributes, newAttributes } from '../../src/domain/attributes.js';
import { IdentityTable, identityOf, Interner } from '../../src/reconcile/identity.js';
import type { LoadedRecord } from '../../src/reconcile/load.js';
import { RecordLookup, resolveRelationships } from '../../src/reconcile/resolve-relationships.js';
import type { LoadedRelationship } from '../../src/reconcile/load.js';

function record(idx: number, source: number, key: string, name: string | null, a: Partial<CiAttributes>) {
  const attrs = Object.assign(newAttributes(), a);
  if (name) attrs.name = name;
  const r: LoadedRecord = {
    idx,
    id: idx + 1,
    batchId: 1,
    source,
    key,
    ciType: 'computer',
    ciClass: null,
    name,
    attrs,
  };
  return r;
}

// Source 0: the CMDB (relationships by sys_id); source 1: a hypervisor naming hosts by DNS name;
// source 2: a GLPI agent naming guests by UUID.
const records = [
  record(0, 0, 'AAA1', 'web01', { host_name: 'web01', dns_domain: 'corp.example.com' }),
  record(1, 0, 'bbb2', 'ESX-01', { host_name: 'esx-01', dns_domain: 'corp.example.com' }),
  record(2, 1, 'vm-7', 'web01.corp.example.com', {
    host_name: 'web01',
    dns_domain: 'corp.example.com',
    bios_uuid: '4211aa00-0000-4000-8000-00000000beef',
    ip_addresses: ['10.1.2.3'],
  }),
  record(3, 1, 'host-1', 'esx-01.corp.example.com', { host_name: 'esx-01', dns_domain: 'corp.example.com' }),
  record(4, 2, 'agent-9', 'db01', { host_name: 'db01', dns_domain: 'lab.example.com' }),
  record(5, 2, 'agent-10', 'web01', { host_name: 'web01', dns_domain: 'other.example.org' }),
  record(6, 0, 'ccc3', 'Payroll DB', {}),
];

function lookup() {
  const interner = new Interner();
  const identities = new IdentityTable(records.length);
  for (const r of records) identities.append(identityOf(r.attrs, interner));
  return new RecordLookup(records, identities, interner);
}

const rel = (id: number, source: number, parent: [string, string], child: [string, string]) =>
  ({
    id,
    source,
    key: `rel-${id}`,
    type: 'Runs on::Runs',
    parent: { kind: parent[0], value: parent[1] },
    child: { kind: child[0], value: child[1] },
  }) as LoadedRelationship;

describe('relationship endpoints', () => {
  it('resolves keys within the source (exact, then ignoring case), names, host names, UUIDs and IPs', () => {
    const resolved = resolveRelationships(
      [
        rel(1, 0, ['key', 'AAA1'], ['key', 'BBB2']),
        rel(2, 1, ['name', 'ESX-01.corp.example.com'], ['uuid', '4211AA00-0000-4000-8000-00000000BEEF']),
        rel(3, 2, ['name', 'web01.corp.example.com'], ['ip', '10.1.2.3']),
        rel(4, 0, ['key', 'vm-7'], ['name', 'nothing-like-it']),
      ],
      lookup(),
    );
    expect(resolved.map((r) => [r.parent, r.child])).toEqual([
      [[0], [1]],
      // Exact names first, then records whose host name and domain match.
      [[3, 1], [2]],
      [[2, 0], [2]],
      // A key belongs to its own source: the CMDB has no vm-7.
      [[], []],
    ]);
  });

  it('finds names outside the ones it was told to expect', () => {
    const l = lookup();
    l.expectNames(['web01']);
    expect(l.resolve(0, { kind: 'name', value: ' WEB01 ' })).toEqual([0, 5, 2]);
    // Not expected: the full name index is built, and the answer is the same as without expectations.
    expect(l.resolve(0, { kind: 'name', value: 'payroll db' })).toEqual([6]);
    expect(l.resolve(0, { kind: 'name', value: 'db01.lab.example.com' })).toEqual([4]);
    expect(lookup().resolve(0, { kind: 'name', value: 'db01.lab.example.com' })).toEqual([4]);
    expect(l.resolve(0, { kind: 'name', value: 'esx-01' })).toEqual([1, 3]);
  });
});
