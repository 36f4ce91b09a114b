import { UserError } from '../util/errors.js';

/** "1-3,7,9-10" for [1, 2, 3, 7, 9, 10]: item lists in audit entries and messages stay short. */
export function formatRanges(seqs: Iterable<number>): string {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Item numbers as the CLI takes them: "12", "3-7", "1,4,9-11", possibly several arguments. */
export function parseRanges(texts: readonly string[]): number[] {
  const out: number[] = [];
  for (const text of texts) {
    for (const part of text.split(',')) {
      const p = part.trim();
      if (!p) continue;
      const m = /^(\d+)(?:-(\d+))?$/.exec(p);
      if (!m)
        throw new UserError(
          'BAD_ITEMS',
          `not an item number or range: ${JSON.stringify(p)} (e.g. 12, 3-7, 1,4,9-11)`,
        );
      const from = Number(m[1]);
      const to = m[2] === undefined ? from : Number(m[2]);
      if (to < from) throw new UserError('BAD_ITEMS', `range ${p} runs backwards`);
      for (let s = from; s <= to; s++) out.push(s);
    }
  }
  return out;
}
