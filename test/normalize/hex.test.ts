import { describe, it, expect } from 'vitest';
import { hasVmwarePrefix, hexDigits32, VMWARE_PREFIX_LENGTH } from '../../src/normalize/hex.js';

const LOWER = '421a2b3c4d5e6f708192a3b4c5d6e7f8';

describe('hexDigits32 (internal)', () => {
  it.each<[string, number, boolean, string | undefined]>([
    [LOWER, 0, false, LOWER],
    [LOWER, 0, true, LOWER.toUpperCase()],
    ['421A2B3C-4D5E-6F70-8192-A3B4C5D6E7F8', 0, false, LOWER],
    ['42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8', 0, true, LOWER.toUpperCase()],
    ['VMware-42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8', VMWARE_PREFIX_LENGTH, false, LOWER],
    ['\t421a2b3c4d5e6f708192a3b4c5d6e7f8\n', 0, false, LOWER],
    [LOWER.slice(1), 0, false, undefined],
    [LOWER + '0', 0, false, undefined],
    [LOWER.slice(1) + 'g', 0, false, undefined],
    [LOWER.slice(1) + 'x', 0, false, undefined],
    ['{' + LOWER + '}', 0, false, undefined],
    ['', 0, false, undefined],
  ])('%j from %d (upper: %s) -> %j', (s, from, upper, expected) => {
    expect(hexDigits32(s, from, upper)).toBe(expected);
  });

  it('does not leak digits between calls', () => {
    expect(hexDigits32('f'.repeat(32), 0, false)).toBe('f'.repeat(32));
    expect(hexDigits32('0'.repeat(31), 0, false)).toBeUndefined();
    expect(hexDigits32('1'.repeat(32), 0, false)).toBe('1'.repeat(32));
  });
});

describe('hasVmwarePrefix (internal)', () => {
  it.each([
    ['VMware-42 1a', true],
    ['vmware-42', true],
    ['VMWARE-X', true],
    ['VMware-', false],
    ['VMware 42', false],
    ['VMwar-42', false],
    ['Dell-42', false],
    ['', false],
  ])('%j -> %s', (s, expected) => {
    expect(hasVmwarePrefix(s)).toBe(expected);
  });
});
