import { describe, it, expect } from 'vitest';
import { parseHostName, shortHostName, type HostName } from '../../src/normalize/hostname.js';
import { hasRealData, listFiles, readJson } from './realdata.js';

describe('parseHostName', () => {
  it.each<[string, HostName]>([
    ['web01', { display: 'web01', host: 'web01', isIp: false }],
    ['WEB01', { display: 'WEB01', host: 'web01', isIp: false }],
    [
      '  web01.Corp.Example.com.  ',
      {
        display: 'web01.Corp.Example.com',
        host: 'web01',
        domain: 'corp.example.com',
        fqdn: 'web01.corp.example.com',
        isIp: false,
      },
    ],
    [
      'FIREWALL01.DOMAIN.LOCAL',
      {
        display: 'FIREWALL01.DOMAIN.LOCAL',
        host: 'firewall01',
        domain: 'domain.local',
        fqdn: 'firewall01.domain.local',
        isIp: false,
      },
    ],
    ['CORP\\WEB01', { display: 'CORP\\WEB01', host: 'web01', isIp: false }],
    [
      'corp.local\\web01.corp.local',
      {
        display: 'corp.local\\web01.corp.local',
        host: 'web01',
        domain: 'corp.local',
        fqdn: 'web01.corp.local',
        isIp: false,
      },
    ],
    ['ip-10-42-207-83', { display: 'ip-10-42-207-83', host: 'ip-10-42-207-83', isIp: false }],
    [
      'ip-172-31-10-93.us-east-2.compute.internal',
      {
        display: 'ip-172-31-10-93.us-east-2.compute.internal',
        host: 'ip-172-31-10-93',
        domain: 'us-east-2.compute.internal',
        fqdn: 'ip-172-31-10-93.us-east-2.compute.internal',
        isIp: false,
      },
    ],
    ['sql_01', { display: 'sql_01', host: 'sql_01', isIp: false }],
    ['12345', { display: '12345', host: '12345', isIp: false }],
    ['10.0.10.11', { display: '10.0.10.11', host: '10.0.10.11', isIp: true }],
    ['010.000.010.011', { display: '010.000.010.011', host: '10.0.10.11', isIp: true }],
    ['FE80::0001', { display: 'FE80::0001', host: 'fe80::1', isIp: true }],
    ['[2001:db8::1]', { display: '[2001:db8::1]', host: '2001:db8::1', isIp: true }],
    ['web01.', { display: 'web01', host: 'web01', isIp: false }],
  ])('%j parses', (input, expected) => {
    expect(parseHostName(input)).toEqual(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['   '],
    ['.'],
    ['...'],
    ['HR App Server 1'],
    ['admin@web01'],
    ['web01$'],
    ['web#01'],
    ['wéb01'],
    ['a..b'],
    ['.web01'],
    ['-.-'],
    ['CORP\\'],
    ['localhost'],
    ['LOCALHOST.localdomain'],
    ['localhost.example.com'],
    ['localhost6.localdomain6'],
    ['unknown'],
    ['None'],
    ['(none)'],
    ['-'],
    ['n/a'],
    ['10.1.2'],
    ['56.881.284.240'],
    ['1:2:3'],
    ['xx-xx-xxxxxxx-xxxxx.x.xxxxxxxx'],
    ['a'.repeat(64)],
    [`${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(62)}.example`], // 259 characters
  ])('%j is not a host name', (input) => {
    expect(parseHostName(input)).toBeUndefined();
  });

  it('accepts a 63-character label and a 253-character name', () => {
    expect(parseHostName('a'.repeat(63))?.host).toBe('a'.repeat(63));
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(long).toHaveLength(253);
    expect(parseHostName(long)?.fqdn).toBe(long);
  });
});

describe('shortHostName', () => {
  it.each([
    ['WEB01.corp.example.com', 'web01'],
    ['CORP\\Web01', 'web01'],
    ['web01', 'web01'],
    ['10.1.2.3', undefined],
    ['::1', undefined],
    ['HR App Server 1', undefined],
    ['localhost', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j -> %j', (input, expected) => {
    expect(shortHostName(input)).toBe(expected);
  });
});

describe.skipIf(!hasRealData)('parseHostName on real data', () => {
  interface Librenms {
    devices: { hostname: string; sysName: string }[];
  }
  const librenms = hasRealData
    ? readJson<Librenms>('nautobot-ssot-fixtures/librenms/get_librenms_devices.json').devices
    : [];
  const byHostname = (h: string) => librenms.find((d) => d.hostname === h);

  it('LibreNMS hostname and sysName agree despite case and qualification', () => {
    const fw = byHostname('FIREWALL01.DOMAIN.LOCAL');
    expect(parseHostName(fw?.hostname)?.fqdn).toBe('firewall01.domain.local');
    expect(parseHostName(fw?.sysName)?.fqdn).toBe('firewall01.domain.local');

    const r2 = byHostname('router02');
    expect(r2?.sysName).toBe('ROUTER02.SUBDOMAIN.EXAMPLE.COM');
    expect(shortHostName(r2?.hostname)).toBe('router02');
    expect(shortHostName(r2?.sysName)).toBe('router02');
    expect(parseHostName(r2?.sysName)?.domain).toBe('subdomain.example.com');
  });

  it('LibreNMS IP-as-name and empty names', () => {
    const ipNamed = byHostname('192.168.1.100');
    expect(parseHostName(ipNamed?.hostname)).toEqual({
      display: '192.168.1.100',
      host: '192.168.1.100',
      isIp: true,
    });
    expect(parseHostName(ipNamed?.sysName)?.isIp).toBe(true);
    const empty = librenms.filter((d) => d.hostname === '');
    expect(empty.length).toBeGreaterThan(0);
    for (const d of empty) expect(parseHostName(d.hostname)).toBeUndefined();
    // Every non-empty LibreNMS name is a valid host name or an IP.
    for (const d of librenms) {
      for (const name of [d.hostname, d.sysName]) {
        if (name !== '') expect(parseHostName(name), name).toBeDefined();
      }
    }
  });

  it('SSM ComputerName (short) and EC2 PrivateDnsName (FQDN) give the same short name', () => {
    interface Ssm {
      data: { InstanceInformationList: { InstanceId: string; ComputerName: string }[] };
    }
    interface Ec2 {
      data: { Reservations: { Instances: { InstanceId: string; PrivateDnsName: string }[] }[] };
    }
    const ssm = readJson<Ssm>(
      'cloud-custodian/aws/test_ec2_ssm_filter/ssm.DescribeInstanceInformation_1.json',
    );
    const ec2 = readJson<Ec2>('cloud-custodian/aws/test_ec2_ssm_filter/ec2.DescribeInstances_1.json');
    const instances = ec2.data.Reservations.flatMap((r) => r.Instances);
    const agents = ssm.data.InstanceInformationList;
    expect(agents.map((s) => s.InstanceId)).toEqual(['i-0ba3874e85bb97244', 'i-0dea82d960d56dc1d']);
    expect(shortHostName(agents[0]?.ComputerName)).toBe('ip-172-31-10-93');
    for (const agent of agents) {
      const instance = instances.find((i) => i.InstanceId === agent.InstanceId);
      const fromEc2 = parseHostName(instance?.PrivateDnsName);
      expect(fromEc2?.domain).toBe('us-east-2.compute.internal');
      expect(parseHostName(agent.ComputerName)?.domain).toBeUndefined();
      expect(shortHostName(agent.ComputerName)).toBe(fromEc2?.host);
    }
  });

  it('OpenShift node addresses: real names parse, x-masked names are rejected', () => {
    interface Node {
      status: { addresses: { type: string; address: string }[] };
    }
    let real = 0;
    let masked = 0;
    for (const file of listFiles('openshift-k8s/nodes', '.json')) {
      for (const a of readJson<Node>(file).status.addresses) {
        if (a.type !== 'Hostname' && a.type !== 'InternalDNS') continue;
        if (/^[x.-]+$/.test(a.address)) {
          masked++;
          expect(parseHostName(a.address), a.address).toBeUndefined();
        } else {
          real++;
          const h = parseHostName(a.address);
          expect(h?.fqdn ?? h?.host).toBe(a.address.toLowerCase());
          expect(h?.host).toBe(a.address.split('.')[0]?.toLowerCase());
        }
      }
    }
    expect(real).toBeGreaterThan(10);
    expect(masked).toBeGreaterThan(10);
  });
});
