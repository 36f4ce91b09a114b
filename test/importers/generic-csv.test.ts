import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAPPABLE_ATTRIBUTES } from '../../src/domain/mappable-attributes.js';
import { CANONICAL } from '../../src/importers/formats/generic-csv.js';
import { parseColumnMapping } from '../../src/importers/mapping.js';
import type { ColumnMapping } from '../../src/importers/types.js';
import { importFiles } from '../../src/ingest/import-files.js';
import { findWorkerScript } from '../../src/ingest/run-importer.js';
import { ImportError } from '../../src/util/errors.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { recordsOf, REALDATA, tempDir, tempWorkspace, workspaceDigest } from '../helpers/workspace.js';

const FIXTURES = path.resolve(__dirname, '../../fixtures/generic-csv');
const ASSETS = path.join(FIXTURES, 'assets.csv');
const ASSETS_MAPPING = parseColumnMapping(
  JSON.parse(readFileSync(path.join(FIXTURES, 'assets.mapping.json'), 'utf8')),
  'assets.mapping.json',
);
const FEBRL = path.join(REALDATA, 'febrl');
const FEBRL_MAPPING: ColumnMapping = {
  key: 'rec_id',
  ciType: 'person',
  attributes: Object.fromEntries(
    [
      'given_name',
      'surname',
      'street_number',
      'address_1',
      'address_2',
      'suburb',
      'postcode',
      'state',
      'date_of_birth',
      'soc_sec_id',
    ].map((c) => [c, c]),
  ),
};

async function importError(p: Promise<unknown>): Promise<ImportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

function importCsv(ws: Workspace, file: string, mapping: ColumnMapping, inline = true) {
  return importFiles(ws, { source: 'inventory', paths: [file], mapping, inline });
}

describe('generic csv importer', () => {
  it('imports the Febrl benchmark files with rec_id keys and person records', async () => {
    const ws = tempWorkspace();
    const a = await importFiles(ws, {
      source: 'febrl-a',
      paths: [path.join(FEBRL, 'dataset4a.csv')],
      mapping: FEBRL_MAPPING,
      inline: true,
    });
    expect(a.format).toBe('csv');
    expect(a.role).toBe('discovery');
    expect(a.records).toBe(5000);
    expect(a.warningCount).toBe(0);
    const b = await importFiles(ws, {
      source: 'febrl-b',
      paths: [path.join(FEBRL, 'dataset4b.csv')],
      mapping: FEBRL_MAPPING,
    });
    expect(b.records).toBe(5000);

    const recsA = recordsOf(ws, 'febrl-a');
    const recsB = recordsOf(ws, 'febrl-b');
    expect(recsA.every((r) => r.ciType === 'person' && /^rec-\d+-org$/.test(r.key))).toBe(true);
    expect(recsB.every((r) => /^rec-\d+-dup-\d+$/.test(r.key))).toBe(true);
    // The benchmark's truth: every original has exactly one duplicate in the other file.
    const originals = new Set(recsA.map((r) => r.key.replace(/-org$/, '')));
    expect(new Set(recsB.map((r) => r.key.replace(/-dup-\d+$/, '')))).toEqual(originals);

    expect(recsA[0]!).toMatchObject({
      key: 'rec-1070-org',
      ciType: 'person',
      ciClass: null,
      name: null,
      line: 2,
      raw: 'rec-1070-org, michaela, neumann, 8, stanley street, miami, winston hills, 4223, nsw, 19151111, 5304218',
    });
    expect(recsA[0]!.attrs).toEqual({
      extra: {
        given_name: 'michaela',
        surname: 'neumann',
        street_number: '8',
        address_1: 'stanley street',
        address_2: 'miami',
        suburb: 'winston hills',
        postcode: '4223',
        state: 'nsw',
        date_of_birth: '19151111',
        soc_sec_id: '5304218',
      },
    });
    const dup = recsB.find((r) => r.key === 'rec-1070-dup-0')!;
    expect(dup.line).toBe(1451);
    // Empty cells are left out, typos are kept verbatim.
    expect(dup.attrs.extra).toEqual({
      given_name: 'michafla',
      surname: 'jakimow',
      street_number: '8',
      address_1: 'stanleykstreet',
      address_2: 'miami',
      suburb: 'winstonbhills',
      postcode: '4223',
      date_of_birth: '19151111',
      soc_sec_id: '5304218',
    });
    expect(recsB[0]!.attrs.extra).not.toHaveProperty('surname');
    const header = ws.db.prepare('SELECT header FROM import_file ORDER BY id LIMIT 1').get() as {
      header: string;
    };
    expect(JSON.parse(header.header)[0]).toBe('rec_id');
  });

  it('normalises canonical attributes of a CMDB-like export', async () => {
    const ws = tempWorkspace();
    const summary = await importCsv(ws, ASSETS, ASSETS_MAPPING);
    expect(summary.records).toBe(4);
    const recs = recordsOf(ws, 'inventory');
    expect(recs.map((r) => [r.key, r.ciClass, r.ciType, r.name])).toEqual([
      ['A-1001', 'cmdb_ci_linux_server', 'computer', 'web01.corp.example.com'],
      ['A-1002', 'cmdb_ci_win_server', 'other', 'DB02'],
      ['A-1003', 'cmdb_ci_ip_switch', 'network_device', 'sw-core-01'],
      ['A-1004', null, 'printer', 'prn-ams-3'],
    ]);
    const [web, db, sw, prn] = recs;
    expect(web!.attrs).toEqual({
      name: 'web01.corp.example.com',
      host_name: 'web01',
      fqdn: 'web01.corp.example.com',
      dns_domain: 'corp.example.com',
      ip_address: '10.1.0.11',
      ip_addresses: ['10.1.0.11', '10.1.0.12', '192.168.50.11'],
      mac_address: '00:50:56:ab:cd:ef',
      mac_addresses: ['00:50:56:ab:cd:ef'],
      serial_number: 'VMWARE-421A2B3C4D5E6F708192A3B4C5D6E7F8',
      bios_uuid: '421a2b3c4d5e6f708192a3b4c5d6e7f8',
      os: 'Red Hat Enterprise Linux',
      os_family: 'linux',
      os_name: 'rhel',
      os_version: '8',
      ram_mb: 16384,
      cpu_count: 4,
      disk_gb: 120,
      manufacturer: 'VMware',
      model: 'VMware Virtual Platform',
      virtual: true,
      power_state: 'on',
      status: 'installed',
      owner: 'alice@example.com',
      support_group: 'Web Team',
      environment: 'prod',
      location: 'FRA',
      last_seen: '2026-10-30T14:05:00Z',
      extra: { display_name: 'Web 01' },
    });
    expect(db!.attrs).toMatchObject({
      name: 'DB02',
      host_name: 'db02',
      ip_address: '10.1.0.20',
      ip_addresses: ['10.1.0.20'],
      mac_address: '00:50:56:ab:cd:01',
      serial_number: 'CZJ12345XY',
      os_family: 'windows',
      os_version: '2019',
      ram_mb: 65536,
      disk_gb: 1024,
      manufacturer: 'HP',
      virtual: false,
      power_state: 'on',
      last_seen: '2026-10-30T00:00:00Z',
      extra: { rack: 'R12-U20', notes: 'Cluster node, SQL AG primary', display_name: 'DB02' },
    });
    expect(db!.attrs.fqdn).toBeUndefined();
    // A placeholder serial is absent, not an error; Cisco's bare-hex MAC is canonical.
    expect(sw!.attrs.serial_number).toBeUndefined();
    expect(sw!.attrs.issues).toEqual([
      { field: 'serial_number', value: 'To be filled by O.E.M.', problem: 'placeholder' },
    ]);
    expect(sw!.attrs).toMatchObject({
      mac_address: 'aa:bb:cc:00:11:22',
      status: 'planned',
      manufacturer: 'Cisco',
      os_family: 'network_os',
    });
    expect(prn!.attrs).toMatchObject({ status: 'in_stock', power_state: 'unknown', model: 'LaserJet M507' });
    expect(summary.warnings.map((w) => [w.field, w.value, w.location?.line])).toEqual([
      ['power_state', 'standby', 5],
    ]);
  });

  it('joins composite keys, takes delimiter and encoding from the mapping, classifies a type column', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'hosts.txt');
    const text = [
      'site|host|klasse|ram|mac',
      'FRA|srv1|Linux Server|8 GB|00:50:56:01:02:03',
      'FRA|srv2|cmdb_ci_esx_server|0,5 TB|',
      'MÜN|srv1|Datenbank|512|00 50 56 01 02 04',
    ].join('\n');
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const mapping: ColumnMapping = {
      key: ['site', 'host'],
      ciTypeColumn: 'klasse',
      classValue: 'custom_host',
      delimiter: '|',
      encoding: 'windows-1252',
      attributes: { host: 'host_name', RAM: 'ram_mb', mac: 'mac_address', klasse: 'class label' },
    };
    const ws = tempWorkspace();
    expect(findWorkerScript()).toBeTruthy();
    const summary = await importCsv(ws, file, mapping, false);
    expect(summary.files[0]!.encoding).toBe('windows-1252');
    const recs = recordsOf(ws, 'inventory');
    expect(recs.map((r) => [r.key, r.ciType, r.ciClass])).toEqual([
      ['FRA|srv1', 'computer', 'custom_host'],
      ['FRA|srv2', 'hypervisor', 'custom_host'],
      ['MÜN|srv1', 'other', 'custom_host'],
    ]);
    expect(recs[0]!.attrs).toEqual({
      host_name: 'srv1',
      ram_mb: 8192,
      mac_address: '00:50:56:01:02:03',
      mac_addresses: ['00:50:56:01:02:03'],
      os_family: 'linux',
      extra: { 'class label': 'Linux Server' },
    });
    expect(recs[1]!.attrs).toMatchObject({ ram_mb: 524288, os_family: 'esxi' });
    expect(summary.warnings.map((w) => [w.field, w.value, w.location?.line])).toEqual([
      ['mac_address', '00 50 56 01 02 04', 4],
    ]);
  });

  it('lets explicit name columns win over names derived from the display name', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'names.csv');
    writeFileSync(
      file,
      'id,label,dns,domain,host\n1,APP01,app01-prod.example.net,,\n2,mail.example.org,,Example.COM.,\n3,Payroll App,,,\n' +
        '4,web01.corp.example.com,,,web01-blue\n',
    );
    const ws = tempWorkspace();
    await importCsv(ws, file, {
      key: 'id',
      attributes: { label: 'name', dns: 'fqdn', domain: 'dns_domain', host: 'host_name' },
    });
    const recs = recordsOf(ws, 'inventory');
    expect(recs[0]!.attrs).toEqual({
      name: 'APP01',
      host_name: 'app01-prod',
      fqdn: 'app01-prod.example.net',
      dns_domain: 'example.net',
      aliases: ['app01'],
    });
    expect(recs[1]!.attrs).toEqual({
      name: 'mail.example.org',
      host_name: 'mail',
      fqdn: 'mail.example.org',
      dns_domain: 'example.com',
    });
    expect(recs[2]!.attrs).toEqual({ name: 'Payroll App' });
    // A name of another machine lends neither its domain nor its FQDN to the host name.
    expect(recs[3]!.attrs).toEqual({
      name: 'web01.corp.example.com',
      host_name: 'web01-blue',
      aliases: ['web01'],
    });
  });

  describe('hostile input', () => {
    async function withBaseline() {
      const ws = tempWorkspace();
      await importCsv(ws, ASSETS, ASSETS_MAPPING);
      return { ws, digest: workspaceDigest(ws), dir: tempDir() };
    }

    it('lists the mapped columns the file lacks, and the columns it has', async () => {
      const { ws, digest } = await withBaseline();
      const mapping: ColumnMapping = {
        ...ASSETS_MAPPING,
        attributes: { ...ASSETS_MAPPING.attributes, Warranty: 'warranty', CPU: 'cpu_count' },
      };
      const err = await importError(importCsv(ws, ASSETS, mapping));
      expect(err.location).toMatchObject({ file: ASSETS, line: 1, field: 'Warranty' });
      expect(err.message).toContain('the mapping names columns the file does not have: "Warranty", "CPU"');
      expect(err.message).toContain('"Asset ID", "Site", "Hostname"');
      const keyErr = await importError(importCsv(ws, ASSETS, { key: ['Site', 'Tag'], attributes: {} }));
      expect(keyErr.message).toContain('a column the file does not have: "Tag"');
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('names the line and column of an empty key', async () => {
      const { ws, digest, dir } = await withBaseline();
      const file = path.join(dir, 'empty-key.csv');
      writeFileSync(file, 'site,host,ip\nFRA,srv1,10.0.0.1\nFRA, ,10.0.0.2\n');
      const err = await importError(
        importCsv(ws, file, { key: ['site', 'host'], attributes: { ip: 'ip_address' } }),
      );
      expect(err.message).toBe(`${file}:3 (record 2): field "host": the key column is empty`);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('names the line of a ragged row and of an unterminated quote', async () => {
      const { ws, digest, dir } = await withBaseline();
      const lines = readFileSync(ASSETS, 'utf8').split('\n');
      const ragged = path.join(dir, 'ragged.csv');
      writeFileSync(ragged, [...lines.slice(0, 3), `${lines[3]},surplus`, ...lines.slice(4)].join('\n'));
      const errR = await importError(importCsv(ws, ragged, ASSETS_MAPPING));
      expect(errR.location).toMatchObject({ file: ragged, line: 4 });
      const truncated = path.join(dir, 'truncated.csv');
      const text = readFileSync(ASSETS, 'utf8');
      writeFileSync(truncated, text.slice(0, text.indexOf('Cluster node, SQL') + 5));
      const errT = await importError(importCsv(ws, truncated, ASSETS_MAPPING));
      expect(errT.location).toMatchObject({ file: truncated, line: 3 });
      expect(errT.message).toMatch(/not closed before the end of the file/);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('rejects random bytes and an empty file', async () => {
      const { ws, digest, dir } = await withBaseline();
      let seed = 3;
      const bytes = Buffer.alloc(4096, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16);
      const random = path.join(dir, 'random.csv');
      writeFileSync(random, bytes);
      const err = await importError(importCsv(ws, random, ASSETS_MAPPING));
      expect(err.location.file).toBe(random);
      expect(err.location.line).toBeGreaterThanOrEqual(1);
      const empty = path.join(dir, 'empty.csv');
      writeFileSync(empty, '');
      expect((await importError(importCsv(ws, empty, ASSETS_MAPPING))).message).toBe(
        `${empty}:1: the file is empty (no header row)`,
      );
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('keeps a row with bad values and warns about each', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'bad.csv');
      writeFileSync(
        file,
        'id,ip,mac,ram,cpu,seen,uuid,virt,cloud\n' +
          'x1,10.0.0.256,d5:c9:gh:81:cf:80,a lot,2.5,2022-21-09,xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx,maybe,openstack\n',
      );
      const ws = tempWorkspace();
      const summary = await importCsv(ws, file, {
        key: 'id',
        attributes: {
          ip: 'ip_address',
          mac: 'mac_address',
          ram: 'ram_mb',
          cpu: 'cpu_count',
          seen: 'last_seen',
          uuid: 'bios_uuid',
          virt: 'virtual',
          cloud: 'cloud_provider',
        },
      });
      expect(summary.records).toBe(1);
      expect(summary.warnings.map((w) => w.field)).toEqual([
        'ip_address',
        'mac_address',
        'ram_mb',
        'cpu_count',
        'last_seen',
        'virtual',
        'cloud_provider',
      ]);
      // Bad identifiers are kept aside for reconciliation; a masked UUID is a placeholder, not an error.
      expect(recordsOf(ws, 'inventory')[0]!.attrs).toEqual({
        issues: [
          { field: 'ip_address', value: '10.0.0.256', problem: 'invalid' },
          { field: 'mac_address', value: 'd5:c9:gh:81:cf:80', problem: 'invalid' },
          { field: 'bios_uuid', value: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', problem: 'placeholder' },
        ],
      });
    });
  });
});

describe('the attributes a mapping may name', () => {
  it('are exactly those the importer has a handler for (the mapping editor offers this list)', () => {
    expect([...CANONICAL.keys()].sort()).toEqual([...MAPPABLE_ATTRIBUTES].sort());
  });
});
