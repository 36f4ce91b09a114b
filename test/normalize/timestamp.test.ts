import { describe, it, expect } from 'vitest';
import { normalizeTimestamp } from '../../src/normalize/timestamp.js';
import {
  collectJsonValues,
  collectXmlTexts,
  hasRealData,
  listFiles,
  readJson,
  readText,
} from './realdata.js';

describe('normalizeTimestamp', () => {
  it.each<[string | number, string]>([
    // ServiceNow (UTC, no zone)
    ['2026-04-24 00:00:00', '2026-04-24T00:00:00Z'],
    ['2026-04-24 13:05:09', '2026-04-24T13:05:09Z'],
    ['2026-04-24T13:05', '2026-04-24T13:05:00Z'],
    // ISO 8601 with zones and fractions
    ['2026-10-31T22:25:19+00:00', '2026-10-31T22:25:19Z'],
    ['2026-10-31T22:25:19Z', '2026-10-31T22:25:19Z'],
    ['2026-10-31t22:25:19z', '2026-10-31T22:25:19Z'],
    ['2022-04-08T00:05:31.612Z', '2022-04-08T00:05:31Z'],
    ['2022-04-08T00:05:31.999999Z', '2022-04-08T00:05:31Z'],
    ['2026-10-31T22:25:19+02:00', '2026-10-31T20:25:19Z'],
    ['2026-10-31T22:25:19-0530', '2026-11-01T03:55:19Z'],
    ['2026-01-01T00:30:00+01', '2025-12-31T23:30:00Z'],
    ['2026-10-31 22:25:19 UTC', '2026-10-31T22:25:19Z'],
    // date only
    ['2023-04-12', '2023-04-12T00:00:00Z'],
    ['2024-02-29', '2024-02-29T00:00:00Z'],
    ['2000-02-29', '2000-02-29T00:00:00Z'],
    // epochs
    [1361737689, '2013-02-24T20:28:09Z'],
    ['1361737689', '2013-02-24T20:28:09Z'],
    [1361737689.75, '2013-02-24T20:28:09Z'],
    [1361737689123, '2013-02-24T20:28:09Z'],
    ['1361737689123', '2013-02-24T20:28:09Z'],
    [1e9, '2001-09-09T01:46:40Z'],
    // nmap / ctime (weekday not checked)
    ['Sat Nov  1 00:00:00 2026', '2026-11-01T00:00:00Z'],
    ['Thu May  8 21:51:50 2014', '2014-05-08T21:51:50Z'],
    ['Mon Oct  5 05:19:16 2020', '2020-10-05T05:19:16Z'],
    // RFC 2822
    ['Thu, 08 May 2014 22:14:32 GMT', '2014-05-08T22:14:32Z'],
    ['8 May 2014 22:14:32 +0200', '2014-05-08T20:14:32Z'],
    // slashes: only unambiguous day/month orders
    ['07/25/2014', '2014-07-25T00:00:00Z'],
    ['25/07/2014', '2014-07-25T00:00:00Z'],
    ['05/05/2024', '2024-05-05T00:00:00Z'],
    ['12/31/2025 23:59:59', '2025-12-31T23:59:59Z'],
    ['12/31/2025 11:59:59 PM', '2025-12-31T23:59:59Z'],
    ['12/31/2025 12:00 AM', '2025-12-31T00:00:00Z'],
    ['2014/07/25 10:00:00', '2014-07-25T10:00:00Z'],
    ['25.07.2014', '2014-07-25T00:00:00Z'],
    ['01.02.2014 10:30', '2014-02-01T10:30:00Z'],
    ['  2023-04-12  ', '2023-04-12T00:00:00Z'],
  ])('%j -> %s', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it.each<[string | number | null | undefined]>([
    [null],
    [undefined],
    [''],
    ['   '],
    ['2022-21-09'],
    ['2022-21-09 05:21:23'],
    ['2877-54-74T26:13:64K'],
    ['2023-02-29'],
    ['2024-02-30'],
    ['1900-02-29'],
    ['2024-04-31'],
    ['2024-00-10'],
    ['2024-01-00'],
    ['2024-01-01 24:00:00'],
    ['2024-01-01 23:60:00'],
    ['2024-01-01 23:59:60'],
    ['2024-01-01T10:00:00+15:00'],
    ['2024-01-01T10:00:00+01:60'],
    ['0050-01-01'],
    ['2024-1-1'],
    ['06/03/2017'], // day/month order unknowable
    ['13/13/2020'],
    ['02/30/2020'],
    ['12/31/2025 13:00 PM'],
    ['Sat Fox  1 00:00:00 2026'],
    ['Sat Feb 30 00:00:00 2026'],
    ['yesterday'],
    [16384],
    ['16384'],
    [123456789012], // between epoch seconds and milliseconds: refused
    [-1],
    [Number.NaN],
    [1e14],
  ])('%j -> undefined', (input) => {
    expect(normalizeTimestamp(input)).toBeUndefined();
  });
});

describe.skipIf(!hasRealData)('normalizeTimestamp on real data', () => {
  it('GLPI boot times: the impossible ones are rejected, the rest parse', () => {
    const values: string[] = [];
    for (const file of listFiles('glpi-inventory/xml', '.xml'))
      values.push(...collectXmlTexts(readText(file), ['BOOT_TIME']));
    for (const file of listFiles('glpi-inventory/examples', '.json')) {
      collectJsonValues(readJson(file), new Set(['boot_time']), values);
    }
    const rejected = [...new Set(values.filter((v) => normalizeTimestamp(v) === undefined))].sort();
    expect(rejected).toEqual(['2019-54-17 10:54:37', '2022-21-09 05:21:23', '2023-56-29 06:56:38']);
    expect(normalizeTimestamp('2017-06-08 07:06:47')).toBe('2017-06-08T07:06:47Z');
    for (const v of values) {
      const ts = normalizeTimestamp(v);
      if (ts !== undefined) expect(ts).toBe(`${v.replace(' ', 'T')}Z`);
    }
  });

  it('GLPI BIOS and install dates: US-order BIOS dates parse, ambiguous ones are refused', () => {
    const values = new Set<string>();
    for (const file of listFiles('glpi-inventory/xml', '.xml')) {
      for (const v of collectXmlTexts(readText(file), ['BDATE', 'INSTALLDATE'])) if (v !== '') values.add(v);
    }
    expect(values.has('07/25/2014')).toBe(true);
    expect(normalizeTimestamp('07/25/2014')).toBe('2014-07-25T00:00:00Z');
    expect(values.has('06/03/2017')).toBe(true);
    expect(normalizeTimestamp('06/03/2017')).toBeUndefined();
    for (const v of values) {
      if (!v.includes('/')) continue; // some agents write ISO install dates
      const [a, b] = v.split('/').map(Number) as [number, number];
      const unambiguous = a > 12 || b > 12 || a === b;
      expect(normalizeTimestamp(v) !== undefined, v).toBe(unambiguous);
    }
  });

  it('Meraki: the impossible timestamp is rejected', () => {
    const values = collectJsonValues(
      readJson('nautobot-ssot-fixtures/meraki/get_org_devices.json'),
      new Set(['configurationUpdatedAt']),
    );
    expect(values).toContain('2877-54-74T26:13:64K');
    for (const v of values) expect(normalizeTimestamp(v)).toBeUndefined();
  });

  it('nmap: lastboot (ctime text) and start (epoch seconds) parse', () => {
    const lastboots = new Set<string>();
    const starts = new Set<string>();
    for (const file of listFiles('nmap-libnmap', '.xml')) {
      const xml = readText(file);
      for (const m of xml.matchAll(/lastboot="([^"]*)"/g)) lastboots.add(m[1] as string);
      for (const m of xml.matchAll(/<nmaprun [^>]*start="(\d+)"/g)) starts.add(m[1] as string);
    }
    expect(lastboots.size).toBeGreaterThan(5);
    expect(starts.size).toBeGreaterThan(5);
    for (const v of lastboots) expect(normalizeTimestamp(v), v).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const v of starts)
      expect(normalizeTimestamp(v)).toBe(new Date(Number(v) * 1000).toISOString().slice(0, 19) + 'Z');
    expect(normalizeTimestamp('Thu May  8 21:51:50 2014')).toBe('2014-05-08T21:51:50Z');
  });

  it('NetBox created / last_updated (ISO with milliseconds) agree with the platform parser', () => {
    const doc = readJson<{ fields: Record<string, unknown> }[]>('netbox-demo/netbox-demo-v3.6.json');
    const values = new Set<string>();
    for (const o of doc) {
      for (const k of ['created', 'last_updated']) {
        const v = o.fields[k];
        if (typeof v === 'string') values.add(v);
      }
    }
    expect(values.size).toBeGreaterThan(100);
    for (const v of values)
      expect(normalizeTimestamp(v), v).toBe(new Date(v).toISOString().slice(0, 19) + 'Z');
  });
});
