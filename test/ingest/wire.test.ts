import { describe, expect, it } from 'vitest';
import { PackedRowsBuilder, PackedRowsReader } from '../../src/ingest/wire.js';

describe('packed rows', () => {
  it('carry text fields (null, empty, multi-line, non-Latin) and integers through a structured clone', () => {
    const rows: [string | null, string | null, number | null][] = [
      ['47059f3b6d0ef146239fc8dd9df1c181', 'esx-fra-01,"Frankfurt, DC1"\r\nsecond line', 2],
      ['', null, null],
      ['Zürich – 東京 🚀', '', 0],
      [null, 'x'.repeat(70_000), 2_000_000_000],
    ];
    const b = new PackedRowsBuilder(2, 8);
    for (const [t1, t2, n] of rows) {
      b.addText(t1);
      b.addText(t2);
      b.addInt(n);
      b.addInt(7);
      b.endRow();
    }
    expect(b.count).toBe(4);
    const packed = structuredClone(b.take());
    expect(b.count).toBe(0);
    const r = new PackedRowsReader(packed);
    for (const [t1, t2, n] of rows) {
      expect(r.text()).toBe(t1);
      expect(r.text()).toBe(t2);
      expect(r.int()).toBe(n);
      expect(r.int()).toBe(7);
    }
  });

  it('starts over after take and reports when full', () => {
    const b = new PackedRowsBuilder(1, 2);
    b.addText('a');
    b.endRow();
    expect(b.full).toBe(false);
    b.addText('bb');
    b.endRow();
    expect(b.full).toBe(true);
    expect(b.chars).toBe(3);
    const first = b.take();
    expect(first.text).toBe('abb');
    b.addText('c');
    b.endRow();
    const second = b.take();
    expect(second).toMatchObject({ count: 1, text: 'c' });
    expect([...second.ends]).toEqual([1]);
  });
});
