import { describe, expect, it } from 'vitest';
import { FindingTable, fingerprint } from '../../src/reconcile/finding-table.js';
import { flatten } from '../../src/util/flatten.js';

describe('finding table', () => {
  it('keeps summaries and evidence text exactly as built', () => {
    const t = new FindingTable();
    const host = 'web01';
    for (let i = 0; i < 1500; i++) {
      t.add({
        category: i % 2 ? 'attribute_conflict' : 'missing_owner',
        severity: i % 3 ? 'medium' : 'high',
        cluster: i,
        source: 'servicenow',
        key: `sn-${i}`,
        attribute: i % 2 ? 'ip_address' : undefined,
        summary: `${host}-${i}: ${i % 2 ? 'ip_address differs' : 'no owner'} (${'ü'.repeat(i % 4)}𝄞)`,
        evidence: { values: [{ source: 'servicenow', value: `10.0.${i >> 8}.${i & 255}` }], n: i },
      });
    }
    expect(t.length).toBe(1500);
    expect(t.summary[7]).toBe('web01-7: ip_address differs (üüü𝄞)');
    expect(JSON.parse(t.evidence[1234]!)).toEqual({
      values: [{ source: 'servicenow', value: '10.0.4.210' }],
      n: 1234,
    });
    expect(t.category(7)).toBe('attribute_conflict');
    expect(t.severity(6)).toBe('high');
    expect(t.cluster[1499]).toBe(1499);
    expect(t.record[0]).toBe(-1);
    expect(t.fingerprint[7]).toBe(
      fingerprint({
        category: 'attribute_conflict',
        source: 'servicenow',
        key: 'sn-7',
        attribute: 'ip_address',
      }),
    );
  });

  it('flattens to the same text, empty strings included', () => {
    const parts = ['a', 'β', '𝄞', ''];
    let s = '';
    for (let i = 0; i < 100; i++) s += parts[i % 4]!;
    expect(flatten(s)).toBe(s);
    expect(flatten('')).toBe('');
  });
});
