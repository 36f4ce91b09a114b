import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTE_SLOTS,
  compileAttributeDecoder,
  SLOT_DROP,
  SLOT_KEEP,
  SLOT_SHARE,
  decodeAttributes,
  decodeAttributesSparse,
  encodeAttributes,
} from '../../src/domain/attribute-codec.js';
import { type CiAttributes, newAttributes } from '../../src/domain/attributes.js';
import { decodeProvenance, encodeProvenance } from '../../src/reconcile/provenance-codec.js';
import path from 'node:path';
import { detectFormat } from '../../src/importers/detect.js';
import { loadColumnMapping } from '../../src/importers/mapping.js';
import { loadImporter } from '../../src/importers/registry.js';
import type { ColumnMapping, FormatId, ImportSink } from '../../src/importers/types.js';
import { expandPaths } from '../../src/ingest/expand-paths.js';
import { ImportError } from '../../src/util/errors.js';
import { importFiles } from '../../src/ingest/import-files.js';
import { reconcile } from '../../src/reconcile/run-reconcile.js';
import { goldenFromProvenance } from '../../src/reconcile/golden-record.js';
import { loadSnapshot } from '../../src/reconcile/load.js';
import { Precedence } from '../../src/reconcile/precedence.js';
import { REALDATA, recordsOf, tempWorkspace } from '../helpers/workspace.js';

const ESTATE = path.resolve(__dirname, '../../fixtures/sample-estate');

// The storage order as shipped: every stored record depends on it, so it may only grow at the end.
const SHIPPED = [
  'name',
  'host_name',
  'dns_domain',
  'fqdn',
  'aliases',
  'ip_address',
  'ip_addresses',
  'mac_address',
  'mac_addresses',
  'interfaces',
  'serial_number',
  'bios_uuid',
  'vm_id',
  'vm_uuid',
  'instance_id',
  'cloud_provider',
  'correlation_id',
  'asset_tag',
  'os',
  'os_family',
  'os_name',
  'os_version',
  'cpu_count',
  'ram_mb',
  'disk_gb',
  'manufacturer',
  'model',
  'virtual',
  'power_state',
  'host_ref',
  'cluster',
  'datacenter',
  'status',
  'owner',
  'support_group',
  'location',
  'environment',
  'company',
  'last_seen',
  'updated_at',
  'extra',
  'issues',
];

const server: CiAttributes = {
  name: 'esx-fra-02',
  host_name: 'esx-fra-02',
  ip_address: '10.12.6.172',
  ip_addresses: ['10.12.6.172', 'fe80::1'],
  mac_address: '00:f9:ed:02:56:01',
  mac_addresses: ['00:f9:ed:02:56:01'],
  interfaces: [{ name: 'vmnic0', mac: '00:f9:ed:02:56:01', ips: ['10.12.6.172'], virtual: false }],
  serial_number: 'EFKU1C7',
  os: 'ESXi 8.0',
  os_family: 'esxi',
  os_name: 'esxi',
  os_version: '8',
  cpu_count: 0,
  ram_mb: 786432,
  manufacturer: 'Dell',
  virtual: false,
  status: 'installed',
  support_group: 'Core Infrastructure',
  last_seen: '2026-06-15T00:00:00Z',
  updated_at: '2026-09-28T00:00:00Z',
  extra: { 'Cost centre': 'CC-1207', rack_u: 12, 'weird "key"': true },
  issues: [{ field: 'asset_tag', value: 'N/A', problem: 'placeholder' }],
};

describe('attribute codec', () => {
  it('keeps the shipped slot order and covers every attribute', () => {
    expect(ATTRIBUTE_SLOTS.slice(0, SHIPPED.length)).toEqual(SHIPPED);
    expect([...ATTRIBUTE_SLOTS].sort()).toEqual(Object.keys(newAttributes()).sort());
  });

  it('round-trips every kind of value, falsy ones included, without names in the text', () => {
    const text = encodeAttributes(server);
    expect(decodeAttributesSparse(text)).toEqual(server);
    expect(decodeAttributes(text)).toStrictEqual({ ...newAttributes(), ...server });
    expect(text).not.toContain('host_name');
    // cpu_count 0 and virtual false are values, not absences.
    expect(decodeAttributes(text).cpu_count).toBe(0);
    expect(decodeAttributes(text).virtual).toBe(false);
    // Less than two thirds of the object form.
    expect(text.length).toBeLessThan(JSON.stringify(server).length * 0.67);
  });

  it('treats undefined and null as absent and encodes an empty record', () => {
    const a = { ...newAttributes(), name: 'x', owner: null } as unknown as CiAttributes;
    expect(decodeAttributesSparse(encodeAttributes(a))).toEqual({ name: 'x' });
    expect(encodeAttributes(newAttributes())).toBe('[0,0]');
    expect(decodeAttributesSparse('[0,0]')).toEqual({});
  });

  it('reads the object form of workspaces written before it, ignoring names that are not attributes', () => {
    const old = JSON.stringify({ ...server, retired_attribute: 'x' });
    expect(decodeAttributesSparse(old)).toEqual(server);
  });

  it('refuses text that is not stored attributes', () => {
    expect(() => decodeAttributes('[1,0]')).toThrow();
    expect(() => decodeAttributes('[0,0,"surplus"]')).toThrow(/more values/);
    expect(() => decodeAttributes('"text"')).toThrow(/neither/);
    expect(() => decodeAttributes('{"name":')).toThrow(SyntaxError);
  });
});

/** The attributes that have a value (fixed-shape objects list every attribute). */
const present = (a: CiAttributes) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined));

describe('compiled attribute decoder', () => {
  const kinds = Uint8Array.from(ATTRIBUTE_SLOTS, (k) =>
    k === 'interfaces' ? SLOT_DROP : k === 'owner' || k === 'os' ? SLOT_SHARE : SLOT_KEEP,
  );
  const decode = compileAttributeDecoder(kinds);
  const server = {
    name: 'web01',
    os: 'Ubuntu 22.04',
    owner: 'Jane Doe',
    cpu_count: 0,
    virtual: false,
    ip_addresses: ['10.0.0.1'],
    interfaces: [{ name: 'eth0' }],
    extra: { rack: 'R4' },
  } as unknown as CiAttributes;
  const shared: string[] = [];
  const share = (v: string) => (shared.push(v), `shared:${v}`);

  it('keeps, shares or drops each slot as told, in both stored forms', () => {
    for (const text of [encodeAttributes(server), JSON.stringify(server)]) {
      shared.length = 0;
      const into = newAttributes() as Record<string, unknown>;
      decode(text, into, share);
      const { interfaces: _dropped, ...kept } = server as unknown as Record<string, unknown>;
      expect(Object.fromEntries(Object.entries(into).filter(([, v]) => v !== undefined))).toEqual({
        ...kept,
        os: 'shared:Ubuntu 22.04',
        owner: 'shared:Jane Doe',
      });
      expect(shared.sort()).toEqual(['Jane Doe', 'Ubuntu 22.04']);
    }
  });

  it('refuses text that is not stored attributes', () => {
    const into = newAttributes() as Record<string, unknown>;
    expect(() => decode('[1,0]', into, share)).toThrow();
    expect(() => decode('[0,0,"surplus"]', into, share)).toThrow(/more values/);
    expect(() => decode('{"name":', into, share)).toThrow(SyntaxError);
  });
});

describe('stored attributes and provenance of the sample estate', () => {
  it('round-trip, and the golden record rebuilt from provenance is the one precedence chooses', async () => {
    const ws = tempWorkspace();
    try {
      const at = (f: string) => path.join(ESTATE, f);
      await importFiles(ws, { source: 'servicenow', paths: [at('servicenow/cmdb_ci.csv')], inline: true });
      await importFiles(ws, { source: 'glpi', paths: [at('discovery/glpi')], inline: true });
      await importFiles(ws, { source: 'rvtools', paths: [at('discovery/rvtools_vInfo.csv')], inline: true });
      await importFiles(ws, {
        source: 'assets',
        paths: [at('other/assets.csv')],
        mapping: loadColumnMapping(at('other/assets.mapping.json')),
        inline: true,
      });
      const rows = ws.db.prepare('SELECT id, attrs FROM record').raw(true).all() as [number, string][];
      expect(rows.length).toBeGreaterThan(50);
      const attrsById = new Map<number, CiAttributes>();
      for (const [id, text] of rows) {
        expect(text.startsWith('[')).toBe(true);
        expect(encodeAttributes(decodeAttributes(text))).toBe(text);
        attrsById.set(id, decodeAttributesSparse(text) as CiAttributes);
      }
      expect(recordsOf(ws, 'servicenow').some((r) => r.attrs.serial_number && r.attrs.os_family)).toBe(true);
      expect(recordsOf(ws, 'assets').some((r) => r.attrs.extra !== undefined)).toBe(true);

      reconcile(ws);
      // The golden record is not stored: it is rebuilt from provenance and the suppliers' stored
      // attributes. Rebuilt, it must be exactly what precedence chooses over the CI's members.
      const snapshot = loadSnapshot(ws);
      const byRecordId = new Map(snapshot.records.map((r) => [r.id, r]));
      const precedence = Precedence.load(ws);
      const clusters = ws.db.prepare('SELECT id, provenance FROM ci_cluster').all() as {
        id: number;
        provenance: string;
      }[];
      expect(clusters.length).toBeGreaterThan(20);
      const membersOf = ws.db.prepare('SELECT record_id FROM cluster_member WHERE cluster_id = ?').pluck();
      let extras = 0;
      for (const c of clusters) {
        const from = decodeProvenance(c.provenance);
        const memberIds = membersOf.all(c.id) as number[];
        for (const recordId of Object.values(from)) expect(memberIds).toContain(recordId);
        const rebuilt = goldenFromProvenance(from, (id) => attrsById.get(id));
        const members = memberIds.map((id) => byRecordId.get(id)!);
        const chosen = precedence.golden(members, snapshot.sources);
        expect(present(rebuilt)).toEqual(present(chosen.golden));
        expect(from).toEqual(
          Object.fromEntries(Object.entries(chosen.from).map(([a, m]) => [a, members[m]!.id])),
        );
        extras += Object.keys(rebuilt.extra ?? {}).length;
      }
      expect(extras).toBeGreaterThan(0);
    } finally {
      ws.close();
    }
  });
});

describe('provenance codec', () => {
  it('names each supplying record once, slots and suppliers two characters each, in decision order', () => {
    const attributes = ['name', 'serial_number', 'owner', 'os_family', 'extra.Cost centre', 'extra.0'];
    const ids = [912345, 912345, 700001, 912345, 700001, 3];
    const text = encodeProvenance(attributes, ids);
    // Slots 0, 10, 33, 19 are A, K, h, T; suppliers 0, 1 are A, B.
    expect(text).toBe('[[912345,700001,3],"=AAKAhBTA","extra.Cost centre",1,"extra.0",2]');
    expect(Object.entries(decodeProvenance(text))).toEqual(attributes.map((a, i) => [a, ids[i]]));
    expect(decodeProvenance('[[5],"="]')).toEqual({});
    expect(encodeProvenance([], [])).toBe('[[],"="]');
  });

  it('falls back to numbers when a supplier index does not fit one character, or an extra comes first', () => {
    // 70 decisions (slots reused) from 70 records: suppliers 64 and above have no single character.
    const attributes = Array.from({ length: 70 }, (_, i) => ATTRIBUTE_SLOTS[i % ATTRIBUTE_SLOTS.length]!);
    const ids = attributes.map((_, i) => 1000 + i);
    const wide = encodeProvenance(attributes, ids);
    expect(wide).toMatch(/^\[\[1000,1001,[0-9,]*1069\],0,0,1,1,2,2,/);
    const expected: Record<string, number> = {};
    attributes.forEach((a, i) => (expected[a] = ids[i]!));
    expect(decodeProvenance(wide)).toEqual(expected);
    const extraFirst = encodeProvenance(['extra.x', 'name'], [7, 8]);
    expect(extraFirst).toBe('[[7,8],"extra.x",0,0,1]');
    expect(Object.entries(decodeProvenance(extraFirst))).toEqual([
      ['extra.x', 7],
      ['name', 8],
    ]);
  });

  it('reads the numeric and object forms and refuses entries that name nothing', () => {
    const numeric = '[[912345,700001,3],0,0,10,0,33,1,"extra.Cost centre",1,19,0,"extra.0",2]';
    expect(Object.entries(decodeProvenance(numeric))).toEqual([
      ['name', 912345],
      ['serial_number', 912345],
      ['owner', 700001],
      ['extra.Cost centre', 700001],
      ['os_family', 912345],
      ['extra.0', 3],
    ]);
    expect(decodeProvenance('{"owner":12,"name":7}')).toEqual({ owner: 12, name: 7 });
    expect(() => decodeProvenance('[[1],99,0]')).toThrow(/entry 1/);
    expect(() => decodeProvenance('[[1],0,4]')).toThrow(/entry 1/);
    expect(() => decodeProvenance('[[1],"=AAB"]')).toThrow(/no supplier/);
    expect(() => decodeProvenance('[[1],"=AAAB"]')).toThrow(/entry 2/);
    expect(() => decodeProvenance('[[1],"=!A"]')).toThrow(/entry 1/);
    expect(() => decodeProvenance('[[1],"=AA","extra.x",3]')).toThrow(/entry 2/);
  });
});

describe('what the importers produce fits the storage encoding', () => {
  // Every attribute an importer sets must have a slot: encodeAttributes keeps only the slots, so a new
  // attribute without one would be dropped silently on import.
  const at = (f: string) => path.join(ESTATE, f);
  const cases: [FormatId, string[], ColumnMapping?][] = [
    ['servicenow-ci', [at('servicenow/cmdb_ci.csv'), at('servicenow/cmdb_ci_appl.json')]],
    ['nmap-xml', [at('discovery/nmap-scan.xml'), path.join(REALDATA, 'nmap-libnmap')]],
    ['rvtools-vinfo', [at('discovery/rvtools_vInfo.csv')]],
    ['glpi-inventory', [at('discovery/glpi'), path.join(REALDATA, 'glpi-inventory')]],
    [
      'aws-ec2',
      [at('discovery/aws-ec2-describe-instances.json'), path.join(REALDATA, 'cloud-custodian/aws')],
    ],
    ['netbox', [at('netbox/netbox-export.json'), path.join(REALDATA, 'netbox-demo/netbox-demo-v3.6.json')]],
    ['csv', [at('other/assets.csv')], loadColumnMapping(at('other/assets.mapping.json'))],
  ];
  it.each(cases)('%s', async (format, paths, mapping) => {
    const slots = new Set<string>(ATTRIBUTE_SLOTS);
    const importer = await loadImporter(format);
    let records = 0;
    // Collected, not thrown: an importer reports what its sink throws as an import error of the file.
    const unslotted = new Set<string>();
    const lost: string[] = [];
    const sink: ImportSink = {
      record(r) {
        records++;
        const present = JSON.parse(JSON.stringify(r.attrs)) as Record<string, unknown>;
        for (const k of Object.keys(present)) if (!slots.has(k)) unslotted.add(k);
        const back = JSON.stringify(decodeAttributesSparse(encodeAttributes(r.attrs)));
        if (
          back !==
          JSON.stringify(
            Object.fromEntries(ATTRIBUTE_SLOTS.filter((k) => k in present).map((k) => [k, present[k]])),
          )
        )
          lost.push(r.key);
      },
      relationship() {},
      skip() {},
      warn() {},
      progress() {},
    };
    for (const file of expandPaths(paths)) {
      // Real-data directories hold files of other formats and broken samples: only this format's files.
      if (!mapping && detectFormat(file.path)?.format !== format) continue;
      try {
        await importer.run(file, sink, { mapping });
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
      }
    }
    expect([...unslotted]).toEqual([]);
    expect(lost).toEqual([]);
    expect(records).toBeGreaterThan(5);
  });
});
