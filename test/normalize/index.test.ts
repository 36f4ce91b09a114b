import { describe, it, expect } from 'vitest';
import * as normalize from '../../src/normalize/index.js';

describe('src/normalize/index.ts', () => {
  it('re-exports the whole public API', () => {
    expect(Object.keys(normalize).sort()).toEqual([
      'classifyItopClass',
      'classifyNetboxRole',
      'classifyServiceNowClass',
      'ipFlags',
      'ipVersion',
      'isIdentifyingIp',
      'isIdentifyingMac',
      'isPlaceholderSerial',
      'macFlags',
      'normalizeIp',
      'normalizeLifecycle',
      'normalizeMac',
      'normalizeManufacturer',
      'normalizeSerial',
      'normalizeTimestamp',
      'normalizeUuid',
      'osFamilyOf',
      'parseHostName',
      'parseMemoryMb',
      'parseOs',
      'sameMemory',
      'sameOs',
      'shortHostName',
      'swapUuidByteOrder',
      'uuidFromVmwareSerial',
      'uuidMatchKey',
      'vmwareSerialFromUuid',
    ]);
  });
});
