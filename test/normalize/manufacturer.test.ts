import { describe, it, expect } from 'vitest';
import { normalizeManufacturer } from '../../src/normalize/manufacturer.js';
import {
  collectJsonValues,
  collectXmlTexts,
  hasRealData,
  listFiles,
  readJson,
  readText,
} from './realdata.js';

describe('normalizeManufacturer: known vendors', () => {
  it.each([
    ['HP', 'HP'],
    ['hp', 'HP'],
    ['Hewlett-Packard', 'HP'],
    ['Hewlett Packard', 'HP'],
    ['HPE', 'HP'],
    ['Hewlett Packard Enterprise', 'HP'],
    ['HP Inc.', 'HP'],
    ['Compaq', 'HP'],
    ['Aruba Networks', 'HP'],
    ['Dell', 'Dell'],
    ['Dell Inc.', 'Dell'],
    ['DELL', 'Dell'],
    ['Dell Computer Corporation', 'Dell'],
    ['Dell EMC', 'Dell'],
    ['LENOVO', 'Lenovo'],
    ['IBM', 'IBM'],
    ['International Business Machines Corporation', 'IBM'],
    ['Cisco', 'Cisco'],
    ['cisco', 'Cisco'],
    ['Cisco Systems, Inc.', 'Cisco'],
    ['Cisco Systems Inc', 'Cisco'],
    ['Cisco Systems', 'Cisco'],
    ['Cisco Meraki', 'Cisco'],
    ['Meraki', 'Cisco'],
    ['VMware, Inc.', 'VMware'],
    ['Microsoft Corporation', 'Microsoft'],
    ['Supermicro', 'Supermicro'],
    ['Super Micro Computer, Inc.', 'Supermicro'],
    ['Amazon EC2', 'Amazon'],
    ['Amazon', 'Amazon'],
    ['Amazon.com, Inc.', 'Amazon'],
    ['Google', 'Google'],
    ['Google Compute Engine', 'Google'],
    ['Apple Inc.', 'Apple'],
    ['Fujitsu', 'Fujitsu'],
    ['FUJITSU SIEMENS', 'Fujitsu'],
    ['Juniper Networks', 'Juniper'],
    ['Juniper Networks, Inc.', 'Juniper'],
    ['Arista Networks', 'Arista'],
    ['Huawei Technologies Co., Ltd.', 'Huawei'],
    ['Intel Corporation', 'Intel'],
    ['Intel Corp.', 'Intel'],
    ['Intel Corporate', 'Intel'],
    ['Intel Corporation 8 Series HD Audio Controller', 'Intel'],
    ['QEMU', 'QEMU'],
    ['Bochs', 'QEMU'],
    ['innotek GmbH', 'Oracle'],
    ['Oracle Corporation', 'Oracle'],
    ['Xen', 'Xen'],
    ['Nutanix', 'Nutanix'],
    ['Red Hat', 'Red Hat'],
    ['Red Hat, Inc.', 'Red Hat'],
    ['Hitachi Vantara', 'Hitachi'],
    ['NetApp', 'NetApp'],
    ['Brother Industries, Ltd.', 'Brother'],
    ['Canon', 'Canon'],
    ['Xerox Corporation', 'Xerox'],
    ['Lexmark International', 'Lexmark'],
    ['Ricoh Co Ltd', 'Ricoh'],
    ['KYOCERA Document Solutions', 'Kyocera'],
    ['Palo Alto Networks', 'Palo Alto Networks'],
    ['Fortinet', 'Fortinet'],
    ['Ubiquiti Inc.', 'Ubiquiti'],
    ['D-Link', 'D-Link'],
    ['D-Link Corporation', 'D-Link'],
    ['TOSHIBA', 'Toshiba'],
    ['Toshiba', 'Toshiba'],
    ['samsung', 'Samsung'],
    ['Samsung Electronics', 'Samsung'],
    ['XiaoMi', 'Xiaomi'],
    ['ASUSTeK COMPUTER INC.', 'ASUS'],
    ['Micro-Star International Co., Ltd.', 'MSI'],
    ['TP-Link', 'TP-Link'],
    ['Realtek Semiconductor Co., Ltd.', 'Realtek'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeManufacturer(input)).toBe(expected);
  });
});

describe('normalizeManufacturer: other vendors keep their name without legal suffixes', () => {
  it.each([
    ['Chicony Electronics Co., Ltd', 'Chicony Electronics'],
    ['O2 Micro, Inc.', 'O2 Micro'],
    ['Genesys Logic, Inc.', 'Genesys Logic'],
    ['Standard Microsystems Corp.', 'Standard Microsystems'],
    ['Primax Electronics, Ltd', 'Primax Electronics'],
    ['Validity Sensors, Inc.', 'Validity Sensors'],
    ['Linux Foundation', 'Linux Foundation'],
    ['TDK-Invensense', 'TDK-Invensense'],
    ['Axis AB', 'Axis'],
    ['Sagemcom', 'Sagemcom'],
    ['Pixart Imaging, Inc.', 'Pixart Imaging'],
    ['Extreme Networks', 'Extreme Networks'],
    ['ams AG', 'AMS'],
    ['qualcomm', 'Qualcomm'],
    ['sensortek', 'Sensortek'],
    ['akm', 'AKM'],
    ['SMP', 'SMP'],
    ['ELPIDA', 'Elpida'],
    ['Foo Technologies Limited', 'Foo Technologies'],
    ['  Foo   Bar  GmbH ', 'Foo Bar'],
    ['Acme S.A.', 'Acme'],
    ['Acme B.V.', 'Acme'],
    ['Acme plc', 'Acme'],
    ['Acme LLC', 'Acme'],
    ['Acme Incorporated', 'Acme'],
    ['analog_devices_inc', 'Analog Devices'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeManufacturer(input)).toBe(expected);
  });
});

describe('normalizeManufacturer: placeholders', () => {
  it.each([
    [null],
    [undefined],
    [''],
    ['   '],
    ['To be filled by O.E.M.'],
    ['To Be Filled By O.E.M.'],
    ['System manufacturer'],
    ['System Manufacturer'],
    ['Default string'],
    ['OEM'],
    ['O.E.M.'],
    ['Not Specified'],
    ['Unknown'],
    ['N/A'],
    ['-'],
    ['...'],
  ])('%j -> undefined', (input) => {
    expect(normalizeManufacturer(input)).toBeUndefined();
  });

  it('is stable across repeated (memoised) calls', () => {
    expect(normalizeManufacturer('Dell Inc.')).toBe('Dell');
    expect(normalizeManufacturer('Dell Inc.')).toBe('Dell');
    expect(normalizeManufacturer('To be filled by O.E.M.')).toBeUndefined();
    expect(normalizeManufacturer('To be filled by O.E.M.')).toBeUndefined();
  });
});

describe.skipIf(!hasRealData)('normalizeManufacturer on real data', () => {
  const keys = new Set([
    'manufacturer',
    'smanufacturer',
    'bmanufacturer',
    'mmanufacturer',
    'vendor',
    'MAC_vendor',
  ]);

  it('GLPI and nautobot vendor spellings converge', () => {
    const values: string[] = [];
    for (const file of listFiles('glpi-inventory/examples', '.json'))
      collectJsonValues(readJson(file), keys, values);
    for (const file of listFiles('glpi-inventory/xml', '.xml')) {
      values.push(
        ...collectXmlTexts(readText(file), [
          'MANUFACTURER',
          'SMANUFACTURER',
          'BMANUFACTURER',
          'MMANUFACTURER',
        ]),
      );
    }
    for (const file of listFiles('nautobot-ssot-fixtures', '.json'))
      collectJsonValues(readJson(file), keys, values);
    const map = new Map([...new Set(values)].map((v) => [v, normalizeManufacturer(v)]));
    expect(map.size).toBeGreaterThan(40);

    const canon = (...spellings: string[]) => new Set(spellings.map((s) => map.get(s)));
    for (const s of [
      'Cisco Systems',
      'Cisco Systems Inc',
      'Cisco Systems, Inc.',
      'Cisco',
      'cisco',
      'Cisco Systems, Inc',
    ]) {
      expect(values, s).toContain(s);
    }
    expect(
      canon(
        'Cisco Systems',
        'Cisco Systems Inc',
        'Cisco Systems, Inc.',
        'Cisco',
        'cisco',
        'Cisco Systems, Inc',
      ),
    ).toEqual(new Set(['Cisco']));
    expect(canon('Intel Corporation', 'Intel Corp.', 'Intel')).toEqual(new Set(['Intel']));
    expect(canon('TOSHIBA', 'Toshiba')).toEqual(new Set(['Toshiba']));
    expect(canon('samsung', 'Samsung', 'Samsung Electronics')).toEqual(new Set(['Samsung']));
    expect(canon('XiaoMi', 'xiaomi', 'Xiaomi')).toEqual(new Set(['Xiaomi']));
    expect(canon('Dell Inc.')).toEqual(new Set(['Dell']));
    expect(canon('Hewlett-Packard')).toEqual(new Set(['HP']));
    expect(canon('VMware, Inc.')).toEqual(new Set(['VMware']));
    expect(canon('Ricoh Co Ltd')).toEqual(new Set(['Ricoh']));

    // Every non-empty spelling gives a name, and no result keeps a legal suffix or stray punctuation.
    for (const [raw, name] of map) {
      if (raw.trim() === '') expect(name).toBeUndefined();
      else {
        expect(name, raw).toBeDefined();
        expect(name, raw).not.toMatch(/[\s,.](inc|corp|corporation|ltd|co|gmbh|llc)\.?$/i);
        expect(name, raw).not.toMatch(/[\s,.;]$/);
      }
    }
  });

  it('nmap OUI vendors', () => {
    const vendors = new Set<string>();
    for (const file of listFiles('nmap-libnmap', '.xml')) {
      for (const m of readText(file).matchAll(/addrtype="mac" vendor="([^"]*)"/g))
        vendors.add(m[1] as string);
    }
    const parsed = Object.fromEntries([...vendors].sort().map((v) => [v, normalizeManufacturer(v)]));
    expect(parsed).toEqual({ Apple: 'Apple', 'Intel Corporate': 'Intel', Sagemcom: 'Sagemcom' });
  });
});
