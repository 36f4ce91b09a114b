import { describe, it, expect } from 'vitest';
import { parseMemoryMb, sameMemory, type MemoryUnit } from '../../src/normalize/memory.js';
import { collectXmlTexts, hasRealData, listFiles, readJson, readText } from './realdata.js';

describe('parseMemoryMb', () => {
  it.each<[string | number, number]>([
    ['16384', 16384],
    [16384, 16384],
    ['16 GB', 16384],
    ['16GB', 16384],
    ['16gb', 16384],
    ['16 GiB', 16384],
    ['16 G', 16384],
    ['16 Go', 16384],
    ['16384 MB', 16384],
    ['16384MB', 16384],
    ['7908 MiB', 7908],
    ['7908 Mo', 7908],
    ['16,384 MB', 16384],
    ['16.384 MB', 16384], // European thousands: no source reports fractional megabytes
    ['16 384 MB', 16384],
    ["16'384 MB", 16384],
    ['1,048,576 KB', 1024],
    ['1.048.576 KB', 1024],
    ['1,536.5 MB', 1537],
    ['1.536,5 MB', 1537],
    ['1.5 TB', 1572864],
    ['1,5 TB', 1572864],
    ['15.625 GB', 16000],
    ['15,6 Go', 15974],
    ['16,384 GB', 16777216],
    ['0.5 GB', 512],
    ['8589934592 bytes', 8192],
    ['8589934592 B', 8192],
    ['16777216 kB', 16384],
    ['16777216 KiB', 16384],
    ['  32 GB  ', 32768],
    ['7908.4 MB', 7908],
    ['1234.567 MB', 1235], // four digits before the point: a decimal point, not grouping
  ])('%j -> %d', (input, expected) => {
    expect(parseMemoryMb(input)).toBe(expected);
  });

  it.each<[string | number, MemoryUnit, number]>([
    ['16', 'GB', 16384],
    [16, 'GB', 16384],
    [8589934592, 'B', 8192],
    ['8589934592', 'B', 8192],
    [16777216, 'KB', 16384],
    [7908, 'MB', 7908],
    ['16.384', 'MB', 16384],
    ['15.5', 'GB', 15872],
    ['16 GB', 'B', 16384], // an explicit unit beats the default
  ])('%j with default unit %s -> %d', (input, unit, expected) => {
    expect(parseMemoryMb(input, unit)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['  '],
    ['-16 GB'],
    [-1],
    [0],
    ['0'],
    ['0 MB'],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    ['abc'],
    ['GB'],
    ['16 GX'],
    ['16 parsecs'],
    ['16..384 MB'],
    ['1,2,3 MB'],
    ['1.2.3 GB'],
    ['16 38 MB'],
    ['1,536.5.1 MB'],
    ['100 bytes'], // rounds to 0 MB
  ])('%j -> undefined', (input) => {
    expect(parseMemoryMb(input)).toBeUndefined();
  });
});

describe('sameMemory', () => {
  it.each([
    [7908, 7909, true],
    [16384, 16000, true],
    [16000, 16384, true],
    [8192, 7800, false], // 4.8%: outside 3%
    [8192, 16384, false],
    [1024, 1060, false],
    [0, 0, true],
    [16384, Number.NaN, false],
  ])('%d vs %d', (a, b, expected) => {
    expect(sameMemory(a, b)).toBe(expected);
  });

  it('honours a custom tolerance', () => {
    expect(sameMemory(8192, 7800, 0.05)).toBe(true);
    expect(sameMemory(16384, 16000, 0.01)).toBe(false);
    expect(sameMemory(100, 100, 0)).toBe(true);
  });
});

describe.skipIf(!hasRealData)('memory on real data', () => {
  it('GLPI computer LF014 reports 7908 and 7909 MB across snapshots: same memory', () => {
    const mem = (f: string) =>
      readJson<{ content: { hardware: { memory: number } } }>(`glpi-inventory/examples/${f}`).content.hardware
        .memory;
    const a = parseMemoryMb(mem('computer_3.json'));
    const b = parseMemoryMb(mem('computer_3_updated.json'));
    // 1.xml: the host's 7908, then its three guest VMs, one written with a glued unit.
    const xml = collectXmlTexts(readText('glpi-inventory/xml/1.xml'), ['MEMORY']);
    expect(xml).toEqual(['7908', '1048', '2097', '4194MB']);
    expect(xml.map((m) => parseMemoryMb(m))).toEqual([7908, 1048, 2097, 4194]);
    expect([a, b]).toEqual([7909, 7908]);
    expect(sameMemory(a as number, b as number)).toBe(true);
    expect(sameMemory(a as number, 8192)).toBe(false); // 8 GiB installed minus 283 MB reserved: 3.5%
    expect(sameMemory(a as number, 8192, 0.04)).toBe(true);
  });

  it('vSphere size_MiB values parse as MB', () => {
    const values: number[] = [];
    const walk = (doc: unknown): void => {
      if (Array.isArray(doc)) doc.forEach(walk);
      else if (doc !== null && typeof doc === 'object') {
        for (const [k, v] of Object.entries(doc)) {
          if (k === 'size_MiB' && typeof v === 'number') values.push(v);
          else walk(v);
        }
      }
    };
    for (const file of listFiles('nautobot-ssot-fixtures/vsphere', '.json')) walk(readJson(file));
    expect(values).toContain(6144);
    for (const v of values) expect(parseMemoryMb(v)).toBe(v);
    expect(parseMemoryMb('6144 MiB')).toBe(6144);
  });

  it('GLPI printer/network RAM and GLPI XML memory capacities parse', () => {
    const printer = readJson<{ content: { network_device: { ram: number } } }>(
      'glpi-inventory/examples/printer_1.json',
    );
    expect(parseMemoryMb(printer.content.network_device.ram)).toBe(512);
    const capacities = collectXmlTexts(readText('glpi-inventory/xml/1.xml'), ['CAPACITY']).filter(
      (c) => c !== '',
    );
    expect(capacities.length).toBeGreaterThan(0);
    for (const c of capacities) expect(parseMemoryMb(c)).toBe(Number(c));
  });
});
