import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/import-files.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { isIdentifyingMac } from '../../src/normalize/index.js';
import { ImportError } from '../../src/util/errors.js';
import {
  generateEstate,
  REALDATA,
  recordsOf,
  relationshipsOf,
  type StoredRecord,
  tempDir,
  tempWorkspace,
  workspaceDigest,
} from '../helpers/workspace.js';

const GLPI = path.join(REALDATA, 'glpi-inventory');
const EXAMPLES = path.join(GLPI, 'examples');
const XML = path.join(GLPI, 'xml');
const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;
const LF014_UUID = '0055adc91d3ae4118043b05d95113232';

function truthKeys(estate: string, source: string): string[] {
  return readFileSync(path.join(estate, 'truth/records.csv'), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(','))
    .filter((f) => f[0] === source)
    .map((f) => f[1]!);
}

async function importGlpi(ws: Workspace, paths: string | string[], source = 'glpi') {
  return importFiles(ws, {
    source,
    paths: Array.isArray(paths) ? paths : [paths],
    format: 'glpi-inventory',
    inline: true,
  });
}

function writeTemp(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

function byKey(records: StoredRecord[]): Map<string, StoredRecord> {
  return new Map(records.map((r) => [r.key, r]));
}

async function expectImportError(ws: Workspace, file: string, pattern: RegExp): Promise<ImportError> {
  const before = workspaceDigest(ws);
  const err = await importGlpi(ws, file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  expect((err as ImportError).message).toMatch(pattern);
  expect(workspaceDigest(ws)).toBe(before);
  return err as ImportError;
}

/** Every MAC held anywhere in a record's attributes. */
function allMacs(r: StoredRecord): string[] {
  const a = r.attrs as { mac_address?: string; mac_addresses?: string[]; interfaces?: { mac?: string }[] };
  return [a.mac_address, ...(a.mac_addresses ?? []), ...(a.interfaces ?? []).map((i) => i.mac)].filter(
    (m): m is string => m !== undefined,
  );
}

describe('glpi-inventory on the GLPI format examples (JSON)', () => {
  it('imports the examples directory as one batch, with the expected records file by file', async () => {
    const ws = tempWorkspace();
    const s = await importGlpi(ws, EXAMPLES);
    expect(s.format).toBe('glpi-inventory');
    const perFile = Object.fromEntries(
      s.files.map((f) => [path.basename(f.path), [f.records, f.relationships, f.skipped]]),
    );
    expect(perFile).toEqual({
      'computer_1.json': [1, 0, 0],
      // Partial inventories hold only the sections that changed: not a snapshot of the machine.
      'computer_1_partial_batteries.json': [0, 0, 1],
      'computer_1_partial_cpu.json': [0, 0, 1],
      'computer_1_partial_memory.json': [0, 0, 1],
      'computer_1_partial_softs.json': [0, 0, 1],
      'computer_1_partial_volumes.json': [0, 0, 1],
      'computer_2.json': [1, 6, 0],
      'computer_2_partial_dbs.json': [0, 0, 1],
      'computer_2_partial_vms.json': [0, 0, 1],
      'computer_3.json': [1, 0, 0],
      // Same deviceid as computer_3.json: the later snapshot replaces it (a duplicate-key warning).
      'computer_3_updated.json': [0, 3, 0],
      'networkequipment_1.json': [1, 5, 0],
      'networkequipment_2.json': [1, 5, 0],
      'networkequipment_3.json': [1, 21, 0],
      'networkequipment_4.json': [1, 2, 0],
      'networkequipment_5.json': [1, 1, 0],
      'phone_1.json': [1, 0, 0],
      'printer_1.json': [1, 0, 0],
      'printer_2.json': [1, 0, 0],
      'printer_3.json': [0, 0, 0],
    });
    expect([s.records, s.relationships, s.skipped]).toEqual([11, 43, 7]);
    expect(s.skipReasons).toEqual({ 'partial inventory': 7 });

    const r = byKey(recordsOf(ws, 'glpi'));
    expect(Object.fromEntries([...r.values()].map((x) => [x.key, x.ciType]))).toEqual({
      'glpixps-2018-07-09-09-07-13': 'computer',
      'acomputer-2021-01-26-14-32-36': 'computer',
      'LF014-2017-02-20-12-19-56': 'computer',
      foo: 'network_device',
      '3k-1-pa3.glpi-project.infra-2020-12-31-11-28-51': 'network_device',
      'HP-2530-48G-2020-12-31-11-28-51': 'network_device',
      'CH-GV1-DSI-WLC-INSID-1-2020-12-31-11-28-51': 'network_device',
      'DGS-3420-52T-2020-12-31-11-28-51': 'network_device',
      'Mi9TPro-TéléphoneM-2019-12-18-14-30-16': 'other',
      'NPIF2BE10-2020-12-31-11-28-51': 'printer',
      'CanonMX5970-2020-12-31-11-28-51': 'printer',
    });
    // The later file's record is the one kept, and raw is the JSON document.
    const lf014 = r.get('LF014-2017-02-20-12-19-56')!;
    expect(lf014.attrs.ip_address).toBe('192.168.1.103');
    expect(JSON.parse(lf014.raw)).toEqual(
      JSON.parse(readFileSync(path.join(EXAMPLES, 'computer_3_updated.json'), 'utf8')),
    );
    ws.close();
  });

  it('maps a full computer inventory: names, identifiers, hardware, OS, interfaces', async () => {
    const ws = tempWorkspace();
    await importGlpi(ws, path.join(EXAMPLES, 'computer_1.json'));
    const [r] = recordsOf(ws, 'glpi');
    expect(r!.ciClass).toBe('Computer');
    expect(r!.attrs).toEqual({
      name: 'glpixps',
      host_name: 'glpixps',
      bios_uuid: '4c4c4544003430108048b6c04f503732',
      serial_number: '640HP72',
      manufacturer: 'Dell',
      model: 'XPS 13 9350',
      os: 'Fedora 31 (Workstation Edition)',
      os_family: 'linux',
      os_name: 'fedora',
      os_version: '31',
      cpu_count: 1,
      ram_mb: 7800,
      virtual: false,
      interfaces: [
        // lo's 00:00:00:00:00:00 is "no MAC", never an attribute.
        { name: 'lo', ips: ['127.0.0.1', '::1'], virtual: true },
        {
          name: 'enp57s0u1u4',
          mac: '00:e0:4c:68:01:db',
          ips: ['192.168.1.142', 'fe80::b283:4fa3:d3f2:96b1'],
          virtual: false,
        },
        {
          name: 'wlp58s0',
          mac: '44:85:00:2b:90:bc',
          ips: ['192.168.1.118', 'fe80::92a4:26c6:99dd:2d60'],
          virtual: false,
        },
        { name: 'virbr0', mac: '52:54:00:fa:20:0e', ips: ['192.168.122.1'], virtual: true },
        { name: 'virbr0-nic', mac: '52:54:00:fa:20:0e', virtual: true },
      ],
      ip_addresses: [
        '127.0.0.1',
        '::1',
        '192.168.1.142',
        'fe80::b283:4fa3:d3f2:96b1',
        '192.168.1.118',
        'fe80::92a4:26c6:99dd:2d60',
        '192.168.122.1',
      ],
      mac_addresses: ['00:e0:4c:68:01:db', '44:85:00:2b:90:bc', '52:54:00:fa:20:0e'],
      ip_address: '192.168.1.142',
      mac_address: '00:e0:4c:68:01:db',
      last_seen: '2020-06-12T14:19:54Z',
      // The board serial is another identifier than the system serial; the core count is not the CPU count.
      extra: { board_serial: '/640HP72/CE129536461378/', cpu_cores: 2 },
    });
    ws.close();
  });

  it('maps network equipment: the Cisco UCS 6248UP and its LLDP neighbours', async () => {
    const ws = tempWorkspace();
    await importGlpi(ws, path.join(EXAMPLES, 'networkequipment_1.json'));
    const [r] = recordsOf(ws, 'glpi');
    expect(r!.key).toBe('foo');
    expect(r!.ciClass).toBe('NetworkEquipment');
    expect(r!.attrs).toEqual({
      name: 'ucs6248up-cluster-pa3-B',
      host_name: 'ucs6248up-cluster-pa3-b',
      serial_number: 'SSI1912014B',
      mac_address: '8c:60:4f:8d:ae:fc',
      mac_addresses: ['8c:60:4f:8d:ae:fc'],
      ip_addresses: ['127.0.0.1', '10.2.5.10', '192.168.12.5'],
      ip_address: '10.2.5.10',
      manufacturer: 'Cisco',
      model: 'UCS 6248UP 48-Port',
      location: 'paris.pa3',
      owner: 'noc@glpi-project.org',
      extra: { firmware: '5.0(3)N2(4.02b)' },
    });
    const rels = relationshipsOf(ws, 'glpi');
    expect(rels.map((x) => [x.key, x.type, x.parentKind, x.parent, x.childKind, x.child])).toEqual([
      ['foo/port/mgmt0/sw2-mgmt-eqnx', 'Connects to::Connected by', 'key', 'foo', 'name', 'sw2-mgmt-eqnx'],
      ['foo/port/Ethernet1/15/n9k-2-pa3', 'Connects to::Connected by', 'key', 'foo', 'name', 'n9k-2-pa3'],
      ['foo/port/Ethernet1/16/n9k-2-pa3', 'Connects to::Connected by', 'key', 'foo', 'name', 'n9k-2-pa3'],
      ['foo/port/Ethernet1/31/n9k-1-pa3', 'Connects to::Connected by', 'key', 'foo', 'name', 'n9k-1-pa3'],
      ['foo/port/Ethernet1/32/n9k-1-pa3', 'Connects to::Connected by', 'key', 'foo', 'name', 'n9k-1-pa3'],
    ]);
    expect(JSON.parse(rels[0]!.raw)).toMatchObject({ sysname: 'sw2-mgmt-eqnx', ip: '172.25.1.2' });
    ws.close();
  });

  it('names neighbours by system name without the serial suffix, else by IP; MAC forwarding tables are no links', async () => {
    const ws = tempWorkspace();
    await importGlpi(ws, [
      path.join(EXAMPLES, 'networkequipment_2.json'),
      path.join(EXAMPLES, 'networkequipment_3.json'),
      path.join(EXAMPLES, 'networkequipment_5.json'),
    ]);
    const rels = relationshipsOf(ws, 'glpi');
    const children = (prefix: string) =>
      rels.filter((x) => x.parent.startsWith(prefix)).map((x) => `${x.childKind}:${x.child}`);
    // NX-OS appends the chassis serial to its LLDP system name: "n9k-2-pa3(SAL1929KJ27)".
    expect(children('3k-1-pa3')).toEqual([
      'name:sw1-mgmt-eqnx',
      'name:3k-1-th2',
      'name:sw2-mgmt-eqnx',
      'name:n9k-2-pa3',
      'name:n9k-1-pa3',
    ]);
    // "Cisco IP Phone SPA303" is no host name: the phones are named by their IP.
    const phones = children('HP-2530-48G');
    expect(phones).toHaveLength(21);
    expect(phones.every((c) => /^ip:192\.168\.63\.\d+$/.test(c))).toBe(true);
    // 25 ports of the D-Link only carry forwarding-table MACs; one carries an LLDP neighbour.
    expect(children('DGS-3420-52T')).toEqual(['name:axis-accc8e75695f']);
    ws.close();
  });

  it('maps printers, a phone, and VMs without UUIDs (containers) by name', async () => {
    const ws = tempWorkspace();
    await importGlpi(ws, [
      path.join(EXAMPLES, 'printer_1.json'),
      path.join(EXAMPLES, 'phone_1.json'),
      path.join(EXAMPLES, 'computer_2.json'),
    ]);
    const r = byKey(recordsOf(ws, 'glpi'));
    expect(r.get('NPIF2BE10-2020-12-31-11-28-51')!.attrs).toMatchObject({
      serial_number: 'PHCVN191TG',
      mac_address: '00:68:eb:f2:be:10',
      ip_address: '10.59.29.175',
      manufacturer: 'HP',
      model: 'HP LaserJet M507',
      ram_mb: 512,
    });
    const phone = r.get('Mi9TPro-TéléphoneM-2019-12-18-14-30-16')!;
    expect(phone.ciType).toBe('other');
    expect(phone.attrs).toMatchObject({
      name: 'Mi9TPro-TéléphoneM',
      os_family: 'android',
      os_version: '10',
      mac_address: 'e0:dc:ff:ed:09:59',
    });
    // "Mi9TPro-TéléphoneM" is a display name, not a DNS host name.
    expect(phone.attrs.host_name).toBeUndefined();
    // A 16-digit Android id is not a BIOS UUID.
    expect(phone.attrs.bios_uuid).toBeUndefined();

    const comp1 = r.get('acomputer-2021-01-26-14-32-36')!;
    expect(comp1.attrs.bios_uuid).toBeUndefined(); // "4BDRGGFE-..." is not hexadecimal
    const rels = relationshipsOf(ws, 'glpi');
    expect(rels.map((x) => [x.key, x.parentKind, x.parent])).toEqual([
      ['acomputer-2021-01-26-14-32-36/vm/skydive-agent_1', 'name', 'skydive-agent_1'],
      ['acomputer-2021-01-26-14-32-36/vm/skydive-analyzer_1', 'name', 'skydive-analyzer_1'],
      ['acomputer-2021-01-26-14-32-36/vm/elasticsearch_1', 'name', 'elasticsearch_1'],
      ["acomputer-2021-01-26-14-32-36/vm/a'pache", 'name', "a'pache"],
      ['acomputer-2021-01-26-14-32-36/vm/db', 'name', 'db'],
      ["acomputer-2021-01-26-14-32-36/vm/'T", 'name', "'T"],
    ]);
    expect(
      rels.every((x) => x.type === 'Hosted on::Hosts' && x.childKind === 'key' && x.child === comp1.key),
    ).toBe(true);
    ws.close();
  });
});

describe('glpi-inventory on FusionInventory XML documents', () => {
  it('imports the xml directory as one batch, with the expected records file by file', async () => {
    const ws = tempWorkspace();
    const s = await importGlpi(ws, XML);
    const perFile = Object.fromEntries(
      s.files.map((f) => [path.basename(f.path), [f.records, f.relationships, f.skipped]]),
    );
    expect(perFile).toEqual({
      '1.xml': [1, 3, 0],
      '10.xml': [1, 0, 0],
      '11.xml': [1, 0, 0],
      '12.xml': [1, 0, 0],
      '13.xml': [1, 0, 0],
      '14.xml': [0, 0, 0], // same DEVICEID as 13.xml
      '15.xml': [1, 0, 0],
      '16.xml': [1, 0, 0],
      '17.xml': [1, 0, 0],
      '18.xml': [1, 0, 0],
      '19.xml': [1, 0, 0],
      '2.xml': [0, 0, 0], // same DEVICEID as 12.xml
      '3.xml': [1, 0, 0],
      '4.xml': [1, 0, 0],
      '5-good.xml': [1, 0, 0],
      '5.xml': [0, 0, 0], // the same Digi router, polled by the same agent
      '6.xml': [1, 5, 0],
      '7.xml': [0, 0, 0], // the same UCS, and the same CDP neighbour on mgmt0
      '8.xml': [1, 0, 0],
      '9.xml': [1, 0, 0],
    });
    expect([s.records, s.relationships]).toEqual([16, 8]);
    const r = byKey(recordsOf(ws, 'glpi'));
    expect(Object.fromEntries([...r.values()].map((x) => [x.key, x.ciType]))).toEqual({
      'LF014-2016-06-13-14-03-53': 'computer',
      // NETDISCOVERY: one record per discovered device, keyed by the agent and the device's IP.
      'qlf-sesi-inventory.glpi-project.org-2013-11-14-17-47-17/192.168.0.8': 'network_device',
      'johanxps-2020-08-19-14-29-10/102.108.13.10': 'printer',
      'pc-arg-23.cedre.local-2017-04-18-09-26-44': 'computer',
      'android-5a30d8711bbadc9d-2022-10-19-08-08-46': 'other',
      // An SNMP query without INFO identifies nothing but its agent.
      foo: 'network_device',
      'foo/192.168.1.9': 'network_device',
      // SNMPQUERY: the agent's DEVICEID ("foo" for every device it polls) plus the device serial.
      'foo/CN3AFRT37N': 'network_device',
      'android-5a30d8711bbadc9d-2023-09-06-10-28-47': 'other',
      'foo/01234567890AAA': 'storage',
      'MacBook-de-teclib.local-2016-09-07-09-27-48': 'computer',
      'iMac-de-Marie.local-2017-06-12-09-24-14': 'computer',
      'foo/486280': 'network_device',
      'foo/SSI1912014B': 'network_device',
      'foo/D9J230159': 'printer',
      'johanxps-2020-08-19-14-29-10/172.210.10.133': 'computer',
    });
    for (const rec of r.values()) {
      for (const m of allMacs(rec)) {
        expect(m).toMatch(MAC);
        expect(m).not.toBe('00:00:00:00:00:00');
      }
    }
    ws.close();
  });

  it('keeps the whole <REQUEST> as raw for an inventory, and each <DEVICE> for a discovery', async () => {
    const ws = tempWorkspace();
    await importGlpi(ws, [path.join(XML, '1.xml'), path.join(XML, '10.xml')]);
    const [inv, disc] = recordsOf(ws, 'glpi');
    const text1 = readFileSync(path.join(XML, '1.xml'), 'utf8');
    expect(inv!.raw).toBe(
      text1.slice(text1.indexOf('<REQUEST>'), text1.indexOf('</REQUEST>') + '</REQUEST>'.length),
    );
    expect(inv!.line).toBe(2);
    const text10 = readFileSync(path.join(XML, '10.xml'), 'utf8');
    expect(disc!.raw).toBe(
      text10.slice(text10.indexOf('<DEVICE>'), text10.indexOf('</DEVICE>') + '</DEVICE>'.length),
    );
    expect(disc!.line).toBe(4);
    expect(disc!.attrs).toMatchObject({
      name: 'swdc-07-01-dc1',
      mac_address: '00:23:04:ee:be:02',
      ip_address: '192.168.0.8',
      model: 'Cisco Nexus 5596',
      os_family: 'network_os',
      os_name: 'nx-os',
    });
    // Each guest VM: its <VIRTUALMACHINES> element, at its own line.
    const rels = relationshipsOf(ws, 'glpi');
    const lines = text1.split('\n');
    for (const rel of rels) {
      expect(lines[rel.line! - 1]!.trim()).toBe('<VIRTUALMACHINES>');
      expect(rel.raw.startsWith('<VIRTUALMACHINES>')).toBe(true);
      expect(rel.raw).toContain(`<UUID>`);
    }
    ws.close();
  });

  it('warns about malformed MACs and keeps the device without them', async () => {
    const ws = tempWorkspace();
    const s = await importGlpi(ws, [
      path.join(XML, '11.xml'),
      path.join(XML, '16.xml'),
      path.join(XML, '17.xml'),
    ]);
    expect(s.records).toBe(3);
    const macWarnings = s.warnings
      .filter((w) => w.field === 'mac_address')
      .map((w) => [path.basename(w.file), w.value, w.location?.line]);
    expect(macWarnings).toEqual([
      ['11.xml', 'b53d:dc:44:af:e9', 4],
      ['16.xml', 'd5:c9:gh:81:cf:80', 3],
      ['17.xml', 'd5:c9:gh:81:cf:80', 2],
    ]);
    for (const r of recordsOf(ws, 'glpi')) expect(allMacs(r)).toEqual([]);
    // The HP 1810-24G found by discovery (16.xml) and inventoried by SNMP (17.xml): same serial and IP.
    const r = byKey(recordsOf(ws, 'glpi'));
    for (const key of ['foo/192.168.1.9', 'foo/CN3AFRT37N']) {
      expect(r.get(key)!.attrs).toMatchObject({
        serial_number: 'CN3AFRT37N',
        ip_address: '192.168.1.9',
        model: '1810-24G',
      });
    }
    // An IP used as DNS host name is not a host name; the SNMP name is.
    expect(r.get('johanxps-2020-08-19-14-29-10/102.108.13.10')!.attrs).toMatchObject({
      name: 'myprinter',
      host_name: 'myprinter',
    });
    ws.close();
  });

  it('accepts a dotted workgroup as DNS domain, and reads macOS inventories whose interfaces are all "virtual"', async () => {
    const ws = tempWorkspace();
    await importGlpi(ws, [path.join(XML, '2.xml'), path.join(XML, '3.xml'), path.join(XML, '4.xml')]);
    const r = byKey(recordsOf(ws, 'glpi'));
    const win = r.get('pc-arg-23.cedre.local-2017-04-18-09-26-44')!;
    expect(win.attrs).toMatchObject({
      host_name: 'pc-arg-23',
      fqdn: 'pc-arg-23.cedre.local',
      os_family: 'windows',
      os_name: 'windows',
      os_version: '8.1',
      ip_address: '10.253.6.55',
      mac_address: '68:b5:99:e6:84:eb',
      serial_number: 'CZC0479792',
      manufacturer: 'HP',
    });
    const mac = r.get('MacBook-de-teclib.local-2016-09-07-09-27-48')!;
    expect(mac.attrs).toMatchObject({
      host_name: 'macbook-de-teclib',
      ip_address: '172.28.220.124',
      mac_address: '00:19:e3:db:64:d2',
      os_family: 'macos',
      os_version: '10.6',
      ram_mb: 4000, // no HARDWARE/MEMORY: the sum of the modules
    });
    const imac = r.get('iMac-de-Marie.local-2017-06-12-09-24-14')!;
    expect(imac.name).toBe('iMac de Marie');
    expect(imac.attrs).toMatchObject({
      host_name: 'imac-de-marie',
      ip_address: '172.28.212.66',
      mac_address: '0c:4d:e9:cd:a4:c8',
    });
    ws.close();
  });

  it('reads the UCS 6248UP from SNMP queries, with its CDP neighbours as verbatim <CONNECTION> elements', async () => {
    const ws = tempWorkspace();
    await importGlpi(ws, path.join(XML, '6.xml'));
    const [r] = recordsOf(ws, 'glpi');
    expect(r!.key).toBe('foo/SSI1912014B');
    expect(r!.attrs).toMatchObject({
      serial_number: 'SSI1912014B',
      mac_address: '8c:60:4f:8d:ae:fc',
      name: 'ucs6248up-cluster-pa3-B',
    });
    const rels = relationshipsOf(ws, 'glpi');
    expect(rels.map((x) => x.child)).toEqual([
      'sw2-mgmt-eqnx',
      'n9k-2-pa3',
      'n9k-2-pa3',
      'n9k-1-pa3',
      'n9k-1-pa3',
    ]);
    const lines = readFileSync(path.join(XML, '6.xml'), 'utf8').split('\n');
    for (const rel of rels) {
      expect(lines[rel.line! - 1]!.trim()).toBe('<CONNECTION>');
      expect(rel.raw).toMatch(/^<CONNECTION>[\s\S]*<SYSNAME>[^<]+<\/SYSNAME>\s*<\/CONNECTION>$/);
    }
    ws.close();
  });
});

describe('glpi-inventory: the same machines across formats and time (README overlap facts)', () => {
  it('LF014: one BIOS UUID in XML and both JSON snapshots, two different serials, the same three guest VMs', async () => {
    const ws = tempWorkspace();
    await importGlpi(ws, path.join(XML, '1.xml'), 'xml');
    await importGlpi(ws, path.join(EXAMPLES, 'computer_3.json'), 'json');
    await importGlpi(ws, path.join(EXAMPLES, 'computer_3_updated.json'), 'json2');
    const [x, j, j2] = ['xml', 'json', 'json2'].map((s) => recordsOf(ws, s)[0]!);
    expect([x!.attrs.bios_uuid, j!.attrs.bios_uuid, j2!.attrs.bios_uuid]).toEqual([
      LF014_UUID,
      LF014_UUID,
      LF014_UUID,
    ]);
    expect([x!.attrs.serial_number, j!.attrs.serial_number, j2!.attrs.serial_number]).toEqual([
      '9E113232I',
      '8C554721F',
      '8C554721F',
    ]);
    expect([x!.attrs.ram_mb, j!.attrs.ram_mb, j2!.attrs.ram_mb]).toEqual([7908, 7909, 7908]);
    expect([x!.attrs.ip_address, j!.attrs.ip_address, j2!.attrs.ip_address]).toEqual([
      '192.168.1.103',
      '172.28.220.96',
      '192.168.1.103',
    ]);
    for (const r of [x, j, j2]) {
      expect(r!.attrs.mac_addresses).toContain('b8:6b:23:e0:5c:81');
      expect(r!.attrs).toMatchObject({
        host_name: 'lf014',
        os_family: 'linux',
        os_name: 'fedora',
        os_version: '25',
        manufacturer: 'Toshiba',
      });
    }
    // virbr0 (192.168.124.1) and tun0 are virtual: never the primary address.
    expect(x!.attrs.ip_addresses).toContain('192.168.124.1');

    const vmUuids = (source: string) =>
      relationshipsOf(ws, source).map((rel) => [rel.type, rel.parentKind, rel.parent, rel.childKind]);
    const expected = [
      ['Hosted on::Hosts', 'uuid', 'c37f7ce8af954676b4540959f2c5e162', 'key'],
      ['Hosted on::Hosts', 'uuid', '358f16bf67944f638947150b807a2294', 'key'],
      ['Hosted on::Hosts', 'uuid', 'fcb505ed0ffa419ea5a0fd20bed80f1e', 'key'],
    ];
    expect(vmUuids('xml')).toEqual(expected);
    expect(vmUuids('json2')).toEqual(expected);
    expect(vmUuids('json')).toEqual([]); // the missing relationship of the older snapshot
    expect(relationshipsOf(ws, 'xml').map((rel) => rel.child)).toEqual(
      Array(3).fill('LF014-2016-06-13-14-03-53'),
    );
    ws.close();
  });

  it('Cisco UCS 6248UP: the same serial and MAC in xml/6.xml, xml/7.xml and networkequipment_1.json', async () => {
    const ws = tempWorkspace();
    await importGlpi(ws, path.join(XML, '6.xml'), 's6');
    await importGlpi(ws, path.join(XML, '7.xml'), 's7');
    await importGlpi(ws, path.join(EXAMPLES, 'networkequipment_1.json'), 'sj');
    for (const s of ['s6', 's7', 'sj']) {
      const [r] = recordsOf(ws, s);
      expect(r!.attrs).toMatchObject({
        serial_number: 'SSI1912014B',
        mac_address: '8c:60:4f:8d:ae:fc',
        model: 'UCS 6248UP 48-Port',
      });
      expect(r!.ciType).toBe('network_device');
    }
    expect(relationshipsOf(ws, 's7').map((x) => x.key)).toEqual(['foo/SSI1912014B/port/mgmt0/sw2-mgmt-eqnx']);
    ws.close();
  });

  it('never stores 00:00:00:00:00:00 or a malformed MAC, in any real document', async () => {
    const ws = tempWorkspace();
    const a = await importGlpi(ws, EXAMPLES, 'ex');
    const b = await importGlpi(ws, XML, 'xml');
    for (const r of [...recordsOf(ws, 'ex'), ...recordsOf(ws, 'xml')]) {
      for (const m of allMacs(r)) {
        expect(m).toMatch(MAC);
        expect(m).not.toBe('00:00:00:00:00:00');
      }
    }
    const zero = [...a.warnings, ...b.warnings].filter((w) => w.value === '00:00:00:00:00:00');
    expect(zero.length).toBeGreaterThan(0);
    expect(
      zero.every((w) => w.message === 'placeholder MAC address ignored' && w.field === 'mac_address'),
    ).toBe(true);
    ws.close();
  });
});

describe('glpi-inventory on a cmdb-sim estate (NDJSON)', () => {
  const estate = generateEstate(400, 5);
  const file = path.join(estate, 'discovery/glpi-inventory.ndjson');

  it('imports exactly the glpi records of the truth file, in a worker thread', async () => {
    const ws = tempWorkspace();
    const s = await importFiles(ws, { source: 'glpi', paths: [file] });
    expect(s.format).toBe('glpi-inventory');
    expect(s.role).toBe('discovery');
    const keys = truthKeys(estate, 'glpi');
    expect(s.records).toBe(keys.length);
    expect(
      recordsOf(ws, 'glpi')
        .map((r) => r.key)
        .sort(),
    ).toEqual([...keys].sort());
    ws.close();
  });

  it('normalises every document the way the generator describes it', async () => {
    const ws = tempWorkspace();
    const s = await importGlpi(ws, file);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const records = byKey(recordsOf(ws, 'glpi'));
    const placeholders = new Set([
      'To be filled by O.E.M.',
      'Default string',
      'System Serial Number',
      '0123456789',
      'Not Specified',
      'None',
    ]);
    let docker = 0;
    let placeholderSerials = 0;
    lines.forEach((line, i) => {
      const doc = JSON.parse(line) as {
        deviceid: string;
        content: {
          hardware: { name: string; uuid: string; memory: number; vmsystem: string };
          bios: { ssn: string; smanufacturer: string };
          operatingsystem: { fqdn: string };
          cpus: unknown[];
          networks: { description: string; ipaddress: string; macaddr?: string }[];
        };
      };
      const r = records.get(doc.deviceid)!;
      const c = doc.content;
      expect(r.raw).toBe(line);
      expect(r.line).toBe(i + 1);
      expect(r.ciType).toBe('computer');
      expect(r.attrs.name).toBe(c.hardware.name);
      expect(r.attrs.fqdn).toBe(c.operatingsystem.fqdn.toLowerCase());
      expect(r.attrs.host_name).toBe(c.hardware.name.toLowerCase());
      expect(r.attrs.bios_uuid).toBe(c.hardware.uuid.toLowerCase().replace(/-/g, ''));
      expect(r.attrs.cpu_count).toBe(c.cpus.length);
      expect(r.attrs.ram_mb).toBe(c.hardware.memory);
      expect(r.attrs.virtual).toBe(c.hardware.vmsystem !== 'Physical');
      expect(r.attrs.ip_address).toBe(c.networks[0]!.ipaddress);
      // A MAC from a block shared by VPN adapters (00:ff:...) is kept, but never as the primary MAC.
      const mac = c.networks[0]!.macaddr;
      expect(r.attrs.mac_addresses).toContain(mac);
      expect(r.attrs.mac_address).toBe(isIdentifyingMac(mac!) ? mac : undefined);
      if (placeholders.has(c.bios.ssn)) {
        placeholderSerials++;
        expect(c.bios.smanufacturer).toBe('Supermicro');
        expect(r.attrs.serial_number).toBeUndefined();
      } else {
        expect(r.attrs.serial_number).toBe(
          c.bios.ssn
            .toUpperCase()
            .replace(/^VMWARE-(.*)$/, (_m, h: string) => `VMWARE-${h.replace(/[\s-]/g, '')}`),
        );
      }
      if (c.networks.some((n) => n.description === 'docker0')) {
        docker++;
        // The docker bridge is one of the machine's addresses, but never its primary one.
        expect(r.attrs.ip_addresses).toContain('172.17.0.1');
        expect(r.attrs.ip_address).not.toBe('172.17.0.1');
        expect(r.attrs.mac_addresses).toContain('02:42:ac:11:00:01');
        expect(r.attrs.mac_address).not.toBe('02:42:ac:11:00:01');
        expect(
          (r.attrs.interfaces as { name: string; virtual: boolean }[]).find((n) => n.name === 'docker0')!
            .virtual,
        ).toBe(true);
      }
      expect(r.attrs.ip_addresses).toContain('127.0.0.1');
    });
    expect(docker).toBeGreaterThan(0);
    expect(placeholderSerials).toBeGreaterThan(0);
    const serialWarnings = s.warnings.filter((w) => w.field === 'serial_number');
    expect(serialWarnings).toHaveLength(placeholderSerials);
    expect(
      serialWarnings.every(
        (w) => w.message === 'placeholder serial number ignored' && typeof w.location?.line === 'number',
      ),
    ).toBe(true);
    ws.close();
  });
});

describe('glpi-inventory: telling JSON, NDJSON and XML apart', () => {
  const doc = (id: string, extra: Record<string, unknown> = {}) => ({
    deviceid: id,
    action: 'inventory',
    itemtype: 'Computer',
    content: { versionclient: 'GLPI-Agent_v1.11', hardware: { name: id.split('-')[0], ...extra } },
  });

  it('reads a JSON array of documents', async () => {
    const ws = tempWorkspace();
    const s = await importGlpi(
      ws,
      writeTemp('array.json', JSON.stringify([doc('a-1'), doc('b-1')], null, 2)),
    );
    expect(s.records).toBe(2);
    expect(recordsOf(ws, 'glpi').map((r) => [r.key, r.ordinal])).toEqual([
      ['a-1', 1],
      ['b-1', 2],
    ]);
    ws.close();
  });

  it('reads one document on one line as JSON, and lines with a BOM, CRLF and blank lines as NDJSON', async () => {
    const ws = tempWorkspace();
    const one = await importGlpi(ws, writeTemp('one.json', JSON.stringify(doc('a-1')) + '\n\n'), 'one');
    expect(one.records).toBe(1);
    expect(JSON.parse(recordsOf(ws, 'one')[0]!.raw)).toEqual(doc('a-1'));

    const text =
      '\uFEFF' +
      [
        '',
        JSON.stringify(doc('a-1')),
        '   ',
        JSON.stringify(doc('b-1')),
        JSON.stringify(doc('c-1')),
        '',
      ].join('\r\n');
    const many = await importGlpi(ws, writeTemp('inventories.txt', text), 'many');
    expect(many.records).toBe(3);
    expect(recordsOf(ws, 'many').map((r) => [r.key, r.line, r.raw])).toEqual([
      ['a-1', 2, JSON.stringify(doc('a-1'))],
      ['b-1', 4, JSON.stringify(doc('b-1'))],
      ['c-1', 5, JSON.stringify(doc('c-1'))],
    ]);
    ws.close();
  });

  it('reads UTF-16 NDJSON and Windows-1252 NDJSON and XML with the right characters', async () => {
    const ws = tempWorkspace();
    const lines = [JSON.stringify(doc('a-1', { winowner: 'Société' })), JSON.stringify(doc('é-1'))].join(
      '\n',
    );
    const s16 = await importGlpi(
      ws,
      writeTemp('u16.ndjson', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines, 'utf16le')])),
      'u16',
    );
    expect(s16.files[0]!.encoding).toBe('utf-16le');
    expect(recordsOf(ws, 'u16').map((r) => r.key)).toEqual(['a-1', 'é-1']);

    const s1252 = await importGlpi(ws, writeTemp('cp1252.ndjson', Buffer.from(lines, 'latin1')), 'cp');
    expect(s1252.files[0]!.encoding).toBe('windows-1252');
    expect(recordsOf(ws, 'cp').map((r) => r.key)).toEqual(['a-1', 'é-1']);

    // Declared UTF-8, written in Windows-1252 (what old Windows agents did): read as Windows-1252.
    const xml = readFileSync(path.join(XML, '2.xml'), 'utf8').replace(/[^\t\n\r -\u00ff]/g, '?');
    expect(xml).toContain('Connexion réseau');
    const sx = await importGlpi(ws, writeTemp('cp1252.xml', Buffer.from(xml, 'latin1')), 'x');
    expect(sx.files[0]!.encoding).toBe('windows-1252');
    const ifaces = recordsOf(ws, 'x')[0]!.attrs.interfaces as { name: string }[];
    expect(ifaces[0]!.name).toBe('Connexion réseau Intel(R) 82577LM Gigabit');
    ws.close();
  });

  it('re-reads as Windows-1252 an NDJSON file whose first invalid UTF-8 byte is beyond the first megabyte', async () => {
    const ws = tempWorkspace();
    const lines: string[] = [];
    for (let i = 0; i < 7000; i++)
      lines.push(JSON.stringify(doc(`pc${i}-1`, { winowner: i === 6999 ? 'Société' : 'Acme' })));
    const buf = Buffer.from(lines.join('\n'), 'latin1');
    expect(buf.length).toBeGreaterThan(1 << 20);
    const s = await importGlpi(ws, writeTemp('late.ndjson', buf));
    expect(s.records).toBe(7000);
    expect(s.files[0]!.encoding).toBe('windows-1252');
    expect(s.warnings.some((w) => /Windows-1252/.test(w.message))).toBe(true);
    expect(recordsOf(ws, 'glpi')[6999]!.raw).toContain('"winowner":"Société"');
    ws.close();
  });

  it('maps a JSON network discovery, keyed by agent and device address', async () => {
    const ws = tempWorkspace();
    const d = {
      deviceid: 'scanner-2024-01-01-00-00-00',
      action: 'netdiscovery',
      content: {
        network_device: [
          { type: 'Printer', ips: ['10.0.0.5'], mac: '00-11-22-33-44-55', name: 'PRN-01', serial: 'XYZ123' },
          { type: 'Unmanaged', mac: '00:11:22:33:44:66', dnshostname: 'host7.corp.example.com' },
          { type: 'Unmanaged', description: 'no address' },
        ],
      },
    };
    const s = await importGlpi(ws, writeTemp('disc.json', JSON.stringify(d)));
    expect(s.skipReasons).toEqual({ 'discovered device without IP or MAC': 1 });
    const r = recordsOf(ws, 'glpi');
    expect(r.map((x) => [x.key, x.ciType])).toEqual([
      ['scanner-2024-01-01-00-00-00/10.0.0.5', 'printer'],
      ['scanner-2024-01-01-00-00-00/00:11:22:33:44:66', 'computer'],
    ]);
    expect(r[0]!.attrs).toMatchObject({
      name: 'PRN-01',
      serial_number: 'XYZ123',
      mac_address: '00:11:22:33:44:55',
      ip_address: '10.0.0.5',
    });
    expect(r[1]!.attrs).toMatchObject({
      host_name: 'host7',
      fqdn: 'host7.corp.example.com',
      name: 'host7.corp.example.com',
    });
    expect(JSON.parse(r[0]!.raw)).toEqual(d.content.network_device[0]);
    ws.close();
  });

  it('treats a Windows WORKGROUP as no DNS domain, and a dotted one as a domain', async () => {
    const ws = tempWorkspace();
    const text = [
      JSON.stringify(doc('pc1-1', { workgroup: 'WORKGROUP' })),
      JSON.stringify(doc('pc2-1', { workgroup: 'corp.example.com' })),
      JSON.stringify(doc('pc3-1', { workgroup: 'CORP' })),
    ].join('\n');
    await importGlpi(ws, writeTemp('wg.ndjson', text));
    const r = recordsOf(ws, 'glpi').map((x) => [
      x.attrs.host_name,
      x.attrs.fqdn ?? null,
      x.attrs.dns_domain ?? null,
    ]);
    expect(r).toEqual([
      ['pc1', null, null],
      ['pc2', 'pc2.corp.example.com', 'corp.example.com'],
      ['pc3', null, null],
    ]);
    ws.close();
  });

  it('reads several discovered devices of one XML request, each with its own raw text and line', async () => {
    const ws = tempWorkspace();
    const xml = [
      '<?xml version="1.0" encoding="UTF-8" ?>',
      '<REQUEST>',
      '  <CONTENT>',
      '    <DEVICE>',
      '      <IP>10.0.0.1</IP>',
      '      <MAC>00:11:22:33:44:01</MAC>',
      '      <SNMPHOSTNAME>sw01</SNMPHOSTNAME>',
      '      <TYPE>NETWORKING</TYPE>',
      '    </DEVICE>',
      '    <!-- <DEVICE> in a comment must not shift the others -->',
      '    <DEVICE><MAC>00:11:22:33:44:02</MAC><NETBIOSNAME>PC02</NETBIOSNAME></DEVICE>',
      '    <DEVICE><DNSHOSTNAME>ghost</DNSHOSTNAME></DEVICE>',
      '    <MODULEVERSION>4.2</MODULEVERSION>',
      '  </CONTENT>',
      '  <DEVICEID>agent-2024-01-01-00-00-00</DEVICEID>',
      '  <QUERY>NETDISCOVERY</QUERY>',
      '</REQUEST>',
      '',
    ].join('\n');
    const s = await importGlpi(ws, writeTemp('disc.xml', xml));
    expect(s.skipReasons).toEqual({ 'discovered device without IP or MAC': 1 });
    const r = recordsOf(ws, 'glpi');
    expect(r.map((x) => [x.key, x.ciType, x.name])).toEqual([
      ['agent-2024-01-01-00-00-00/10.0.0.1', 'network_device', 'sw01'],
      ['agent-2024-01-01-00-00-00/00:11:22:33:44:02', 'computer', 'PC02'],
    ]);
    // The comment makes the text scan disagree with the element tree: the whole request is the raw text.
    expect(r.every((x) => x.raw.startsWith('<REQUEST>'))).toBe(true);

    const clean = xml.replace(/ {4}<!--.*-->\n/, '');
    await importGlpi(ws, writeTemp('disc2.xml', clean), 'clean');
    const c = recordsOf(ws, 'clean');
    expect(c.map((x) => [x.line, x.raw])).toEqual([
      [4, clean.slice(clean.indexOf('<DEVICE>'), clean.indexOf('</DEVICE>') + 9)],
      [10, '<DEVICE><MAC>00:11:22:33:44:02</MAC><NETBIOSNAME>PC02</NETBIOSNAME></DEVICE>'],
    ]);
    ws.close();
  });

  it('skips agent requests that are not inventories', async () => {
    const ws = tempWorkspace();
    const s = await importGlpi(
      ws,
      writeTemp(
        'prolog.xml',
        '<?xml version="1.0"?>\n<REQUEST><CONTENT><AGENTSVERSION>2.6</AGENTSVERSION></CONTENT><DEVICEID>a-1</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>\n',
      ),
    );
    expect([s.records, s.skipReasons]).toEqual([0, { 'PROLOG request (not an inventory)': 1 }]);
    ws.close();
  });
});

describe('glpi-inventory on hostile input', () => {
  const estate = generateEstate(300, 9);
  const ndjson = readFileSync(path.join(estate, 'discovery/glpi-inventory.ndjson'), 'utf8');

  async function validWorkspace(): Promise<Workspace> {
    const ws = tempWorkspace();
    await importGlpi(ws, path.join(estate, 'discovery/glpi-inventory.ndjson'));
    return ws;
  }

  it('fails on an NDJSON file truncated in its last line, naming the line', async () => {
    const ws = await validWorkspace();
    const lines = ndjson.split('\n').filter(Boolean);
    const cut = ndjson.slice(0, ndjson.length - 1 - Math.floor(lines[lines.length - 1]!.length / 2));
    const err = await expectImportError(
      ws,
      writeTemp('truncated.ndjson', cut),
      /\/truncated\.ndjson:\d+ \(record \d+\): malformed JSON: /,
    );
    expect([err.location.line, err.location.record]).toEqual([lines.length, lines.length]);
    ws.close();
  });

  it('fails on a broken line in the middle of an NDJSON file, naming it', async () => {
    const ws = await validWorkspace();
    const lines = ndjson.split('\n');
    lines[56] = lines[56]!.replace('"content":{', '"content":{,');
    const err = await expectImportError(
      ws,
      writeTemp('broken.ndjson', lines.join('\n')),
      /\/broken\.ndjson:57 \(record 57\): malformed JSON/,
    );
    expect(err.location.line).toBe(57);
    ws.close();
  });

  it('fails on a document without deviceid, naming the line and the field', async () => {
    const ws = await validWorkspace();
    const lines = ndjson.split('\n');
    lines[9] = lines[9]!.replace(/"deviceid":"[^"]*",/, '');
    const err = await expectImportError(
      ws,
      writeTemp('nodeviceid.ndjson', lines.join('\n')),
      /\/nodeviceid\.ndjson:10 \(record 10\): field "deviceid": the inventory has no deviceid/,
    );
    expect(err.location.field).toBe('deviceid');
    const xml = readFileSync(path.join(XML, '9.xml'), 'utf8').replace(/<DEVICEID>.*<\/DEVICEID>/, '');
    await expectImportError(
      ws,
      writeTemp('nodeviceid.xml', xml),
      /\/nodeviceid\.xml:2 \(record 1\): field "deviceid": the <REQUEST> has no DEVICEID/,
    );
    ws.close();
  });

  it('fails on a pretty-printed JSON document with a syntax error, naming its line', async () => {
    const ws = await validWorkspace();
    const text = readFileSync(path.join(EXAMPLES, 'computer_3.json'), 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('"memory": 7909'));
    lines[at] = lines[at]!.replace('7909', '79 09');
    const err = await expectImportError(
      ws,
      writeTemp('syntax.json', lines.join('\n')),
      /\/syntax\.json:\d+ \(record 1\): malformed JSON/,
    );
    expect(err.location.line).toBe(at + 1);
    ws.close();
  });

  it('names the line of an unexpected token in a pretty-printed JSON document', async () => {
    const ws = await validWorkspace();
    const text = readFileSync(path.join(EXAMPLES, 'computer_1.json'), 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('"virtualdev": false'));
    lines[at] = lines[at]!.replace('false', 'nope');
    const err = await expectImportError(
      ws,
      writeTemp('token.json', lines.join('\n')),
      /\/token\.json:\d+ \(record 1\): malformed JSON/,
    );
    expect(err.location.line).toBe(at + 1);
    ws.close();
  });

  it('fails on XML truncated in the middle of the document, naming the line', async () => {
    const ws = await validWorkspace();
    const text = readFileSync(path.join(XML, '1.xml'), 'utf8');
    const cut = text.indexOf('<NETWORKS>');
    const err = await expectImportError(
      ws,
      writeTemp('truncated.xml', text.slice(0, cut + 30)),
      /\/truncated\.xml:\d+ \(record 1\): malformed XML/,
    );
    expect(err.location.line).toBe(text.slice(0, cut + 30).split('\n').length);
    ws.close();
  });

  it('fails on random bytes, on CSV, and on other XML, naming the file', async () => {
    const ws = await validWorkspace();
    let seed = 7;
    const rnd = Buffer.alloc(4096);
    for (let i = 0; i < rnd.length; i++) rnd[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16;
    await expectImportError(
      ws,
      writeTemp('random.bin', rnd),
      /\/random\.bin:\d+: not a text file: binary content/,
    );
    await expectImportError(
      ws,
      writeTemp('noise.json', Buffer.from(rnd.map((b) => (b < 32 ? 65 : b)))),
      /\/noise\.json:1: not a GLPI inventory/,
    );
    await expectImportError(
      ws,
      writeTemp('list.csv', 'name,serial\nweb01,ABC\n'),
      /\/list\.csv:1: not a GLPI inventory: expected JSON, NDJSON/,
    );
    await expectImportError(
      ws,
      path.join(REALDATA, 'nmap-libnmap/1_host_ping.xml'),
      /1_host_ping\.xml: not a GLPI \/ FusionInventory XML inventory: the root element is <nmaprun>, expected <REQUEST>/,
    );
    await expectImportError(
      ws,
      writeTemp('empty.json', '\n  \n'),
      /\/empty\.json:1: no inventory document found/,
    );
    await expectImportError(
      ws,
      writeTemp('scalar.ndjson', '{"deviceid":"a-1","content":{}}\n42\n'),
      /\/scalar\.ndjson:2 \(record 2\): expected a JSON object/,
    );
    ws.close();
  });
});
