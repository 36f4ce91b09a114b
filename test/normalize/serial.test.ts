import { describe, it, expect } from 'vitest';
import { isPlaceholderSerial, normalizeSerial } from '../../src/normalize/serial.js';
import {
  collectJsonValues,
  collectXmlTexts,
  hasRealData,
  listFiles,
  readJson,
  readText,
} from './realdata.js';

const VMWARE = 'VMWARE-421A2B3C4D5E6F708192A3B4C5D6E7F8';

describe('normalizeSerial', () => {
  it.each([
    ['640HP72', '640HP72'],
    ['cn3afrt37n', 'CN3AFRT37N'],
    ['  abc 123  ', 'ABC 123'],
    ['a  b\tc', 'A B C'],
    ['5254.00d3.a91d', '5254.00D3.A91D'],
    ['/640HP72/CE129536461378/', '/640HP72/CE129536461378/'],
    ['0x0001', '0X0001'],
    ['12345A', '12345A'],
    ['22', '22'],
    ['1357924680', '1357924680'],
    ['23456', '23456'],
    ['VMware-42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8', VMWARE],
    ['vmware-421a2b3c4d5e6f70-8192a3b4c5d6e7f8', VMWARE],
    ['VMware-42 1A 2B 3C 4D 5E 6F 70 81 92 A3 B4 C5 D6 E7 F8', VMWARE],
    ['  VMware-42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8 ', VMWARE],
    ['VMware-not-a-uuid', 'VMWARE-NOT-A-UUID'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeSerial(input)).toBe(expected);
  });

  it.each([[null], [undefined], [''], ['   ']])('%j -> undefined', (input) => {
    expect(normalizeSerial(input)).toBeUndefined();
  });
});

const PLACEHOLDERS = [
  'To be filled by O.E.M.',
  'To Be Filled By O.E.M.',
  'TO BE FILLED BY OEM',
  'Default string',
  'Default String',
  '$(DEFAULT_STRING)',
  'System Serial Number',
  'Chassis Serial Number',
  'Base Board Serial Number',
  'Not Specified',
  'NotSpecified',
  'Not Available',
  'Not Applicable',
  'N/A',
  'n.a.',
  'NA',
  'None',
  'NULL',
  'Unknown',
  'Invalid',
  'OEM',
  'Empty',
  '[empty]',
  'SerialNumber',
  'Serial',
  'S/N',
  'No Serial',
  'TBD',
  '0',
  '1',
  'X',
  '00000000',
  '0000000000',
  '00000000000000000000',
  '000',
  'xxxxxxxx',
  'XXXX-XXXX-XXXX',
  '********',
  'AAAAAA',
  '0123456789',
  '123456789',
  '1234567890',
  '1234567',
  '12345',
  '-',
  '.',
  '--',
  '',
  '   ',
];

describe('isPlaceholderSerial', () => {
  it.each(PLACEHOLDERS.map((p) => [p]))('%j is a placeholder', (value) => {
    expect(isPlaceholderSerial(value)).toBe(true);
    expect(normalizeSerial(value)).toBeUndefined();
  });

  it.each([
    ['640HP72'],
    ['SSI1912014B'],
    ['CZC0479792'],
    ['VMware-42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8'],
    ['00B0FE47AC85'],
    ['0000000000000001'],
    ['01234567890AAA'],
    ['12121212'],
    ['1234'],
    ['NAS-01'],
    ['OEM1234'],
    ['XX'],
  ])('%j is a serial', (value) => {
    expect(isPlaceholderSerial(value)).toBe(false);
  });

  it('treats null and undefined as placeholders', () => {
    expect(isPlaceholderSerial(null)).toBe(true);
    expect(isPlaceholderSerial(undefined)).toBe(true);
  });
});

describe.skipIf(!hasRealData)('serials on real data', () => {
  it('GLPI: exactly the placeholder serials are detected among all JSON and XML serials', () => {
    const values: string[] = [];
    for (const file of listFiles('glpi-inventory/examples', '.json')) {
      collectJsonValues(readJson(file), new Set(['ssn', 'serial', 'serialnumber', 'msn']), values);
    }
    for (const file of listFiles('glpi-inventory/xml', '.xml')) {
      values.push(...collectXmlTexts(readText(file), ['SSN', 'SERIAL', 'SERIALNUMBER', 'MSN']));
    }
    expect(values.length).toBeGreaterThan(300);
    const placeholders = [...new Set(values.filter((v) => isPlaceholderSerial(v)))].sort();
    expect(placeholders).toEqual([
      '',
      '00000000',
      '0000000000',
      '00000000000000000000',
      'Empty',
      'To Be Filled By O.E.M.',
    ]);
    for (const v of values) {
      if (!isPlaceholderSerial(v))
        expect(normalizeSerial(v)).toBe(v.trim().replace(/\s+/g, ' ').toUpperCase());
    }
  });

  it('GLPI: the HP 1810-24G serial agrees between discovery (16.xml) and SNMP inventory (17.xml)', () => {
    const discovery = collectXmlTexts(readText('glpi-inventory/xml/16.xml'), ['SERIAL']);
    const inventory = collectXmlTexts(readText('glpi-inventory/xml/17.xml'), ['SERIAL']);
    expect(discovery.map((s) => normalizeSerial(s))).toContain('CN3AFRT37N');
    expect(inventory.map((s) => normalizeSerial(s))).toContain('CN3AFRT37N');
  });

  it('OpenShift: x-masked machine IDs are placeholders', () => {
    interface Node {
      status: { nodeInfo: { machineID: string; systemUUID: string } };
    }
    const files = listFiles('openshift-k8s/nodes', '.json');
    expect(files.length).toBe(20);
    for (const file of files) {
      const { machineID, systemUUID } = readJson<Node>(file).status.nodeInfo;
      expect(isPlaceholderSerial(machineID)).toBe(true);
      expect(isPlaceholderSerial(systemUUID)).toBe(true);
    }
  });

  it('IP Fabric: serials written in MAC-like dotted form are kept as serials', () => {
    const sns = collectJsonValues(
      readJson('nautobot-ssot-fixtures/ipfabric/get_device_inventory.json'),
      new Set(['sn']),
    );
    expect(sns).toContain('5254.00d3.a91d');
    expect(normalizeSerial('5254.00d3.a91d')).toBe('5254.00D3.A91D');
    expect(sns.filter((s) => isPlaceholderSerial(s))).toEqual([]);
  });
});
