import { describe, it, expect } from 'vitest';
import { parseOs, sameOs, type OsInfo } from '../../src/normalize/os.js';
import {
  collectJsonValues,
  collectXmlTexts,
  hasRealData,
  listFiles,
  readJson,
  readText,
} from './realdata.js';

const FAMILIES = new Set([
  'windows',
  'linux',
  'esxi',
  'macos',
  'unix',
  'network_os',
  'android',
  'ios',
  'embedded',
  'other',
]);

const os = (family: string, name?: string, version?: string): OsInfo => {
  const o: OsInfo = { family };
  if (name !== undefined) o.name = name;
  if (version !== undefined) o.version = version;
  return o;
};

/** Groups of notations that must agree exactly. */
const EQUIVALENT: readonly (readonly [OsInfo, readonly string[]])[] = [
  [
    os('linux', 'rhel', '8'),
    [
      'Red Hat Enterprise Linux 8',
      'Red Hat Enterprise Linux release 8.6 (Ootpa)',
      'Red Hat Enterprise Linux 8 (64-bit)',
      'Red Hat Enterprise Linux Server release 8.2 (Ootpa)',
      'RHEL 8.6',
      'rhel8',
      'rhel8_64Guest',
      'RHEL_8_64',
    ],
  ],
  [
    os('linux', 'ubuntu', '22'),
    [
      'Ubuntu 22.04.4 LTS',
      'Ubuntu 22',
      'Ubuntu 22.04',
      'Ubuntu-22.04',
      'ubuntu 22.04.4 lts (jammy jellyfish)',
    ],
  ],
  [os('linux', 'ubuntu'), ['ubuntu64Guest', 'Ubuntu Linux (64-bit)', 'UBUNTU_64', 'Ubuntu', 'Ubuntu Pro']],
  [
    os('linux', 'sles', '15'),
    [
      'SUSE Linux Enterprise Server 15',
      'SUSE Linux Enterprise Server release 15.3',
      'SLES 15 SP3',
      'SUSE Linux Enterprise 15 (64-bit)',
      'sles15_64Guest',
    ],
  ],
  [
    os('windows', 'windows server', '2019'),
    [
      'Windows Server 2019 Standard',
      'Microsoft Windows Server 2019 (64-bit)',
      'Microsoft Windows Server 2019 Datacenter',
      'Microsoft Windows Server 2019',
      'Microsoft® Windows Server® 2019 Standard',
      'windows2019srv_64Guest',
      'WINDOWS_SERVER_2019',
      'Windows 2019',
    ],
  ],
  [
    os('windows', 'windows server', '2022'),
    ['Windows Server 2022 Datacenter', 'windows2019srvNext_64Guest', 'WINDOWS_SERVER_2021'],
  ],
  [
    os('windows', 'windows server', '2012 R2'),
    [
      'Microsoft Windows Server 2012 R2 Standard',
      'Windows Server 2012 R2',
      'Windows 2012 R2',
      'Windows Server 2012R2',
    ],
  ],
  [
    os('windows', 'windows server', '2012'),
    ['Microsoft Windows Server 2012 Standard', 'Windows Server 2012'],
  ],
  [os('windows', 'windows server', '2016'), ['Windows Server 2016 Datacenter', 'windows9Server64Guest']],
  [
    os('windows', 'windows server', '2008 R2'),
    ['Windows Server 2008 R2 Enterprise', 'windows7Server64Guest'],
  ],
  [os('windows', 'windows server'), ['windows8Server64Guest', 'Windows Server', 'Windows Server Datacenter']],
  [
    os('windows', 'windows', '10'),
    [
      'Windows 10 Enterprise',
      'Microsoft Windows 10 Pro',
      'windows9_64Guest',
      'Windows 10 Enterprise 2016 LTSB',
      'Win10',
    ],
  ],
  [os('windows', 'windows', '11'), ['Windows 11 Pro', 'windows11_64Guest']],
  [os('windows', 'windows', '8.1'), ['Microsoft Windows 8.1 Professionnel']],
  [os('windows', 'windows', '7'), ['Microsoft Windows 7 Professional', 'windows7_64Guest']],
  [os('windows'), ['Windows', 'windows', 'Microsoft Windows', 'Windows NT']],
  [
    os('esxi', 'esxi', '7'),
    [
      'ESXi 7.0',
      'VMware ESXi 7.0.3 build-20036589',
      'VMware ESXi 7.0',
      'vmkernel7Guest',
      'VMware ESXi 7.0 U3',
    ],
  ],
  [os('esxi', 'esxi', '6'), ['VMware ESXi 6.7.0', 'vmkernel65Guest', 'VMware ESX 6.0']],
  [
    os('network_os', 'nx-os', '10'),
    ['NX-OS 10.2', 'Cisco NX-OS 10.2(3)', 'Cisco Nexus Operating System (NX-OS) Software 10.1'],
  ],
  [os('network_os', 'nx-os'), ['Cisco NX-OS 9.X', 'nxos']],
  // A switch's model number is not its OS release.
  [os('network_os', 'arubaos'), ['HPE Aruba 6300 switch', 'Aruba 2930F']],
  [os('network_os', 'arubaos', '10'), ['ArubaOS-CX 10.08', 'HPE Aruba 6300 ArubaOS-CX 10.13.1000']],
  [
    os('network_os', 'ios', '12'),
    ['Cisco IOS Software, C3560 Software (C3560-IPBASEK9-M), Version 12.2(53)SEY4', 'Cisco IOS 12.2'],
  ],
  [os('network_os', 'ios'), ['ios', 'IOS', 'Cisco IOS']],
  [os('network_os', 'ios-xe', '16'), ['IOS-XE 16.12.3', 'Cisco IOS XE Software, Version 16.06.04']],
  [
    os('network_os', 'junos', '20'),
    ['Juniper Networks, Inc. mx480 internet router, kernel JUNOS 20.4R3.8', 'JUNOS 20.4R3.8'],
  ],
  [os('network_os', 'eos', '4'), ['EOS 4.22.4M', 'Arista Networks EOS version 4.27.0F']],
  [os('network_os', 'fortios', '6'), ['FortiGate-60F v6.4.9,build2002,220427 (GA)', 'FortiOS v6.4.9']],
  [os('network_os', 'routeros'), ['RouterOS RBwAPG-60ad', 'routeros', 'MikroTik RouterOS']],
  [
    os('network_os', 'netscaler', '12'),
    ['NetScaler NS12.1: Build 63.22.nc, Date: Oct 13 2021, 01:18:50   (64-bit)'],
  ],
  [os('network_os', 'pan-os', '10'), ['PAN-OS 10.1.6', 'Palo Alto Networks PAN-OS 10.1']],
  [
    os('network_os', 'openwrt'),
    ['OpenWrt 0.9 - 7.09 (Linux 2.4.30 - 2.4.34)', 'OpenWrt Kamikaze 7.09 (Linux 2.6.22)'],
  ],
  [os('network_os', 'unifi'), ['unifi', 'Device with Ubiquiti UniFi OS']],
  [
    os('network_os'),
    [
      'Netgear DG834G WAP',
      'Asus RT-N16 WAP (Linux 2.6)',
      'Check Point VPN-1 UTM appliance',
      'Cisco 2960 switch',
    ],
  ],
  [
    os('linux'),
    [
      'Linux 4.15 - 5.19',
      'Linux 3.X',
      'Linux 2.6.32',
      'Linux 2.6.9 - 2.6.30',
      'Linux/UNIX',
      'linux',
      'Linux',
      'other3xLinux64Guest',
      'otherLinux64Guest',
      'OTHER_LINUX_64',
      'GNU/Linux',
      'Device with Linux OS',
    ],
  ],
  [
    os('embedded'),
    [
      'HP printer',
      'HP LaserJet printer',
      'embedded',
      'Linux 2.6.13 (embedded)',
      'Chumby Internet radio',
      'Axis IP camera',
    ],
  ],
  [
    os('linux', 'centos', '7'),
    ['CentOS Linux release 7.9.2009 (Core)', 'CentOS 7 (64-bit)', 'centos7_64Guest'],
  ],
  [os('linux', 'centos'), ['CentOS 4/5 or later (64-bit)', 'centos64Guest']],
  [os('linux', 'debian', '12'), ['Debian GNU/Linux 12 (bookworm)', 'Debian 12.5', 'debian12_64Guest']],
  [
    os('linux', 'oracle linux', '8'),
    [
      'Oracle Linux Server 8.7',
      'Oracle Linux Server release 8.7',
      'Oracle Linux 8 (64-bit)',
      'oracleLinux8_64Guest',
      'OL8',
    ],
  ],
  [os('linux', 'amazon linux', '2'), ['Amazon Linux 2', 'amazonlinux2_64Guest', 'amzn2']],
  [os('linux', 'amazon linux', '2023'), ['Amazon Linux 2023']],
  [os('linux', 'rocky', '9'), ['Rocky Linux 9.2', 'Rocky Linux release 9.2 (Blue Onyx)']],
  [os('linux', 'alma', '9'), ['AlmaLinux 9.1', 'AlmaLinux release 9.1 (Lime Lynx)']],
  [os('linux', 'fedora', '31'), ['Fedora 31 (Workstation Edition)', 'Fedora release 31 (Thirty One)']],
  [os('linux', 'fedora', '6'), ['Linux 2.6.22 (Fedora Core 6)']],
  [os('linux', 'opensuse', '15'), ['openSUSE Leap 15.4']],
  [
    os('linux', 'rhcos', '4.7'),
    [
      'Red Hat Enterprise Linux CoreOS 47.83.202103191543-0 (Ootpa)',
      'Red Hat Enterprise Linux CoreOS 47.83.202106032343-0 (Ootpa)',
    ],
  ],
  [os('macos', 'macos', '13'), ['macOS 13.4', 'macOS Ventura 13.4.1', 'darwin22_64Guest']],
  [os('macos', 'macos', '10.15'), ['Mac OS X 10.15.7', 'macOS 10.15', 'darwin19_64Guest']],
  [
    os('macos', 'macos', '10.8'),
    [
      'Apple Mac OS X 10.8 (Mountain Lion) (Darwin 12.0.0)',
      'Mac OS X (Darwin 12.0.0)',
      'Mac OS X 10.8 - 10.8.1',
    ],
  ],
  [os('macos', 'macos'), ['Mac OS X', 'macOS', 'OS X']],
  [os('ios', 'ios', '17'), ['iOS 17.1', 'Apple iOS 17', 'iPadOS 17.2']],
  [os('android', 'android', '12'), ['Android 12', 'Snow Cone Android 12.0 api 31']],
  [os('android', 'android', '10'), ['Q Android 10.0 api 29']],
  [os('unix', 'freebsd', '13'), ['FreeBSD 13.1', 'FreeBSD 13.1-RELEASE-p3', 'freebsd13_64Guest']],
  [os('unix', 'aix', '7'), ['AIX 7.2', 'IBM AIX 7.1']],
  [os('unix', 'solaris', '11'), ['Oracle Solaris 11.4', 'SunOS 5.11', 'solaris11_64Guest']],
  [os('unix', 'hp-ux', '11'), ['HP-UX B.11.31', 'HPUX 11.31']],
  [os('other', 'windows phone', '7'), ['Microsoft Windows Phone 7.5']],
];

describe('parseOs: equivalent notations agree', () => {
  const cases = EQUIVALENT.flatMap(([expected, inputs]) => inputs.map((input) => [input, expected] as const));
  it.each(cases)('%j', (input, expected) => {
    expect(parseOs(input)).toEqual(expected);
  });
});

describe('parseOs: no guessing', () => {
  it.each([
    ['Microsoft Windows Vista SP0 or SP1, Server 2008 SP1, or Windows 7', os('windows')],
    ['Microsoft Windows Vista SP2, Windows 7 SP1, or Windows Server 2008', os('windows')],
    // Alternatives of different families keep nmap's first guess, family only.
    ['Apple Mac OS X 10.8 - 10.8.1 (Mountain Lion) (Darwin 12.0.0 - 12.1.0) or iOS 5.0.1', os('macos')],
    ['Linux 3.7 - 3.15 or Windows 7', os('linux')],
    ['Red Hat Enterprise Linux 7 or 8', os('linux', 'rhel')],
    ['macOS 12 - 13', os('macos', 'macos')],
  ])('%j -> %j', (input, expected) => {
    expect(parseOs(input)).toEqual(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['   '],
    ['unknown'],
    ['Other'],
    ['N/A'],
    ['unknown_os'],
    ['test_os'],
    ['new_platform_os'],
    ['otherGuest'],
    ['otherGuest64'],
    ['Device with unknown OS'],
    ['Some Appliance 3000'],
  ])('%j -> undefined', (input) => {
    expect(parseOs(input)).toBeUndefined();
  });

  it('returns a fresh object each time', () => {
    const a = parseOs('RHEL 8.6');
    const b = parseOs('RHEL 8.6');
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    (a as OsInfo).version = '9';
    expect(parseOs('RHEL 8.6')?.version).toBe('8');
  });
});

describe('parseOs with hints', () => {
  it.each<[string | undefined, { name?: string; version?: string }, OsInfo | undefined]>([
    [undefined, { name: 'Windows', version: '2019' }, os('windows', 'windows server', '2019')],
    ['Windows', { version: '2019' }, os('windows', 'windows server', '2019')],
    ['Windows', { version: '2012 R2' }, os('windows', 'windows server', '2012 R2')],
    ['Windows', { version: '10.0.17763' }, os('windows')], // a build number says nothing certain
    [undefined, { name: 'Ubuntu', version: '18.04' }, os('linux', 'ubuntu', '18')],
    [
      'Fedora 31 (Workstation Edition)',
      { name: 'Fedora', version: '31 (Workstation Edition)' },
      os('linux', 'fedora', '31'),
    ],
    ['Q Android 10.0 api 29', { name: 'Q Android 10.0', version: '29' }, os('android', 'android', '10')],
    ['routeros', { version: '7.8' }, os('network_os', 'routeros', '7')],
    ['junos', { version: '20.4R3.8' }, os('network_os', 'junos', '20')],
    ['ios', { version: '12.2(53)SEY4' }, os('network_os', 'ios', '12')],
    ['fortios', { version: 'v6.4.9' }, os('network_os', 'fortios', '6')],
    ['RHEL 8.6', { version: '9' }, os('linux', 'rhel', '8')], // the text's own version wins
    ['Linux/UNIX', { version: '5.10' }, os('linux')], // a kernel version stays unused
    [undefined, {}, undefined],
    ['', { name: '', version: '8' }, undefined],
  ])('%j + %j', (input, hints, expected) => {
    expect(parseOs(input, hints)).toEqual(expected);
  });
});

describe('sameOs', () => {
  it.each<[OsInfo, OsInfo, boolean | undefined]>([
    [os('linux', 'rhel', '8'), os('linux', 'rhel', '8'), true],
    [os('linux', 'rhel', '8'), os('linux', 'rhel', '9'), false],
    [os('linux', 'rhel', '8'), os('linux', 'centos', '8'), false],
    [os('linux', 'rhel', '8'), os('linux', 'rhel'), true],
    [os('linux', 'rhel', '8'), os('linux'), true],
    [os('linux'), os('linux'), true],
    [os('linux'), os('windows'), false],
    [os('windows', 'windows server', '2012'), os('windows', 'windows server', '2012 R2'), false],
    [os('windows', 'windows server', '2019'), os('windows', 'windows', '10'), false],
    [os('windows'), os('windows', 'windows server', '2019'), true],
    [os('esxi', 'esxi', '7'), os('linux'), false],
    [os('other', 'windows phone', '7'), os('other', 'windows phone', '7'), true],
    [os('other', 'windows phone', '7'), os('other', 'windows phone', '8'), false],
    [os('other', 'windows phone'), os('other'), undefined],
    [os('other'), os('windows'), undefined],
    [os('linux'), os('other'), undefined],
  ])('%j vs %j -> %j', (a, b, expected) => {
    expect(sameOs(a, b)).toBe(expected);
    expect(sameOs(b, a)).toBe(expected);
  });

  it('agrees across the notations of one OS', () => {
    const a = parseOs('Red Hat Enterprise Linux release 8.6 (Ootpa)') as OsInfo;
    const b = parseOs('rhel8_64Guest') as OsInfo;
    const c = parseOs('Linux 4.15 - 5.19') as OsInfo;
    expect(sameOs(a, b)).toBe(true);
    expect(sameOs(a, c)).toBe(true);
    expect(sameOs(a, parseOs('Ubuntu 22.04') as OsInfo)).toBe(false);
  });
});

describe.skipIf(!hasRealData)('parseOs on real data', () => {
  it('every nmap osmatch parses to a family, with the expected detail', () => {
    const names = new Set<string>();
    for (const file of listFiles('nmap-libnmap', '.xml')) {
      for (const m of readText(file).matchAll(/<osmatch name="([^"]*)"/g)) names.add(m[1] as string);
    }
    expect(names.size).toBeGreaterThan(20);
    const parsed = Object.fromEntries([...names].sort().map((n) => [n, parseOs(n)]));
    for (const [n, info] of Object.entries(parsed)) {
      expect(info, n).toBeDefined();
      expect(FAMILIES.has(info?.family as string), n).toBe(true);
    }
    expect(parsed).toEqual({
      'Apple Mac OS X 10.8 (Mountain Lion) (Darwin 12.0.0)': os('macos', 'macos', '10.8'),
      'Apple Mac OS X 10.8 - 10.8.1 (Mountain Lion) (Darwin 12.0.0 - 12.1.0) or iOS 5.0.1': os('macos'),
      'Asus RT-N16 WAP (Linux 2.6)': os('network_os'),
      'Check Point VPN-1 UTM appliance': os('network_os'),
      'Chumby Internet radio': os('embedded'),
      'Linux 2.6.13 (embedded)': os('embedded'),
      'Linux 2.6.22 (Fedora Core 6)': os('linux', 'fedora', '6'),
      'Linux 2.6.32': os('linux'),
      'Linux 2.6.34': os('linux'),
      'Linux 2.6.9 - 2.6.30': os('linux'),
      'Linux 3.7 - 3.15': os('linux'),
      'Linux 4.15 - 5.6': os('linux'),
      'Microsoft Windows 7 Professional': os('windows', 'windows', '7'),
      'Microsoft Windows Phone 7.5': os('other', 'windows phone', '7'),
      'Microsoft Windows Server 2008 Beta 3': os('windows', 'windows server', '2008'),
      'Microsoft Windows Vista SP0 or SP1, Server 2008 SP1, or Windows 7': os('windows'),
      'Microsoft Windows Vista SP0 or SP1, Windows Server 2008 SP1, or Windows 7': os('windows'),
      'Microsoft Windows Vista SP2, Windows 7 SP1, or Windows Server 2008': os('windows'),
      'Netgear DG834G WAP': os('network_os'),
      'OpenWrt 0.9 - 7.09 (Linux 2.4.30 - 2.4.34)': os('network_os', 'openwrt'),
      'OpenWrt Kamikaze 7.09 (Linux 2.6.22)': os('network_os', 'openwrt'),
      'OpenWrt Kamikaze 8.09 (Linux 2.6.25 - 2.6.26)': os('network_os', 'openwrt'),
      'OpenWrt White Russian 0.9 (Linux 2.4.30)': os('network_os', 'openwrt'),
    });
  });

  it('GLPI full names (JSON and XML)', () => {
    const values: string[] = [];
    for (const file of listFiles('glpi-inventory/examples', '.json')) {
      collectJsonValues(readJson(file), new Set(['full_name']), values);
    }
    for (const file of listFiles('glpi-inventory/xml', '.xml'))
      values.push(...collectXmlTexts(readText(file), ['FULL_NAME']));
    const parsed = Object.fromEntries([...new Set(values)].sort().map((v) => [v, parseOs(v)]));
    expect(parsed).toEqual({
      'Fedora 31 (Workstation Edition)': os('linux', 'fedora', '31'),
      'Fedora release 25 (Twenty Five)': os('linux', 'fedora', '25'),
      'Mac OS X': os('macos', 'macos'),
      'Microsoft Windows 8.1 Professionnel': os('windows', 'windows', '8.1'),
      'Q Android 10.0 api 29': os('android', 'android', '10'),
      'Snow Cone Android 12.0 api 31': os('android', 'android', '12'),
      'Tiramisu Android 13.0 api 33': os('android', 'android', '13'),
      macOS: os('macos', 'macos'),
    });
  });

  it('OpenShift osImage: RHCOS with its OpenShift release', () => {
    const images = new Set<string>();
    for (const file of listFiles('openshift-k8s/nodes', '.json')) {
      images.add((readJson(file) as { status: { nodeInfo: { osImage: string } } }).status.nodeInfo.osImage);
    }
    const parsed = Object.fromEntries([...images].sort().map((i) => [i, parseOs(i)]));
    expect(parsed).toEqual({
      'Red Hat Enterprise Linux CoreOS 44.81.202006231330-0 (Ootpa)': os('linux', 'rhcos', '4.4'),
      'Red Hat Enterprise Linux CoreOS 44.82.202008011133-0 (Ootpa)': os('linux', 'rhcos', '4.4'),
      'Red Hat Enterprise Linux CoreOS 47.83.202103191543-0 (Ootpa)': os('linux', 'rhcos', '4.7'),
      'Red Hat Enterprise Linux CoreOS 47.83.202106032343-0 (Ootpa)': os('linux', 'rhcos', '4.7'),
    });
  });

  it('LibreNMS os + version fields', () => {
    interface Librenms {
      devices: { hostname: string; os: string; version: string }[];
    }
    const devices = readJson<Librenms>('nautobot-ssot-fixtures/librenms/get_librenms_devices.json').devices;
    const parsed = Object.fromEntries(
      devices.slice(0, 7).map((d) => [d.hostname, parseOs(d.os, { version: d.version })] as const),
    );
    expect(parsed).toEqual({
      '10.0.10.11': os('network_os', 'routeros', '7'),
      '10.0.255.255': os('network_os', 'routeros', '7'),
      '192.168.1.100': os('network_os', 'ios', '12'),
      'switch01.company.com': os('network_os', 'ios', '15'),
      'FIREWALL01.DOMAIN.LOCAL': os('network_os', 'fortios', '6'),
      router02: os('network_os', 'junos', '20'),
      server01: os('windows'),
    });
    for (const d of devices) {
      if (d.os === '' || d.os.endsWith('_os') || d.os.includes('platform'))
        expect(parseOs(d.os), d.os).toBeUndefined();
      else expect(parseOs(d.os), d.os).toBeDefined();
    }
  });

  it('AWS: EC2 PlatformDetails and SSM PlatformName/Version', () => {
    const platforms: string[] = [];
    for (const file of listFiles('cloud-custodian/aws', '.json')) {
      if (file.includes('ec2.DescribeInstances'))
        collectJsonValues(readJson(file), new Set(['PlatformDetails']), platforms);
    }
    expect(new Set(platforms)).toEqual(new Set(['Linux/UNIX', 'Windows']));
    expect(parseOs('Linux/UNIX')).toEqual(os('linux'));
    expect(parseOs('Windows')).toEqual(os('windows'));
    interface Ssm {
      data: {
        InstanceInformationList: { PlatformName: string; PlatformVersion: string; PlatformType: string }[];
      };
    }
    const agents = readJson<Ssm>(
      'cloud-custodian/aws/test_ec2_ssm_filter/ssm.DescribeInstanceInformation_1.json',
    ).data.InstanceInformationList;
    for (const a of agents) {
      expect(parseOs(a.PlatformName, { version: a.PlatformVersion })).toEqual(os('linux', 'ubuntu', '18'));
      expect(sameOs(parseOs(a.PlatformType) as OsInfo, os('linux', 'ubuntu', '18'))).toBe(true);
    }
  });

  it('vSphere guest_OS enum values', () => {
    const values: string[] = [];
    for (const file of listFiles('nautobot-ssot-fixtures/vsphere', '.json')) {
      collectJsonValues(readJson(file), new Set(['guest_OS']), values);
    }
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(parseOs(v), v).toBeDefined();
    expect(parseOs('UBUNTU_64')).toEqual(os('linux', 'ubuntu'));
  });
});
