import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { type CsvRow, guessLineEndings, parseCsvText, readCsv } from '../../src/importers/csv-reader.js';
import { tempDir } from '../helpers/workspace.js';

/** mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'srv-01',
  'Dell Inc.',
  '10.0.0.1',
  ' ',
  '"',
  '""',
  ',',
  ';',
  '\t',
  '\n',
  '\r\n',
  'é',
  'x',
  '',
];

/** Text made of CSV-significant pieces: mostly well-formed rows, with stray quotes and breaks mixed in. */
function randomCsv(next: () => number, delimiter: string, newline: string): string {
  const rows: string[] = [];
  const nRows = 1 + Math.floor(next() * 8);
  for (let r = 0; r < nRows; r++) {
    const fields: string[] = [];
    const nFields = 1 + Math.floor(next() * 5);
    for (let f = 0; f < nFields; f++) {
      let v = '';
      const len = Math.floor(next() * 4);
      for (let i = 0; i < len; i++) v += PIECES[Math.floor(next() * PIECES.length)]!;
      const quote = next() < 0.4;
      fields.push(quote ? `"${v.replaceAll('"', next() < 0.9 ? '""' : '"')}"` : v);
    }
    rows.push(fields.join(delimiter));
  }
  return rows.join(newline) + (next() < 0.5 ? newline : '');
}

function ours(input: string, delimiter: string, newline: string): { rows: string[][]; errors: number } {
  const rows: string[][] = [];
  let errors = 0;
  parseCsvText(input, { delimiter, newline }, false, (_input, fields, _s, _e, error) => {
    rows.push(fields);
    if (error) errors++;
  });
  return { rows, errors };
}

describe('the CSV tokenizer', () => {
  it('splits rows and fields exactly as papaparse does, on 5,000 generated inputs', () => {
    const next = rng(20261123);
    for (let n = 0; n < 5000; n++) {
      const delimiter = [',', ';', '\t'][n % 3]!;
      const newline = ['\n', '\r\n'][Math.floor(n / 3) % 2]!;
      const input = randomCsv(next, delimiter, newline);
      const papa = Papa.parse<string[]>(input, { delimiter, newline: newline as '\n' | '\r\n' });
      const mine = ours(input, delimiter, newline);
      expect(mine.rows, JSON.stringify(input)).toEqual(papa.data);
      expect(mine.errors > 0, JSON.stringify(input)).toBe(papa.errors.some((e) => e.type === 'Quotes'));
    }
  });

  it('guesses line breaks as papaparse does', () => {
    for (const text of ['a,b\nc,d\n', 'a,b\r\nc,d\r\n', 'a,b\rc,d\r', '"x\ny",b\r\nc,d\r\n', 'a,b']) {
      const papa = Papa.parse(text, { preview: 1 });
      expect(guessLineEndings(text), JSON.stringify(text)).toBe(papa.meta.linebreak);
    }
  });
});

async function read(content: string | Buffer): Promise<{ header: string[]; rows: CsvRow[] }> {
  const file = path.join(tempDir(), 'export.csv');
  writeFileSync(file, content);
  const rows: CsvRow[] = [];
  let header: string[] = [];
  await readCsv(
    { path: file, displayName: 'export.csv', size: statSync(file).size },
    { onHeader: (h) => (header = h), onRow: (r) => rows.push(r) },
  );
  return { header, rows };
}

describe('reading a CSV file', () => {
  it('reads a Windows export with quoted multi-line fields, keeping each row verbatim and its first line', async () => {
    const text = 'sys_id,name,comments\r\na1,srv-01,"rack 4\r\nslot 2"\r\na2,srv-02,plain\r\n';
    const { header, rows } = await read(text);
    expect(header).toEqual(['sys_id', 'name', 'comments']);
    expect(rows.map((r) => r.fields)).toEqual([
      ['a1', 'srv-01', 'rack 4\r\nslot 2'],
      ['a2', 'srv-02', 'plain'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(rows.map((r) => r.raw)).toEqual(['a1,srv-01,"rack 4\r\nslot 2"', 'a2,srv-02,plain']);
  });

  it('accepts rows appended with bare line feeds to a CRLF file', async () => {
    const text = 'sys_id,name,ip\r\na1,srv-01,10.0.0.1\r\na2,"srv-02",10.0.0.2\na3,srv-03,10.0.0.3\n';
    const { rows } = await read(text);
    expect(rows.map((r) => r.fields)).toEqual([
      ['a1', 'srv-01', '10.0.0.1'],
      ['a2', 'srv-02', '10.0.0.2'],
      ['a3', 'srv-03', '10.0.0.3'],
    ]);
    expect(rows.map((r) => [r.line, r.raw])).toEqual([
      [2, 'a1,srv-01,10.0.0.1'],
      [3, 'a2,"srv-02",10.0.0.2'],
      [4, 'a3,srv-03,10.0.0.3'],
    ]);
  });

  it('names the line of a row with too many fields', async () => {
    await expect(read('a,b\n1,2\n3,4,5\n')).rejects.toThrow(/export\.csv:3: expected 2 fields .* found 3/);
  });
});
