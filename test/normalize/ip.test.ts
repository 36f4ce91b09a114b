import { describe, it, expect } from 'vitest';
import { ipFlags, ipVersion, isIdentifyingIp, normalizeIp, type IpFlag } from '../../src/normalize/ip.js';
import { collectJsonValues, hasRealData, listFiles, readJson, readText } from './realdata.js';

describe('normalizeIp', () => {
  it.each([
    ['10.1.2.3', '10.1.2.3'],
    ['  10.1.2.3\t', '10.1.2.3'],
    ['010.001.002.003', '10.1.2.3'],
    ['001.002.003.0004', '1.2.3.4'],
    ['128.08.54.48', '128.8.54.48'],
    ['10.1.2.3/24', '10.1.2.3'],
    ['10.1.2.3/32', '10.1.2.3'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // tie: the first run is compressed
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run is compressed
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['1::', '1::'],
    ['::', '::'],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['FE80::1%12/64', 'fe80::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['2001:db8::1/64', '2001:db8::1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['::FFFF:0a01:0203', '10.1.2.3'],
    ['0:0:0:0:0:ffff:192.168.1.1', '192.168.1.1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['fd00:0:0:0:0:0:0:0', 'fd00::'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['   '],
    ['56.881.284.240'],
    ['10.1.2'],
    ['10.1.2.3.4'],
    ['1.2.3.256'],
    ['10..1.2'],
    ['.10.1.2.3'],
    ['10.1.2.3.'],
    ['00001.2.3.4'],
    ['10.1.2.3/33'],
    ['10.1.2.3/'],
    ['10.1.2.3/abc'],
    ['2001:db8::1/129'],
    ['a.b.c.d'],
    ['xx.x.x.x'],
    ['10.1.2.3%eth0'],
    ['1:2:3:4:5:6:7:8:9'],
    ['1:2:3:4:5:6:7'],
    ['1::2::3'],
    ['12345::1'],
    ['g::1'],
    [':1:2:3:4:5:6:7'],
    ['1:2:3:4:5:6:7:'],
    [':::'],
    ['::ffff:1.2.3'],
    ['1:2:3:4:5:6:7:8::'],
    ['fe80::1%'],
    ['[2001:db8::1'],
    ['web01'],
  ])('%j is rejected', (input) => {
    expect(normalizeIp(input)).toBeUndefined();
  });

  it('returns an already canonical IPv4 string unchanged', () => {
    const s = '192.168.1.103';
    expect(normalizeIp(s)).toBe(s);
  });
});

describe('ipVersion', () => {
  it.each([
    ['10.1.2.3', 4],
    ['::1', 6],
    ['2001:db8::1', 6],
  ])('%s -> %d', (ip, v) => {
    expect(ipVersion(ip)).toBe(v);
  });
});

describe('ipFlags', () => {
  it.each<[string, IpFlag[]]>([
    ['8.8.8.8', []],
    ['10.1.2.3', ['private']],
    ['172.16.0.1', ['private']],
    ['172.31.255.255', ['private']],
    ['172.32.0.1', []],
    ['192.168.1.1', ['private']],
    ['100.64.0.1', ['cgnat']],
    ['100.127.255.255', ['cgnat']],
    ['100.128.0.1', []],
    ['127.0.0.1', ['loopback']],
    ['127.255.0.1', ['loopback']],
    ['0.0.0.0', ['unspecified']],
    ['169.254.0.192', ['link_local']],
    ['255.255.255.255', ['broadcast']],
    ['224.0.0.251', ['multicast']],
    ['239.255.255.250', ['multicast']],
    ['172.17.0.1', ['docker_bridge', 'private']],
    ['172.18.0.1', ['private']],
    ['192.168.122.1', ['virtual_bridge', 'private']],
    ['192.168.122.45', ['private']],
    ['10.0.2.15', ['virtual_bridge', 'private']],
    ['10.0.2.2', ['virtual_bridge', 'private']],
    ['192.168.56.1', ['virtual_bridge', 'private']],
    ['192.0.2.10', ['documentation']],
    ['198.51.100.10', ['documentation']],
    ['203.0.113.10', ['documentation']],
    ['::', ['unspecified']],
    ['::1', ['loopback']],
    ['fe80::1', ['link_local']],
    ['febf::1', ['link_local']],
    ['fec0::1', []],
    ['ff02::1', ['multicast']],
    ['fd12:3456::1', ['private']],
    ['fc00::1', ['private']],
    ['2001:db8::1', ['documentation']],
    ['2600:1f18::1', []],
    ['not an ip', []],
  ])('%s -> %j', (ip, flags) => {
    expect(ipFlags(ip)).toEqual(flags);
  });
});

describe('isIdentifyingIp', () => {
  it.each([
    ['10.1.2.3', true],
    ['172.16.5.4', true],
    ['192.168.1.103', true],
    ['8.8.8.8', true],
    ['100.64.1.1', true],
    ['172.18.0.2', true],
    ['192.168.122.45', true],
    ['192.0.2.10', true],
    ['2001:db8::1', true],
    ['fd00::1', true],
    ['2600:1f18::1', true],
    ['127.0.0.1', false],
    ['127.0.1.1', false],
    ['169.254.1.1', false],
    ['0.0.0.0', false],
    ['255.255.255.255', false],
    ['224.0.0.251', false],
    ['172.17.0.2', false],
    ['192.168.122.1', false],
    ['10.0.2.15', false],
    ['192.168.56.1', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['garbage', false],
    ['', false],
  ])('%s -> %s', (ip, expected) => {
    expect(isIdentifyingIp(ip)).toBe(expected);
  });
});

describe.skipIf(!hasRealData)('normalizeIp on real data', () => {
  it('nmap: every ipv4 address is canonical already and the scan targets are identifying', () => {
    const ips = new Set<string>();
    for (const file of listFiles('nmap-libnmap', '.xml')) {
      for (const m of readText(file).matchAll(/addr="([^"]*)" addrtype="ipv4"/g)) ips.add(m[1] as string);
    }
    expect(ips.size).toBeGreaterThan(250);
    // One scrubbed file writes addr="IP": the only value that is not an address.
    expect([...ips].filter((ip) => normalizeIp(ip) === undefined)).toEqual(['IP']);
    for (const ip of ips) if (ip !== 'IP') expect(normalizeIp(ip)).toBe(ip);
    expect(isIdentifyingIp('192.168.1.1')).toBe(true);
    expect(ips.has('127.0.0.1')).toBe(true); // "localhost" in 2_hosts.xml
    expect(isIdentifyingIp('127.0.0.1')).toBe(false);
  });

  it('GLPI network equipment: loopback and link-local are kept apart from the real addresses', () => {
    interface Doc {
      content: { network_device: { ips: string[] } };
    }
    const ne1 = readJson<Doc>('glpi-inventory/examples/networkequipment_1.json').content.network_device.ips;
    expect(ne1.map((ip) => [normalizeIp(ip), isIdentifyingIp(ip)])).toEqual([
      ['127.0.0.1', false],
      ['10.2.5.10', true],
      ['192.168.12.5', true],
    ]);
    const ne4 = readJson<Doc>('glpi-inventory/examples/networkequipment_4.json').content.network_device.ips;
    expect(ne4.filter((ip) => !isIdentifyingIp(normalizeIp(ip) as string))).toEqual(['169.254.0.192']);
  });

  it('Citrix ADM: the scrambled gateway is rejected, the zero-padded octet is read as decimal', () => {
    const values = collectJsonValues(
      readJson('nautobot-ssot-fixtures/citrix_adm/get_devices_sent.json'),
      new Set(['gateway', 'mgmt_ip_address', 'ip_address', 'ha_ip_address']),
    );
    expect(values).toContain('56.881.284.240');
    expect(normalizeIp('56.881.284.240')).toBeUndefined();
    expect(values).toContain('128.08.54.48');
    expect(normalizeIp('128.08.54.48')).toBe('128.8.54.48');
    const rejected = values.filter((v) => v !== '' && normalizeIp(v) === undefined);
    expect(rejected).toEqual(['56.881.284.240']);
  });

  it('OpenShift: masked InternalIPs are rejected, real ones kept', () => {
    interface Node {
      status: { addresses: { type: string; address: string }[] };
    }
    const results = new Map<string, string | undefined>();
    for (const file of listFiles('openshift-k8s/nodes', '.json')) {
      for (const a of readJson<Node>(file).status.addresses) {
        if (a.type === 'InternalIP') results.set(a.address, normalizeIp(a.address));
      }
    }
    expect(results.get('xx.x.x.x')).toBeUndefined();
    expect(results.get('xx.x.xx.x')).toBeUndefined();
    for (const [raw, ip] of results) {
      if (raw.includes('x')) expect(ip).toBeUndefined();
      else expect(ip).toBe(raw);
    }
  });

  it('vSphere IPv6 interface addresses come out in RFC 5952 form, idempotently', () => {
    const values = collectJsonValues(
      readJson('nautobot-ssot-fixtures/vsphere/get_vm_interfaces_ipv6.json'),
      new Set(['ip_address']),
    );
    const v6 = values.filter((v) => v.includes(':'));
    expect(v6.length).toBeGreaterThan(0);
    for (const raw of v6) {
      const ip = normalizeIp(raw) as string;
      expect(ip).toBe(ip.toLowerCase());
      expect(ipVersion(ip)).toBe(6);
      expect(normalizeIp(ip)).toBe(ip);
      expect(ip).not.toMatch(/(^|:)0[0-9a-f]/); // no leading zeros
    }
  });
});
