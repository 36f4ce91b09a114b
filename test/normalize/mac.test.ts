import { describe, it, expect } from 'vitest';
import { isIdentifyingMac, macFlags, normalizeMac, type MacFlag } from '../../src/normalize/mac.js';
import {
  collectJsonValues,
  collectXmlTexts,
  hasRealData,
  listFiles,
  readJson,
  readText,
} from './realdata.js';

describe('normalizeMac', () => {
  it.each([
    ['aa:bb:cc:dd:ee:ff', 'aa:bb:cc:dd:ee:ff'],
    ['AA:BB:CC:DD:EE:FF', 'aa:bb:cc:dd:ee:ff'],
    ['Aa:bB:cc:DD:ee:Ff', 'aa:bb:cc:dd:ee:ff'],
    ['AA-BB-CC-DD-EE-FF', 'aa:bb:cc:dd:ee:ff'],
    ['00-0D-3A-EF-1C-8C', '00:0d:3a:ef:1c:8c'],
    ['aabb.ccdd.eeff', 'aa:bb:cc:dd:ee:ff'],
    ['5254.00d3.a91d', '52:54:00:d3:a9:1d'],
    ['0017.9500.8F37', '00:17:95:00:8f:37'],
    ['aabbccddeeff', 'aa:bb:cc:dd:ee:ff'],
    ['AA74D2BCD341', 'aa:74:d2:bc:d3:41'],
    ['aabbcc-ddeeff', 'aa:bb:cc:dd:ee:ff'],
    ['  aa:bb:cc:dd:ee:ff\t', 'aa:bb:cc:dd:ee:ff'],
    ['0:50:56:a:b:c', '00:50:56:0a:0b:0c'],
    ['0-50-56-A-B-C', '00:50:56:0a:0b:0c'],
    ['00:00:00:00:00:00', '00:00:00:00:00:00'],
    ['FF:FF:FF:FF:FF:FF', 'ff:ff:ff:ff:ff:ff'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeMac(input)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['   '],
    ['d5:c9:gh:81:cf:80'],
    ['b53d:dc:44:af:e9'],
    ['60:00:4j:7j:5s:00'],
    ['G6F260AD2C18'],
    ['sl:31:m3:57:i0:1g'],
    ['aa:bb:cc:dd:ee'],
    ['aa:bb:cc:dd:ee:ff:00'],
    ['aa:bb-cc:dd:ee:ff'],
    ['aa.bb.cc.dd.ee.ff'],
    ['aabb:ccdd:eeff'],
    ['aabb.ccdd.eef'],
    ['aab.bccd.deeff'],
    ['aabbccddeef'],
    ['aabbccddeeff0'],
    ['aa:bb:cc:dd:ee:'],
    [':aa:bb:cc:dd:ee:ff'],
    ['aa::bb:cc:dd:ee:ff'],
    ['aaa:bb:cc:dd:ee:f'],
    ['aa bb cc dd ee ff'],
    ['aabbcc-ddeef'],
    ['0x aabbccddeeff'],
  ])('%j is rejected', (input) => {
    expect(normalizeMac(input)).toBeUndefined();
  });

  it('returns an already canonical string unchanged', () => {
    const s = 'b8:6b:23:e0:5c:81';
    expect(normalizeMac(s)).toBe(s);
  });
});

describe('macFlags', () => {
  it.each<[string, MacFlag[]]>([
    ['00:00:00:00:00:00', ['zero']],
    ['ff:ff:ff:ff:ff:ff', ['broadcast']],
    ['00:50:56:b5:e5:5f', []],
    ['b8:6b:23:e0:5c:81', []],
    ['01:00:5e:00:00:fb', ['multicast']],
    ['33:33:00:00:00:01', ['multicast', 'locally_administered']],
    ['0a:ed:d5:06:c5:02', ['locally_administered']],
    ['12:cc:2d:1b:31:2e', ['locally_administered']],
    ['02:42:ac:1c:01:03', ['locally_administered', 'docker']],
    ['02:00:4c:4f:4f:50', ['locally_administered', 'placeholder']],
    ['20:41:53:59:4e:ff', ['placeholder']],
    ['50:50:54:50:30:30', ['placeholder']],
    ['00:05:9a:3c:7a:00', ['placeholder']],
    ['00:ff:3a:68:62:80', ['placeholder']],
    ['0a:00:27:00:00:03', ['locally_administered', 'placeholder']],
    ['00:50:56:c0:00:08', ['placeholder']],
    ['44:44:44:44:44:44', ['placeholder']],
    ['55:55:55:55:55:55', ['multicast', 'placeholder']],
    ['12:34:56:78:90:ab', ['locally_administered', 'placeholder']],
  ])('%s -> %j', (mac, flags) => {
    expect(macFlags(mac)).toEqual(flags);
  });
});

describe('isIdentifyingMac', () => {
  it.each([
    ['00:50:56:b5:e5:5f', true], // VMware OUI
    ['b8:6b:23:e0:5c:81', true],
    ['0a:ed:d5:06:c5:02', true], // AWS ENI: locally administered but unique
    ['12:cc:2d:1b:31:2e', true],
    ['02:75:ee:9d:a1:49', true],
    ['00:00:00:00:00:00', false],
    ['ff:ff:ff:ff:ff:ff', false],
    ['01:00:5e:00:00:fb', false],
    ['33:33:00:00:00:01', false],
    ['02:42:ac:11:00:02', false],
    ['02:00:4c:4f:4f:50', false],
    ['00:05:9a:3c:7a:00', false],
    ['00:ff:12:34:56:78', false],
    ['44:44:44:44:44:44', false],
    ['not a mac', false],
    ['', false],
  ])('%s -> %s', (mac, expected) => {
    expect(isIdentifyingMac(mac)).toBe(expected);
  });
});

describe.skipIf(!hasRealData)('normalizeMac on real data', () => {
  it('every notation of the README identifier table normalises to the expected canonical MAC', () => {
    const readme = readText('README.md');
    const start = readme.indexOf('| format | examples |', readme.indexOf('Identifier formats vary'));
    const table = readme.slice(start, readme.indexOf('\n\n', start));
    const rows = [...table.matchAll(/^\s*\| `([^`]+)`[^|]*\|/gm)].map((m) => m[1] as string);
    expect(rows).toEqual([
      'aa:bb:cc:dd:ee:ff',
      'AA:BB:CC:DD:EE:FF',
      '00-0D-3A-EF-1C-8C',
      'aabbccddeeff',
      'AA74D2BCD341',
      '5254.00d3.a91d',
    ]);
    expect(rows.map((r) => normalizeMac(r))).toEqual([
      'aa:bb:cc:dd:ee:ff',
      'aa:bb:cc:dd:ee:ff',
      '00:0d:3a:ef:1c:8c',
      'aa:bb:cc:dd:ee:ff',
      'aa:74:d2:bc:d3:41',
      '52:54:00:d3:a9:1d',
    ]);
  });

  it('every nmap addrtype="mac" value normalises to its lower-case form', () => {
    const macs = new Set<string>();
    for (const file of listFiles('nmap-libnmap', '.xml')) {
      for (const m of readText(file).matchAll(/addr="([^"]*)" addrtype="mac"/g)) macs.add(m[1] as string);
    }
    expect([...macs].sort()).toEqual([
      '00:1F:3C:87:66:50',
      '02:42:AC:1C:01:03',
      '02:42:AC:1C:01:04',
      '6C:2E:85:19:AF:00',
      '88:1F:A1:23:EE:02',
      'C0:63:94:05:01:03',
    ]);
    for (const mac of macs) expect(normalizeMac(mac)).toBe(mac.toLowerCase());
    // The MAC-change pair of the ping scans is Docker's: never identifying.
    expect(isIdentifyingMac(normalizeMac('02:42:AC:1C:01:03') as string)).toBe(false);
    expect(isIdentifyingMac(normalizeMac('00:1F:3C:87:66:50') as string)).toBe(true);
  });

  it('GLPI JSON and XML: every MAC is canonical already, except exactly the known malformed ones', () => {
    const values: string[] = [];
    for (const file of listFiles('glpi-inventory/examples', '.json')) {
      collectJsonValues(readJson(file), new Set(['mac', 'macaddr']), values);
    }
    for (const file of listFiles('glpi-inventory/xml', '.xml')) {
      values.push(...collectXmlTexts(readText(file), ['MAC', 'MACADDR']));
    }
    expect(values.length).toBeGreaterThan(500);
    const rejected = new Set<string>();
    for (const v of values) {
      const mac = normalizeMac(v);
      if (mac === undefined) rejected.add(v);
      else expect(mac).toBe(v.toLowerCase());
    }
    expect([...rejected].sort()).toEqual(['', 'b53d:dc:44:af:e9', 'd5:c9:gh:81:cf:80']);
    // The placeholder MAC seen in GLPI is valid syntax but never identifying.
    expect(values).toContain('00:00:00:00:00:00');
    expect(isIdentifyingMac('00:00:00:00:00:00')).toBe(false);
  });

  it('nautobot fixtures: the scrambled MACs are rejected, the real notations are accepted', () => {
    const keys = new Set([
      'mac',
      'MAC',
      'mac_address',
      'macAddress',
      'macaddress',
      'hwaddress',
      'systemMacAddress',
    ]);
    const values: string[] = [];
    for (const file of listFiles('nautobot-ssot-fixtures', '.json'))
      collectJsonValues(readJson(file), keys, values);
    const rejected = [...new Set(values.filter((v) => v !== '' && normalizeMac(v) === undefined))].sort();
    expect(rejected).toEqual([
      '07:77:7i:8x:2a:nj',
      '60:00:4j:7j:5s:00',
      '66:76:4h:6p:4p:tw',
      'G6F260AD2C18',
      'sl:31:m3:57:i0:1g',
    ]);
    expect(normalizeMac('0017.9500.8f37')).toBe('00:17:95:00:8f:37');
    expect(values).toContain('AA74D2BCD341');
    expect(values).toContain('aabbccddeeff');
  });

  it('AWS ENI MACs are canonical and identifying although locally administered', () => {
    const values: string[] = [];
    for (const file of listFiles('cloud-custodian/aws', '.json')) {
      if (file.includes('DescribeNetworkInterfaces') || file.includes('DescribeInstances')) {
        collectJsonValues(readJson(file), new Set(['MacAddress']), values);
      }
    }
    const macs = [...new Set(values.filter((v) => v !== ''))];
    expect(macs.length).toBeGreaterThan(50);
    for (const mac of macs) {
      expect(normalizeMac(mac)).toBe(mac);
      expect(macFlags(mac)).toContain('locally_administered');
      expect(isIdentifyingMac(mac)).toBe(true);
    }
  });

  it('Azure NIC MACs (Windows notation) become canonical', () => {
    const values: string[] = [];
    for (const file of listFiles('cloud-custodian/azure', '.json')) {
      collectJsonValues(readJson(file), new Set(['macAddress']), values);
    }
    const macs = [...new Set(values)].sort();
    expect(macs).toContain('00-0D-3A-EF-1C-8C');
    expect(macs.map((m) => normalizeMac(m))).toEqual(macs.map((m) => m.toLowerCase().replace(/-/g, ':')));
  });
});
