import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, type ImportSummary } from '../../src/ingest/import-files.js';
import { findWorkerScript } from '../../src/ingest/run-importer.js';
import { ImportError } from '../../src/util/errors.js';
import { Workspace } from '../../src/workspace/workspace.js';
import {
  REALDATA,
  recordsOf,
  relationshipsOf,
  type StoredRecord,
  type StoredRelationship,
  tempDir,
  tempWorkspace,
  workspaceDigest,
} from '../helpers/workspace.js';

const DEMO = path.join(REALDATA, 'netbox-demo/netbox-demo-v3.6.json');
const DEMO_SQL = path.join(REALDATA, 'netbox-demo/netbox-demo-v4.2.sql');
const FIXTURES = path.resolve(__dirname, '../../fixtures/netbox');
const REST_V42 = path.join(FIXTURES, 'rest-v4.2');
const REST_V3 = path.join(FIXTURES, 'rest-v3');
const DUMP_V42 = path.join(FIXTURES, 'dumpdata/netbox-v4.2-lab.json');
const DUMP_V32 = path.join(FIXTURES, 'dumpdata/netbox-v3.2-edge.json');

function importNetbox(ws: Workspace, paths: string[], opts: { inline?: boolean; source?: string } = {}) {
  return importFiles(ws, {
    source: opts.source ?? 'netbox',
    paths,
    format: 'netbox',
    inline: opts.inline ?? true,
  });
}

function byKey<T extends { key: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.key, r]));
}

function get<T>(map: Map<string, T>, key: string): T {
  const v = map.get(key);
  if (v === undefined) throw new Error(`no ${key}`);
  return v;
}

function countBy<T>(rows: T[], f: (r: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[f(r)] = (out[f(r)] ?? 0) + 1;
  return out;
}

function writeTemp(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

/** Imports something valid, then the hostile file: it must fail with an ImportError and change nothing. */
async function expectRejected(file: string, pattern: RegExp): Promise<ImportError> {
  const ws = tempWorkspace();
  await importNetbox(ws, [DUMP_V32]);
  const before = workspaceDigest(ws);
  const err = await importNetbox(ws, [file]).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  expect((err as ImportError).message).toMatch(pattern);
  expect(workspaceDigest(ws)).toBe(before);
  ws.close();
  return err as ImportError;
}

describe('netbox dumpdata: the public NetBox demo estate (v3.6, 6,915 objects)', () => {
  let dir: string;
  let ws: Workspace;
  let summary: ImportSummary;
  let elapsedMs: number;
  let records: StoredRecord[];
  let rels: StoredRelationship[];
  let recs: Map<string, StoredRecord>;

  beforeAll(async () => {
    // One import shared by the tests below (the helpers' temp dirs are removed after each test).
    dir = mkdtempSync(path.join(os.tmpdir(), 'cmdbw-netbox-demo-'));
    let t = Date.UTC(2026, 10, 23, 9, 0, 0);
    ws = Workspace.open(path.join(dir, 'demo.cmdbw'), {
      create: true,
      now: () => new Date((t += 1000)),
      user: 'tester',
    });
    const started = performance.now();
    summary = await importNetbox(ws, [DEMO]);
    elapsedMs = performance.now() - started;
    records = recordsOf(ws, 'netbox');
    rels = relationshipsOf(ws, 'netbox');
    recs = byKey(records);
  });

  afterAll(() => {
    ws.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports 72 devices, 180 VMs and 32 clusters, classified by device role', () => {
    expect(summary.records).toBe(284);
    expect(countBy(records, (r) => r.ciClass ?? '')).toEqual({
      'dcim.device': 72,
      'virtualization.virtualmachine': 180,
      'virtualization.cluster': 32,
    });
    // The README's role table (Patch Panel 19, Router 13, Access Switch 13, PDU 13, ToR Switch 8,
    // Distribution Switch 3, Core Switch 2, Application Server 1): routers and the four kinds of switch are
    // 39 network devices; patch panels and PDUs (32) are passive gear, 'other'; the one application server
    // and the 180 VMs are computers.
    expect(countBy(records, (r) => r.ciType)).toEqual({
      network_device: 39,
      other: 32,
      computer: 181,
      cluster: 32,
    });
    expect(
      countBy(records, (r) => String((r.attrs.extra as Record<string, unknown> | undefined)?.role)),
    ).toEqual({
      'Patch Panel': 19,
      Router: 13,
      'Access Switch': 13,
      PDU: 13,
      'ToR Switch': 8,
      'Distribution Switch': 3,
      'Core Switch': 2,
      'Application Server': 181, // the 180 VMs carry that role too
      undefined: 32, // clusters
    });
    // Every row is accounted for: records, cable relationships, or skipped with a reason.
    expect(summary.records + 76 + summary.skipped).toBe(6915);
    expect(summary.skipped).toBe(6555);
    expect(summary.warningCount).toBe(0);
    expect(summary.files[0]?.encoding).toBe('utf-8');
    // Measured for the report; generous bound so a slow CI machine does not flake.
    console.log(`netbox demo import (inline): ${elapsedMs.toFixed(0)} ms`);
    expect(elapsedMs).toBeLessThan(30_000);
  });

  it('keeps device names verbatim, the typo included, and devices without a name', () => {
    const names = records.filter((r) => r.ciClass === 'dcim.device').map((r) => r.name);
    expect(names).toContain('dmi01-rochster-sw01');
    expect(names).toContain('dmi01-rochester-rtr01');
    expect(names.filter((n) => n === null)).toHaveLength(22);
    expect(get(recs, 'device:21').attrs).toMatchObject({
      name: 'dmi01-rochster-sw01',
      host_name: 'dmi01-rochster-sw01',
    });

    // Patch panel pk 74 has no name, no tenant, no platform: the record stays, with what is known.
    const unnamed = get(recs, 'device:74');
    expect(unnamed.name).toBeNull();
    expect(unnamed.ciType).toBe('other');
    expect(unnamed.attrs).toEqual({
      status: 'installed',
      manufacturer: 'Panduit',
      model: '48-Port Patch Panel',
      location: 'DM-Akron',
      extra: { role: 'Patch Panel', rack: 'Comms closet' },
      updated_at: '2020-12-30T20:44:53Z',
    });
    // "PP:B128" is a display name, not a host name.
    expect(get(recs, 'device:87').attrs.host_name).toBeUndefined();
    expect(get(recs, 'device:87').name).toBe('PP:B128');
  });

  it('maps a device fully: type, manufacturer, site, rack, tenant as owner, tenant group as company, platform as OS', () => {
    const rtr = get(recs, 'device:1');
    expect(rtr.ciType).toBe('network_device');
    expect(rtr.ciClass).toBe('dcim.device');
    expect(rtr.ordinal).toBe(4742); // dumpdata rows are located by their ordinal in the array
    expect(rtr.attrs).toEqual({
      name: 'dmi01-akron-rtr01',
      host_name: 'dmi01-akron-rtr01',
      status: 'installed',
      manufacturer: 'Cisco',
      model: 'ISR 1111-8P',
      location: 'DM-Akron',
      owner: 'Dunder-Mifflin, Inc.',
      company: 'Customers',
      os: 'Cisco IOS',
      os_family: 'network_os',
      os_name: 'ios',
      extra: { role: 'Router', rack: 'Comms closet', platform: 'Cisco IOS' },
      updated_at: '2020-12-20T02:51:03Z',
    });
    expect(JSON.parse(rtr.raw)).toMatchObject({
      model: 'dcim.device',
      pk: 1,
      fields: { name: 'dmi01-akron-rtr01', tenant: 5 },
    });

    // Tenants are the owners: 39 Dunder-Mifflin devices, 19 of NC State University, 14 without a tenant.
    const devices = records.filter((r) => r.ciClass === 'dcim.device');
    expect(countBy(devices, (r) => String(r.attrs.owner))).toEqual({
      'Dunder-Mifflin, Inc.': 39,
      'NC State University': 19,
      undefined: 14,
    });
    expect(get(recs, 'device:96').attrs).toMatchObject({
      name: 'ncsu-coreswitch1',
      owner: 'NC State University',
      manufacturer: 'Juniper',
    });
    // A NetBox location (below the site) goes to extra, beside the rack.
    expect(get(recs, 'device:98').attrs.extra).toEqual({
      role: 'ToR Switch',
      rack: 'R105',
      location: 'Row 1',
    });
    // The demo has no serials, asset tags, MACs or primary IPs (README "realistic gaps").
    for (const key of ['serial_number', 'asset_tag', 'mac_addresses', 'ip_address', 'correlation_id']) {
      expect(devices.filter((r) => key in r.attrs)).toHaveLength(0);
    }
  });

  it('maps VMs and clusters, and links every VM to its cluster (Hosted on::Hosts)', () => {
    expect(get(recs, 'vm:361')).toMatchObject({
      name: 'vm1',
      ciType: 'computer',
      ciClass: 'virtualization.virtualmachine',
    });
    expect(get(recs, 'vm:361').attrs).toEqual({
      name: 'vm1',
      host_name: 'vm1',
      status: 'installed',
      cluster: 'DO-AMS3',
      os: 'Ubuntu Linux 20.04',
      os_family: 'linux',
      os_name: 'ubuntu',
      os_version: '20',
      virtual: true,
      extra: { role: 'Application Server', platform: 'Ubuntu Linux 20.04' },
      updated_at: '2021-04-05T21:15:56Z',
    });
    expect(get(recs, 'cluster:9')).toMatchObject({
      name: 'DO-AMS3',
      ciType: 'cluster',
      ciClass: 'virtualization.cluster',
    });
    expect(get(recs, 'cluster:9').attrs).toEqual({
      name: 'DO-AMS3',
      status: 'installed',
      extra: { cluster_type: 'DigitalOcean', cluster_group: 'EMEA' },
      updated_at: '2021-04-02T16:03:57Z',
    });

    const hosted = rels.filter((r) => r.type === 'Hosted on::Hosts');
    expect(hosted).toHaveLength(180);
    expect(get(byKey(rels), 'vm:361:cluster')).toMatchObject({
      type: 'Hosted on::Hosts',
      parent: 'vm:361',
      parentKind: 'key',
      child: 'cluster:9',
      childKind: 'key',
    });
    // Every VM sits in one of 9 clusters; every endpoint is a record of this batch.
    expect(new Set(hosted.map((r) => r.child)).size).toBe(9);
    expect(hosted.filter((r) => r.child === 'cluster:9')).toHaveLength(20);
    for (const r of hosted) {
      expect(recs.has(r.parent)).toBe(true);
      expect(recs.has(r.child)).toBe(true);
    }
    // No device is in a cluster in the demo, so no Member of relationships.
    expect(rels.filter((r) => r.type === 'Member of::Member')).toHaveLength(0);
  });

  it('turns cables between device ports into Connects to relationships and skips circuit cables', () => {
    const cables = rels.filter((r) => r.type === 'Connects to::Connected by');
    // 108 cables: 26 interface-interface, 24 interface-front port, 26 power port-outlet = 76 between devices;
    // 32 end at a circuit termination (26 on an interface, 6 on a rear port), which belongs to no device.
    expect(cables).toHaveLength(76);
    expect(summary.skipReasons['dcim.cable to a circuit termination (no device at that end)']).toBe(32);
    const byCable = byKey(cables);
    // Read from the JSON: cable 35 runs from interface 3 (GigabitEthernet0/1/0 of device 1, dmi01-akron-rtr01,
    // end A) to interface 170 (GigabitEthernet1/0/1 of device 14, dmi01-akron-sw01, end B).
    expect(get(byCable, 'cable:35')).toMatchObject({
      parent: 'device:1',
      parentKind: 'key',
      child: 'device:14',
      childKind: 'key',
    });
    expect(get(recs, 'device:14').name).toBe('dmi01-akron-sw01');
    // Cable 61: power port PSU0 of device 1 (end A) to outlet 1 of the PDU, device 27 (end B).
    expect(get(byCable, 'cable:61')).toMatchObject({ parent: 'device:1', child: 'device:27' });
    // Cable 104: interface xe-0/0/0 of ncsu-coreswitch1 (96) to front port 1297 of patch panel PP:B117 (88).
    expect(get(byCable, 'cable:104')).toMatchObject({ parent: 'device:96', child: 'device:88' });
    expect(get(byCable, 'cable:104').ordinal).toBe(3691);
    expect(JSON.parse(get(byCable, 'cable:104').raw)).toMatchObject({ model: 'dcim.cable', pk: 104 });
    // The router and its access switch are joined by two cables (35 and 36).
    expect(
      cables.filter((r) => r.parent === 'device:1' && r.child === 'device:14').map((r) => r.key),
    ).toEqual(['cable:35', 'cable:36']);
    for (const r of cables) {
      expect(recs.has(r.parent)).toBe(true);
      expect(recs.has(r.child)).toBe(true);
    }
  });

  it('skips every other model with its name as the reason, and stores nothing of auth, sessions or contenttypes', () => {
    expect(summary.skipReasons).toMatchObject({
      'auth.user is not a CI': 6,
      'auth.permission is not a CI': 473,
      'auth.group is not a CI': 1,
      'sessions.session is not a CI': 9,
      'contenttypes.contenttype is not a CI': 119,
      'users.userconfig is not a CI': 6,
      'dcim.interface is not a CI': 1586,
      'virtualization.vminterface is not a CI': 720,
      'ipam.ipaddress is not a CI': 180,
      'dcim.cabletermination is not a CI': 216,
      'dcim.site is not a CI': 24,
    });
    const digest = workspaceDigest(ws);
    // The demo holds 6 password hashes and 9 sessions; none of it may reach the workspace.
    expect(digest).not.toContain('pbkdf2_sha256');
    expect(digest).not.toContain('session_data');
    expect(digest).not.toContain('.eJxVjEsKwjAUAO');
    expect(digest).not.toContain('auth.user"');
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(ws.path).includes('pbkdf2_sha256')).toBe(false);
  });

  it('gives the same result in the import worker thread', async () => {
    expect(findWorkerScript(), 'dist/import-worker.mjs is built by the vitest global setup').toBeDefined();
    const other = tempWorkspace();
    const threaded = await importNetbox(other, [DEMO], { inline: false });
    expect(threaded.records).toBe(284);
    expect(threaded.relationships).toBe(256);
    expect(threaded.skipped).toBe(6555);
    expect(recordsOf(other, 'netbox')).toEqual(records);
    expect(relationshipsOf(other, 'netbox')).toEqual(rels);
    other.close();
  });
});

describe('netbox dumpdata: NetBox 4.2 features (own fixture, rows in reverse dependency order)', () => {
  it('resolves plain content-type pks, dcim.macaddress rows, assigned IPs, primary IPs and cluster scopes', async () => {
    const ws = tempWorkspace();
    const summary = await importNetbox(ws, [DUMP_V42]);
    const recs = byKey(recordsOf(ws, 'netbox'));
    expect([...recs.keys()]).toEqual(['device:1', 'device:2', 'device:3', 'vm:10', 'cluster:1']);

    expect(get(recs, 'device:1')).toMatchObject({ name: 'web-01', ciType: 'computer', ordinal: 1 });
    expect(get(recs, 'device:1').attrs).toEqual({
      name: 'web-01',
      host_name: 'web-01',
      // The primary IPv4's DNS name completes the short device name.
      fqdn: 'web-01.lab.example.org',
      dns_domain: 'lab.example.org',
      serial_number: 'CZJ12345AB',
      asset_tag: 'A-1001',
      status: 'installed',
      manufacturer: 'HP',
      model: 'ProLiant DL360 Gen10',
      location: 'LAB1',
      owner: 'Research',
      company: 'Internal',
      cluster: 'lab-pve',
      os: 'Debian 12',
      os_family: 'linux',
      os_name: 'debian',
      os_version: '12',
      ip_address: '192.0.2.10',
      ip_addresses: ['192.0.2.10', '2001:db8::10', '10.99.0.1'],
      // The primary MAC (macaddress 1) first although its row comes after the secondary one.
      mac_address: '3c:fd:fe:12:34:56',
      mac_addresses: ['3c:fd:fe:12:34:56', '3c:fd:fe:12:34:57'],
      // eno2 has neither MAC nor IP, so it says nothing a discovery tool could confirm.
      interfaces: [
        { name: 'eno1', mac: '3c:fd:fe:12:34:56', ips: ['192.0.2.10', '2001:db8::10'] },
        { name: 'lo', ips: ['10.99.0.1'], virtual: true },
      ],
      extra: { role: 'Web Server', rack: 'R01', location: 'Room 2', platform: 'Debian 12' },
      updated_at: '2025-02-03T14:05:06Z',
    });
    expect(get(recs, 'device:2').attrs).toMatchObject({
      status: 'in_maintenance',
      os_name: 'ios-xe',
      os_version: '17',
    });
    expect(get(recs, 'device:2').attrs.mac_addresses).toBeUndefined(); // its only MAC row is "not-a-mac"
    expect(get(recs, 'device:3').name).toBeNull();

    expect(get(recs, 'vm:10').attrs).toEqual({
      name: 'ci-runner-01',
      host_name: 'ci-runner-01',
      fqdn: 'ci-runner-01.lab.example.org',
      dns_domain: 'lab.example.org',
      status: 'planned',
      location: 'LAB1', // from its cluster's scope (a site)
      owner: 'Research',
      company: 'Internal',
      cluster: 'lab-pve',
      host_ref: 'web-01',
      os: 'Debian 12',
      os_family: 'linux',
      os_name: 'debian',
      os_version: '12',
      virtual: true,
      ip_address: '192.0.2.50',
      ip_addresses: ['192.0.2.50'],
      mac_address: 'bc:24:11:5e:0a:01',
      mac_addresses: ['bc:24:11:5e:0a:01'],
      interfaces: [{ name: 'ens18', mac: 'bc:24:11:5e:0a:01', ips: ['192.0.2.50'] }],
      cpu_count: 3, // vcpus "2.50", rounded
      ram_mb: 4096,
      disk_gb: 40, // 40000 MB: a 4.1+ row (it has `serial`), so disk is in MB
      extra: { role: 'CI Runner', platform: 'Debian 12' },
      updated_at: '2025-02-10T09:30:00Z',
    });
    expect(get(recs, 'cluster:1').attrs).toEqual({
      name: 'lab-pve',
      status: 'installed',
      location: 'LAB1',
      owner: 'Research',
      company: 'Internal',
      extra: { cluster_type: 'Proxmox VE' },
      updated_at: '2024-12-01T00:00:00Z',
    });

    const rels = relationshipsOf(ws, 'netbox').map((r) => [r.key, r.type, r.parent, r.child]);
    expect(rels).toEqual([
      ['device:1:cluster', 'Member of::Member', 'device:1', 'cluster:1'],
      // Cable 2 ends on a front port of the patch panel: the port's device is the other end.
      ['cable:1', 'Connects to::Connected by', 'device:1', 'device:2'],
      ['cable:2', 'Connects to::Connected by', 'device:1', 'device:3'],
      ['vm:10:cluster', 'Hosted on::Hosts', 'vm:10', 'cluster:1'],
      ['vm:10:device', 'Hosted on::Hosts', 'vm:10', 'device:1'],
    ]);
    expect(summary.skipReasons).toMatchObject({
      'dcim.cable to a circuit termination (no device at that end)': 1,
      'dcim.cable without terminations': 1,
      'auth.user is not a CI': 1,
      'users.token is not a CI': 1,
      'sessions.session is not a CI': 1,
    });
    expect(summary.warnings).toEqual([
      expect.objectContaining({
        message: 'not a MAC address',
        field: 'mac_address',
        value: 'not-a-mac',
        location: { record: 26 },
      }),
    ]);

    // Password hash, API token and session of the fixture never reach the workspace, not even as raw text.
    const digest = workspaceDigest(ws);
    for (const secret of [
      'pbkdf2_sha256',
      'fixtureSalt',
      '0123456789abcdef0123456789abcdeffixture0',
      'eyJmaXh0dXJlIjoic2Vzc2lvbi1zZWNyZXQifQ',
    ]) {
      expect(digest).not.toContain(secret);
    }
    ws.close();
  });

  it('reads pre-3.3 dumps: device_role, interface mac_address, natural-key content types, cables with termination_a/b', async () => {
    const ws = tempWorkspace();
    await importNetbox(ws, [DUMP_V32]);
    const recs = byKey(recordsOf(ws, 'netbox'));
    expect(get(recs, 'device:7').attrs).toEqual({
      name: 'edge-rtr-01',
      host_name: 'edge-rtr-01',
      serial_number: 'JN12AB34CDEF',
      status: 'in_maintenance',
      manufacturer: 'Juniper',
      model: 'MX204',
      location: 'Edge POP 1',
      os: 'Junos',
      os_family: 'network_os',
      os_name: 'junos',
      ip_address: '203.0.113.1',
      ip_addresses: ['203.0.113.1'],
      mac_address: '00:05:86:71:00:01',
      mac_addresses: ['00:05:86:71:00:01'],
      interfaces: [{ name: 'xe-0/1/0', mac: '00:05:86:71:00:01', ips: ['203.0.113.1'] }],
      extra: { role: 'Edge Router', platform: 'Junos' },
      updated_at: '2022-03-04T05:06:07Z',
    });
    // A Cisco-notation MAC comes out canonical.
    expect(get(recs, 'device:8').attrs.mac_addresses).toEqual(['00:05:86:71:00:02']);
    // No `serial` field: a pre-4.1 VM, whose disk is in GB.
    expect(get(recs, 'vm:3').attrs).toEqual({
      name: 'mon-01',
      host_name: 'mon-01',
      status: 'installed',
      virtual: true,
      cpu_count: 1,
      ram_mb: 2048,
      disk_gb: 20,
      updated_at: '2021-06-01T10:00:00Z',
    });
    expect(relationshipsOf(ws, 'netbox').map((r) => [r.key, r.type, r.parent, r.child])).toEqual([
      ['cable:5', 'Connects to::Connected by', 'device:7', 'device:8'],
    ]);
    ws.close();
  });

  it('reads a Windows-1252 dump (non-ASCII site name)', async () => {
    const text = readFileSync(DUMP_V32, 'utf8').replace('"Edge POP 1"', '"Zürich POP"');
    const file = writeTemp('netbox-cp1252.json', Buffer.from(text, 'latin1'));
    const ws = tempWorkspace();
    const summary = await importNetbox(ws, [file]);
    expect(summary.files[0]?.encoding).toBe('windows-1252');
    expect(get(byKey(recordsOf(ws, 'netbox')), 'device:7').attrs.location).toBe('Zürich POP');
    ws.close();
  });

  it('resolves lookups in any order at scale (5,000 devices, children before parents)', async () => {
    const rows: unknown[] = [];
    const n = 5000;
    for (let i = 1; i <= n; i++) {
      const mac = `02:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}:01`;
      rows.push({
        model: 'ipam.ipaddress',
        pk: i,
        fields: {
          address: `10.${i >> 8}.${i & 255}.1/16`,
          assigned_object_type: ['dcim', 'interface'],
          assigned_object_id: i,
          dns_name: '',
        },
      });
      rows.push({
        model: 'dcim.interface',
        pk: i,
        fields: { device: i, name: 'eth0', type: '1000base-t', mac_address: mac },
      });
      if (i % 2 === 0) {
        rows.push({
          model: 'dcim.cabletermination',
          pk: i,
          fields: {
            cable: i,
            cable_end: 'A',
            termination_type: ['dcim', 'interface'],
            termination_id: i - 1,
          },
        });
        rows.push({
          model: 'dcim.cabletermination',
          pk: n + i,
          fields: { cable: i, cable_end: 'B', termination_type: ['dcim', 'interface'], termination_id: i },
        });
        rows.push({ model: 'dcim.cable', pk: i, fields: { type: 'cat6', status: 'connected' } });
      }
    }
    for (let i = 1; i <= n; i++) {
      rows.push({
        model: 'dcim.device',
        pk: i,
        fields: { name: `srv${i}`, role: 1, device_type: 1, site: 1, status: 'active', primary_ip4: i },
      });
    }
    rows.push({ model: 'dcim.devicerole', pk: 1, fields: { name: 'Server' } });
    rows.push({ model: 'dcim.devicetype', pk: 1, fields: { model: 'R660', manufacturer: 1 } });
    rows.push({ model: 'dcim.manufacturer', pk: 1, fields: { name: 'Dell Inc.' } });
    rows.push({ model: 'dcim.site', pk: 1, fields: { name: 'DC1' } });
    const file = writeTemp('netbox-scale.json', JSON.stringify(rows));
    const ws = tempWorkspace();
    const summary = await importNetbox(ws, [file]);
    expect(summary.records).toBe(n);
    expect(summary.relationships).toBe(n / 2);
    const recs = byKey(recordsOf(ws, 'netbox'));
    expect(get(recs, 'device:4321').attrs).toMatchObject({
      name: 'srv4321',
      manufacturer: 'Dell',
      model: 'R660',
      location: 'DC1',
      ip_address: '10.16.225.1',
      mac_address: '02:00:00:10:e1:01',
      interfaces: [{ name: 'eth0', mac: '02:00:00:10:e1:01', ips: ['10.16.225.1'] }],
    });
    expect(get(byKey(relationshipsOf(ws, 'netbox')), 'cable:4322')).toMatchObject({
      parent: 'device:4321',
      child: 'device:4322',
    });
    ws.close();
  });
});

describe('netbox REST API lists (own fixtures)', () => {
  it('imports a NetBox 4.2 directory of lists as one batch: devices, VMs, clusters, cables; interface and IP lists skipped', async () => {
    const ws = tempWorkspace();
    const summary = await importNetbox(ws, [REST_V42]);
    expect(summary.files.map((f) => [path.basename(f.path), f.records, f.relationships, f.skipped])).toEqual([
      ['cables.json', 0, 1, 1],
      ['clusters.json', 1, 0, 0],
      ['devices.json', 3, 1, 0],
      ['interfaces.json', 0, 0, 2],
      ['ip-addresses.json', 0, 0, 1],
      ['virtual-machines.json', 2, 3, 0],
    ]);
    const records = recordsOf(ws, 'netbox');
    const recs = byKey(records);
    expect(records.map((r) => [r.key, r.ciType, r.ciClass, r.name, r.ordinal])).toEqual([
      ['cluster:7', 'cluster', 'virtualization.cluster', 'par2-prod-01', 1],
      ['device:501', 'hypervisor', 'dcim.device', 'hv-par2-07.infra.example.net', 1],
      ['device:502', 'network_device', 'dcim.device', 'par2-b07-tor1', 2],
      ['device:503', 'other', 'dcim.device', null, 3],
      ['vm:1207', 'computer', 'virtualization.virtualmachine', 'app-billing-01.corp.example.net', 1],
      ['vm:1208', 'computer', 'virtualization.virtualmachine', 'DB-BILLING-01', 2],
    ]);
    expect(get(recs, 'device:501').attrs).toEqual({
      name: 'hv-par2-07.infra.example.net',
      host_name: 'hv-par2-07',
      dns_domain: 'infra.example.net',
      fqdn: 'hv-par2-07.infra.example.net',
      serial_number: '7XK2QH3',
      asset_tag: 'FR-PAR-004211',
      status: 'installed',
      manufacturer: 'Dell',
      model: 'PowerEdge R750',
      location: 'PAR2',
      owner: 'Platform Engineering',
      cluster: 'par2-prod-01',
      os: 'VMware ESXi 8.0',
      os_family: 'esxi',
      os_name: 'esxi',
      os_version: '8',
      ip_address: '10.20.7.11',
      ip_addresses: ['10.20.7.11', '2001:db8:20:7::11'],
      extra: { role: 'Hypervisor', rack: 'B07', location: 'Hall B', platform: 'VMware ESXi 8.0' },
      updated_at: '2025-03-14T09:22:41Z',
    });
    expect(get(recs, 'device:502').attrs).toMatchObject({
      serial_number: 'JPE21 331 0AB',
      status: 'in_maintenance',
      os_name: 'eos',
    });
    // No name, and the manufacturer "Generic" is a placeholder.
    expect(get(recs, 'device:503').attrs).toEqual({
      status: 'planned',
      model: '24-Port Cat6 Panel',
      location: 'PAR2',
      extra: { role: 'Patch Panel' },
      updated_at: '2024-11-19T10:00:00Z',
    });
    expect(get(recs, 'vm:1207').attrs).toEqual({
      name: 'app-billing-01.corp.example.net',
      host_name: 'app-billing-01',
      dns_domain: 'corp.example.net',
      fqdn: 'app-billing-01.corp.example.net',
      serial_number: 'VMWARE-421C5E0B8E2F6D1A9B3C770E41D2A85F',
      bios_uuid: '421c5e0b8e2f6d1a9b3c770e41d2a85f',
      status: 'installed',
      location: 'PAR2',
      owner: 'Billing',
      cluster: 'par2-prod-01',
      host_ref: 'hv-par2-07.infra.example.net',
      os: 'Red Hat Enterprise Linux 9',
      os_family: 'linux',
      os_name: 'rhel',
      os_version: '9',
      virtual: true,
      ip_address: '10.40.12.31',
      ip_addresses: ['10.40.12.31'],
      cpu_count: 4,
      ram_mb: 16384,
      disk_gb: 120, // 120000 MB: NetBox 4.1+ (the VM has `serial`) stores disk in MB
      extra: { role: 'Application Server', platform: 'Red Hat Enterprise Linux 9' },
      updated_at: '2025-02-27T07:45:12Z',
    });
    expect(get(recs, 'vm:1208').attrs).toEqual({
      name: 'DB-BILLING-01',
      host_name: 'db-billing-01',
      status: 'in_maintenance',
      owner: 'Billing',
      cluster: 'par2-prod-01',
      virtual: true,
      cpu_count: 1, // 0.5 vCPU
      updated_at: '2025-01-09T18:30:00Z',
    });
    expect(get(recs, 'cluster:7').attrs).toEqual({
      name: 'par2-prod-01',
      status: 'installed',
      location: 'PAR2', // 4.2 scope
      owner: 'Platform Engineering',
      extra: { cluster_type: 'VMware vSphere', cluster_group: 'Production' },
      updated_at: '2024-10-02T11:11:11Z',
    });
    const rels = relationshipsOf(ws, 'netbox');
    expect(rels.map((r) => [r.key, r.type, r.parent, r.child])).toEqual([
      ['cable:3301', 'Connects to::Connected by', 'device:501', 'device:502'],
      ['device:501:cluster', 'Member of::Member', 'device:501', 'cluster:7'],
      ['vm:1207:cluster', 'Hosted on::Hosts', 'vm:1207', 'cluster:7'],
      ['vm:1207:device', 'Hosted on::Hosts', 'vm:1207', 'device:501'],
      ['vm:1208:cluster', 'Hosted on::Hosts', 'vm:1208', 'cluster:7'],
    ]);
    // Each file is read on its own, yet every endpoint is a record of the batch.
    for (const r of rels) {
      expect(recs.has(r.parent)).toBe(true);
      expect(recs.has(r.child)).toBe(true);
    }
    const note =
      'is not a CI (a REST list of interfaces or addresses cannot amend the device records of another file; export with dumpdata for interface MACs and IPs)';
    expect(summary.skipReasons).toEqual({
      'dcim.cable to a circuit termination (no device at that end)': 1,
      [`dcim.interface ${note}`]: 2,
      [`ipam.ipaddress ${note}`]: 1,
    });
    expect(summary.warningCount).toBe(0);
    expect(JSON.parse(get(recs, 'vm:1207').raw)).toMatchObject({ id: 1207, disk: 120000 });
    ws.close();
  });

  it('recognises REST device and VM lists without --format', async () => {
    const ws = tempWorkspace();
    const summary = await importFiles(ws, {
      source: 'nb',
      paths: [path.join(REST_V42, 'devices.json'), path.join(REST_V42, 'virtual-machines.json')],
      inline: true,
    });
    expect(summary.format).toBe('netbox');
    expect(summary.role).toBe('cmdb');
    expect(summary.records).toBe(5);
    ws.close();
  });

  it('reads NetBox 3.x lists: disk in GB, device_role, IPv6-only primary, pagination and bad values as warnings', async () => {
    const ws = tempWorkspace();
    const summary = await importNetbox(ws, [REST_V3]);
    const recs = byKey(recordsOf(ws, 'netbox'));
    expect(get(recs, 'vm:88').attrs).toEqual({
      name: 'gitlab-runner-03',
      host_name: 'gitlab-runner-03',
      status: 'installed',
      cluster: 'pve-lab',
      os: 'Debian 12',
      os_family: 'linux',
      os_name: 'debian',
      os_version: '12',
      virtual: true,
      ip_address: '172.16.30.23',
      ip_addresses: ['172.16.30.23'],
      cpu_count: 2,
      ram_mb: 4096,
      disk_gb: 80, // no `serial` field: before 4.1, disk is in GB
      extra: { role: 'CI Runner', platform: 'Debian 12' },
      updated_at: '2024-01-20T08:00:00Z',
    });
    // "scratch vm (do not use)" is a display name, not a host name; "lots" of vCPUs is a warning.
    expect(get(recs, 'vm:89').attrs).toEqual({
      name: 'scratch vm (do not use)',
      status: 'retired',
      virtual: true,
      ram_mb: 512,
      disk_gb: 10,
      updated_at: '2023-09-12T10:00:00Z',
    });
    expect(get(recs, 'device:14')).toMatchObject({ ciType: 'hypervisor', name: 'pve01' });
    expect(get(recs, 'device:14').attrs).toMatchObject({
      serial_number: 'MJ0AB12C',
      ip_address: 'fd00:30::14', // no IPv4 primary: the IPv6 one
      cluster: 'pve-lab',
      extra: { role: 'Compute Host' },
    });
    expect(get(recs, 'device:15').ciType).toBe('other'); // UPS
    expect(get(recs, 'device:15').attrs.serial_number).toBeUndefined(); // "N/A"
    expect(summary.warnings.map((w) => [path.basename(w.file), w.field, w.value])).toEqual([
      ['devices-page1.json', 'next', 'http://netbox.lab.local/api/dcim/devices/?limit=2&offset=2'],
      ['virtual-machines.json', 'vcpus', 'lots'],
    ]);
    ws.close();
  });

  it('reads a UTF-16 list with a byte-order mark', async () => {
    const text = readFileSync(path.join(REST_V42, 'virtual-machines.json'), 'utf8');
    const file = writeTemp(
      'vms-utf16.json',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    const ws = tempWorkspace();
    const summary = await importNetbox(ws, [file]);
    expect(summary.files[0]?.encoding).toBe('utf-16le');
    expect(recordsOf(ws, 'netbox').map((r) => r.name)).toEqual([
      'app-billing-01.corp.example.net',
      'DB-BILLING-01',
    ]);
    ws.close();
  });
});

describe('netbox hostile input: ImportError naming file and place, workspace unchanged', () => {
  it('rejects a truncated dumpdata file, naming the line where it ends', async () => {
    const cut = readFileSync(DEMO).subarray(0, 200_000);
    const file = writeTemp('netbox-demo-truncated.json', cut);
    // The first 200,000 bytes hold 9,336 newlines (cut inside the 479th object): line 9337.
    const err = await expectRejected(file, /netbox-demo-truncated\.json:9337 \(record 479\): malformed JSON/);
    expect(err.location).toMatchObject({ line: 9337, record: 479 });
  });

  it('rejects an array of non-objects', async () => {
    await expectRejected(
      writeTemp('numbers.json', '[1, 2, 3]\n'),
      /numbers\.json \(record 1\): expected a dumpdata object/,
    );
  });

  it('rejects a broken row in the middle before importing anything', async () => {
    const rows = JSON.parse(readFileSync(DUMP_V42, 'utf8')) as unknown[];
    rows.splice(20, 0, { model: 'dcim.interface', pk: 99, fields: 'eth0' });
    const file = writeTemp('broken-row.json', JSON.stringify(rows, null, 2));
    await expectRejected(file, /broken-row\.json \(record 21\): field "fields": not a dumpdata row/);
  });

  it('rejects a row without a model label', async () => {
    const file = writeTemp('no-model.json', JSON.stringify([{ pk: 1, fields: { name: 'x' } }]));
    await expectRejected(file, /no-model\.json \(record 1\): field "model": not a dumpdata row/);
  });

  it('rejects a device row without a pk', async () => {
    const file = writeTemp(
      'no-pk.json',
      JSON.stringify([{ model: 'dcim.device', fields: { name: 'web-01' } }]),
    );
    await expectRejected(
      file,
      /no-pk\.json \(record 1\): field "pk": dcim\.device row without an integer pk/,
    );
  });

  it('rejects a REST device without an id', async () => {
    const file = writeTemp(
      'no-id.json',
      JSON.stringify({ count: 1, next: null, previous: null, results: [{ name: 'x', device_type: null }] }),
    );
    await expectRejected(
      file,
      /no-id\.json \(record 1\): field "id": dcim\.device object without an integer "id"/,
    );
  });

  it('rejects random bytes', async () => {
    let seed = 20260323;
    const bytes = Buffer.alloc(8192);
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      bytes[i] = seed >>> 24;
    }
    await expectRejected(writeTemp('random.bin', bytes), /random\.bin:\d+: not a text file: binary content/);
  });

  it('rejects text that is not JSON (a CSV export)', async () => {
    await expectRejected(
      writeTemp('devices.csv', 'Name,Status,Site\nweb-01,Active,LAB1\n'),
      /devices\.csv:1: not a NetBox JSON export/,
    );
  });

  it('rejects a JSON object that is not a REST list, and an empty file', async () => {
    await expectRejected(
      writeTemp('error.json', '{"detail": "Invalid token."}\n'),
      /error\.json:1: .*not a NetBox REST API list/,
    );
    await expectRejected(writeTemp('empty.json', ''), /empty\.json:1: the file is empty/);
  });

  it('does not accept the NetBox 4.2 pg_dump as a NetBox export', async () => {
    const err = await expectRejected(
      DEMO_SQL,
      /netbox-demo-v4\.2\.sql:1: this is a PostgreSQL dump \(pg_dump\), not a NetBox export/,
    );
    expect(err.message).toContain('manage.py dumpdata');
  });
});
