#!/usr/bin/env node
// Writes the sample estate of fixtures/sample-estate/: a small, made-up but realistic IT estate
// (Brunsvik Logistics A/S) in every format the workbench imports, with every kind of discrepancy
// planted on purpose and documented in its README.md and expected-findings.json.
//
//   node scripts/make-sample-estate.mjs [--out <dir>]
//
// Plain Node, no dependencies, no randomness: identifiers are derived from names with MD5, so two runs
// write byte-identical files. Every value is invented for this estate.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  let out = path.join(ROOT, 'fixtures', 'sample-estate');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' && argv[i + 1]) out = path.resolve(argv[++i]);
    else if (a.startsWith('--out=')) out = path.resolve(a.slice(6));
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node scripts/make-sample-estate.mjs [--out <dir>]\n');
      process.exit(0);
    } else {
      process.stderr.write(`unknown argument: ${a}\n`);
      process.exit(2);
    }
  }
  return { out };
}

// ---------------------------------------------------------------------------------------------------
// Deterministic identifiers

const md5 = (s) => createHash('md5').update(s).digest('hex');
/** ServiceNow sys_id of a CI, user, group or relationship. */
const sysId = (label) => md5(`brunsvik/servicenow/${label}`);
const dashed = (h) =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
/** vCenter-generated BIOS UUIDs start with 42, instance UUIDs with 50. */
const biosUuid = (label) => dashed(`42${md5(`bios/${label}`)}`.slice(0, 32));
const instanceUuid = (label) => dashed(`50${md5(`vmuuid/${label}`)}`.slice(0, 32));
/** The serial number VMware shows for a BIOS UUID: "VMware-42 1a 2b ... 70-81 92 ... f8". */
function vmwareSerial(uuid) {
  const h = uuid.replace(/-/g, '');
  const bytes = h.match(/../g);
  return `VMware-${bytes.slice(0, 8).join(' ')}-${bytes.slice(8).join(' ')}`;
}
/** A vCenter-assigned MAC (00:50:56:80-bf:xx:xx), upper case as ServiceNow and nmap print it. */
function vmMac(label) {
  const h = md5(`mac/${label}`);
  const b4 = (0x80 + (parseInt(h.slice(0, 2), 16) % 0x40)).toString(16);
  return `00:50:56:${b4}:${h.slice(2, 4)}:${h.slice(4, 6)}`.toUpperCase();
}
const hex = (label, n) => md5(label).slice(0, n);
const lower = (s) => s.toLowerCase();

// ---------------------------------------------------------------------------------------------------
// The company

const COMPANY = 'Brunsvik Logistics A/S';
const DOMAIN = 'corp.brunsvik.example';
const HAM_DOMAIN = 'ham.corp.brunsvik.example';
const AWS_REGION = 'eu-central-1';

const PEOPLE = {
  soren: 'Søren Bæk',
  mette: 'Mette Kjær',
  jurgen: 'Jürgen Köhler',
  ida: 'Ida Østergaard',
  lars: 'Lars Nørgaard',
  anne: 'Anne-Sofie Winther',
  mikkel: 'Mikkel Bødker',
  katrin: 'Katrin Weiß',
  rasmus: 'Rasmus Holm',
  nanna: 'Nanna Friis',
  emil: 'Emil Dahl',
  pernille: 'Pernille Laursen',
  thomas: 'Thomas Krogh',
};

const GROUPS = {
  infra: 'Infrastructure Team',
  net: 'Network Team',
  tms: 'Transport Systems',
  wms: 'Warehouse Systems',
  dba: 'DBA Team',
  hr: 'HR Systems',
  int: 'Integration Team',
  erp: 'ERP Team',
  plat: 'Platform Team',
  bi: 'Data & BI',
  dig: 'Digital Channels',
  work: 'Workplace Services',
  ham: 'Hamburg Site IT',
};

const LOCATIONS = {
  AAR: 'Aarhus DC1',
  AAR_OFFICE: 'Aarhus HQ',
  AAR_WH: 'Aarhus Warehouse',
  HAM: 'Hamburg Hafen',
  ESB: 'Esbjerg Depot',
  AWS: `AWS ${AWS_REGION}`,
};

// ---------------------------------------------------------------------------------------------------
// Operating systems as each source writes them

// prettier-ignore
const OS = {
  esxi8: { sn: ['ESXi', '8.0.3'], nmap: 'esxi' },
  iosxe: { sn: ['IOS-XE', '17.9.4'], nmap: 'iosxe' },
  fortios: { sn: ['FortiOS', '7.2.8'], nmap: 'fortios', netbox: 'FortiOS 7.2' },
  aoscx: { sn: ['ArubaOS-CX', '10.13'], nmap: 'aoscx', netbox: 'ArubaOS-CX 10.13' },
  rhel8: {
    sn: ['Linux Red Hat', '8.10'],
    rv: ['Red Hat Enterprise Linux 8 (64-bit)', 'Red Hat Enterprise Linux 8 (64-bit)'],
    glpi: {
      full_name: 'Red Hat Enterprise Linux release 8.10 (Ootpa)',
      name: 'Red Hat Enterprise Linux',
      version: '8.10',
      kernel_name: 'linux',
      kernel_version: '4.18.0-553.27.1.el8_10.x86_64',
    },
    nmap: 'linux',
  },
  rhel7: {
    sn: ['Linux Red Hat', '7.9'],
    rv: ['Red Hat Enterprise Linux 7 (64-bit)', 'Red Hat Enterprise Linux 7 (64-bit)'],
    nmap: 'linux',
  },
  centos7: { sn: ['Linux CentOS', '7.9'], nmap: 'linux' },
  ubuntu22: {
    sn: ['Linux Ubuntu', '22.04'],
    rv: ['Ubuntu Linux (64-bit)', 'Ubuntu 22.04.5 LTS'],
    glpi: {
      full_name: 'Ubuntu 22.04.5 LTS',
      name: 'Ubuntu',
      version: '22.04.5 LTS (Jammy Jellyfish)',
      kernel_name: 'linux',
      kernel_version: '5.15.0-125-generic',
    },
    nmap: 'linux',
  },
  debian12: {
    sn: ['Linux Debian', '12'],
    glpi: {
      full_name: 'Debian GNU/Linux 12 (bookworm)',
      name: 'Debian GNU/Linux',
      version: '12.8',
      kernel_name: 'linux',
      kernel_version: '6.1.0-27-amd64',
    },
    nmap: 'linux',
    netbox: 'Debian 12',
  },
  proxmox8: { sn: ['Linux Debian', '12'], nmap: 'linux', netbox: 'Proxmox VE 8' },
  photon4: {
    sn: ['Linux Photon', '4.0'],
    rv: ['VMware Photon OS (64-bit)', 'VMware Photon OS (64-bit)'],
    nmap: 'linux',
  },
  amazon2023: {
    glpi: {
      full_name: 'Amazon Linux 2023.6.20241121',
      name: 'Amazon Linux',
      version: '2023',
      kernel_name: 'linux',
      kernel_version: '6.1.115-126.197.amzn2023.x86_64',
    },
  },
  ws2012r2: {
    sn: ['Windows 2012 R2 Standard', '6.3.9600'],
    rv: ['Microsoft Windows Server 2012 (64-bit)', 'Microsoft Windows Server 2012 R2 (64-bit)'],
    nmap: 'Microsoft Windows Server 2012 R2',
  },
  ws2016: {
    sn: ['Windows 2016 Standard', '10.0.14393'],
    rv: ['Microsoft Windows Server 2016 or later (64-bit)', 'Microsoft Windows Server 2016 (64-bit)'],
    nmap: 'Microsoft Windows Server 2016',
  },
  ws2019: {
    sn: ['Windows 2019 Standard', '10.0.17763'],
    rv: ['Microsoft Windows Server 2016 or later (64-bit)', 'Microsoft Windows Server 2019 (64-bit)'],
    glpi: {
      full_name: 'Microsoft Windows Server 2019 Standard',
      name: 'Windows',
      version: '1809',
      kernel_name: 'MSWin32',
      kernel_version: '10.0.17763',
    },
    nmap: 'Microsoft Windows Server 2019',
    netbox: 'Windows Server 2019',
  },
  ws2022: {
    sn: ['Windows 2022 Standard', '10.0.20348'],
    rv: ['Microsoft Windows Server 2016 or later (64-bit)', 'Microsoft Windows Server 2022 (64-bit)'],
    glpi: {
      full_name: 'Microsoft Windows Server 2022 Standard',
      name: 'Windows',
      version: '21H2',
      kernel_name: 'MSWin32',
      kernel_version: '10.0.20348',
    },
    nmap: 'Microsoft Windows Server 2022',
    netbox: 'Windows Server 2022',
  },
};

// ---------------------------------------------------------------------------------------------------
// The machines. One entry per real machine; `sn`, `nmap`, `rv`, `glpi`, `assets`, `netbox` say which
// sources know it, and `snOverride` holds what the CMDB got wrong (the planted discrepancies).

const ESX_HOST = (n) => `aar-esx0${n}.${DOMAIN}`;

/** @type {Array<Record<string, any>>} */
// prettier-ignore
const MACHINES = [
  // --- Aarhus DC1: network ------------------------------------------------------------------------
  {
    name: 'aar-fw01', kind: 'firewall', site: 'AAR', ip: '10.20.0.1', mac: '04:D5:90:2C:7E:10',
    serial: 'FG200FTK22904417', vendor: 'Fortinet', model: 'FortiGate 200F', os: 'fortios',
    owner: 'thomas', group: 'net', asset: 'BRL-00920', bought: '02.05.2022', price: '9.870,00 €',
    sn: { discovered: '2026-11-21 23:41:07' }, nmap: true, assets: true,
  },
  {
    name: 'aar-core-sw01', kind: 'switch', site: 'AAR', ip: '10.20.0.2', mac: '70:B3:17:4A:20:01',
    serial: 'FCW2318L0H2', vendor: 'Cisco Systems', model: 'Catalyst C9500-24Y4C', os: 'iosxe',
    owner: 'thomas', group: 'net', asset: 'BRL-00911', bought: '17.01.2022', price: '21.480,00 €',
    sn: { discovered: '2026-11-21 23:40:52' }, nmap: true, assets: true,
  },
  {
    name: 'aar-core-sw02', kind: 'switch', site: 'AAR', ip: '10.20.0.3', mac: '70:B3:17:4A:31:81',
    serial: 'FCW2320G1AZ', vendor: 'Cisco Systems', model: 'Catalyst C9500-24Y4C', os: 'iosxe',
    owner: 'thomas', group: 'net', asset: 'BRL-00912', bought: '17.01.2022', price: '21.480,00 €',
    sn: { discovered: '2026-11-21 23:40:58' }, nmap: true, assets: true,
  },
  // --- Aarhus DC1: ESXi hosts (vSphere cluster AAR-PROD-CL01) -------------------------------------
  ...[
    ['7QJ8KM3', 'D0:94:66:5B:10:A1', 'BRL-01041'],
    ['9TX4RB3', 'D0:94:66:5B:11:3C', 'BRL-01042'],
    ['H2LC9N3', 'D0:94:66:5B:12:F7', 'BRL-01043'],
  ].map(([serial, mac, asset], i) => ({
    name: `aar-esx0${i + 1}`, fqdnName: true, kind: 'esxi', site: 'AAR', ip: `10.20.1.1${i + 1}`, mac,
    serial, vendor: 'Dell Inc.', model: 'PowerEdge R750', os: 'esxi8', cpu: 2, ram: 786432,
    owner: 'soren', group: 'infra', asset, bought: '08.03.2023', price: '38.950,00 €',
    sn: { discovered: `2026-11-21 23:3${i}:1${i}` }, nmap: true, assets: true,
  })),
  // --- Aarhus DC1: physical servers ---------------------------------------------------------------
  {
    name: 'aar-db01', kind: 'server', site: 'AAR', ip: '10.20.10.21', mac: '94:40:C9:3A:5E:10',
    serial: 'CZJ0470B2K', vendor: 'Hewlett Packard Enterprise', model: 'ProLiant DL380 Gen10', os: 'rhel8',
    cpu: 2, cores: 16, ram: 393216, glpiRam: 385351, owner: 'lars', group: 'dba', asset: 'BRL-01102',
    bought: '21.09.2020', price: '27.310,00 €',
    // Planted: the CMDB serial has two digits swapped (CZJ0470B2K -> CZJ0740B2K).
    sn: { discovered: '2026-11-21 23:45:31' }, snOverride: { serial: 'CZJ0740B2K' },
    nmap: { ports: ['ssh', 'oracle'] }, glpi: { format: 'xml', logdate: '2026-11-21 03:12:44' }, assets: true,
  },
  {
    name: 'aar-bkp01', kind: 'server', site: 'AAR', ip: '10.20.10.25', mac: 'F4:02:70:B1:6E:22',
    serial: '5MZ3HK2', vendor: 'Dell Inc.', model: 'PowerEdge R740xd', os: 'ws2019', cpu: 2, cores: 12,
    ram: 131072, owner: 'soren', group: 'infra', asset: 'BRL-01105', bought: '04.02.2021',
    price: '18.640,00 €', sn: { discovered: '2026-11-21 23:46:02' }, nmap: { ports: ['win', 'http'] },
    glpi: { logdate: '2026-11-22 01:02:19' }, assets: true,
  },
  {
    // The new file server: same name and IP as the old one it replaced in March 2026.
    name: 'aar-file01', kind: 'server', site: 'AAR', ip: '10.20.10.30', mac: 'D0:94:66:7A:02:5E',
    serial: '8FQ2KT3', vendor: 'Dell Inc.', model: 'PowerEdge R760xs', os: 'ws2022', cpu: 1, cores: 16,
    ram: 65536, owner: 'soren', group: 'infra', asset: 'BRL-01388', bought: '11.02.2026',
    price: '14.225,00 €', sn: { discovered: '2026-11-21 23:46:40', label: 'aar-file01#2026' },
    nmap: { ports: ['win'] }, glpi: { logdate: '2026-11-22 00:47:55' }, assets: true,
  },
  {
    // The old file server, decommissioned in March 2026: retired in the CMDB, disposed in the register.
    name: 'aar-file01', kind: 'server', site: 'AAR', ip: '10.20.10.30', mac: '3C:A8:2A:11:9D:E4',
    serial: 'CZJ5210XK4', vendor: 'Hewlett Packard Enterprise', model: 'ProLiant DL380 Gen9', os: 'ws2012r2',
    cpu: 2, ram: 65536, owner: 'soren', group: 'infra', asset: 'BRL-00617', bought: '30.06.2016',
    price: '11.980,00 €', retired: true, assetStatus: 'Disposed',
    sn: { discovered: '2026-03-24 23:51:12', label: 'aar-file01#2016', updated: '2026-03-31 14:02:45' },
    assets: true,
  },
  {
    // Powered off three weeks ago, still "Installed" in the CMDB; nmap finds its address down.
    name: 'aar-ftp01', kind: 'server', site: 'AAR', ip: '10.20.10.40', mac: '3C:A8:2A:0E:44:B2',
    serial: 'CZJ6032LQ8', vendor: 'Hewlett Packard Enterprise', model: 'ProLiant DL360 Gen9', os: 'centos7',
    cpu: 1, ram: 32768, owner: 'soren', group: 'infra', asset: 'BRL-00702', bought: '12.12.2016',
    price: '6.410,00 €', sn: { discovered: '2026-10-29 23:44:09' }, assets: true,
  },
  {
    // The Esbjerg depot's server: registered by hand, on a network no scan reaches.
    name: 'esb-srv01', kind: 'server', site: 'ESB', ip: '10.60.1.10', mac: '08:94:EF:61:2C:0A',
    serial: 'J302XK7M', vendor: 'Lenovo', model: 'ThinkSystem ST250 V2', os: 'ws2019', cpu: 1, ram: 32768,
    owner: 'soren', group: 'infra', asset: 'BRL-01290', bought: '06.10.2025', price: '3.890,00 €',
    sn: { manual: true, created: '2025-10-20 09:13:55' }, assets: true,
  },
  // --- Aarhus: printers ---------------------------------------------------------------------------
  {
    name: 'aar-prn-f1', kind: 'printer', site: 'AAR_OFFICE', ip: '10.20.40.21', serial: 'PHBQB18342',
    vendor: 'HP Inc.', model: 'LaserJet Enterprise M507dn', owner: 'pernille', group: 'work',
    asset: 'BRL-02210', bought: '15.05.2023', price: '689,00 €', sn: { manual: true }, nmap: true,
    printerOs: 'HP LaserJet M507 printer', assets: true,
  },
  {
    name: 'aar-mfp-f2', kind: 'printer', site: 'AAR_OFFICE', ip: '10.20.40.22', serial: '3100R820471',
    vendor: 'Ricoh', model: 'IM C3000', owner: 'pernille', group: 'work', asset: 'BRL-02211',
    bought: '15.05.2023', price: '4.150,00 €', sn: { manual: true }, nmap: true,
    printerOs: 'Ricoh IM C3000 printer', assets: true,
  },
  {
    // Planted: the warehouse's label printer, bought by the warehouse, never registered anywhere.
    name: 'aar-prn-lbl01', kind: 'printer', site: 'AAR_WH', ip: '10.20.40.31', vendor: 'Zebra',
    model: 'ZT410', nmap: { noPtr: true }, printerOs: 'Zebra ZT410 label printer',
  },
  // --- Aarhus DC1: virtual machines (vCenter aar-vcsa01) ------------------------------------------
  vm('aar-vcsa01', '10.20.1.20', 'photon4', 4, 21504, 1, 'infra', 'soren', { display: 'aar-vcsa01 (vCenter)' }),
  vm('aar-dc01', '10.20.10.10', 'ws2022', 2, 8192, 1, 'infra', 'soren'),
  vm('aar-dc02', '10.20.10.11', 'ws2022', 2, 8192, 2, 'infra', 'soren'),
  vm('aar-print01', '10.20.10.15', 'ws2022', 2, 8192, 3, 'work', 'pernille'),
  vm('aar-sql01', '10.20.10.52', 'ws2019', 8, 65536, 2, 'dba', 'lars', {
    // Planted: a second, hand-made CMDB record of the same VM (see SN_EXTRA_ROWS).
    glpi: { logdate: '2026-11-21 22:05:13' }, nmapPorts: ['win', 'mssql'],
  }),
  vm('aar-mon01', '10.20.10.60', 'ubuntu22', 4, 8192, 1, 'plat', 'rasmus', {
    // Planted: two vCPUs were hot-added in September; the CMDB still says 2. It runs the nmap scans.
    snOverride: { cpu: 2 }, nmapPorts: ['ssh', 'http'], scanner: true,
  }),
  vm('aar-jump01', '10.20.11.5', 'ws2022', 2, 8192, 2, 'infra', 'soren', {
    display: 'Jump Server 01',
    // Planted: the CMDB has no Hosted on relationship for it.
    noHostedOn: true,
  }),
  vm('aar-app-tms01', '10.20.11.11', 'rhel8', 4, 16384, 1, 'tms', 'mette', {
    glpi: { logdate: '2026-11-22 01:00:12' }, glpiRam: 16012, nmapPorts: ['ssh', 'tomcat'],
  }),
  vm('aar-app-tms02', '10.20.11.12', 'rhel8', 4, 16384, 2, 'tms', 'mette', {
    // Planted: upgraded in place from RHEL 7.9 to 8.10 (Leapp) in October; the CMDB still says 7.9 and
    // the VM's configuration file still says RHEL 7 (VMware Tools report 8).
    snOverride: { os: 'rhel7' }, rvCfgOs: 'Red Hat Enterprise Linux 7 (64-bit)',
    glpi: { logdate: '2026-11-22 01:00:47' }, glpiRam: 16012, nmapPorts: ['ssh', 'tomcat'],
  }),
  vm('aar-erp01', '10.20.11.20', 'ws2022', 8, 32768, 3, 'erp', 'katrin', { nmapPorts: ['win', 'https'] }),
  vm('aar-hr01', '10.20.11.25', 'ws2019', 4, 16384, 3, 'hr', 'anne', {
    // Planted: DRS moved it to aar-esx03; the CMDB says it runs on aar-esx01.
    snHost: 1, nmapPorts: ['win', 'https'],
  }),
  vm('aar-edi01', '10.20.11.30', 'ws2022', 4, 8192, 2, 'int', 'mikkel', {
    // Planted: rebuilt on Windows (new EDI product) under the same name and address; the CMDB still has
    // the old Linux server CI, and the VM's configuration file still says RHEL 7.
    snOverride: { os: 'rhel7', cls: 'cmdb_ci_linux_server' }, rvCfgOs: 'Red Hat Enterprise Linux 7 (64-bit)',
    glpi: { logdate: '2026-11-21 23:58:30' }, nmapPorts: ['win', 'https'],
  }),
  vm('aar-git01', '10.20.11.40', 'ubuntu22', 4, 16384, 3, 'plat', 'rasmus', {
    // Planted: memory doubled to 16 GB in August; the CMDB still says 8 GB.
    snOverride: { ram: 8192 }, glpi: { format: 'ndjson', logdate: '2026-11-22 02:30:05' }, glpiRam: 16012,
    docker: true, nmapPorts: ['ssh', 'http', 'https'],
  }),
  vm('aar-log01', '10.20.11.41', 'ubuntu22', 4, 16384, 1, null, null, {
    // Planted: set up by a developer; no owner and no support group in the CMDB.
    glpi: { format: 'ndjson', logdate: '2026-11-22 02:31:40' }, glpiRam: 16012, docker: true,
    nmapPorts: ['ssh', 'https'],
  }),
  vm('aar-ci-runner01', '10.20.11.45', 'ubuntu22', 4, 8192, 2, 'plat', 'rasmus', {
    biosFrom: 'aar-ci-runner01', glpi: { format: 'ndjson', logdate: '2026-11-22 02:29:13' }, glpiRam: 8004,
    docker: true, nmapPorts: ['ssh'],
  }),
  vm('aar-ci-runner02', '10.20.11.46', 'ubuntu22', 4, 8192, 3, 'plat', 'rasmus', {
    // Planted: cloned from aar-ci-runner01 with "keep UUID": both VMs carry the same BIOS UUID.
    biosFrom: 'aar-ci-runner01', glpi: { format: 'ndjson', logdate: '2026-11-22 02:29:51' }, glpiRam: 8004,
    docker: true, nmapPorts: ['ssh'],
  }),
  vm('aar-wms01', '10.20.11.51', 'ws2019', 4, 16384, 1, 'wms', 'ida', {
    // Planted: moved from 10.20.11.15 to 10.20.11.51 in the October VLAN clean-up; the CMDB has the old IP.
    display: 'AAR-WMS01 (Warehouse Mgmt)', snOverride: { ip: '10.20.11.15' }, nmapPorts: ['win', 'https'],
  }),
  vm('aar-bi01', '10.20.11.60', 'ws2022', 4, 16384, 2, null, null, {
    // Planted: the BI team's gateway VM, never registered in the CMDB.
    display: 'BI-Gateway', noSn: true, glpi: { logdate: '2026-11-22 00:15:09' }, nmapPorts: ['win', 'https'],
  }),
  vm('aar-ctx01', '10.20.11.70', 'ws2016', 4, 16384, 3, 'infra', 'soren', {
    // Planted: retired in the CMDB in September (Citrix farm decommissioned) but the VM still runs.
    retired: true, snUpdated: '2026-09-30 16:20:11', nmapPorts: ['win'],
  }),
  vm('aar-lic01', '10.20.11.80', 'ws2012r2', 2, 4096, 2, 'infra', 'soren', {
    // Planted: deleted from vSphere in June; the CMDB still says Installed, last discovered 2026-06-14.
    snDiscovered: '2026-06-14 23:38:20', gone: true,
  }),
  // --- AWS eu-central-1 ---------------------------------------------------------------------------
  ec2('portal-web-01', '10.50.1.15', 't3.large', 2, 'running', 'dig', 'emil', 'a', { glpi: { logdate: '2026-11-22 04:12:33' } }),
  ec2('portal-web-02', '10.50.2.15', 't3.large', 2, 'running', 'dig', 'emil', 'b'),
  ec2('tracking-api-01', '10.50.1.40', 'c6i.large', 2, 'running', 'dig', 'emil', 'a'),
  ec2('bastion-01', '10.50.1.5', 't3.micro', 2, 'running', 'plat', 'rasmus', 'a', { publicIp: '198.51.100.23' }),
  ec2('reporting-etl-01', '10.50.2.30', 'm6i.xlarge', 4, 'stopped', 'bi', 'nanna', 'b', { windows: true }),
  // Planted: a proof-of-concept instance launched by a developer, no Name tag, not in the CMDB.
  ec2(null, '10.50.2.87', 't3.medium', 2, 'running', null, null, 'b', {
    noSn: true, tags: [['CreatedBy', 'j.andersen'], ['Project', 'route-optimiser-poc']],
  }),
  // --- Hamburg Hafen (documented in NetBox) -------------------------------------------------------
  {
    name: 'ham-fw01', kind: 'firewall', site: 'HAM', ip: '10.30.0.1', mac: '04:D5:90:6A:11:02',
    serial: 'FGT60FTK23017755', vendor: 'Fortinet', model: 'FortiGate 60F', os: 'fortios',
    owner: 'jurgen', group: 'ham', asset: 'BRL-01501', bought: '19.04.2023', price: '1.240,00 €',
    nmap: true, assets: true, netbox: { pk: 1, role: 'Firewall', rack: 1, position: 40 },
  },
  {
    name: 'ham-sw01', kind: 'switch', site: 'HAM', ip: '10.30.0.2', mac: '88:3A:30:91:4C:00',
    serial: 'SG3BKM40CX', vendor: 'HPE Aruba Networking', model: 'Aruba 6300M 48G (JL661A)', os: 'aoscx',
    owner: 'jurgen', group: 'ham', asset: 'BRL-01502', bought: '19.04.2023', price: '6.720,00 €',
    nmap: true, assets: true, netbox: { pk: 2, role: 'Access Switch', rack: 1, position: 42 },
  },
  {
    name: 'ham-sw02', kind: 'switch', site: 'HAM', ip: '10.30.0.3', mac: '88:3A:30:91:5D:40',
    serial: 'SG3BKM47HQ', vendor: 'HPE Aruba Networking', model: 'Aruba 6300M 48G (JL661A)', os: 'aoscx',
    owner: 'jurgen', group: 'ham', asset: 'BRL-01503', bought: '19.04.2023', price: '6.720,00 €',
    nmap: true, assets: true, netbox: { pk: 3, role: 'Access Switch', rack: 2, position: 42 },
  },
  {
    name: 'ham-pdu-a', kind: 'pdu', site: 'HAM', ip: '10.30.0.41', serial: '5A2041E07731', vendor: 'APC',
    model: 'AP8853', nmap: true, netbox: { pk: 4, role: 'PDU', rack: 1, position: null },
  },
  {
    name: 'ham-pdu-b', kind: 'pdu', site: 'HAM', ip: '10.30.0.42', serial: '5A2041E07802', vendor: 'APC',
    model: 'AP8853', nmap: true, netbox: { pk: 5, role: 'PDU', rack: 2, position: null },
  },
  {
    name: 'ham-pve01', kind: 'pve', site: 'HAM', ip: '10.30.10.11', mac: 'AC:1F:6B:D2:40:1A',
    serial: 'S412987X3100125', vendor: 'Supermicro', model: 'SYS-1019P-WTR', os: 'proxmox8', cpu: 2,
    ram: 262144, owner: 'jurgen', group: 'ham', asset: 'BRL-01510', bought: '19.04.2023',
    price: '9.310,00 €', sn: { manual: true, fqdn: true }, nmap: { ports: ['ssh', 'pve'] }, assets: true,
    netbox: { pk: 6, role: 'Hypervisor', rack: 1, position: 30, cluster: true },
  },
  {
    name: 'ham-pve02', kind: 'pve', site: 'HAM', ip: '10.30.10.12', mac: 'AC:1F:6B:D2:41:7E',
    serial: 'S412987X3100211', vendor: 'Supermicro', model: 'SYS-1019P-WTR', os: 'proxmox8', cpu: 2,
    ram: 262144, owner: 'jurgen', group: 'ham', asset: 'BRL-01511', bought: '19.04.2023',
    price: '9.310,00 €', sn: { manual: true, fqdn: true }, nmap: { ports: ['ssh', 'pve'] }, assets: true,
    netbox: { pk: 7, role: 'Hypervisor', rack: 2, position: 30, cluster: true },
  },
  {
    // A whitebox whose BIOS never got a serial: agents and the CMDB see "To be filled by O.E.M.", only
    // the asset register has the sticker's serial.
    name: 'ham-srv01', kind: 'server', site: 'HAM', ip: '10.30.10.20', mac: 'AC:1F:6B:0E:9C:31',
    serial: 'C5190AH38N10042', biosSerial: 'To be filled by O.E.M.', vendor: 'Supermicro',
    model: 'SYS-5019C-M', os: 'ws2019', cpu: 1, cores: 6, ram: 32768, owner: 'jurgen', group: 'ham',
    asset: 'BRL-01512', bought: '19.04.2023', price: '2.980,00 €',
    sn: { manual: true, fqdn: true }, snOverride: { serial: 'To be filled by O.E.M.' },
    nmap: { ports: ['win'] }, glpi: { logdate: '2026-11-22 01:33:27' }, assets: true,
    netbox: { pk: 8, role: 'Server', rack: 2, position: 20, noSerial: true },
  },
  {
    name: 'ham-nas01', kind: 'nas', site: 'HAM', ip: '10.30.10.30', mac: '00:11:32:C4:9A:10',
    serial: '2160RQRZ8K4M1', vendor: 'Synology', model: 'RS1221+', owner: 'jurgen', group: 'ham',
    asset: 'BRL-01520', bought: '02.06.2023', price: '1.689,00 €', nmap: true, assets: true,
    netbox: { pk: 9, role: 'Storage', rack: 2, position: 10 },
  },
  {
    name: 'ham-prn01', kind: 'printer', site: 'HAM', ip: '10.30.20.50', serial: 'PHCNF20117',
    vendor: 'HP Inc.', model: 'LaserJet Enterprise M611dn', owner: 'jurgen', group: 'ham',
    asset: 'BRL-01530', bought: '02.06.2023', price: '1.129,00 €', nmap: true,
    printerOs: 'HP LaserJet M611 printer', assets: true,
    netbox: { pk: 10, role: 'Printer', location: 2 },
  },
  { name: 'ham-pp-r01', kind: 'patchpanel', site: 'HAM', vendor: 'Panduit', model: 'CP48BLY', netbox: { pk: 11, role: 'Patch Panel', rack: 1, position: 41 } },
  pveVm('ham-app01', '10.30.10.21', 'debian12', 4, 8192, 6, 1, { sn: true, glpi: { logdate: '2026-11-22 01:41:02' }, glpiRam: 8004, docker: true }),
  pveVm('ham-dc01', '10.30.10.22', 'ws2022', 2, 4096, 7, 2, { sn: true }),
  pveVm('ham-wms-proxy01', '10.30.10.23', 'debian12', 2, 2048, 6, 3, {}),
];

/** A VM of the Aarhus vSphere cluster, on aar-esx0<host>. */
function vm(name, ip, os, cpu, ram, host, group, owner, extra = {}) {
  return {
    name,
    kind: 'vm',
    site: 'AAR',
    ip,
    mac: vmMac(name),
    os,
    cpu,
    ram,
    host,
    owner,
    group,
    bios: biosUuid(extra.biosFrom ?? name),
    vmuuid: instanceUuid(name),
    vendor: 'VMware, Inc.',
    model: 'VMware Virtual Platform',
    sn: extra.noSn
      ? undefined
      : {
          discovered:
            extra.snDiscovered ??
            `2026-11-21 23:${String(10 + (ip.split('.')[3] % 40)).padStart(2, '0')}:${String(ip.split('.')[3] % 60).padStart(2, '0')}`,
          updated: extra.snUpdated,
        },
    nmap: extra.gone ? undefined : { ports: extra.nmapPorts ?? [os.startsWith('ws') ? 'win' : 'ssh'] },
    rv: !extra.gone,
    ...extra,
  };
}

/** An EC2 instance in eu-central-1<az>. */
function ec2(name, ip, type, vcpus, state, group, owner, az, extra = {}) {
  const label = name ?? ip;
  return {
    name,
    kind: 'ec2',
    site: 'AWS',
    ip,
    mac: `0a:${hex(`ec2mac/${label}`, 10).match(/../g).join(':')}`.toUpperCase(),
    instanceId: `i-0${hex(`ec2/${label}`, 16)}`,
    type,
    vcpus,
    state,
    group,
    owner,
    az: `${AWS_REGION}${az}`,
    os: extra.windows ? 'ws2022' : 'amazon2023',
    sn: extra.noSn ? undefined : { discovered: '2026-11-22 04:00:00', source: 'SG-AWS' },
    ...extra,
  };
}

/** A VM of the Hamburg Proxmox cluster, pinned to NetBox device <devicePk>. */
function pveVm(name, ip, os, cpu, ram, devicePk, pk, extra = {}) {
  return {
    name,
    kind: 'pvevm',
    site: 'HAM',
    ip,
    mac: `BC:24:11:5E:0A:0${pk}`,
    os,
    cpu,
    ram,
    owner: 'jurgen',
    group: 'ham',
    bios: dashed(md5(`pve-bios/${name}`)),
    vendor: 'QEMU',
    model: 'Standard PC (i440FX + PIIX, 1996)',
    nmap: { ports: [os.startsWith('ws') ? 'win' : 'ssh'] },
    ...extra,
    sn: extra.sn ? { manual: true, fqdn: true } : undefined,
    netbox: { vmPk: pk, device: devicePk },
  };
}

const byName = (name, label) =>
  MACHINES.find((m) => m.name === name && (label === undefined || m.sn?.label === label));

// ---------------------------------------------------------------------------------------------------
// Small writers

/** A CSV line; every field quoted (`all`), or only when it must be. */
function csvLine(fields, delimiter = ',', all = false) {
  return fields
    .map((v) => {
      const s = v === undefined || v === null ? '' : String(v);
      const must = s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r');
      return all || must ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(delimiter);
}

/** Windows-1252 bytes (Latin-1 plus the 0x80-0x9F specials this estate uses). */
function windows1252(text) {
  const special = {
    '€': 0x80,
    '‚': 0x82,
    '„': 0x84,
    '…': 0x85,
    '–': 0x96,
    '—': 0x97,
    '‘': 0x91,
    '’': 0x92,
    '“': 0x93,
    '”': 0x94,
  };
  const bytes = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (special[ch] !== undefined) bytes.push(special[ch]);
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else throw new Error(`not representable in Windows-1252: ${ch}`);
  }
  return Buffer.from(bytes);
}

const isWindows = (os) => os?.startsWith('ws');
const domainOf = (m) => (m.site === 'HAM' ? HAM_DOMAIN : DOMAIN);
const fqdnOf = (m) => `${m.name}.${domainOf(m)}`;
const dashedMac = (mac) => mac.replace(/:/g, '-');
const ciscoMac = (mac) => lower(mac.replace(/:/g, '')).replace(/(....)(....)(....)/, '$1.$2.$3');

// ---------------------------------------------------------------------------------------------------
// ServiceNow: cmdb_ci.csv, cmdb_ci_appl.json, cmdb_rel_ci.csv

// prettier-ignore
const SN_COLUMNS = [
  'sys_id', 'name', 'sys_class_name', 'serial_number', 'asset_tag', 'ip_address', 'mac_address', 'os',
  'os_version', 'cpu_count', 'ram', 'manufacturer', 'model_id', 'correlation_id', 'virtual', 'owned_by',
  'support_group', 'install_status', 'operational_status', 'location', 'company', 'environment',
  'last_discovered', 'sys_created_on', 'sys_updated_on', 'discovery_source',
];

const snLabel = (m) => m.sn?.label ?? m.name;

function snClass(m, os) {
  switch (m.kind) {
    case 'esxi':
      return 'cmdb_ci_esx_server';
    case 'switch':
      return 'cmdb_ci_ip_switch';
    case 'firewall':
      return 'cmdb_ci_ip_firewall';
    case 'printer':
      return 'cmdb_ci_printer';
    case 'ec2':
      return 'cmdb_ci_vm_instance';
    default:
      return isWindows(os) ? 'cmdb_ci_win_server' : 'cmdb_ci_linux_server';
  }
}

/** The sys_updated_on of a CI: its last discovery (which touches it), or a fixed date for manual ones. */
function snUpdated(m) {
  return m.sn.updated ?? m.sn.discovered ?? '2026-04-14 10:27:03';
}

function snMachineRow(m) {
  const o = m.snOverride ?? {};
  const osKey = o.os ?? m.os;
  const os = OS[osKey]?.sn;
  const virtual = m.kind === 'vm' || m.kind === 'pvevm' || m.kind === 'ec2';
  const physical = !virtual;
  let serial = o.serial ?? (physical ? m.serial : m.kind === 'vm' ? vmwareSerial(m.bios) : '');
  let mac = '';
  // ServiceNow Discovery records a Windows host's MAC the way Windows prints it.
  if (m.mac && m.kind !== 'ec2' && m.kind !== 'printer') mac = isWindows(osKey) ? dashedMac(m.mac) : m.mac;
  const hasCompute = ['server', 'vm', 'pvevm', 'esxi', 'pve'].includes(m.kind);
  const discovered = m.sn.discovered ?? '';
  return {
    sys_id: sysId(snLabel(m)),
    name: m.fqdnName || m.sn.fqdn ? fqdnOf(m) : m.name,
    sys_class_name: o.cls ?? snClass(m, osKey),
    serial_number: serial,
    asset_tag: physical && m.asset ? m.asset : '',
    ip_address: o.ip ?? m.ip,
    mac_address: mac,
    os: m.kind === 'ec2' ? '' : (os?.[0] ?? ''),
    os_version: m.kind === 'ec2' ? '' : (os?.[1] ?? ''),
    cpu_count: hasCompute ? (o.cpu ?? m.cpu) : '',
    ram: hasCompute ? (o.ram ?? m.ram) : '',
    manufacturer: m.kind === 'ec2' ? '' : m.vendor,
    model_id: m.kind === 'ec2' ? '' : m.model,
    correlation_id: m.instanceId ?? '',
    virtual: String(virtual),
    owned_by: m.owner ? PEOPLE[m.owner] : '',
    support_group: m.group ? GROUPS[m.group] : '',
    install_status: m.retired ? 'Retired' : 'Installed',
    operational_status: m.retired ? 'Retired' : 'Operational',
    location: LOCATIONS[m.site],
    company: COMPANY,
    environment: 'Production',
    last_discovered: discovered,
    sys_created_on: m.sn.created ?? '2023-05-09 08:15:42',
    sys_updated_on: snUpdated(m),
    discovery_source: m.sn.source ?? (discovered ? 'ServiceNow' : 'Manual Entry'),
  };
}

/** Logical CIs of the CSV export: business services, business applications, databases, the vSphere cluster. */
// prettier-ignore
const SN_LOGICAL = [
  ['svc-tms', 'Transport Management', 'cmdb_ci_service', 'tms', 'mette'],
  ['svc-wms', 'Warehouse Operations', 'cmdb_ci_service', 'wms', 'ida'],
  ['svc-portal', 'Customer Portal', 'cmdb_ci_service', 'dig', 'emil'],
  ['svc-payroll', 'Payroll', 'cmdb_ci_service', 'hr', 'anne'],
  ['svc-erp', 'Finance & ERP', 'cmdb_ci_service', 'erp', 'katrin'],
  ['svc-edi', 'EDI & Partner Integration', 'cmdb_ci_service', 'int', 'mikkel'],
  ['ba-tms', 'TMS', 'cmdb_ci_business_app', 'tms', 'mette'],
  ['ba-wms', 'WMS', 'cmdb_ci_business_app', 'wms', 'ida'],
  ['ba-portal', 'Brunsvik Track & Trace', 'cmdb_ci_business_app', 'dig', 'emil'],
  ['ba-payroll', 'Payroll System', 'cmdb_ci_business_app', 'hr', 'anne'],
  ['ba-erp', 'Dynamics 365 Business Central', 'cmdb_ci_business_app', 'erp', 'katrin'],
  ['ba-edi', 'EDI Platform', 'cmdb_ci_business_app', 'int', 'mikkel'],
  ['ba-bi', 'BI Reporting', 'cmdb_ci_business_app', 'bi', 'nanna'],
  ['db-tmsprd', 'TMSPRD', 'cmdb_ci_db_ora_instance', 'dba', 'lars'],
  ['db-wms', 'AAR-SQL01\\WMS', 'cmdb_ci_db_mssql_instance', 'dba', 'lars'],
  ['db-payroll', 'AAR-SQL01\\PAYROLL', 'cmdb_ci_db_mssql_instance', 'dba', 'lars'],
  ['db-bc', 'AAR-SQL01\\BC', 'cmdb_ci_db_mssql_instance', 'dba', 'lars'],
  ['cl-aar-prod', 'AAR-PROD-CL01', 'cmdb_ci_vcenter_cluster', 'infra', 'soren'],
];

function snLogicalRow([label, name, cls, group, owner]) {
  return {
    sys_id: sysId(label),
    name,
    sys_class_name: cls,
    virtual: 'false',
    owned_by: PEOPLE[owner],
    support_group: GROUPS[group],
    install_status: 'Installed',
    operational_status: 'Operational',
    location: cls === 'cmdb_ci_vcenter_cluster' || cls.startsWith('cmdb_ci_db') ? LOCATIONS.AAR : '',
    company: COMPANY,
    environment: 'Production',
    sys_created_on: '2022-11-03 13:40:00',
    sys_updated_on: '2026-08-19 09:12:30',
    discovery_source: 'Manual Entry',
  };
}

/** Planted: the same SQL Server VM entered by hand by the DBA team in 2023, next to the discovered CI. */
function snDuplicateRow() {
  const m = byName('aar-sql01');
  return {
    sys_id: sysId('aar-sql01#manual'),
    name: `AAR-SQL01.${DOMAIN}`,
    sys_class_name: 'cmdb_ci_server',
    serial_number: vmwareSerial(m.bios),
    os: 'Windows 2019 Standard',
    cpu_count: 8,
    ram: 65536,
    manufacturer: 'VMware, Inc.',
    model_id: 'VMware Virtual Platform',
    virtual: 'true',
    owned_by: PEOPLE.lars,
    support_group: GROUPS.dba,
    install_status: 'Installed',
    operational_status: 'Operational',
    location: LOCATIONS.AAR,
    company: COMPANY,
    environment: 'Production',
    sys_created_on: '2023-02-07 14:22:10',
    sys_updated_on: '2024-01-15 08:03:44',
    discovery_source: 'Manual Entry',
  };
}

function servicenowCsv() {
  const rows = [];
  for (const m of MACHINES) if (m.sn) rows.push(snMachineRow(m));
  rows.push(snDuplicateRow());
  for (const l of SN_LOGICAL) rows.push(snLogicalRow(l));
  // A list export comes sorted by a column; this one by name.
  rows.sort((a, b) =>
    lower(a.name) < lower(b.name) ? -1 : lower(a.name) > lower(b.name) ? 1 : a.sys_id < b.sys_id ? -1 : 1,
  );
  const lines = [csvLine(SN_COLUMNS, ',', true)];
  for (const r of rows)
    lines.push(
      csvLine(
        SN_COLUMNS.map((c) => r[c] ?? ''),
        ',',
        true,
      ),
    );
  return lines.join('\r\n') + '\r\n';
}

/** Application CIs of the cmdb_ci_appl table, exported as JSON with display values. */
// prettier-ignore
const SN_APPS = [
  ['app-tms-core-1', 'TMS Core@aar-app-tms01', 'cmdb_ci_app_server_tomcat', 'Tomcat', 'tms', 'mette', '9.0.96', 8080],
  ['app-tms-core-2', 'TMS Core@aar-app-tms02', 'cmdb_ci_app_server_tomcat', 'Tomcat', 'tms', 'mette', '9.0.96', 8080],
  ['app-transporeon', 'Transporeon Connector', 'cmdb_ci_appl', 'Application', 'int', 'mikkel', '4.12.1', 8443],
  ['app-label', 'Label Service', 'cmdb_ci_appl', 'Application', 'wms', 'ida', '2.3.0', 9180],
  ['app-wms', 'WMS Server', 'cmdb_ci_appl', 'Application', 'wms', 'ida', '11.2', 443],
  ['app-bc', 'Business Central Server', 'cmdb_ci_appl', 'Application', 'erp', 'katrin', '25.1', 7046],
  ['app-payroll', 'Lessor Payroll', 'cmdb_ci_appl', 'Application', 'hr', 'anne', '2026.2', 443],
  ['app-edi', 'Lobster_data', 'cmdb_ci_appl', 'Application', 'int', 'mikkel', '4.6', 443],
  ['app-gitlab', 'GitLab', 'cmdb_ci_appl', 'Application', 'plat', 'rasmus', '17.5.2', 443],
  ['app-zabbix', 'Zabbix Server', 'cmdb_ci_appl', 'Application', 'plat', 'rasmus', '7.0.5', 10051],
  ['app-veeam', 'Veeam Backup & Replication', 'cmdb_ci_appl', 'Application', 'infra', 'soren', '12.2', 9392],
  ['app-portal', 'Track & Trace Web', 'cmdb_ci_appl', 'Application', 'dig', 'emil', '3.8.0', 443],
  ['app-tracking', 'Tracking API', 'cmdb_ci_appl', 'Application', 'dig', 'emil', '2.14.3', 443],
  // Planted: an owner but no support group.
  ['app-qlik', 'Qlik Sense Enterprise', 'cmdb_ci_appl', 'Application', null, 'nanna', 'May 2024', 443],
];

function ref(table, label, display) {
  return {
    display_value: display,
    link: `https://brunsvik.service-now.example/api/now/table/${table}/${sysId(label)}`,
    value: sysId(label),
  };
}

function servicenowApplJson() {
  const records = SN_APPS.map(([label, name, cls, clsLabel, group, owner, version, port]) => ({
    sys_id: sysId(label),
    name,
    sys_class_name: { display_value: clsLabel, value: cls },
    version,
    tcp_port: String(port),
    owned_by: ref('sys_user', `user/${owner}`, PEOPLE[owner]),
    support_group: group
      ? ref('sys_user_group', `group/${group}`, GROUPS[group])
      : { display_value: '', value: '' },
    install_status: { display_value: 'Installed', value: '1' },
    operational_status: { display_value: 'Operational', value: '1' },
    company: ref('core_company', 'company', COMPANY),
    location: ref('cmn_location', 'location/aar', LOCATIONS.AAR),
    used_for: 'Production',
    discovery_source: 'ServiceNow',
    sys_created_on: '2024-03-12 10:05:31',
    sys_updated_on: '2026-11-21 23:52:18',
  }));
  return JSON.stringify({ records }, null, 2) + '\n';
}

/** [parent label, type, child label]; labels are sysId() inputs. */
function snRelationships() {
  const rels = [];
  // VMs on ESXi hosts, as ServiceNow Discovery last recorded them.
  for (const m of MACHINES) {
    if (!m.sn || m.noHostedOn) continue;
    if (m.kind === 'vm') rels.push([snLabel(m), 'Hosted on::Hosts', `aar-esx0${m.snHost ?? m.host}`]);
    if (m.kind === 'pvevm') rels.push([m.name, 'Hosted on::Hosts', `ham-pve0${m.netbox.device - 5}`]);
  }
  for (const n of [1, 2, 3]) rels.push([`aar-esx0${n}`, 'Members of::Member', 'cl-aar-prod']);
  // prettier-ignore
  const runs = [
    ['app-tms-core-1', 'aar-app-tms01'],
    ['app-transporeon', 'aar-app-tms01'],
    ['app-label', 'aar-app-tms01'],
    ['app-tms-core-2', 'aar-app-tms02'],
    ['app-wms', 'aar-wms01'],
    ['app-bc', 'aar-erp01'],
    ['app-payroll', 'aar-hr01'],
    ['app-edi', 'aar-edi01'],
    ['app-gitlab', 'aar-git01'],
    ['app-zabbix', 'aar-mon01'],
    ['app-veeam', 'aar-bkp01'],
    ['app-portal', 'portal-web-01'],
    ['app-portal', 'portal-web-02'],
    ['app-tracking', 'tracking-api-01'],
    ['db-tmsprd', 'aar-db01'],
    ['db-wms', 'aar-sql01'],
    ['db-payroll', 'aar-sql01'],
    ['db-bc', 'aar-sql01'],
    // Planted: aar-qlik01 was deleted from the CMDB in 2025; the relationship was left behind.
    ['app-qlik', 'aar-qlik01'],
  ];
  for (const [p, c] of runs) rels.push([p, 'Runs on::Runs', c]);
  // prettier-ignore
  const depends = [
    ['svc-tms', 'ba-tms'], ['ba-tms', 'app-tms-core-1'], ['ba-tms', 'app-tms-core-2'], ['ba-tms', 'app-transporeon'],
    ['app-tms-core-1', 'db-tmsprd'], ['app-tms-core-2', 'db-tmsprd'],
    ['svc-wms', 'ba-wms'], ['ba-wms', 'app-wms'], ['ba-wms', 'app-label'], ['app-wms', 'db-wms'],
    ['svc-portal', 'ba-portal'], ['ba-portal', 'app-portal'], ['ba-portal', 'app-tracking'],
    ['svc-payroll', 'ba-payroll'], ['ba-payroll', 'app-payroll'], ['app-payroll', 'db-payroll'],
    ['svc-erp', 'ba-erp'], ['ba-erp', 'app-bc'], ['app-bc', 'db-bc'],
    ['svc-edi', 'ba-edi'], ['ba-edi', 'app-edi'],
    ['ba-bi', 'app-qlik'],
  ];
  for (const [p, c] of depends) rels.push([p, 'Depends on::Used by', c]);
  return rels;
}

const relKey = ([p, t, c]) => sysId(`rel/${p}/${t}/${c}`);

function servicenowRelCsv() {
  const cols = ['sys_id', 'parent', 'type', 'child', 'connection_strength', 'sys_updated_on'];
  const lines = [csvLine(cols, ',', true)];
  for (const r of snRelationships()) {
    lines.push(
      csvLine([relKey(r), sysId(r[0]), r[1], sysId(r[2]), 'Always', '2026-11-21 23:55:02'], ',', true),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------------
// nmap -oX: Aarhus and Hamburg subnets, from the IPAM's target list, run on aar-mon01

const SCAN_START = Date.UTC(2026, 10, 22, 1, 30, 0) / 1000;
const SCANNER_SUBNET = '10.20.10.';

// prettier-ignore
const PORTS = {
  ssh: [[22, 'ssh', 'OpenSSH', '8.7', 'protocol 2.0']],
  win: [
    [135, 'msrpc', 'Microsoft Windows RPC'],
    [139, 'netbios-ssn', 'Microsoft Windows netbios-ssn'],
    [445, 'microsoft-ds'],
    [3389, 'ms-wbt-server', 'Microsoft Terminal Services'],
  ],
  dc: [[53, 'domain', 'Simple DNS Plus'], [88, 'kerberos-sec', 'Microsoft Windows Kerberos'], [389, 'ldap', 'Microsoft Windows Active Directory LDAP']],
  http: [[80, 'http', 'nginx']],
  https: [[443, 'https']],
  tomcat: [[8080, 'http', 'Apache Tomcat', '9.0.96']],
  oracle: [[1521, 'oracle-tns', 'Oracle TNS listener', '19.0.0.0.0']],
  mssql: [[1433, 'ms-sql-s', 'Microsoft SQL Server 2019', '15.00.4395']],
  pve: [[8006, 'wpl-analytics']],
  esxi: [[80, 'http'], [443, 'https', 'VMware ESXi SOAP API', '8.0.3'], [902, 'vmware-auth', 'VMware Authentication Daemon', '1.10']],
  cisco: [[22, 'ssh', 'Cisco SSH', '1.25', 'protocol 2.0'], [443, 'https']],
  forti: [[22, 'ssh'], [443, 'https']],
  aruba: [[22, 'ssh'], [443, 'https']],
  printer: [[80, 'http', 'HP Embedded Web Server'], [443, 'https'], [515, 'printer'], [631, 'ipp'], [9100, 'jetdirect']],
  zebra: [[80, 'http', 'Zebra printer http config'], [9100, 'jetdirect']],
  pdu: [[80, 'http', 'APC PDU httpd']],
  nas: [[80, 'http', 'nginx'], [443, 'https'], [445, 'microsoft-ds'], [5000, 'upnp'], [5001, 'commplex-link']],
};

// prettier-ignore
const NMAP_OS = {
  linux: ['Linux 4.15 - 5.19', 97, [['general purpose', 'Linux', 'Linux', '4.X', 'cpe:/o:linux:linux_kernel:4'], ['general purpose', 'Linux', 'Linux', '5.X', 'cpe:/o:linux:linux_kernel:5']]],
  'Microsoft Windows Server 2012 R2': ['Microsoft Windows Server 2012 R2', 100, [['general purpose', 'Microsoft', 'Windows', '2012', 'cpe:/o:microsoft:windows_server_2012:r2']]],
  'Microsoft Windows Server 2016': ['Microsoft Windows Server 2016', 98, [['general purpose', 'Microsoft', 'Windows', '2016', 'cpe:/o:microsoft:windows_server_2016']]],
  'Microsoft Windows Server 2019': ['Microsoft Windows Server 2019', 97, [['general purpose', 'Microsoft', 'Windows', '2019', 'cpe:/o:microsoft:windows_server_2019']]],
  'Microsoft Windows Server 2022': ['Microsoft Windows Server 2022', 96, [['general purpose', 'Microsoft', 'Windows', '2022', 'cpe:/o:microsoft:windows_server_2022']]],
  esxi: ['VMware ESXi 8.0', 98, [['specialized', 'VMware', 'ESXi', '8.X', 'cpe:/o:vmware:esxi:8.0']]],
  iosxe: ['Cisco Catalyst 9500 switch (IOS XE 17.X)', 95, [['switch', 'Cisco', 'IOS XE', '17.X', 'cpe:/o:cisco:ios_xe:17']]],
  fortios: ['Fortinet FortiGate firewall (FortiOS 7.2)', 94, [['firewall', 'Fortinet', 'FortiOS', '7.X', 'cpe:/o:fortinet:fortios:7.2']]],
  aoscx: ['HPE ArubaOS-CX 10.X switch', 93, [['switch', 'HP', 'ArubaOS-CX', '10.X', 'cpe:/o:hp:arubaos-cx:10']]],
  pdu: ['APC Rack PDU (AOS 7.X)', 96, [['power-device', 'APC', 'AOS', '7.X', 'cpe:/h:apc:ap8853']]],
  nas: ['Synology DiskStation Manager 7.X', 95, [['storage-misc', 'Synology', 'DiskStation Manager', '7.X', 'cpe:/a:synology:diskstation_manager:7']]],
};

const OUI_VENDORS = {
  '00:50:56': 'VMware',
  '94:40:C9': 'Hewlett Packard Enterprise',
  'F4:02:70': 'Dell',
  'D0:94:66': 'Dell',
};

function ipNum(ip) {
  return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

function nmapHostXml(m, i) {
  const t0 = SCAN_START + 30 + i * 7;
  const scanner = Boolean(m.scanner);
  const local = m.ip.startsWith(SCANNER_SUBNET) && !scanner;
  const lines = [];
  lines.push(
    `<host starttime="${t0}" endtime="${t0 + 41}"><status state="up" reason="${scanner ? 'localhost-response' : local ? 'arp-response' : 'echo-reply'}" reason_ttl="${local || scanner ? 0 : 62}"/>`,
  );
  lines.push(`<address addr="${m.ip}" addrtype="ipv4"/>`);
  if (local && m.mac) {
    const vendor = OUI_VENDORS[m.mac.slice(0, 8)];
    lines.push(`<address addr="${m.mac}" addrtype="mac"${vendor ? ` vendor="${vendor}"` : ''}/>`);
  }
  if (m.nmap?.noPtr) lines.push('<hostnames>\n</hostnames>');
  else lines.push(`<hostnames>\n<hostname name="${fqdnOf(m)}" type="PTR"/>\n</hostnames>`);

  let portKinds;
  let osKey;
  switch (m.kind) {
    case 'esxi':
      portKinds = ['esxi'];
      osKey = 'esxi';
      break;
    case 'switch':
      portKinds = [m.os === 'iosxe' ? 'cisco' : 'aruba'];
      osKey = m.os;
      break;
    case 'firewall':
      portKinds = ['forti'];
      osKey = 'fortios';
      break;
    case 'printer':
      portKinds = [m.vendor === 'Zebra' ? 'zebra' : 'printer'];
      break;
    case 'pdu':
      portKinds = ['pdu'];
      osKey = 'pdu';
      break;
    case 'nas':
      portKinds = ['nas'];
      osKey = 'nas';
      break;
    default:
      portKinds = m.nmap?.ports ?? ['ssh'];
      osKey = OS[m.os].nmap;
  }
  const ports = portKinds.flatMap((k) => PORTS[k]).sort((a, b) => a[0] - b[0]);
  const closed = 21 - ports.length;
  lines.push(
    `<ports><extraports state="${local ? 'closed' : 'filtered'}" count="${closed}">\n<extrareasons reason="${local ? 'reset' : 'no-response'}" count="${closed}" proto="tcp"/>\n</extraports>`,
  );
  for (const [port, name, product, version, extrainfo] of ports) {
    const attrs = [`name="${name}"`];
    if (product) attrs.push(`product="${product}"`);
    if (version) attrs.push(`version="${version}"`);
    if (extrainfo) attrs.push(`extrainfo="${extrainfo}"`);
    attrs.push(product ? 'method="probed" conf="10"' : 'method="table" conf="3"');
    lines.push(
      `<port protocol="tcp" portid="${port}"><state state="open" reason="syn-ack" reason_ttl="${local ? 64 : 62}"/><service ${attrs.join(' ')}/></port>`,
    );
  }
  lines.push('</ports>');
  const os =
    m.kind === 'printer'
      ? [
          m.printerOs,
          93,
          [
            [
              'printer',
              m.vendor === 'HP Inc.' ? 'HP' : m.vendor,
              'embedded',
              '',
              `cpe:/h:${lower(m.vendor.split(' ')[0])}`,
            ],
          ],
        ]
      : NMAP_OS[osKey];
  if (os) {
    const [name, accuracy, classes] = os;
    lines.push(`<os><portused state="open" proto="tcp" portid="${ports[0][0]}"/>`);
    lines.push(`<osmatch name="${name}" accuracy="${accuracy}" line="${10000 + (ipNum(m.ip) % 80000)}">`);
    for (const [type, vendor, family, gen, cpe] of classes) {
      lines.push(
        `<osclass type="${type}" vendor="${vendor}" osfamily="${family}"${gen ? ` osgen="${gen}"` : ''} accuracy="${accuracy}"><cpe>${cpe}</cpe></osclass>`,
      );
    }
    lines.push('</osmatch>\n</os>');
  }
  lines.push(`<distance value="${local || scanner ? (scanner ? 0 : 1) : 3}"/>`);
  lines.push(`<times srtt="${local ? 412 : 9120}" rttvar="${local ? 180 : 1450}" to="100000"/>`);
  lines.push('</host>');
  return lines.join('\n');
}

function nmapDownXml(ip, i) {
  const t0 = SCAN_START + 30 + i * 7;
  return `<host starttime="${t0}" endtime="${t0 + 3}"><status state="down" reason="no-response" reason_ttl="0"/>\n<address addr="${ip}" addrtype="ipv4"/>\n</host>`;
}

/** Addresses the IPAM still lists but nothing answers on: the powered-off FTP server, wms01's old address, the deleted license server. */
const NMAP_DOWN = ['10.20.10.40', '10.20.11.15', '10.20.11.80'];

function nmapXml() {
  const up = MACHINES.filter((m) => m.nmap && m.ip);
  const entries = [...up.map((m) => ({ ip: m.ip, m })), ...NMAP_DOWN.map((ip) => ({ ip }))].sort(
    (a, b) => ipNum(a.ip) - ipNum(b.ip),
  );
  const portList = '22,53,80,88,135,139,389,443,445,515,631,902,1433,1521,3389,5000,5001,8006,8080,8443,9100';
  const args = `nmap -v -sS -sV -O --osscan-limit -p ${portList} -iL /etc/brunsvik/ipam-targets-dc.txt -oX /var/lib/nmap-scans/nmap-scan.xml`;
  const startstr = 'Sun Nov 22 01:30:00 2026';
  const end = SCAN_START + 30 + entries.length * 7 + 60;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE nmaprun>',
    '<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>',
    // nmap writes "--" of long options as "-&#45;": a comment may not contain "--".
    `<!-- Nmap 7.94SVN scan initiated ${startstr} as: ${args.replace(/--/g, '-&#45;')} -->`,
    `<nmaprun scanner="nmap" args="${args.replace(/--/g, '-&#45;')}" start="${SCAN_START}" startstr="${startstr}" version="7.94SVN" xmloutputversion="1.05">`,
    `<scaninfo type="syn" protocol="tcp" numservices="21" services="${portList}"/>`,
    '<verbose level="1"/>',
    '<debugging level="0"/>',
  ];
  entries.forEach((e, i) => out.push(e.m ? nmapHostXml(e.m, i) : nmapDownXml(e.ip, i)));
  const endStr = new Date(end * 1000)
    .toUTCString()
    .replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 $4');
  out.push(
    `<runstats><finished time="${end}" timestr="${endStr}" summary="Nmap done at ${endStr}; ${entries.length} IP addresses (${up.length} hosts up) scanned in ${end - SCAN_START}.00 seconds" elapsed="${end - SCAN_START}.00" exit="success"/><hosts up="${up.length}" down="${NMAP_DOWN.length}" total="${entries.length}"/>`,
    '</runstats>',
    '</nmaprun>',
  );
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------
// RVTools vInfo (CSV export of RVTools 4.6 against aar-vcsa01)

// prettier-ignore
const RV_COLUMNS = [
  'VM', 'Powerstate', 'Template', 'SRM Placeholder', 'Config status', 'DNS Name', 'Connection state',
  'Guest state', 'Heartbeat', 'Consolidation Needed', 'PowerOn', 'Suspended To Memory', 'Creation date',
  'CPUs', 'Memory', 'NICs', 'Disks', 'Total disk capacity MiB', 'Provisioned MiB', 'In Use MiB',
  'Primary IP Address', 'Network #1', 'Annotation', 'Datacenter', 'Cluster', 'Host', 'Folder',
  'OS according to the configuration file', 'OS according to the VMware Tools', 'VM ID', 'SMBIOS UUID',
  'VM UUID', 'VI SDK Server type', 'VI SDK API Version', 'VI SDK Server',
];

const RV_FOLDERS = {
  infra: '/Infrastructure',
  work: '/Infrastructure',
  dba: '/Databases',
  plat: '/Platform',
  tms: '/Applications/TMS',
  wms: '/Applications/WMS',
  erp: '/Applications/ERP',
  hr: '/Applications/HR',
  int: '/Applications/Integration',
};

const RV_NOTES = {
  'aar-sql01': 'SQL Server 2019 CU28 - WMS, Payroll, BC databases',
  'aar-ctx01': 'Citrix VDA 7.15 LTSR - DECOMMISSIONED CHG0041877, do not power on',
  'aar-bi01': 'Power BI gateway, requested by Nanna F. (no ticket)',
  'aar-ci-runner02': 'cloned from aar-ci-runner01 2026-09-03',
  'aar-hr01': 'Lessor Payroll, backup: daily, RPO 24h',
};

function rvRow(m, vmId) {
  const disk = m.os?.startsWith('ws') ? 122880 : 61440;
  const created = `20${22 + (ipNum(m.ip) % 4)}/0${1 + (ipNum(m.ip) % 9)}/1${ipNum(m.ip) % 10} 10:1${ipNum(m.ip) % 10}:05`;
  const net = m.ip.startsWith('10.20.1.')
    ? 'VLAN1-Mgmt'
    : m.ip.startsWith('10.20.10.')
      ? 'VLAN10-Servers'
      : 'VLAN11-Apps';
  const tools = OS[m.os].rv;
  return {
    VM: m.display ?? m.name,
    Powerstate: 'poweredOn',
    Template: 'False',
    'SRM Placeholder': 'False',
    'Config status': 'green',
    'DNS Name': fqdnOf(m),
    'Connection state': 'connected',
    'Guest state': 'running',
    Heartbeat: 'green',
    'Consolidation Needed': 'False',
    PowerOn: `2026/${m.name === 'aar-mon01' ? '09/14 06:02:41' : '11/08 04:1' + (ipNum(m.ip) % 10) + ':22'}`,
    'Suspended To Memory': 'False',
    'Creation date': created,
    CPUs: m.cpu,
    Memory: m.ram,
    NICs: 1,
    Disks: m.os?.startsWith('ws') ? 2 : 1,
    'Total disk capacity MiB': disk,
    'Provisioned MiB': disk + m.ram + 4,
    'In Use MiB': Math.round(disk * 0.42) + m.ram,
    'Primary IP Address': m.ip,
    'Network #1': net,
    Annotation: RV_NOTES[m.name] ?? '',
    Datacenter: 'Aarhus-DC1',
    Cluster: 'AAR-PROD-CL01',
    Host: ESX_HOST(m.host),
    Folder: m.group ? (RV_FOLDERS[m.group] ?? '/Applications') : '/Discovered virtual machine',
    'OS according to the configuration file': m.rvCfgOs ?? tools[0],
    'OS according to the VMware Tools': tools[1],
    'VM ID': vmId,
    'SMBIOS UUID': m.bios,
    'VM UUID': m.vmuuid,
    'VI SDK Server type': 'VMware vCenter Server',
    'VI SDK API Version': '8.0.3.0',
    'VI SDK Server': `aar-vcsa01.${DOMAIN}`,
  };
}

// prettier-ignore
const RV_TEMPLATES = [
  { name: 'tpl-rhel9-2026.09', os: 'Red Hat Enterprise Linux 9 (64-bit)', cpu: 2, ram: 4096, host: 1, created: '2026/09/02 13:40:11' },
  { name: 'tpl-ws2022-2026.10', os: 'Microsoft Windows Server 2022 (64-bit)', cpu: 2, ram: 8192, host: 2, created: '2026/10/07 09:12:54' },
];

function rvtoolsCsv() {
  const vms = MACHINES.filter((m) => m.kind === 'vm' && m.rv);
  const rows = vms.map((m, i) => rvRow(m, `vm-${1041 + i * 3}`));
  RV_TEMPLATES.forEach((t, i) => {
    rows.push({
      VM: t.name,
      Powerstate: 'poweredOff',
      Template: 'True',
      'SRM Placeholder': 'False',
      'Config status': 'green',
      'DNS Name': '',
      'Connection state': 'connected',
      'Guest state': 'notRunning',
      Heartbeat: 'gray',
      'Consolidation Needed': 'False',
      PowerOn: '',
      'Suspended To Memory': 'False',
      'Creation date': t.created,
      CPUs: t.cpu,
      Memory: t.ram,
      NICs: 1,
      Disks: 1,
      'Total disk capacity MiB': 40960,
      'Provisioned MiB': 45060,
      'In Use MiB': 9310,
      'Primary IP Address': '',
      'Network #1': 'VLAN11-Apps',
      Annotation: 'Golden image, patched monthly',
      Datacenter: 'Aarhus-DC1',
      Cluster: 'AAR-PROD-CL01',
      Host: ESX_HOST(t.host),
      Folder: '/Templates',
      'OS according to the configuration file': t.os,
      'OS according to the VMware Tools': '',
      'VM ID': `vm-${901 + i}`,
      'SMBIOS UUID': biosUuid(t.name),
      'VM UUID': instanceUuid(t.name),
      'VI SDK Server type': 'VMware vCenter Server',
      'VI SDK API Version': '8.0.3.0',
      'VI SDK Server': `aar-vcsa01.${DOMAIN}`,
    });
  });
  rows.sort((a, b) => (lower(a.VM) < lower(b.VM) ? -1 : 1));
  const lines = [csvLine(RV_COLUMNS)];
  for (const r of rows) lines.push(csvLine(RV_COLUMNS.map((c) => r[c])));
  return lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------------
// GLPI agent inventories

const CPU_MODELS = {
  vm: ['Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz', 2000],
  'Dell Inc.': ['Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz', 2000],
  'Hewlett Packard Enterprise': ['Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz', 3000],
  Supermicro: ['Intel(R) Xeon(R) E-2246G CPU @ 3.60GHz', 3600],
  ec2: ['Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz', 2500],
  pvevm: ['QEMU Virtual CPU version 2.5+', 2400],
};

/** The host name the machine gives itself. */
function selfName(m) {
  if (m.kind === 'ec2') return `ip-${m.ip.replace(/\./g, '-')}`;
  return isWindows(m.os) ? m.name.toUpperCase() : m.name;
}

function glpiDeviceId(m) {
  return `${selfName(m)}-${m.glpi.logdate.replace(/[ :]/g, '-')}`;
}

function glpiUuid(m) {
  if (m.kind === 'vm') return m.bios.toUpperCase();
  if (m.kind === 'ec2')
    return `EC2${md5(`ec2uuid/${m.name}`).toUpperCase()}`
      .slice(0, 32)
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  if (m.kind === 'pvevm') return m.bios;
  return dashed(md5(`hw-uuid/${m.name}`)).toUpperCase();
}

function glpiContent(m) {
  const os = OS[m.os].glpi;
  const win = isWindows(m.os);
  const virtual = m.kind !== 'server';
  const domain = m.kind === 'ec2' ? `${AWS_REGION}.compute.internal` : domainOf(m);
  const self = selfName(m);
  const uuid = glpiUuid(m);
  const [cpuName, speed] = CPU_MODELS[m.kind === 'server' ? m.vendor : m.kind];
  const sockets = m.kind === 'ec2' ? 1 : m.cpu;
  const cpus = Array.from({ length: sockets }, () => ({
    core: m.kind === 'ec2' ? 1 : (m.cores ?? 1),
    manufacturer: 'Intel',
    name: cpuName,
    speed,
    thread: m.kind === 'ec2' ? 2 : (m.cores ?? 1) * (m.kind === 'server' ? 2 : 1),
  }));
  let bios;
  if (m.kind === 'vm') {
    bios = {
      bdate: '2024-06-11',
      bmanufacturer: 'VMware, Inc.',
      bversion: 'VMW71.00V.24224532.B64.2408191458',
      mmanufacturer: 'Intel Corporation',
      mmodel: '440BX Desktop Reference Platform',
      msn: 'None',
      smanufacturer: 'VMware, Inc.',
      smodel: 'VMware7,1',
      ssn: vmwareSerial(m.bios),
    };
  } else if (m.kind === 'ec2') {
    bios = {
      bdate: '2017-10-16',
      bmanufacturer: 'Amazon EC2',
      bversion: '1.0',
      mmanufacturer: 'Amazon EC2',
      smanufacturer: 'Amazon EC2',
      smodel: m.type,
      ssn: lower(uuid),
    };
  } else if (m.kind === 'pvevm') {
    bios = {
      bdate: '2023-04-01',
      bmanufacturer: 'SeaBIOS',
      bversion: 'rel-1.16.3-0-ga6ed6b701f0a-prebuilt.qemu.org',
      smanufacturer: 'QEMU',
      smodel: 'Standard PC (i440FX + PIIX, 1996)',
    };
  } else {
    bios = {
      bdate: '2024-03-14',
      bmanufacturer: m.vendor,
      bversion: m.vendor === 'Supermicro' ? '1.8a' : '2.21.2',
      mmanufacturer: m.vendor,
      mmodel: m.vendor === 'Supermicro' ? 'X11SCM-F' : m.model,
      msn:
        m.vendor === 'Supermicro'
          ? 'ZM19AS004127'
          : m.vendor === 'Dell Inc.'
            ? `.${m.serial}.CNFCP00${hex(`board/${m.name}`, 6).toUpperCase()}.`
            : m.serial,
      smanufacturer: m.vendor,
      smodel: m.vendor === 'Supermicro' ? 'Super Server' : m.model,
      ssn: m.biosSerial ?? m.serial,
    };
  }
  const mac = lower(m.mac);
  const gw = m.ip.replace(/\.\d+$/, '.1');
  const networks = [];
  const nic = win
    ? m.kind === 'server'
      ? 'Intel(R) Ethernet 10G 2P X710 Adapter'
      : m.kind === 'pvevm'
        ? 'Red Hat VirtIO Ethernet Adapter'
        : 'vmxnet3 Ethernet Adapter'
    : m.kind === 'server'
      ? 'eno1'
      : m.kind === 'ec2'
        ? 'ens5'
        : m.kind === 'pvevm'
          ? 'ens18'
          : 'ens192';
  networks.push({
    description: nic,
    ipaddress: m.ip,
    ipgateway: gw,
    ipmask: m.kind === 'ec2' ? '255.255.255.0' : '255.255.255.0',
    ipsubnet: m.ip.replace(/\.\d+$/, '.0'),
    macaddr: mac,
    speed: '10000',
    status: 'up',
    type: 'ethernet',
    virtualdev: false,
  });
  if (win) {
    networks.push({
      description: nic,
      ipaddress6: `fe80::${hex(`ll/${m.name}`, 4)}:${hex(`ll2/${m.name}`, 4)}:${hex(`ll3/${m.name}`, 4)}:${hex(`ll4/${m.name}`, 4)}`,
      ipmask6: 'ffff:ffff:ffff:ffff::',
      ipsubnet6: 'fe80::',
      macaddr: mac,
      status: 'up',
      type: 'ethernet',
      virtualdev: false,
    });
  } else {
    networks.push({
      description: 'lo',
      ipaddress: '127.0.0.1',
      ipmask: '255.0.0.0',
      ipsubnet: '127.0.0.0',
      status: 'up',
      type: 'loopback',
      virtualdev: true,
    });
  }
  if (m.docker) {
    networks.push({
      description: 'docker0',
      ipaddress: '172.17.0.1',
      ipmask: '255.255.0.0',
      ipsubnet: '172.17.0.0',
      macaddr: `02:42:${hex(`docker/${m.name}`, 8).match(/../g).join(':')}`,
      status: 'up',
      type: 'bridge',
      virtualdev: true,
    });
    networks.push({
      description: `veth${hex(`veth/${m.name}`, 7)}`,
      macaddr: `6e:${hex(`vethmac/${m.name}`, 10).match(/../g).join(':')}`,
      status: 'up',
      type: 'ethernet',
      virtualdev: true,
    });
  }
  const hardware = {
    chassis_type: virtual ? 'Other' : 'Rack Mount Chassis',
    dns: m.site === 'HAM' ? '10.30.10.22' : m.kind === 'ec2' ? '10.50.0.2' : '10.20.10.10/10.20.10.11',
    memory: m.glpiRam ?? (m.kind === 'ec2' ? 7834 : m.ram),
    name: self,
    swap: win ? 4864 : m.kind === 'ec2' ? 0 : 4095,
    uuid,
    vmsystem:
      m.kind === 'vm' ? 'VMware' : m.kind === 'ec2' ? 'KVM' : m.kind === 'pvevm' ? 'QEMU' : 'Physical',
    workgroup: win ? (m.site === 'HAM' ? 'HAM' : 'CORP') : domain,
  };
  if (win) hardware.winowner = COMPANY;
  const operatingsystem = {
    arch: win ? '64-bit' : 'x86_64',
    boot_time: '2026-11-08 04:12:37',
    dns_domain: domain,
    fqdn: `${self}.${domain}`,
    full_name: os.full_name,
    install_date: win ? '2024-09-17 11:02:45' : '2024-09-17 11:02:45',
    kernel_name: os.kernel_name,
    kernel_version: os.kernel_version,
    name: os.name,
    timezone: {
      name: m.site === 'AWS' ? 'UTC' : 'Europe/Copenhagen',
      offset: m.site === 'AWS' ? '+0000' : '+0100',
    },
    version: os.version,
  };
  return {
    accesslog: { logdate: m.glpi.logdate },
    bios,
    cpus,
    hardware,
    networks,
    operatingsystem,
    versionclient: 'GLPI-Agent_v1.11',
  };
}

function glpiJsonDoc(m) {
  return { action: 'inventory', deviceid: glpiDeviceId(m), itemtype: 'Computer', content: glpiContent(m) };
}

const xmlEscape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A FusionInventory agent 2.6 <REQUEST> (the older agent still running on the physical database server). */
function glpiXml(m) {
  const c = glpiContent(m);
  const el = (tag, obj, indent) => {
    const pad = ' '.repeat(indent);
    const inner = Object.entries(obj)
      .filter(([, v]) => typeof v !== 'object')
      .map(([k, v]) => `${pad}  <${k.toUpperCase()}>${xmlEscape(v)}</${k.toUpperCase()}>`);
    return [`${pad}<${tag}>`, ...inner, `${pad}</${tag}>`];
  };
  const lines = ['<?xml version="1.0" encoding="UTF-8" ?>', '<REQUEST>', '  <CONTENT>'];
  lines.push(...el('ACCESSLOG', { logdate: c.accesslog.logdate, userid: 'N/A' }, 4));
  lines.push(...el('BIOS', c.bios, 4));
  for (const cpu of c.cpus)
    lines.push(...el('CPUS', { ...cpu, familynumber: '6', model: '85', stepping: '7' }, 4));
  const { uuid, ...hw } = c.hardware;
  lines.push(
    ...el(
      'HARDWARE',
      { ...hw, uuid, osname: c.operatingsystem.full_name, osversion: '4.18.0-553.27.1.el8_10.x86_64' },
      4,
    ),
  );
  for (const n of c.networks) lines.push(...el('NETWORKS', { ...n, virtualdev: n.virtualdev ? 1 : 0 }, 4));
  const { timezone: _timezone, ...os } = c.operatingsystem;
  lines.push(...el('OPERATINGSYSTEM', os, 4));
  lines.push('    <VERSIONCLIENT>FusionInventory-Agent_v2.6</VERSIONCLIENT>', '  </CONTENT>');
  lines.push(`  <DEVICEID>${glpiDeviceId(m)}</DEVICEID>`, '  <QUERY>INVENTORY</QUERY>', '</REQUEST>');
  return lines.join('\n') + '\n';
}

/** File name -> content of every file of discovery/glpi/. */
function glpiFiles() {
  const files = {};
  const lines = [];
  for (const m of MACHINES) {
    if (!m.glpi) continue;
    const format = m.glpi.format ?? 'json';
    if (format === 'xml') files[`${glpiDeviceId(m)}.xml`] = glpiXml(m);
    else if (format === 'ndjson') lines.push(JSON.stringify(glpiJsonDoc(m)));
    else files[`${glpiDeviceId(m)}.json`] = JSON.stringify(glpiJsonDoc(m), null, 2) + '\n';
  }
  // Linux agents of the platform team's hosts, exported from the GLPI server in one file.
  files['platform-linux-agents-2026-11-22.ndjson'] = lines.join('\n') + '\n';
  return files;
}

// ---------------------------------------------------------------------------------------------------
// aws ec2 describe-instances (account 481516234200, eu-central-1)

const AWS_ACCOUNT = '481516234200';
const VPC = 'vpc-0b7e41c2d95a3f680';
const SUBNETS = { a: 'subnet-04c1f2e6a9b3d7051', b: 'subnet-0e93a7d1c5f2b8464' };

function ec2Instance(m) {
  const priv = `ip-${m.ip.replace(/\./g, '-')}.${AWS_REGION}.compute.internal`;
  const azLetter = m.az.slice(-1);
  const tags = [];
  if (m.name) tags.push({ Key: 'Name', Value: m.name });
  if (m.owner)
    tags.push({
      Key: 'Owner',
      Value: `${lower(PEOPLE[m.owner].split(' ')[0])
        .normalize('NFD')
        .replace(/[^a-z]/g, '')}@brunsvik.example`,
    });
  if (m.group) tags.push({ Key: 'Team', Value: GROUPS[m.group] });
  if (m.group) tags.push({ Key: 'Environment', Value: 'prod' });
  for (const [Key, Value] of m.tags ?? []) tags.push({ Key, Value });
  const eni = `eni-0${hex(`eni/${m.ip}`, 16)}`;
  const state = m.state === 'running' ? { Code: 16, Name: 'running' } : { Code: 80, Name: 'stopped' };
  const ni = {
    Attachment: {
      AttachTime: '2026-03-02T08:14:51+00:00',
      AttachmentId: `eni-attach-0${hex(`att/${m.ip}`, 16)}`,
      DeleteOnTermination: true,
      DeviceIndex: 0,
      Status: 'attached',
      NetworkCardIndex: 0,
    },
    Description: '',
    Groups: [
      { GroupName: m.group ? `sg-${m.group}-app` : 'default', GroupId: `sg-0${hex(`sg/${m.group}`, 16)}` },
    ],
    Ipv6Addresses: [],
    MacAddress: lower(m.mac),
    NetworkInterfaceId: eni,
    OwnerId: AWS_ACCOUNT,
    PrivateDnsName: priv,
    PrivateIpAddress: m.ip,
    PrivateIpAddresses: [{ Primary: true, PrivateDnsName: priv, PrivateIpAddress: m.ip }],
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: SUBNETS[azLetter],
    VpcId: VPC,
    InterfaceType: 'interface',
  };
  if (m.publicIp) {
    ni.Association = {
      IpOwnerId: 'amazon',
      PublicDnsName: `ec2-${m.publicIp.replace(/\./g, '-')}.${AWS_REGION}.compute.amazonaws.com`,
      PublicIp: m.publicIp,
    };
    ni.PrivateIpAddresses[0].Association = ni.Association;
  }
  const inst = {
    AmiLaunchIndex: 0,
    ImageId: m.windows ? 'ami-0d4c664d2c7345cf1' : 'ami-0e54671bdf3c8ed8d',
    InstanceId: m.instanceId,
    InstanceType: m.type,
    KeyName: m.windows ? 'brunsvik-windows' : 'brunsvik-platform',
    LaunchTime: m.group ? '2026-03-02T08:14:50+00:00' : '2026-11-19T13:47:22+00:00',
    Monitoring: { State: 'disabled' },
    Placement: { AvailabilityZone: m.az, GroupName: '', Tenancy: 'default' },
    PrivateDnsName: priv,
    PrivateIpAddress: m.ip,
    ProductCodes: [],
    PublicDnsName: m.publicIp ? ni.Association.PublicDnsName : '',
    State: state,
    StateTransitionReason: m.state === 'stopped' ? 'User initiated (2026-11-20 18:02:11 GMT)' : '',
    SubnetId: SUBNETS[azLetter],
    VpcId: VPC,
    Architecture: 'x86_64',
    BlockDeviceMappings: [
      {
        DeviceName: m.windows ? '/dev/sda1' : '/dev/xvda',
        Ebs: {
          AttachTime: '2026-03-02T08:14:51+00:00',
          DeleteOnTermination: true,
          Status: 'attached',
          VolumeId: `vol-0${hex(`vol/${m.ip}`, 16)}`,
        },
      },
    ],
    ClientToken: `terraform-${hex(`tok/${m.ip}`, 26)}`,
    EbsOptimized: true,
    EnaSupport: true,
    Hypervisor: 'xen',
    NetworkInterfaces: [ni],
    RootDeviceName: m.windows ? '/dev/sda1' : '/dev/xvda',
    RootDeviceType: 'ebs',
    SecurityGroups: ni.Groups,
    SourceDestCheck: true,
    Tags: tags,
    VirtualizationType: 'hvm',
    CpuOptions: { CoreCount: m.vcpus / 2, ThreadsPerCore: 2 },
    CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
    HibernationOptions: { Configured: false },
    MetadataOptions: {
      State: 'applied',
      HttpTokens: 'required',
      HttpPutResponseHopLimit: 2,
      HttpEndpoint: 'enabled',
      HttpProtocolIpv6: 'disabled',
      InstanceMetadataTags: 'disabled',
    },
    EnclaveOptions: { Enabled: false },
    BootMode: 'uefi-preferred',
    PlatformDetails: m.windows ? 'Windows' : 'Linux/UNIX',
    UsageOperation: m.windows ? 'RunInstances:0002' : 'RunInstances',
    UsageOperationUpdateTime: '2026-03-02T08:14:50+00:00',
    PrivateDnsNameOptions: {
      HostnameType: 'ip-name',
      EnableResourceNameDnsARecord: false,
      EnableResourceNameDnsAAAARecord: false,
    },
    MaintenanceOptions: { AutoRecovery: 'default' },
    CurrentInstanceBootMode: m.windows ? 'legacy-bios' : 'uefi',
  };
  if (m.windows) inst.Platform = 'windows';
  if (m.publicIp) inst.PublicIpAddress = m.publicIp;
  return inst;
}

function awsJson() {
  const Reservations = MACHINES.filter((m) => m.kind === 'ec2').map((m) => ({
    Groups: [],
    Instances: [ec2Instance(m)],
    OwnerId: AWS_ACCOUNT,
    ReservationId: `r-0${hex(`res/${m.ip}`, 16)}`,
  }));
  return JSON.stringify({ Reservations }, null, 4) + '\n';
}

// ---------------------------------------------------------------------------------------------------
// NetBox 4.2 dumpdata of the Hamburg site (manage.py dumpdata dcim ipam virtualization tenancy contenttypes)

const NB_CREATED = '2023-04-20T09:00:00Z';
const CT = { interface: 31, vminterface: 87, site: 45, frontport: 25, rearport: 40 };

function netboxJson() {
  const rows = [];
  const row = (model, pk, fields) => rows.push({ model, pk, fields });
  const base = (updated = NB_CREATED) => ({
    created: NB_CREATED,
    last_updated: updated,
    custom_field_data: {},
  });

  for (const [name, pk] of Object.entries(CT)) {
    const app = name === 'vminterface' ? 'virtualization' : 'dcim';
    row('contenttypes.contenttype', pk, { app_label: app, model: name });
  }
  row('tenancy.tenantgroup', 1, {
    ...base(),
    parent: null,
    description: '',
    name: 'Brunsvik Logistics',
    slug: 'brunsvik',
    lft: 1,
    rght: 2,
    tree_id: 1,
    level: 0,
  });
  row('tenancy.tenant', 1, {
    ...base(),
    description: 'Hamburg site (warehouse and cross-dock)',
    comments: '',
    name: 'Brunsvik Hamburg',
    slug: 'brunsvik-hamburg',
    group: 1,
  });
  row('dcim.site', 1, {
    ...base(),
    description: 'Warehouse and cross-dock, server room EG',
    comments: '',
    name: 'Hamburg Hafen',
    slug: 'ham-hafen',
    status: 'active',
    region: null,
    group: null,
    tenant: 1,
    facility: 'Halle 4',
    time_zone: 'Europe/Berlin',
    physical_address: 'Am Travehafen 12, 20457 Hamburg',
    shipping_address: '',
    latitude: null,
    longitude: null,
  });
  row('dcim.location', 1, {
    ...base(),
    parent: null,
    name: 'Serverraum EG',
    slug: 'serverraum-eg',
    description: '',
    site: 1,
    status: 'active',
    tenant: null,
    lft: 1,
    rght: 2,
    tree_id: 1,
    level: 0,
  });
  row('dcim.location', 2, {
    ...base(),
    parent: null,
    name: 'Büro 1. OG',
    slug: 'buero-1-og',
    description: '',
    site: 1,
    status: 'active',
    tenant: null,
    lft: 1,
    rght: 2,
    tree_id: 2,
    level: 0,
  });
  for (const [pk, name] of [
    [1, 'HAM-R01'],
    [2, 'HAM-R02'],
  ]) {
    row('dcim.rack', pk, {
      ...base(),
      description: '',
      comments: '',
      name,
      facility_id: null,
      site: 1,
      location: 1,
      tenant: 1,
      status: 'active',
      role: null,
      serial: '',
      asset_tag: null,
      u_height: 42,
    });
  }

  const nbDevices = MACHINES.filter((m) => m.netbox && m.netbox.pk);
  const nbVms = MACHINES.filter((m) => m.netbox && m.netbox.vmPk);
  const manufacturers = [...new Set(nbDevices.map((m) => m.vendor))];
  manufacturers.forEach((name, i) =>
    row('dcim.manufacturer', i + 1, {
      ...base(),
      name,
      slug: lower(name).replace(/[^a-z0-9]+/g, '-'),
      description: '',
    }),
  );
  const types = [...new Set(nbDevices.map((m) => m.model))];
  types.forEach((model, i) => {
    const m = nbDevices.find((d) => d.model === model);
    row('dcim.devicetype', i + 1, {
      ...base(),
      description: '',
      comments: '',
      manufacturer: manufacturers.indexOf(m.vendor) + 1,
      model,
      slug: lower(model)
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/-$/, ''),
      part_number: '',
      u_height: m.kind === 'pdu' ? '0.0' : '1.0',
      is_full_depth: !['pdu', 'patchpanel'].includes(m.kind),
    });
  });
  const roles = [...new Set(nbDevices.map((m) => m.netbox.role))];
  roles.forEach((name, i) =>
    row('dcim.devicerole', i + 1, {
      ...base(),
      name,
      slug: lower(name).replace(/ /g, '-'),
      color: '9e9e9e',
      vm_role: false,
      description: '',
    }),
  );
  const vmRole = roles.length + 1;
  row('dcim.devicerole', vmRole, {
    ...base(),
    name: 'Virtual Machine',
    slug: 'virtual-machine',
    color: '607d8b',
    vm_role: true,
    description: '',
  });
  const platforms = [...new Set([...nbDevices, ...nbVms].map((m) => OS[m.os]?.netbox).filter(Boolean))];
  platforms.forEach((name, i) =>
    row('dcim.platform', i + 1, {
      ...base(),
      name,
      slug: lower(name).replace(/[^a-z0-9]+/g, '-'),
      description: '',
      manufacturer: null,
    }),
  );
  row('virtualization.clustertype', 1, {
    ...base(),
    name: 'Proxmox VE',
    slug: 'proxmox-ve',
    description: '',
  });
  row('virtualization.cluster', 1, {
    ...base('2025-02-11T10:41:09Z'),
    description: 'Hamburg Proxmox VE cluster',
    comments: '',
    name: 'HAM-PVE',
    type: 1,
    group: null,
    status: 'active',
    tenant: 1,
    scope_type: CT.site,
    scope_id: 1,
    _location: null,
    _site: 1,
    _region: null,
    _site_group: null,
  });

  // Addresses and interfaces first collected, then written in model order like dumpdata does.
  const ifaces = [];
  const vmIfaces = [];
  const macs = [];
  const ips = [];
  const primaryIp = new Map();
  for (const m of nbDevices) {
    if (!m.ip && !m.mac) continue;
    const ifPk = ifaces.length + 1;
    const ifName = {
      firewall: 'internal1',
      switch: 'vlan1',
      pdu: 'eth0',
      pve: 'eno1',
      server: 'eno1',
      nas: 'LAN 1',
      printer: 'eth0',
    }[m.kind];
    let macPk = null;
    if (m.mac) {
      macPk = macs.length + 1;
      macs.push({ pk: macPk, mac: m.mac, type: CT.interface, id: ifPk });
    }
    ifaces.push({
      pk: ifPk,
      device: m.netbox.pk,
      name: ifName,
      type: m.kind === 'switch' ? 'virtual' : m.kind === 'firewall' ? '1000base-t' : '10gbase-t',
      mgmt: ['switch', 'pdu'].includes(m.kind),
      macPk,
    });
    if (m.ip) {
      const ipPk = ips.length + 1;
      ips.push({ pk: ipPk, address: `${m.ip}/24`, type: CT.interface, id: ifPk, dns: fqdnOf(m) });
      primaryIp.set(m, ipPk);
    }
  }
  // Switch ports the cables plug into.
  const port = (device, name) => {
    const pk = ifaces.length + 1;
    ifaces.push({ pk, device, name, type: '1000base-t', mgmt: false, macPk: null });
    return pk;
  };
  const cables = [];
  const cable = (aDevice, aPort, bDevice, bPort, label) =>
    cables.push({ a: [aDevice, aPort], b: [bDevice, bPort], label });
  const sw1 = port(2, '1/1/48');
  const fwPort = port(1, 'wan1');
  cable(2, sw1, 1, fwPort, 'HAM-C001');
  cable(2, port(2, '1/1/49'), 3, port(3, '1/1/49'), 'HAM-C002');
  cable(2, port(2, '1/1/1'), 6, ifaces.find((f) => f.device === 6).pk, 'HAM-C011');
  cable(2, port(2, '1/1/2'), 7, ifaces.find((f) => f.device === 7).pk, 'HAM-C012');
  cable(3, port(3, '1/1/1'), 8, ifaces.find((f) => f.device === 8).pk, 'HAM-C021');
  cable(3, port(3, '1/1/2'), 9, ifaces.find((f) => f.device === 9).pk, 'HAM-C022');
  cable(3, port(3, '1/1/40'), 10, ifaces.find((f) => f.device === 10).pk, 'HAM-C031');

  for (const m of nbVms) {
    const ifPk = vmIfaces.length + 1;
    const macPk = macs.length + 1;
    macs.push({ pk: macPk, mac: m.mac, type: CT.vminterface, id: ifPk });
    vmIfaces.push({ pk: ifPk, vm: m.netbox.vmPk, name: isWindows(m.os) ? 'Ethernet' : 'ens18', macPk });
    const ipPk = ips.length + 1;
    ips.push({ pk: ipPk, address: `${m.ip}/24`, type: CT.vminterface, id: ifPk, dns: fqdnOf(m) });
    primaryIp.set(m, ipPk);
  }

  for (const m of nbDevices) {
    const nb = m.netbox;
    row('dcim.device', nb.pk, {
      ...base('2026-10-02T13:22:41.508113Z'),
      description: '',
      comments: '',
      local_context_data: null,
      config_template: null,
      device_type: types.indexOf(m.model) + 1,
      role: roles.indexOf(nb.role) + 1,
      tenant: 1,
      platform: OS[m.os]?.netbox ? platforms.indexOf(OS[m.os].netbox) + 1 : null,
      name: m.name,
      serial: nb.noSerial ? '' : (m.serial ?? ''),
      asset_tag: m.asset ?? null,
      site: 1,
      location: nb.location ?? 1,
      rack: nb.rack ?? null,
      position: nb.position == null ? null : `${nb.position}.0`,
      face: nb.position == null ? '' : 'front',
      status: 'active',
      airflow: m.kind === 'pdu' || m.kind === 'patchpanel' ? '' : 'front-to-rear',
      primary_ip4: primaryIp.get(m) ?? null,
      primary_ip6: null,
      oob_ip: null,
      cluster: nb.cluster ? 1 : null,
      virtual_chassis: null,
      vc_position: null,
      vc_priority: null,
      latitude: null,
      longitude: null,
    });
  }
  for (const f of ifaces) {
    const c = cables.findIndex((x) => x.a[1] === f.pk || x.b[1] === f.pk);
    row('dcim.interface', f.pk, {
      ...base(),
      device: f.device,
      name: f.name,
      label: '',
      description: '',
      module: null,
      cable: c >= 0 ? c + 1 : null,
      cable_end: c < 0 ? '' : cables[c].a[1] === f.pk ? 'A' : 'B',
      mark_connected: false,
      enabled: true,
      mtu: null,
      mode: '',
      parent: null,
      bridge: null,
      lag: null,
      type: f.type,
      mgmt_only: f.mgmt,
      primary_mac_address: f.macPk,
    });
  }
  for (const m of nbVms) {
    const f = vmIfaces.find((x) => x.vm === m.netbox.vmPk);
    row('virtualization.virtualmachine', m.netbox.vmPk, {
      ...base('2026-09-15T08:03:12.114502Z'),
      description: '',
      comments: '',
      local_context_data: null,
      config_template: null,
      site: 1,
      cluster: 1,
      device: m.netbox.device,
      serial: '',
      tenant: 1,
      platform: platforms.indexOf(OS[m.os].netbox) + 1,
      name: m.name,
      status: 'active',
      role: vmRole,
      primary_ip4: primaryIp.get(m),
      primary_ip6: null,
      vcpus: `${m.cpu}.00`,
      memory: m.ram,
      disk: isWindows(m.os) ? 80000 : 32000,
      interface_count: 1,
      virtual_disk_count: 1,
    });
    row('virtualization.vminterface', f.pk, {
      ...base(),
      enabled: true,
      mtu: null,
      mode: '',
      parent: null,
      bridge: null,
      virtual_machine: f.vm,
      name: f.name,
      description: '',
      untagged_vlan: null,
      vrf: null,
      primary_mac_address: f.macPk,
    });
  }
  for (const x of macs) {
    row('dcim.macaddress', x.pk, {
      ...base(),
      description: '',
      comments: '',
      mac_address: x.mac,
      assigned_object_type: x.type,
      assigned_object_id: x.id,
    });
  }
  for (const x of ips) {
    row('ipam.ipaddress', x.pk, {
      ...base(),
      description: '',
      comments: '',
      address: x.address,
      vrf: null,
      tenant: 1,
      status: 'active',
      role: '',
      assigned_object_type: x.type,
      assigned_object_id: x.id,
      nat_inside: null,
      dns_name: x.dns,
    });
  }
  cables.forEach((c, i) => {
    row('dcim.cable', i + 1, {
      ...base(),
      description: '',
      comments: '',
      type: 'cat6a',
      status: 'connected',
      tenant: null,
      label: c.label,
      color: '',
      length: null,
      length_unit: '',
      _abs_length: null,
    });
  });
  let termPk = 0;
  cables.forEach((c, i) => {
    for (const [end, [device, iface]] of [
      ['A', c.a],
      ['B', c.b],
    ]) {
      row('dcim.cabletermination', ++termPk, {
        created: NB_CREATED,
        last_updated: NB_CREATED,
        cable: i + 1,
        cable_end: end,
        termination_type: CT.interface,
        termination_id: iface,
        _device: device,
        _rack: null,
        _location: 1,
        _site: 1,
      });
    }
  });
  return JSON.stringify(rows, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------------
// The finance department's asset register: an Excel sheet saved as CSV (Danish locale: semicolons,
// Windows-1252, dd.mm.yyyy, amounts with a decimal comma and the euro sign)

// prettier-ignore
const ASSET_COLUMNS = [
  'Asset No', 'Category', 'Description', 'Manufacturer', 'Model', 'Serial No', 'Hostname', 'Mgmt MAC', 'Site', 'Room / Rack',
  'Status', 'Owner', 'Support Team', 'Cost Centre', 'Purchase Date', 'Purchase Value', 'Warranty End', 'Notes',
];

const ASSET_CATEGORY = {
  esxi: 'ESX Server',
  server: 'Server',
  pve: 'Server',
  switch: 'IP Switch',
  firewall: 'IP Firewall',
  printer: 'Printer',
  nas: 'Storage Device',
};
const ASSET_DESCRIPTION = {
  esxi: 'VMware host, production cluster',
  server: 'Server',
  pve: 'Proxmox host',
  switch: 'Core/access switch',
  firewall: 'Firewall',
  printer: 'Printer',
  nas: 'NAS (backup target)',
};
const COST_CENTRES = {
  AAR: 'DK-4100 IT Drift',
  AAR_OFFICE: 'DK-1200 Administration',
  ESB: 'DK-5300 Depot Esbjerg',
  HAM: 'DE-7100 Standort Hamburg',
};

function warrantyEnd(bought) {
  const [d, mo, y] = bought.split('.');
  return `${d}.${mo}.${Number(y) + 5}`;
}

function assetsCsv() {
  const rows = [];
  for (const m of MACHINES) {
    if (!m.assets) continue;
    const retired = m.assetStatus === 'Disposed';
    rows.push({
      'Asset No': m.asset,
      Category: ASSET_CATEGORY[m.kind],
      Description:
        m.name === 'aar-db01'
          ? 'Oracle DB server (TMS)'
          : m.name === 'aar-bkp01'
            ? 'Backup server – Veeam'
            : ASSET_DESCRIPTION[m.kind],
      Manufacturer: m.vendor === 'Hewlett Packard Enterprise' ? 'HPE' : m.vendor,
      Model: m.model,
      'Serial No': m.serial,
      Hostname: m.name.toUpperCase(),
      // The network team writes MACs the way their Cisco CLI shows them.
      'Mgmt MAC': ['switch', 'firewall'].includes(m.kind) && m.mac ? ciscoMac(m.mac) : '',
      Site: { AAR: 'Aarhus', AAR_OFFICE: 'Aarhus', ESB: 'Esbjerg', HAM: 'Hamburg' }[m.site],
      'Room / Rack':
        m.kind === 'printer'
          ? m.site === 'HAM'
            ? 'Büro 1. OG'
            : 'Kontor 1. sal'
          : m.site === 'ESB'
            ? 'Kontor'
            : `Serverrum / ${m.site === 'HAM' ? `HAM-R0${m.netbox?.rack ?? 1}` : 'AAR-R03'}`,
      Status: retired ? 'Disposed' : 'In use',
      Owner: PEOPLE[m.owner],
      'Support Team': GROUPS[m.group],
      'Cost Centre': COST_CENTRES[m.site],
      'Purchase Date': m.bought,
      'Purchase Value': m.price,
      'Warranty End': warrantyEnd(m.bought),
      Notes: retired
        ? 'Skrottet 31.03.2026 – data wiped (certificate WE-2026-118)'
        : m.name === 'esb-srv01'
          ? 'Depot server, installed by Jørgensen El A/S'
          : '',
    });
  }
  // A spare core switch on the shelf: in stock, so nobody expects to discover it.
  rows.push({
    'Asset No': 'BRL-00958',
    Category: 'IP Switch',
    Description: 'Spare core switch (cold standby)',
    Manufacturer: 'Cisco Systems',
    Model: 'Catalyst C9500-24Y4C',
    'Serial No': 'FCW2402P0QE',
    Hostname: '',
    Site: 'Aarhus',
    'Room / Rack': 'Lager IT',
    Status: 'In stock',
    Owner: PEOPLE.thomas,
    'Support Team': GROUPS.net,
    'Cost Centre': COST_CENTRES.AAR,
    'Purchase Date': '11.11.2024',
    'Purchase Value': '19.995,00 €',
    'Warranty End': '11.11.2029',
    Notes: '',
  });
  rows.sort((a, b) => (a['Asset No'] < b['Asset No'] ? -1 : 1));
  const lines = [csvLine(ASSET_COLUMNS, ';')];
  for (const r of rows)
    lines.push(
      csvLine(
        ASSET_COLUMNS.map((c) => r[c] ?? ''),
        ';',
      ),
    );
  return windows1252(lines.join('\r\n') + '\r\n');
}

const ASSET_MAPPING = {
  key: 'Asset No',
  class: 'Category',
  ciTypeColumn: 'Category',
  role: 'cmdb',
  delimiter: ';',
  encoding: 'windows-1252',
  attributes: {
    Hostname: 'name',
    'Serial No': 'serial_number',
    'Mgmt MAC': 'mac_address',
    Manufacturer: 'manufacturer',
    Model: 'model',
    Status: 'status',
    Owner: 'owner',
    'Support Team': 'support_group',
    Site: 'location',
    'Room / Rack': 'room',
    'Cost Centre': 'cost_centre',
    'Purchase Date': 'purchase_date',
    'Purchase Value': 'purchase_value',
    'Warranty End': 'warranty_end',
    Description: 'description',
    Notes: 'notes',
  },
};

// ---------------------------------------------------------------------------------------------------
// What is planted, and what reconciliation must find: expected-findings.json and README.md

const SN = 'servicenow';
const snKey = (label) => sysId(label);
const glpiKey = (name) => glpiDeviceId(MACHINES.find((m) => m.name === name && m.glpi));
const assetKey = (name, label) => byName(name, label).asset;
const rvRel = (rel) => relKey(rel);

/** Every planted discrepancy: the story, the records involved, the findings reconciliation must report. */
function plantedDiscrepancies() {
  const ec2Poc = MACHINES.find((m) => m.kind === 'ec2' && !m.name);
  const dangling = ['app-qlik', 'Runs on::Runs', 'aar-qlik01'];
  const f = (category, source, key, extra = {}) => ({ category, source, key, ...extra });
  // A CMDB record one of whose attributes discovery contradicts.
  const cmdbAttributeConflict = (host, attribute) => ({
    records: [[SN, snKey(host), host]],
    findings: [f('attribute_conflict', SN, snKey(host), { attribute })],
  });
  // prettier-ignore
  return [
    {
      id: 'duplicate',
      title: 'CMDB duplicate',
      story: 'The DBA team entered their SQL Server VM by hand in 2023 (`AAR-SQL01.corp.brunsvik.example`, class cmdb_ci_server, serial only); ServiceNow Discovery later created its own CI `aar-sql01`. Both are Installed.',
      records: [[SN, snKey('aar-sql01'), 'aar-sql01'], [SN, snKey('aar-sql01#manual'), 'AAR-SQL01.corp.brunsvik.example']],
      findings: [f('duplicate', SN, snKey('aar-sql01'), { severity: 'high' }), f('duplicate', SN, snKey('aar-sql01#manual'), { severity: 'high' })],
    },
    {
      id: 'missing-printer',
      title: 'Machine missing from the CMDB: a printer',
      story: 'The warehouse bought a Zebra ZT410 label printer on its own budget (10.20.40.31, DHCP, no DNS name). Only nmap sees it.',
      records: [['nmap', '10.20.40.31', '10.20.40.31']],
      findings: [f('missing_in_cmdb', 'nmap', '10.20.40.31', { severity: 'medium' })],
    },
    {
      id: 'missing-vm',
      title: 'Machine missing from the CMDB: a VM',
      story: 'The BI team\'s Power BI gateway VM (`BI-Gateway` in vCenter, host name aar-bi01) was never registered. GLPI, RVTools and nmap all see it; the finding is reported on its first discovery record (GLPI).',
      records: [['glpi', glpiKey('aar-bi01'), 'AAR-BI01'], ['rvtools', 'vm:aar-bi01', 'BI-Gateway'], ['nmap', '10.20.11.60', 'aar-bi01']],
      findings: [f('missing_in_cmdb', 'glpi', glpiKey('aar-bi01'), { severity: 'high' })],
    },
    {
      id: 'missing-ec2',
      title: 'Machine missing from the CMDB: a cloud instance',
      story: 'A developer launched a proof-of-concept instance without a Name tag (tags CreatedBy, Project only). Its only name is its private DNS name ip-10-50-2-87.',
      records: [['aws', ec2Poc.instanceId, 'ip-10-50-2-87']],
      findings: [f('missing_in_cmdb', 'aws', ec2Poc.instanceId, { severity: 'high' })],
    },
    {
      id: 'not-discovered-scanned',
      title: 'CMDB CI nobody discovers, in a scanned subnet',
      story: 'aar-ftp01 (physical, 10.20.10.40) was powered off on 29 Oct pending decommissioning but is still Installed in the CMDB and In use in the asset register. nmap scans 10.20.10.0/24 and reports the address down.',
      records: [[SN, snKey('aar-ftp01'), 'aar-ftp01'], ['assets', assetKey('aar-ftp01'), 'AAR-FTP01']],
      findings: [f('not_discovered', SN, snKey('aar-ftp01'), { severity: 'medium' }), f('not_discovered', 'assets', assetKey('aar-ftp01'), { severity: 'low' })],
    },
    {
      id: 'not-discovered-unscanned',
      title: 'CMDB CI nobody discovers, outside any scan',
      story: 'The Esbjerg depot server esb-srv01 (10.60.1.10) sits on a network that no scan, agent or inventory reaches. Registered by hand; never discovered.',
      records: [[SN, snKey('esb-srv01'), 'esb-srv01'], ['assets', assetKey('esb-srv01'), 'ESB-SRV01']],
      findings: [f('not_discovered', SN, snKey('esb-srv01'), { severity: 'low' }), f('not_discovered', 'assets', assetKey('esb-srv01'), { severity: 'low' })],
    },
    {
      id: 'retired-discovered',
      title: 'Retired in the CMDB, still discovered',
      story: 'The Citrix farm was decommissioned in September (CHG0041877) and aar-ctx01 set to Retired, but nobody deleted the VM: it still runs (RVTools, nmap).',
      records: [[SN, snKey('aar-ctx01'), 'aar-ctx01']],
      findings: [f('retired_but_discovered', SN, snKey('aar-ctx01'), { severity: 'high' })],
    },
    {
      id: 'ip-conflict',
      title: 'Attribute conflict: IP address',
      story: 'aar-wms01 moved from 10.20.11.15 to 10.20.11.51 in the October VLAN clean-up; the CMDB still has the old address (which nmap finds down).',
      ...cmdbAttributeConflict('aar-wms01', 'ip_address'),
    },
    {
      id: 'serial-conflict',
      title: 'Attribute conflict: serial number (transposition typo)',
      story: 'aar-db01\'s serial was typed into the CMDB as CZJ0740B2K; the server (GLPI) and the asset register say CZJ0470B2K. One typo apart, so the records still match.',
      ...cmdbAttributeConflict('aar-db01', 'serial_number'),
    },
    {
      id: 'os-conflict',
      title: 'Attribute conflict: OS version',
      story: 'aar-app-tms02 was upgraded in place from RHEL 7.9 to 8.10 (Leapp); the CMDB says Linux Red Hat 7.9, GLPI and VMware Tools report RHEL 8 (the VM\'s configuration file still says RHEL 7).',
      ...cmdbAttributeConflict('aar-app-tms02', 'os'),
    },
    {
      id: 'cpu-conflict',
      title: 'Attribute conflict: CPU count',
      story: 'Two vCPUs were hot-added to aar-mon01 (the monitoring and scanning VM); the CMDB still says 2, RVTools reports 4.',
      ...cmdbAttributeConflict('aar-mon01', 'cpu_count'),
    },
    {
      id: 'ram-conflict',
      title: 'Attribute conflict: memory',
      story: 'aar-git01 went from 8 to 16 GB; the CMDB still says 8192 MB. RVTools reports 16384 MB, the GLPI agent 16012 MB (what the OS sees, within tolerance of 16 GB).',
      ...cmdbAttributeConflict('aar-git01', 'ram_mb'),
    },
    {
      id: 'relationship-conflict',
      title: 'Relationship conflict: VM hosted on the wrong host',
      story: 'DRS moved aar-hr01 to aar-esx03; the CMDB\'s Hosted on relationship still points at aar-esx01.',
      records: [[SN, snKey('aar-hr01'), 'aar-hr01'], [SN, relKey(['aar-hr01', 'Hosted on::Hosts', 'aar-esx01']), 'aar-hr01 Hosted on aar-esx01']],
      findings: [f('relationship_conflict', SN, snKey('aar-hr01'), { attribute: 'hosted_on' })],
    },
    {
      id: 'dangling-relationship',
      title: 'Dangling relationship',
      story: 'Qlik Sense Enterprise still "Runs on" aar-qlik01, a server deleted from the CMDB in 2025: the relationship points at a sys_id that is not in the export.',
      records: [[SN, rvRel(dangling), 'Qlik Sense Enterprise Runs on (deleted CI)']],
      findings: [f('dangling_relationship', SN, rvRel(dangling))],
    },
    {
      id: 'missing-hosted-on',
      title: 'Missing Hosted on relationship',
      story: 'aar-jump01 (vCenter display name "Jump Server 01") has no Hosted on relationship in the CMDB; RVTools says it runs on aar-esx02.',
      records: [[SN, snKey('aar-jump01'), 'aar-jump01']],
      findings: [f('missing_relationship', SN, snKey('aar-jump01'), { attribute: 'hosted_on' })],
    },
    {
      id: 'no-owner',
      title: 'CIs without owner or support group',
      story: 'aar-log01 (Graylog, set up by a developer) has neither owner nor support group; the Qlik Sense application has an owner but no support group.',
      records: [[SN, snKey('aar-log01'), 'aar-log01'], [SN, snKey('app-qlik'), 'Qlik Sense Enterprise']],
      findings: [
        f('missing_owner', SN, snKey('aar-log01'), { attribute: 'owned_by,support_group', severity: 'medium' }),
        f('missing_owner', SN, snKey('app-qlik'), { attribute: 'support_group', severity: 'low' }),
      ],
    },
    {
      id: 'multi-team-server',
      title: 'A server whose applications belong to several teams',
      story: 'aar-app-tms01 runs TMS Core (Transport Systems), the Transporeon Connector (Integration Team) and the Label Service (Warehouse Systems).',
      records: [[SN, snKey('aar-app-tms01'), 'aar-app-tms01']],
      findings: [f('ownership_conflict', SN, snKey('aar-app-tms01'), { attribute: 'hosted_applications' })],
    },
    {
      id: 'class-conflict',
      title: 'Class conflict: the CMDB says Linux, discovery says Windows',
      story: 'aar-edi01 was rebuilt on Windows Server 2022 for the new EDI product under the same name and address; the CMDB still has the old cmdb_ci_linux_server CI (Linux Red Hat 7.9). The OS attribute conflicts too.',
      records: [[SN, snKey('aar-edi01'), 'aar-edi01']],
      findings: [f('class_conflict', SN, snKey('aar-edi01'), { attribute: 'os_family', severity: 'high' }), f('attribute_conflict', SN, snKey('aar-edi01'), { attribute: 'os' })],
    },
    {
      id: 'cloned-uuid',
      title: 'Two VMs cloned with the same BIOS UUID',
      story: 'aar-ci-runner02 was made by copying aar-ci-runner01\'s files on the datastore and registering the copy with "I moved it", which keeps the BIOS UUID: both VMs carry the same one (RVTools SMBIOS UUID, GLPI, the CMDB\'s VMware serial). Their VM IDs, names, MACs and addresses differ: two CIs, never merged.',
      records: [[SN, snKey('aar-ci-runner01'), 'aar-ci-runner01'], [SN, snKey('aar-ci-runner02'), 'aar-ci-runner02']],
      findings: [f('invalid_identifier', SN, snKey('aar-ci-runner01'), { attribute: 'bios_uuid' }), f('invalid_identifier', SN, snKey('aar-ci-runner02'), { attribute: 'bios_uuid' })],
    },
    {
      id: 'name-reuse',
      title: 'A decommissioned CMDB record whose name was reused',
      story: 'The old HPE file server aar-file01 (serial CZJ5210XK4) was retired in March 2026 and replaced by a Dell R760xs with the same name and IP (serial 8FQ2KT3), registered as a new CI. The retired record must stay on its own (with the disposed asset): different serials are different machines. No finding: neither retired_but_discovered nor duplicate.',
      records: [[SN, snKey('aar-file01#2016'), 'aar-file01 (retired)'], [SN, snKey('aar-file01#2026'), 'aar-file01 (new)'], ['assets', assetKey('aar-file01', 'aar-file01#2016'), 'AAR-FILE01 (disposed)']],
      findings: [],
      absent: [
        f('retired_but_discovered', SN, snKey('aar-file01#2016')),
        f('duplicate', SN, snKey('aar-file01#2016')),
        f('duplicate', SN, snKey('aar-file01#2026')),
      ],
    },
    {
      id: 'stale',
      title: 'Stale CI',
      story: 'The license server aar-lic01 was deleted from vSphere in June; the CMDB still says Installed, last discovered 2026-06-14 (over 90 days before the imports of 22-23 Nov 2026). It is not discovered either (nmap finds its address down; RVTools does not list it).',
      records: [[SN, snKey('aar-lic01'), 'aar-lic01']],
      findings: [f('stale_ci', SN, snKey('aar-lic01'), { attribute: 'last_discovered' }), f('not_discovered', SN, snKey('aar-lic01'), { severity: 'medium' })],
    },
  ];
}

/** Findings that follow from the estate's quirks rather than from a planted mistake. */
function consequences() {
  const out = [
    {
      category: 'invalid_identifier',
      source: SN,
      key: snKey('ham-srv01'),
      attribute: 'serial_number',
      why: 'ham-srv01\'s BIOS has no serial ("To be filled by O.E.M."), and ServiceNow copied the placeholder.',
    },
  ];
  for (const m of MACHINES) {
    if (!m.netbox) continue;
    const key = m.netbox.pk ? `device:${m.netbox.pk}` : `vm:${m.netbox.vmPk}`;
    out.push({
      category: 'missing_owner',
      source: 'netbox',
      key,
      attribute: 'support_group',
      why: 'NetBox has no support group field (its tenant becomes the owner).',
    });
  }
  out.push({
    category: 'missing_owner',
    source: 'netbox',
    key: 'cluster:1',
    attribute: 'support_group',
    why: 'NetBox has no support group field (its tenant becomes the owner).',
  });
  return out;
}

/** Groups of records that are one CI, and pairs that must never be merged. */
function clusterChecks() {
  // prettier-ignore
  return {
    together: [
      { what: 'the SQL Server VM and its duplicate CMDB record', records: [[SN, snKey('aar-sql01')], [SN, snKey('aar-sql01#manual')], ['rvtools', 'vm:aar-sql01'], ['glpi', glpiKey('aar-sql01')], ['nmap', '10.20.10.52']] },
      { what: 'aar-db01 despite the serial typo', records: [[SN, snKey('aar-db01')], ['glpi', glpiKey('aar-db01')], ['nmap', '10.20.10.21'], ['assets', assetKey('aar-db01')]] },
      { what: 'aar-wms01 despite the stale IP and the vCenter display name', records: [[SN, snKey('aar-wms01')], ['rvtools', 'vm:aar-wms01'], ['nmap', '10.20.11.51']] },
      { what: 'the new aar-file01', records: [[SN, snKey('aar-file01#2026')], ['glpi', glpiKey('aar-file01')], ['nmap', '10.20.10.30'], ['assets', assetKey('aar-file01', 'aar-file01#2026')]] },
      { what: 'the old aar-file01 and its disposed asset', records: [[SN, snKey('aar-file01#2016')], ['assets', assetKey('aar-file01', 'aar-file01#2016')]] },
      { what: 'the EC2 instance whose agent calls it ip-10-50-1-15', records: [[SN, snKey('portal-web-01')], ['aws', byName('portal-web-01').instanceId], ['glpi', glpiKey('portal-web-01')]] },
      { what: 'an ESXi host (FQDN in the CMDB, upper-case short name in the register)', records: [[SN, snKey('aar-esx02')], ['nmap', '10.20.1.12'], ['assets', assetKey('aar-esx02')]] },
      { what: 'a Cisco switch (MAC in Cisco notation in the register)', records: [[SN, snKey('aar-core-sw01')], ['nmap', '10.20.0.2'], ['assets', assetKey('aar-core-sw01')]] },
      { what: 'a Hamburg server known to ServiceNow, NetBox, GLPI, nmap and the register', records: [[SN, snKey('ham-srv01')], ['netbox', 'device:8'], ['glpi', glpiKey('ham-srv01')], ['nmap', '10.30.10.20'], ['assets', assetKey('ham-srv01')]] },
      { what: 'a Proxmox VM known to ServiceNow, NetBox, GLPI and nmap', records: [[SN, snKey('ham-app01')], ['netbox', 'vm:1'], ['glpi', glpiKey('ham-app01')], ['nmap', '10.30.10.21']] },
    ],
    apart: [
      { what: 'the two cloned CI runners', records: [[SN, snKey('aar-ci-runner01')], [SN, snKey('aar-ci-runner02')]] },
      { what: 'the cloned runners\' agents', records: [['glpi', glpiKey('aar-ci-runner01')], ['glpi', glpiKey('aar-ci-runner02')]] },
      { what: 'the old and the new aar-file01', records: [[SN, snKey('aar-file01#2016')], [SN, snKey('aar-file01#2026')]] },
      { what: 'the retired aar-file01 and the machine now answering on its name and address', records: [[SN, snKey('aar-file01#2016')], ['nmap', '10.20.10.30']] },
      { what: 'two Linux hosts sharing the docker bridge 172.17.0.1', records: [['glpi', glpiKey('aar-git01')], ['glpi', glpiKey('aar-log01')]] },
    ],
  };
}

/** rvtools keys are VM IDs, assigned in generation order; the checks above name VMs as "vm:<name>". */
function rvtoolsVmIds() {
  const ids = {};
  MACHINES.filter((m) => m.kind === 'vm' && m.rv).forEach(
    (m, i) => (ids[`vm:${m.name}`] = `vm-${1041 + i * 3}`),
  );
  return ids;
}

function expectedJson() {
  const vmIds = rvtoolsVmIds();
  const resolve = ([source, key, name]) => ({
    source,
    key: source === 'rvtools' ? (vmIds[key] ?? key) : key,
    ...(name ? { name } : {}),
  });
  const planted = plantedDiscrepancies().map((p) => ({
    id: p.id,
    title: p.title,
    records: p.records.map(resolve),
    findings: p.findings,
    ...(p.absent ? { absent: p.absent } : {}),
  }));
  const checks = clusterChecks();
  const fix = (g) => ({ what: g.what, records: g.records.map((r) => resolve(r)) });
  return (
    JSON.stringify(
      {
        description:
          'Findings the sample estate must produce (see README.md). "planted": each planted discrepancy and the findings it must yield; "consequences": findings that follow from the estate\'s quirks and may appear; any other finding is unexpected. Keys: ServiceNow sys_id, nmap IPv4, RVTools VM ID, GLPI deviceid, EC2 InstanceId, NetBox device:<pk>/vm:<pk>/cluster:<pk>, asset register Asset No.',
        clock: '2026-11-23T09:00:00Z',
        planted,
        consequences: consequences(),
        clusters: { together: checks.together.map(fix), apart: checks.apart.map(fix) },
      },
      null,
      2,
    ) + '\n'
  );
}

function mdCell(s) {
  return String(s).replace(/\|/g, '\\|');
}

function readme() {
  const planted = plantedDiscrepancies();
  const vmIds = rvtoolsVmIds();
  const keyText = (source, key) => `${source} \`${source === 'rvtools' ? (vmIds[key] ?? key) : key}\``;
  const counts = {
    sn: MACHINES.filter((m) => m.sn).length + 1 + SN_LOGICAL.length,
    apps: SN_APPS.length,
    rels: snRelationships().length,
    nmapUp: MACHINES.filter((m) => m.nmap && m.ip).length,
    rv: MACHINES.filter((m) => m.kind === 'vm' && m.rv).length,
    glpi: MACHINES.filter((m) => m.glpi).length,
    ec2: MACHINES.filter((m) => m.kind === 'ec2').length,
    nbDevices: MACHINES.filter((m) => m.netbox?.pk).length,
    nbVms: MACHINES.filter((m) => m.netbox?.vmPk).length,
    assets: MACHINES.filter((m) => m.assets).length + 1,
  };
  const L = [];
  L.push(
    '# Sample estate: Brunsvik Logistics A/S',
    '',
    '<!-- Generated by scripts/make-sample-estate.mjs (npm run fixtures:sample). Do not edit by hand: edit the generator and regenerate. -->',
    '',
    'A small, made-up but realistic estate in every format CMDB Workbench imports, with every kind of',
    'discrepancy planted on purpose. Tests import it through the real pipeline',
    '(`test/fixtures/sample-estate.test.ts`) and the desktop app opens it as its sample workspace.',
    'Every name, address, serial and person in it is invented.',
    '',
    '## The story',
    '',
    '**Brunsvik Logistics A/S** is a Danish freight forwarder and contract-logistics company of about 600',
    'people (domain `corp.brunsvik.example`).',
    '',
    '- **Aarhus** (HQ): data centre DC1 in the basement with a three-host vSphere 8 cluster (`AAR-PROD-CL01`,',
    '  Dell R750, vCenter `aar-vcsa01`), two physical servers (Oracle database `aar-db01`, Veeam backup',
    '  `aar-bkp01`), a new file server, Cisco core switches and a FortiGate; printers in the office and the',
    '  warehouse. Transport (TMS), warehouse (WMS), ERP, payroll and EDI systems run here.',
    '- **Hamburg Hafen**: warehouse and cross-dock with its own server room run by the local IT',
    '  (`ham.corp.brunsvik.example`): a two-node Proxmox VE cluster (`HAM-PVE`), a Supermicro file server, a',
    '  Synology NAS, Aruba switches, a FortiGate. The site documents itself in **NetBox**.',
    '- **Esbjerg depot**: one small server on a network no scan reaches.',
    '- **AWS eu-central-1**: the customer-facing Track & Trace portal, the tracking API, a bastion and a',
    '  reporting ETL box (account 481516234200).',
    '',
    'The corporate CMDB is **ServiceNow**. ServiceNow Discovery covers the Aarhus data centre, the AWS',
    'Service Graph connector the cloud instances; printers, Hamburg, Esbjerg, business services and',
    'applications are maintained by hand. Finance keeps an **asset register** in Excel. All exports were',
    'taken on 22 November 2026; tests reconcile with the clock at 23 November 2026 09:00 UTC. (Reconciled',
    'later, with a real clock, more CMDB records become stale: staleness counts from "now".)',
    '',
    '## Files and sources',
    '',
    '| file | what it is | source | format |',
    '| --- | --- | --- | --- |',
    `| \`servicenow/cmdb_ci.csv\` | ServiceNow \`cmdb_ci\` list export, field names as headers, display values, every field quoted, CRLF. ${counts.sn} CIs: servers, VMs, ESXi hosts, switches, firewalls, printers, cloud instances, business services, business applications, database instances, the vSphere cluster | \`servicenow\` | \`servicenow-ci\` |`,
    `| \`servicenow/cmdb_ci_appl.json\` | the \`cmdb_ci_appl\` table as a JSON export (\`{"records":[...]}\`, references and choices as \`{display_value, value}\`). ${counts.apps} application CIs | \`servicenow\` (same batch as \`cmdb_ci.csv\`) | \`servicenow-ci\` |`,
    `| \`servicenow/cmdb_rel_ci.csv\` | \`cmdb_rel_ci\` export, parent and child as sys_ids, type as its name. ${counts.rels} relationships: \`Hosted on::Hosts\`, \`Runs on::Runs\`, \`Depends on::Used by\`, \`Members of::Member\` | \`servicenow\` | \`servicenow-rel\` |`,
    `| \`discovery/nmap-scan.xml\` | \`nmap -v -sS -sV -O -iL <IPAM targets> -oX\`, run weekly from aar-mon01 over the Aarhus and Hamburg subnets (not Esbjerg, not AWS). ${counts.nmapUp} hosts up, ${NMAP_DOWN.length} down | \`nmap\` | \`nmap-xml\` |`,
    `| \`discovery/rvtools_vInfo.csv\` | RVTools 4.6 vInfo tab of aar-vcsa01 as CSV: ${counts.rv} VMs and ${RV_TEMPLATES.length} templates (Hamburg runs Proxmox, not VMware) | \`rvtools\` | \`rvtools-vinfo\` |`,
    `| \`discovery/glpi/\` | GLPI agent inventories of ${counts.glpi} machines: one JSON file per agent, one FusionInventory 2.6 \`<REQUEST>\` XML (aar-db01's older agent), and an NDJSON export of the platform team's Linux agents. Import the directory as one batch | \`glpi\` | \`glpi-inventory\` |`,
    `| \`discovery/aws-ec2-describe-instances.json\` | \`aws ec2 describe-instances\` of eu-central-1: ${counts.ec2} instances (one stopped) | \`aws\` | \`aws-ec2\` |`,
    `| \`netbox/netbox-export.json\` | Hamburg's NetBox 4.2 \`manage.py dumpdata\` (no secrets): ${counts.nbDevices} devices, ${counts.nbVms} VMs, the Proxmox cluster, interfaces, MACs, IPs, cables. A second CMDB-like source | \`netbox\` | \`netbox\` |`,
    `| \`other/assets.csv\` | finance's asset register saved by a Danish Excel: **semicolons, Windows-1252** (owners like Søren Bæk, Jürgen Köhler), dd.mm.yyyy dates, amounts like \`21.480,00 €\`. ${counts.assets} physical assets | \`assets\` (role \`cmdb\`) | \`csv\` |`,
    '| `other/assets.mapping.json` | its column mapping (key `Asset No`, CI type from `Category`, role `cmdb`, delimiter and encoding) | | |',
    '| `expected-findings.json` | the planted discrepancies, the findings each must produce, the findings that may also appear, and cluster spot checks, for tests | | |',
    '',
    'Import it (from this directory):',
    '',
    '```sh',
    'npx cmdbw init sample.cmdbw',
    '# cmdb_ci.csv and cmdb_ci_appl.json are one snapshot of the CIs: import them in one batch',
    'npx cmdbw import sample.cmdbw --source servicenow servicenow/cmdb_ci.csv servicenow/cmdb_ci_appl.json',
    'npx cmdbw import sample.cmdbw --source servicenow servicenow/cmdb_rel_ci.csv',
    'npx cmdbw import sample.cmdbw --source nmap discovery/nmap-scan.xml',
    'npx cmdbw import sample.cmdbw --source rvtools discovery/rvtools_vInfo.csv',
    'npx cmdbw import sample.cmdbw --source glpi discovery/glpi',
    'npx cmdbw import sample.cmdbw --source aws discovery/aws-ec2-describe-instances.json',
    'npx cmdbw import sample.cmdbw --source netbox netbox/netbox-export.json',
    'npx cmdbw import sample.cmdbw --source assets --mapping other/assets.mapping.json other/assets.csv',
    'npx cmdbw reconcile sample.cmdbw',
    '```',
    '',
    'Regenerate with `npm run fixtures:sample` (or `node scripts/make-sample-estate.mjs --out <dir>`); the',
    'output is byte-identical from run to run.',
    '',
    '## Quirks on purpose (not discrepancies)',
    '',
    '- **MAC notations**: `00:50:56:9A:..` (ServiceNow, nmap, NetBox), `F4-02-70-B1-6E-22` (ServiceNow, Windows',
    '  hosts), lower case (GLPI, AWS), `70b3.174a.2001` (the register, Cisco style).',
    '- **Names**: FQDNs for ESXi and Hamburg hosts in ServiceNow, short names elsewhere; Windows agents',
    '  report upper-case names (`AAR-SQL01`), the register upper-cases everything; vCenter display names',
    '  differ from host names (`Jump Server 01`, `AAR-WMS01 (Warehouse Mgmt)`, `BI-Gateway`,',
    '  `aar-vcsa01 (vCenter)`); the EC2 guest with an agent calls itself `ip-10-50-1-15`.',
    '- **Placeholder serial**: ham-srv01\'s BIOS says "To be filled by O.E.M." (GLPI, ServiceNow); only the',
    '  asset register has the real serial from the chassis sticker. NetBox leaves it empty.',
    '- **Docker bridges**: the Linux hosts with Docker all report `docker0` 172.17.0.1 with a `02:42:` MAC,',
    '  and veth interfaces.',
    "- **VMware serials**: ServiceNow and GLPI give VMs' serials as `VMware-42 xx ...`, RVTools the same",
    "  UUID as the SMBIOS UUID. Hamburg's Proxmox VMs have QEMU hardware and no serial.",
    '- **OS notations**: `Linux Red Hat` + `8.10` (ServiceNow), `Red Hat Enterprise Linux release 8.10 (Ootpa)`',
    '  (GLPI), `Red Hat Enterprise Linux 8 (64-bit)` (VMware), `Linux 4.15 - 5.19` (nmap), `Linux/UNIX` (EC2),',
    "  platforms in NetBox. RVTools' configuration-file OS lags behind VMware Tools on rebuilt VMs.",
    '- **Memory as the OS sees it**: Linux agents report 16012 MB for 16 GB, within tolerance.',
    '- **nmap**: down hosts (addresses the IPAM still lists), a printer without a DNS name, MACs only for',
    "  the scanner's own subnet, the scanner scanning itself.",
    '- **RVTools**: two templates (not CIs), one powered-on VM the CMDB calls retired.',
    '- **AWS**: a stopped instance (still a CI), an instance without a Name tag, a bastion with a public IP.',
    '- **NetBox**: PDUs and a patch panel (not machines), cables, a VM pinned to a Proxmox node.',
    '- **Asset register**: a disposed server, a spare switch "In stock" (nobody expects to discover it).',
    '',
    '## Planted discrepancies',
    '',
    'Each row: what happened, the records involved, and the finding(s) reconciliation must report',
    '(category, source, native key, attribute). `expected-findings.json` holds the same list for tests.',
    '',
    '| # | discrepancy | what happened | records | expected findings |',
    '| --- | --- | --- | --- | --- |',
  );
  planted.forEach((p, i) => {
    const recs = p.records.map(([s, k, n]) => `${mdCell(n)}: ${keyText(s, k)}`).join('<br>');
    const fs = p.findings.length
      ? p.findings
          .map(
            (f) =>
              `\`${f.category}\` ${f.source} \`${f.key}\`${f.attribute ? ` \`${f.attribute}\`` : ''}${f.severity ? ` (${f.severity})` : ''}`,
          )
          .join('<br>')
      : `none; must not produce ${[...new Set(p.absent.map((f) => `\`${f.category}\``))].join(' or ')}, and the records stay apart`;
    L.push(`| ${i + 1} | ${mdCell(p.title)} | ${mdCell(p.story)} | ${recs} | ${fs} |`);
  });
  L.push(
    '',
    '## Findings that follow from the quirks',
    '',
    'Not planted mistakes, but what the engine reports about this estate as it is. Tests accept them and',
    'flag any finding that is in neither list.',
    '',
    '| finding | why |',
    '| --- | --- |',
  );
  const cons = consequences();
  const nb = cons.filter((c) => c.source === 'netbox');
  for (const c of cons.filter((x) => x.source !== 'netbox')) {
    L.push(`| \`${c.category}\` ${c.source} \`${c.key}\` \`${c.attribute}\` | ${mdCell(c.why)} |`);
  }
  L.push(
    `| \`missing_owner\` netbox ${nb.map((c) => `\`${c.key}\``).join(', ')} \`support_group\` | ${mdCell(nb[0].why)} |`,
  );
  L.push(
    '',
    '## Records that must (not) be one CI',
    '',
    'Spot checks of identification, also in `expected-findings.json`:',
    '',
  );
  const checks = clusterChecks();
  for (const g of checks.together) L.push(`- one CI: ${g.what} (${g.records.map(([s]) => s).join(', ')})`);
  for (const g of checks.apart) L.push(`- never one CI: ${g.what}`);
  L.push('');
  return L.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Main

function write(out, rel, content) {
  const file = path.join(out, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

function main() {
  const { out } = parseArgs(process.argv.slice(2));
  const files = {
    'servicenow/cmdb_ci.csv': servicenowCsv(),
    'servicenow/cmdb_ci_appl.json': servicenowApplJson(),
    'servicenow/cmdb_rel_ci.csv': servicenowRelCsv(),
    'discovery/nmap-scan.xml': nmapXml(),
    'discovery/rvtools_vInfo.csv': rvtoolsCsv(),
    'discovery/aws-ec2-describe-instances.json': awsJson(),
    'netbox/netbox-export.json': netboxJson(),
    'other/assets.csv': assetsCsv(),
    'other/assets.mapping.json': JSON.stringify(ASSET_MAPPING, null, 2) + '\n',
  };
  for (const [name, content] of Object.entries(glpiFiles())) files[`discovery/glpi/${name}`] = content;
  files['expected-findings.json'] = expectedJson();
  files['README.md'] = readme();
  for (const [rel, content] of Object.entries(files)) write(out, rel, content);
  process.stdout.write(
    `wrote ${Object.keys(files).length} files to ${path.relative(process.cwd(), out) || '.'}\n`,
  );
}

main();
