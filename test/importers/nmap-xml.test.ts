import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/import-files.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { ImportError } from '../../src/util/errors.js';
import {
  generateEstate,
  REALDATA,
  recordsOf,
  type StoredRecord,
  tempDir,
  tempWorkspace,
  workspaceDigest,
} from '../helpers/workspace.js';

const NMAP = path.join(REALDATA, 'nmap-libnmap');

function truthRows(estate: string, source: string): { key: string; kind: string }[] {
  return readFileSync(path.join(estate, 'truth/records.csv'), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(','))
    .filter((f) => f[0] === source)
    .map((f) => ({ key: f[1]!, kind: f[3]! }));
}

async function importNmap(ws: Workspace, file: string, source = 'nmap') {
  return importFiles(ws, { source, paths: [file], format: 'nmap-xml', inline: true });
}

function byKey(records: StoredRecord[]): Map<string, StoredRecord> {
  return new Map(records.map((r) => [r.key, r]));
}

/** Writes an nmap document around the given <host> elements. */
function nmapDoc(hosts: string, runstats = true): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE nmaprun>',
    '<nmaprun scanner="nmap" args="nmap -O -oX scan.xml 10.0.0.0/24" start="1700000000" version="7.94" xmloutputversion="1.05">',
    hosts,
    runstats
      ? '<runstats><finished time="1700000600" timestr="Tue Nov 14 22:23:20 2023" elapsed="600" exit="success"/><hosts up="1" down="0" total="1"/></runstats>'
      : '',
    '</nmaprun>',
    '',
  ].join('\n');
}

function writeTemp(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

async function expectImportError(ws: Workspace, file: string, pattern: RegExp): Promise<ImportError> {
  const before = workspaceDigest(ws);
  const err = await importNmap(ws, file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  expect((err as ImportError).message).toMatch(pattern);
  expect(workspaceDigest(ws)).toBe(before);
  return err as ImportError;
}

describe('nmap-xml on real scans (python-libnmap test files)', () => {
  /** Per file: records (hosts up with an address) and skipped hosts (down, or no usable address). */
  const expected: Record<string, { records: number; skipped: number }> = {
    '1_host_ping.xml': { records: 1, skipped: 0 },
    '1_hosts.xml': { records: 1, skipped: 0 },
    '1_hosts_banner.xml': { records: 1, skipped: 0 },
    '1_hosts_banner_ports.xml': { records: 1, skipped: 0 },
    '1_hosts_banner_ports_notsyn.xml': { records: 1, skipped: 0 },
    '1_hosts_banner_ports_xmas.xml': { records: 1, skipped: 0 },
    '1_hosts_diff.xml': { records: 1, skipped: 0 },
    '1_hosts_down.xml': { records: 1, skipped: 0 },
    '1_hosts_nohostname.xml': { records: 1, skipped: 0 },
    '1_os_banner_scripts.xml': { records: 1, skipped: 0 },
    '2_hosts.xml': { records: 2, skipped: 0 },
    '2_hosts_achange.xml': { records: 2, skipped: 0 },
    '2_hosts_version.xml': { records: 2, skipped: 0 },
    '2_null_hosts.xml': { records: 2, skipped: 0 },
    '2_tcp_hosts.xml': { records: 2, skipped: 0 },
    'diff_1_host_ping_mac_changed.xml': { records: 1, skipped: 0 },
    'dionaea_scan.xml': { records: 1, skipped: 0 },
    'extra_ports.xml': { records: 1, skipped: 0 },
    'full_sudo5.xml': { records: 4, skipped: 252 },
    'full_sudo6.xml': { records: 4, skipped: 252 },
    'fullscan.xml': { records: 2, skipped: 254 },
    'os_scan5.xml': { records: 4, skipped: 252 },
    'os_scan6.xml': { records: 3, skipped: 253 },
    'test_osclass.xml': { records: 0, skipped: 1 },
  };

  it('imports every XML file with the expected hosts, skipping hosts that are down', async () => {
    for (const [name, want] of Object.entries(expected)) {
      const ws = tempWorkspace();
      const s = await importNmap(ws, path.join(NMAP, name));
      expect({ name, records: s.records, skipped: s.skipped }).toEqual({ name, ...want });
      const records = recordsOf(ws, 'nmap');
      for (const r of records) {
        expect(r.ciClass).toBe('nmap host');
        expect(r.raw.startsWith('<host')).toBe(true);
        expect(r.raw.endsWith('</host>')).toBe(true);
        expect(r.attrs.ip_address).toBe(r.key);
        expect((r.attrs.ip_addresses as string[])[0]).toBe(r.key);
        expect(r.attrs.last_seen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }
      if (want.skipped > 1) expect(s.skipReasons).toEqual({ 'host down': want.skipped });
      ws.close();
    }
  });

  it('keeps the raw <host> element verbatim at its line', async () => {
    const ws = tempWorkspace();
    await importNmap(ws, path.join(NMAP, 'full_sudo5.xml'));
    const lines = readFileSync(path.join(NMAP, 'full_sudo5.xml'), 'utf8').split('\n');
    const text = lines.join('\n');
    for (const r of recordsOf(ws, 'nmap')) {
      expect(lines[r.line! - 1]!.startsWith('<host')).toBe(true);
      expect(text).toContain(r.raw);
      expect(r.raw.split('\n')[0]).toBe(lines[r.line! - 1]);
    }
    ws.close();
  });

  it('reads a ping scan: host names, MAC, and the scan end time for hosts without their own', async () => {
    const ws = tempWorkspace();
    await importNmap(ws, path.join(NMAP, '1_host_ping.xml'));
    const [r] = recordsOf(ws, 'nmap');
    expect(r!.key).toBe('172.28.1.3');
    expect(r!.name).toBe('dionaea');
    expect(r!.ciType).toBe('computer');
    expect(r!.attrs).toEqual({
      name: 'dionaea',
      ip_address: '172.28.1.3',
      ip_addresses: ['172.28.1.3'],
      mac_address: '02:42:ac:1c:01:03',
      mac_addresses: ['02:42:ac:1c:01:03'],
      host_name: 'dionaea',
      // The user-given short name comes first; the PTR name of the same host supplies the domain.
      fqdn: 'dionaea.honeynet_testing_net',
      dns_domain: 'honeynet_testing_net',
      last_seen: '2020-12-06T19:15:36Z',
    });
    ws.close();
  });

  it('shows the MAC change between two ping scans of the same IP', async () => {
    const ws = tempWorkspace();
    await importNmap(ws, path.join(NMAP, '1_host_ping.xml'), 'scan1');
    await importNmap(ws, path.join(NMAP, 'diff_1_host_ping_mac_changed.xml'), 'scan2');
    const a = recordsOf(ws, 'scan1')[0]!;
    const b = recordsOf(ws, 'scan2')[0]!;
    expect(a.key).toBe(b.key);
    expect(a.attrs.host_name).toBe(b.attrs.host_name);
    expect([a.attrs.mac_address, b.attrs.mac_address]).toEqual(['02:42:ac:1c:01:03', '02:42:ac:1c:01:04']);
    ws.close();
  });

  it('reads OS guesses, device types, ports and MAC vendors of a /24 sweep (old and new osclass layouts)', async () => {
    const ws = tempWorkspace();
    await importNmap(ws, path.join(NMAP, 'full_sudo5.xml'));
    const r = byKey(recordsOf(ws, 'nmap'));
    expect([...r.keys()]).toEqual(['192.168.1.1', '192.168.1.3', '192.168.1.4', '192.168.1.5']);

    const win = r.get('192.168.1.5')!;
    expect(win.ciType).toBe('computer');
    expect(win.attrs.os).toBe('Microsoft Windows Vista SP0 or SP1, Server 2008 SP1, or Windows 7');
    // Alternatives disagree on product and version: only the family is certain.
    expect(win.attrs.os_family).toBe('windows');
    expect(win.attrs.os_name).toBeUndefined();
    expect(win.attrs.os_version).toBeUndefined();
    expect(win.attrs.mac_address).toBe('00:1f:3c:87:66:50');
    // The OUI vendor names the NIC maker, never the machine's manufacturer.
    expect(win.attrs.manufacturer).toBeUndefined();
    expect(win.attrs.extra).toEqual({ mac_vendor: 'Intel Corporate', open_ports: '2869/tcp,5357/tcp' });
    expect(win.attrs.last_seen).toBe('2014-05-08T22:05:21Z');

    // osclass "media device" (a Chumby radio) is not a computer.
    const chumby = r.get('192.168.1.1')!;
    expect(chumby.ciType).toBe('other');
    expect(chumby.attrs.os).toBe('Chumby Internet radio');
    expect(chumby.attrs.os_family).toBe('embedded');
    expect((chumby.attrs.extra as Record<string, string>).open_ports).toBe(
      '23/tcp,80/tcp,443/tcp,992/tcp,8080/tcp,8443/tcp',
    );

    // No osmatch: the best osclass stands in for the OS text; a kernel generation is a family only.
    const linux = r.get('192.168.1.4')!;
    expect(linux.ciType).toBe('computer');
    expect(linux.attrs.os).toBe('Linux 2.6.X');
    expect(linux.attrs.os_family).toBe('linux');
    expect(linux.attrs.os_name).toBeUndefined();
    expect(linux.attrs.mac_address).toBeUndefined();

    const quiet = r.get('192.168.1.3')!;
    expect(quiet.attrs.os).toBeUndefined();
    expect(quiet.attrs.extra).toBeUndefined();
    ws.close();
  });

  it('classifies by osclass type and OS family: WAPs are network devices', async () => {
    const ws = tempWorkspace();
    await importNmap(ws, path.join(NMAP, 'full_sudo6.xml'));
    const r = byKey(recordsOf(ws, 'nmap'));
    expect(r.get('192.168.1.1')!.ciType).toBe('network_device'); // osclass WAP
    expect(r.get('192.168.1.1')!.attrs.extra).toEqual({
      mac_vendor: 'Sagemcom',
      open_ports: '23/tcp,80/tcp,443/tcp,992/tcp,8080/tcp,8443/tcp',
    });
    expect(r.get('192.168.1.3')!.attrs.os_family).toBe('macos');
    expect(r.get('192.168.1.3')!.ciType).toBe('computer');
    expect(r.get('192.168.1.5')!.attrs.os).toBe('Microsoft Windows Server 2008 Beta 3');
    expect(r.get('192.168.1.5')!.attrs.os_name).toBe('windows server');
    expect(r.get('192.168.1.5')!.attrs.os_version).toBe('2008');
    ws.close();

    const ws2 = tempWorkspace();
    await importNmap(ws2, path.join(NMAP, '2_hosts_version.xml'));
    const scanme = byKey(recordsOf(ws2, 'nmap')).get('74.207.244.221')!;
    expect(scanme.attrs.host_name).toBe('scanme');
    expect(scanme.attrs.fqdn).toBe('scanme.nmap.org');
    expect(scanme.attrs.os).toBe('Netgear DG834G WAP'); // accuracy 92 beats 91
    expect(scanme.ciType).toBe('network_device');
    // localhost is a placeholder name, never a host name.
    const local = byKey(recordsOf(ws2, 'nmap')).get('127.0.0.1')!;
    expect(local.attrs.host_name).toBeUndefined();
    expect(local.name).toBe('127.0.0.1');
    ws2.close();
  });

  it('skips a host whose address is not an IP, with a warning naming it', async () => {
    const ws = tempWorkspace();
    const s = await importNmap(ws, path.join(NMAP, 'test_osclass.xml'));
    expect(s.records).toBe(0);
    expect(s.skipReasons).toEqual({ 'host without IP address': 1 });
    expect(s.warnings.map((w) => [w.message, w.value ?? null])).toEqual([
      ['not an IP address', 'IP'],
      ['host has no usable IPv4 or IPv6 address; skipped', null],
    ]);
    ws.close();
  });
});

describe('nmap-xml on a cmdb-sim estate', () => {
  const estate = generateEstate(400, 5);
  const scan = path.join(estate, 'discovery/nmap-scan.xml');

  it('imports exactly the nmap records of the truth file, in a worker thread', async () => {
    const ws = tempWorkspace();
    const s = await importFiles(ws, { source: 'nmap', paths: [scan] });
    expect(s.format).toBe('nmap-xml');
    expect(s.role).toBe('discovery');
    const truth = truthRows(estate, 'nmap');
    expect(s.records).toBe(truth.length);
    expect(s.skipped).toBe(0);
    expect(s.warningCount).toBe(0);
    expect(s.files[0]!.encoding).toBe('utf-8');
    const records = recordsOf(ws, 'nmap');
    expect(records.map((r) => r.key).sort()).toEqual(truth.map((t) => t.key).sort());

    // Device type follows the true kind of machine.
    const want: Record<string, string> = {
      esx: 'hypervisor',
      switch: 'network_device',
      device: 'printer',
      vm: 'computer',
      physical: 'computer',
    };
    const got = byKey(records);
    for (const t of truth)
      expect({ key: t.key, type: got.get(t.key)!.ciType }).toEqual({ key: t.key, type: want[t.kind] });

    // Each host element is kept verbatim, from its line to its closing tag.
    const lines = readFileSync(scan, 'utf8').split('\n');
    for (const r of records) {
      const end = lines.indexOf('</host>', r.line! - 1);
      expect(r.raw).toBe(lines.slice(r.line! - 1, end + 1).join('\n'));
    }
    ws.close();
  });

  it('normalises OS, names, MACs and times the way the other sources do', async () => {
    const ws = tempWorkspace();
    await importNmap(ws, scan);
    const records = recordsOf(ws, 'nmap');
    for (const r of records) {
      expect(r.attrs.last_seen).toBe('2025-11-01T00:02:40Z');
      const os = r.attrs.os as string;
      if (os.startsWith('VMware ESXi')) {
        expect(r.attrs).toMatchObject({ os_family: 'esxi', os_name: 'esxi', os_version: os.slice(12, 13) });
        expect((r.attrs.extra as Record<string, string>).open_ports).toBe('443/tcp,902/tcp');
      } else if (os === 'Cisco NX-OS 9.X') {
        // A wildcard version is no version.
        expect(r.attrs).toMatchObject({ os_family: 'network_os', os_name: 'nx-os' });
        expect(r.attrs.os_version).toBeUndefined();
      } else if (os.startsWith('Microsoft Windows Server')) {
        expect(r.attrs).toMatchObject({
          os_family: 'windows',
          os_name: 'windows server',
          os_version: os.slice(25),
        });
        expect((r.attrs.extra as Record<string, string>).open_ports).toBe('135/tcp,445/tcp,3389/tcp');
      } else if (os === 'Linux 4.15 - 5.19') {
        // A kernel range says "linux" and nothing more.
        expect(r.attrs.os_family).toBe('linux');
        expect(r.attrs.os_name).toBeUndefined();
        expect(r.attrs.os_version).toBeUndefined();
      } else {
        expect(os).toBe('HP printer');
        expect(r.attrs.os_family).toBe('embedded');
        expect(r.ciType).toBe('printer');
      }
      const fqdn = r.attrs.fqdn as string | undefined;
      if (fqdn) {
        expect(fqdn).toMatch(/\.(eu|us|ap)\.corp\.example\.com$/);
        expect(r.attrs.host_name).toBe(fqdn.split('.')[0]);
        expect(r.name!.toLowerCase()).toBe(fqdn);
      } else {
        expect(r.name).toBe(r.key);
        expect(r.attrs.host_name).toBeUndefined();
      }
      const mac = r.attrs.mac_address as string | undefined;
      if (mac) {
        expect(mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
        expect(r.raw.toLowerCase()).toContain(`addr="${mac}"`);
        expect(r.attrs.manufacturer).toBeUndefined();
      }
    }
    // Only the scanner's own segment (Frankfurt) shows MACs; VMs show VMware's OUI as vendor.
    const withMac = records.filter((r) => r.attrs.mac_address);
    expect(withMac.length).toBeGreaterThan(0);
    expect(withMac.every((r) => (r.attrs.ip_address as string).startsWith('10.1'))).toBe(true);
    expect(withMac.some((r) => (r.attrs.extra as Record<string, string>).mac_vendor === 'VMware')).toBe(true);
    // "Unknown" is no vendor.
    expect(
      records.some((r) => (r.attrs.extra as Record<string, string> | undefined)?.mac_vendor === 'Unknown'),
    ).toBe(false);
    ws.close();
  });
});

describe('nmap-xml details', () => {
  it('keys an IPv6-only host by its canonical IPv6 address and lists every address', async () => {
    const ws = tempWorkspace();
    const file = writeTemp(
      'v6.xml',
      nmapDoc(
        [
          '<host><status state="up" reason="echo-reply"/>',
          '<address addr="2001:DB8:0:0:0:0:0:1A" addrtype="ipv6"/>',
          '<address addr="2001:db8::1b" addrtype="ipv6"/>',
          '<hostnames><hostname name="web01" type="user"/><hostname name="WEB01.Corp.Example.com." type="PTR"/><hostname name="www.corp.example.com" type="PTR"/><hostname name="www" type="PTR"/></hostnames>',
          '</host>',
          '<host><status state="up" reason="arp-response"/>',
          '<address addr="010.000.000.007" addrtype="ipv4"/>',
          '<address addr="fe80::1" addrtype="ipv6"/>',
          '<address addr="00:00:00:00:00:00" addrtype="mac"/>',
          '</host>',
          '<host><status state="unknown"/><address addr="10.0.0.9" addrtype="ipv4"/></host>',
        ].join('\n'),
      ),
    );
    const s = await importNmap(ws, file);
    expect(s.skipReasons).toEqual({ 'host down': 1 });
    const [v6, v4] = recordsOf(ws, 'nmap');
    expect(v6!.key).toBe('2001:db8::1a');
    expect(v6!.line).toBe(4);
    expect(v6!.attrs).toMatchObject({
      ip_address: '2001:db8::1a',
      ip_addresses: ['2001:db8::1a', '2001:db8::1b'],
      host_name: 'web01',
      fqdn: 'web01.corp.example.com',
      dns_domain: 'corp.example.com',
      aliases: ['www'],
      last_seen: '2023-11-14T22:23:20Z',
    });
    expect(v4!.key).toBe('10.0.0.7');
    expect(v4!.attrs.ip_addresses).toEqual(['10.0.0.7', 'fe80::1']);
    expect(v4!.attrs.mac_address).toBeUndefined();
    expect(s.warnings.map((w) => w.message)).toEqual(['placeholder MAC address ignored']);
    ws.close();
  });

  it('classifies by services when the OS says nothing, and by osclass type first', async () => {
    const ws = tempWorkspace();
    const port = (n: number, svc: string, state = 'open') =>
      `<port protocol="tcp" portid="${n}"><state state="${state}"/><service name="${svc}"/></port>`;
    const host = (ip: string, body: string, attrs = '') =>
      `<host${attrs}><status state="up"/><address addr="${ip}" addrtype="ipv4"/>${body}</host>`;
    const file = writeTemp(
      'types.xml',
      nmapDoc(
        [
          host('10.0.0.1', `<ports>${port(902, 'vmware-auth')}${port(443, 'https')}</ports>`),
          host('10.0.0.2', `<ports>${port(9100, 'jetdirect')}</ports>`),
          host('10.0.0.3', `<ports>${port(9100, 'jetdirect', 'filtered')}${port(22, 'ssh')}</ports>`),
          host(
            '10.0.0.4',
            `<ports>${port(631, 'ipp')}</ports><os><osmatch name="HP LaserJet 4250 printer" accuracy="97"/></os>`,
          ),
          host(
            '10.0.0.5',
            '<os><osmatch name="Linux 3.2" accuracy="90"><osclass type="storage-misc" vendor="Synology" osfamily="Linux" accuracy="90"/></osmatch><osmatch name="Linux 3.10" accuracy="95"><osclass type="firewall" vendor="Linux" osfamily="Linux" accuracy="95"/></osmatch></os>',
          ),
          host(
            '10.0.0.6',
            '<os><osclass type="printer" vendor="HP" osfamily="embedded" accuracy="88"/></os>',
          ),
          host('10.0.0.7', '<os><osmatch name="VMware ESXi 6.7.0" accuracy="100"/></os>'),
          host('10.0.0.8', '', ' endtime="1700000100"'),
          host(
            '10.0.0.9',
            '<ports><port protocol="udp" portid="161"><state state="open"/></port>' +
              port(22, 'ssh') +
              '</ports>',
          ),
        ].join('\n'),
      ),
    );
    await importNmap(ws, file);
    const r = byKey(recordsOf(ws, 'nmap'));
    const types = Object.fromEntries([...r].map(([k, v]) => [k, v.ciType]));
    expect(types).toEqual({
      '10.0.0.1': 'hypervisor',
      '10.0.0.2': 'printer',
      '10.0.0.3': 'computer', // a filtered port is not an open one
      '10.0.0.4': 'printer',
      '10.0.0.5': 'network_device', // the 95% match and its firewall class win
      '10.0.0.6': 'printer',
      '10.0.0.7': 'hypervisor',
      '10.0.0.8': 'computer',
      '10.0.0.9': 'computer',
    });
    expect(r.get('10.0.0.3')!.attrs.extra).toEqual({ open_ports: '22/tcp' });
    expect(r.get('10.0.0.5')!.attrs.os).toBe('Linux 3.10');
    expect(r.get('10.0.0.6')!.attrs.os).toBe('HP embedded');
    expect(r.get('10.0.0.7')!.attrs).toMatchObject({ os_family: 'esxi', os_version: '6' });
    expect(r.get('10.0.0.8')!.attrs.last_seen).toBe('2023-11-14T22:15:00Z');
    expect(r.get('10.0.0.9')!.attrs.extra).toEqual({ open_ports: '22/tcp,161/udp' });
    ws.close();
  });

  it('leaves last_seen absent when neither the host nor the scan carries a time', async () => {
    const ws = tempWorkspace();
    const file = writeTemp(
      'notime.xml',
      nmapDoc('<host><status state="up"/><address addr="10.0.0.1" addrtype="ipv4"/></host>', false),
    );
    await importNmap(ws, file);
    expect(recordsOf(ws, 'nmap')[0]!.attrs.last_seen).toBeUndefined();
    ws.close();
  });

  it('reads a Windows-1252 file declared UTF-8, and a UTF-16 file, with the right characters', async () => {
    const ws = tempWorkspace();
    const doc = nmapDoc(
      '<host><status state="up"/><address addr="10.0.0.1" addrtype="ipv4"/><address addr="00:11:22:33:44:55" addrtype="mac" vendor="Société Générale Électronique"/></host>',
    );
    const s = await importNmap(ws, writeTemp('cp1252.xml', Buffer.from(doc, 'latin1')));
    expect(s.files[0]!.encoding).toBe('windows-1252');
    expect((recordsOf(ws, 'nmap')[0]!.attrs.extra as Record<string, string>).mac_vendor).toBe(
      'Société Générale Électronique',
    );

    const s16 = await importNmap(
      ws,
      writeTemp('utf16.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc, 'utf16le')])),
      'n16',
    );
    expect(s16.files[0]!.encoding).toBe('utf-16le');
    const r16 = recordsOf(ws, 'n16')[0]!;
    expect((r16.attrs.extra as Record<string, string>).mac_vendor).toBe('Société Générale Électronique');
    // The scan end time is found in a UTF-16 tail too.
    expect(r16.attrs.last_seen).toBe('2023-11-14T22:23:20Z');
    ws.close();
  });

  it('re-reads as Windows-1252 a file whose first invalid UTF-8 byte is beyond the first megabyte', async () => {
    const ws = tempWorkspace();
    const hosts: string[] = [];
    for (let i = 0; i < 9000; i++) {
      const vendor = i === 8999 ? 'Régie' : 'Acme';
      hosts.push(
        `<host><status state="up"/><address addr="10.1.${i >> 8}.${i & 255}" addrtype="ipv4"/><address addr="00:11:22:33:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}" addrtype="mac" vendor="${vendor}"/></host>`,
      );
    }
    const buf = Buffer.from(nmapDoc(hosts.join('\n')), 'latin1');
    expect(buf.length).toBeGreaterThan(1 << 20);
    const s = await importNmap(ws, writeTemp('late.xml', buf));
    expect(s.records).toBe(9000);
    expect(s.files[0]!.encoding).toBe('windows-1252');
    expect(s.warnings.some((w) => /Windows-1252/.test(w.message))).toBe(true);
    const last = byKey(recordsOf(ws, 'nmap')).get('10.1.35.39')!;
    expect((last.attrs.extra as Record<string, string>).mac_vendor).toBe('Régie');
    ws.close();
  });

  it('keeps raw text exact across CRLF line ends and characters outside the BMP', async () => {
    const ws = tempWorkspace();
    const host =
      '<host><status state="up"/>\r\n<address addr="10.0.0.1" addrtype="ipv4"/>\r\n<address addr="00:11:22:33:44:55" addrtype="mac" vendor="🐙 Octo"/>\r\n</host>';
    const file = writeTemp(
      'crlf.xml',
      nmapDoc(
        `<host><status state="down"/><address addr="10.0.0.2" addrtype="ipv4"/><!-- 🐙🐙 --></host>\r\n${host}`,
      )
        .replace(/\n/g, '\r\n')
        .replace(/\r\r/g, '\r'),
    );
    await importNmap(ws, file);
    const [r] = recordsOf(ws, 'nmap');
    expect(r!.raw).toBe(host);
    expect((r!.attrs.extra as Record<string, string>).mac_vendor).toBe('🐙 Octo');
    ws.close();
  });

  it('does not expand entities declared in a DOCTYPE', async () => {
    const ws = tempWorkspace();
    const doc = nmapDoc(
      '<host><status state="up"/><address addr="10.0.0.1" addrtype="ipv4"/><hostnames><hostname name="&xxe;" type="PTR"/></hostnames></host>',
    ).replace('<!DOCTYPE nmaprun>', '<!DOCTYPE nmaprun [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>');
    const file = writeTemp('xxe.xml', doc);
    const before = workspaceDigest(ws);
    const outcome = await importNmap(ws, file).then(
      () => 'imported',
      (e: unknown) => e,
    );
    if (outcome === 'imported') {
      expect(recordsOf(ws, 'nmap')[0]!.attrs.host_name).toBeUndefined();
    } else {
      expect(outcome).toBeInstanceOf(ImportError);
      expect((outcome as ImportError).message).toMatch(/\/xxe\.xml:\d+ \(record 1\): /);
      expect(workspaceDigest(ws)).toBe(before);
    }
    ws.close();
  });
});

describe('nmap-xml on hostile input', () => {
  const estate = generateEstate(300, 9);
  const scan = readFileSync(path.join(estate, 'discovery/nmap-scan.xml'), 'utf8');

  async function validWorkspace(): Promise<Workspace> {
    const ws = tempWorkspace();
    await importNmap(ws, path.join(estate, 'discovery/nmap-scan.xml'));
    return ws;
  }

  it('rejects a file whose root is not <nmaprun>, naming the file', async () => {
    const ws = await validWorkspace();
    await expectImportError(
      ws,
      writeTemp('glpi.xml', '<?xml version="1.0"?>\n<REQUEST><QUERY>INVENTORY</QUERY></REQUEST>\n'),
      /\/glpi\.xml: not an nmap XML file: the root element is <REQUEST>, expected <nmaprun>/,
    );
    await expectImportError(
      ws,
      writeTemp('empty.xml', ''),
      /\/empty\.xml:1( \(record 1\))?: (no XML element found|malformed XML)/,
    );
    ws.close();
  });

  it('fails on a scan truncated in the middle of a host, naming its line and record', async () => {
    const ws = await validWorkspace();
    const cut = scan.indexOf('<address', scan.indexOf('<host', scan.length / 2));
    const line = scan.slice(0, cut).split('\n').length;
    const hostsBefore = scan.slice(0, cut).split('<host ').length - 1;
    const err = await expectImportError(
      ws,
      writeTemp('truncated.xml', scan.slice(0, cut + 20)),
      /\/truncated\.xml:\d+ \(record \d+\): malformed XML/,
    );
    expect(err.location.line).toBe(line);
    expect(err.location.record).toBe(hostsBefore);
    ws.close();
  });

  it('fails on a broken host in the middle of the scan, naming the line', async () => {
    const ws = await validWorkspace();
    const lines = scan.split('\n');
    const at = lines.findIndex((l, i) => i > lines.length / 3 && l.startsWith('<hostnames>'));
    lines[at] = lines[at]!.replace('</hostnames>', '</hostname>');
    const err = await expectImportError(
      ws,
      writeTemp('broken.xml', lines.join('\n')),
      /\/broken\.xml:\d+ \(record \d+\): malformed XML/,
    );
    expect(err.location.line).toBe(at + 1);
    // The broken host's ordinal, not that of the last host parsed in the same chunk.
    expect(err.location.record).toBe(lines.slice(0, at).filter((l) => l.startsWith('<host ')).length);
    ws.close();
  });

  it('fails on random bytes, naming the file and line', async () => {
    const ws = await validWorkspace();
    let seed = 42;
    const rnd = Buffer.alloc(8192);
    for (let i = 0; i < rnd.length; i++) rnd[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16;
    await expectImportError(
      ws,
      writeTemp('random.bin', rnd),
      /\/random\.bin:\d+: not a text file: binary content/,
    );
    // Without NUL bytes the same noise is text, and not XML.
    const noNul = Buffer.from(rnd.map((b) => (b === 0 ? 1 : b)));
    await expectImportError(
      ws,
      writeTemp('noise.xml', noNul),
      /\/noise\.xml:\d+ \(record 1\): malformed XML/,
    );
    ws.close();
  });

  it('fails on JSON given as nmap XML', async () => {
    const ws = await validWorkspace();
    await expectImportError(
      ws,
      path.join(NMAP, '2_hosts.json'),
      /\/2_hosts\.json:\d+ \(record 1\): malformed XML/,
    );
    ws.close();
  });
});
