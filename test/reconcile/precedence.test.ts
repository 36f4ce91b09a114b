import { describe, expect, it } from 'vitest';
import { type CiAttributes, newAttributes } from '../../src/domain/attributes.js';
import type { LoadedRecord, LoadedSource } from '../../src/reconcile/load.js';
import { Precedence, type SourcePolicy } from '../../src/reconcile/precedence.js';

const NOW = new Date('2026-11-20T00:00:00Z');
const source = (
  idx: number,
  name: string,
  role: 'cmdb' | 'discovery',
  formats: string[],
  importedAt: string,
) => ({ idx, id: idx + 1, name, role, formats, importedAt }) as LoadedSource;
const sources = [
  source(0, 'servicenow', 'cmdb', ['servicenow-ci'], '2026-11-19T00:00:00Z'),
  source(1, 'nmap', 'discovery', ['nmap-xml'], '2026-11-19T00:00:00Z'),
  source(2, 'glpi', 'discovery', ['glpi-inventory'], '2026-11-19T00:00:00Z'),
  source(3, 'rvtools', 'discovery', ['rvtools-vinfo'], '2025-01-01T00:00:00Z'),
  source(4, 'aglpi', 'discovery', ['glpi-inventory'], '2026-11-19T00:00:00Z'),
];

let nextIdx = 0;
function rec(src: number, key: string, a: Partial<CiAttributes>): LoadedRecord {
  const attrs = Object.assign(newAttributes(), a);
  const idx = nextIdx++;
  return {
    idx,
    id: 100 + idx,
    batchId: 1,
    source: src,
    key,
    ciType: 'computer',
    ciClass: null,
    name: a.name ?? null,
    attrs,
  };
}

const golden = (members: LoadedRecord[], policies = new Map<string, SourcePolicy>()) => {
  const p = new Precedence([], policies, NOW);
  const { golden: g, from } = p.golden(members, sources);
  const values = Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined));
  const by = Object.fromEntries(Object.entries(from).map(([a, m]) => [a, members[m]!.key]));
  return { values, by };
};

describe('precedence', () => {
  it('takes technical values from discovery and business values from the CMDB, never an empty one', () => {
    const cmdb = rec(0, 'sn-1', {
      name: 'web01',
      ip_address: '10.0.0.9',
      cpu_count: 2,
      owner: 'Jane Doe',
      support_group: 'Web',
      location: '',
    });
    const nmap = rec(1, '10.0.0.1', { name: 'web01.corp', ip_address: '10.0.0.1', owner: 'nmap-owner' });
    const glpi = rec(2, 'agent-1', { cpu_count: 8, ram_mb: 16384, location: 'Paris', ip_addresses: [] });
    const { values, by } = golden([cmdb, nmap, glpi]);
    // GLPI (an agent) outranks nmap for technical values; the CMDB wins the business ones.
    expect(values.cpu_count).toBe(8);
    expect(by.cpu_count).toBe('agent-1');
    expect(values.ip_address).toBe('10.0.0.1');
    expect(values.owner).toBe('Jane Doe');
    expect(values.support_group).toBe('Web');
    // The CMDB's empty location does not hide discovery's value; an empty list is no value either.
    expect(values.location).toBe('Paris');
    expect(values.ip_addresses).toBeUndefined();
    expect(by.name).toBe('sn-1');
  });

  it('lets any fresh value beat a stale source, and breaks ties by source name then key', () => {
    const stale = rec(3, 'vm-1', { cpu_count: 4, ram_mb: 8192 });
    const fresh = rec(1, '10.0.0.2', { cpu_count: 2 });
    const policies = new Map<string, SourcePolicy>([['rvtools', { stalenessDays: 30 }]]);
    const r = golden([stale, fresh], policies);
    expect(r.values.cpu_count).toBe(2);
    // Only the stale source has RAM: it is still used.
    expect(r.values.ram_mb).toBe(8192);
    // Same trust (two GLPI sources): the source name decides, then the key within one source.
    const a = rec(4, 'z-agent', { serial_number: 'SER-A' });
    const b = rec(2, 'a-agent', { serial_number: 'SER-B' });
    expect(golden([b, a]).by.serial_number).toBe('z-agent');
    const c = rec(2, 'b-agent', { serial_number: 'SER-C' });
    expect(golden([c, b]).by.serial_number).toBe('a-agent');
  });

  it('takes the OS as one value from the record that supplied the OS family, and chooses extras too', () => {
    const cmdb = rec(0, 'sn-2', {
      os: 'Windows Server 2019',
      os_family: 'windows',
      os_name: 'windows server',
      os_version: '2019',
      extra: { cost_centre: 'CC-1' },
    });
    const glpi = rec(2, 'agent-2', {
      os_family: 'linux',
      os_name: 'ubuntu',
      extra: { cost_centre: 'CC-2', rack: 'R4' },
    });
    const { values, by } = golden([cmdb, glpi]);
    expect([values.os_family, values.os_name, values.os_version, values.os]).toEqual([
      'linux',
      'ubuntu',
      undefined,
      undefined,
    ]);
    expect(by.os_name).toBe('agent-2');
    expect(by.os_version).toBeUndefined();
    // Extras follow the business default (the CMDB first); what only discovery has comes from it.
    expect(values.extra).toEqual({ cost_centre: 'CC-1', rack: 'R4' });
    expect(by['extra.cost_centre']).toBe('sn-2');
    expect(by['extra.rack']).toBe('agent-2');
  });
});
