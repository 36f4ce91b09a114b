import { describe, it, expect } from 'vitest';
import {
  normalizeUuid,
  swapUuidByteOrder,
  uuidFromVmwareSerial,
  uuidMatchKey,
  vmwareSerialFromUuid,
} from '../../src/normalize/uuid.js';
import {
  collectJsonValues,
  collectXmlTexts,
  hasRealData,
  listFiles,
  readJson,
  readText,
} from './realdata.js';

const LF014 = '0055adc91d3ae4118043b05d95113232';
const VM = '421a2b3c4d5e6f708192a3b4c5d6e7f8';
const VM_SWAPPED = '3c2b1a425e4d706f8192a3b4c5d6e7f8';
const VM_SERIAL = 'VMware-42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8';

describe('normalizeUuid', () => {
  it.each([
    ['0055ADC9-1D3A-E411-8043-B05D95113232', LF014],
    ['0055adc9-1d3a-e411-8043-b05d95113232', LF014],
    ['{0055ADC9-1D3A-E411-8043-B05D95113232}', LF014],
    ['urn:uuid:0055adc9-1d3a-e411-8043-b05d95113232', LF014],
    ['  0055ADC91D3AE4118043B05D95113232  ', LF014],
    ['00 55 ad c9 1d 3a e4 11 80 43 b0 5d 95 11 32 32', LF014],
    [VM_SERIAL, VM],
    ['VMware-421a2b3c4d5e6f70-8192a3b4c5d6e7f8', VM],
    ['00000000-0000-1000-8000-0017F2D11432', '000000000000100080000017f2d11432'],
  ])('%j -> %s', (input, expected) => {
    expect(normalizeUuid(input)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['   '],
    ['00000000-0000-0000-0000-000000000000'],
    ['FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'],
    ['11111111-1111-1111-1111-111111111111'],
    ['03000200-0400-0500-0006-000700080009'],
    ['xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'],
    ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    ['0055adc9-1d3a-e411-8043-b05d9511323x'],
    ['4BDRGGFE-0046-4710-8047-B2C04F503732'],
    ['0288ea1fb928'],
    ['af8d3fcfa6fe4784'],
    ['0055ADC9-1D3A-E411-8043-B05D951132321'],
    ['{0055ADC9-1D3A-E411-8043-B05D95113232'],
    ['VMware-42 1a 2b'],
    ['VMware-00 00 00 00 00 00 00 00-00 00 00 00 00 00 00 00'],
  ])('%j is rejected', (input) => {
    expect(normalizeUuid(input)).toBeUndefined();
  });
});

describe('VMware serial <-> UUID', () => {
  it.each([
    [VM_SERIAL, VM],
    ['vmware-42 1A 2B 3C 4D 5E 6F 70-81 92 A3 B4 C5 D6 E7 F8', VM],
    ['VMware-421a2b3c4d5e6f708192a3b4c5d6e7f8', VM],
    ['VMware-42 1a', undefined],
    ['VMware-zz 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8', undefined],
    ['Dell-42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8', undefined],
    ['421a2b3c4d5e6f708192a3b4c5d6e7f8', undefined],
  ])('uuidFromVmwareSerial(%j) -> %j', (serial, expected) => {
    expect(uuidFromVmwareSerial(serial)).toBe(expected);
  });

  it('vmwareSerialFromUuid lays out the serial as VMware prints it', () => {
    expect(vmwareSerialFromUuid(VM)).toBe(VM_SERIAL);
    expect(vmwareSerialFromUuid('421A2B3C-4D5E-6F70-8192-A3B4C5D6E7F8')).toBe(VM_SERIAL);
    expect(uuidFromVmwareSerial(vmwareSerialFromUuid(LF014))).toBe(LF014);
  });

  it('vmwareSerialFromUuid rejects a non-UUID', () => {
    expect(() => vmwareSerialFromUuid('xyz')).toThrow(RangeError);
  });
});

describe('byte order', () => {
  it('swapUuidByteOrder reverses the first three fields and is its own inverse', () => {
    expect(swapUuidByteOrder(VM)).toBe(VM_SWAPPED);
    expect(swapUuidByteOrder(VM_SWAPPED)).toBe(VM);
    expect(swapUuidByteOrder('00112233445566778899aabbccddeeff')).toBe('33221100554477668899aabbccddeeff');
    expect(swapUuidByteOrder('00112233-4455-6677-8899-AABBCCDDEEFF')).toBe(
      '33221100554477668899aabbccddeeff',
    );
  });

  it('uuidMatchKey is the same for both presentations and is the smaller one', () => {
    expect(uuidMatchKey(VM)).toBe(VM_SWAPPED);
    expect(uuidMatchKey(VM_SWAPPED)).toBe(VM_SWAPPED);
    expect(uuidMatchKey(LF014)).toBe(uuidMatchKey(swapUuidByteOrder(LF014)));
    expect(uuidMatchKey(LF014)).toBe(LF014 < swapUuidByteOrder(LF014) ? LF014 : swapUuidByteOrder(LF014));
    expect(uuidMatchKey(VM)).not.toBe(uuidMatchKey(LF014));
  });

  it('a palindromic-field UUID is its own key', () => {
    const sym = 'aaaaaaaabbbbccccdddd000000000000';
    expect(swapUuidByteOrder(sym)).toBe(sym);
    expect(uuidMatchKey(sym)).toBe(sym);
  });

  it('throws on a non-UUID', () => {
    expect(() => swapUuidByteOrder('123')).toThrow(RangeError);
    expect(() => uuidMatchKey('not-a-uuid')).toThrow(RangeError);
  });
});

describe.skipIf(!hasRealData)('UUIDs on real data', () => {
  it('OpenShift: every x-masked systemUUID is rejected', () => {
    interface Node {
      status: { nodeInfo: { systemUUID: string } };
    }
    const uuids = listFiles('openshift-k8s/nodes', '.json').map(
      (f) => readJson<Node>(f).status.nodeInfo.systemUUID,
    );
    expect(uuids).toHaveLength(20);
    expect(new Set(uuids)).toEqual(new Set(['x'.repeat(36)]));
    for (const u of uuids) expect(normalizeUuid(u)).toBeUndefined();
  });

  it('GLPI computer LF014: host and guest VM UUIDs agree between 1.xml and computer_3_updated.json', () => {
    interface Doc {
      content: { hardware: { uuid: string }; virtualmachines?: { uuid: string }[] };
    }
    const fromXml = collectXmlTexts(readText('glpi-inventory/xml/1.xml'), ['UUID']).map((u) =>
      normalizeUuid(u),
    );
    const updated = readJson<Doc>('glpi-inventory/examples/computer_3_updated.json').content;
    const fromJson = [updated.hardware.uuid, ...(updated.virtualmachines ?? []).map((v) => v.uuid)].map((u) =>
      normalizeUuid(u),
    );
    expect(fromXml).toEqual([
      LF014,
      'c37f7ce8af954676b4540959f2c5e162',
      '358f16bf67944f638947150b807a2294',
      'fcb505ed0ffa419ea5a0fd20bed80f1e',
    ]);
    expect(fromJson).toEqual(fromXml);
    const older = readJson<Doc>('glpi-inventory/examples/computer_3.json').content.hardware.uuid;
    expect(normalizeUuid(older)).toBe(LF014);
  });

  it('GLPI: hardware UUIDs are accepted or rejected consistently', () => {
    const values: string[] = [];
    for (const file of listFiles('glpi-inventory/examples', '.json')) {
      const hw = (readJson(file) as { content?: { hardware?: { uuid?: string } } }).content?.hardware;
      if (hw?.uuid !== undefined) values.push(hw.uuid);
    }
    const verdicts = Object.fromEntries(
      [...new Set(values)].sort().map((v) => [v, normalizeUuid(v) ?? null]),
    );
    expect(verdicts).toEqual({
      '0055ADC9-1D3A-E411-8043-B05D95113232': LF014,
      '4BDRGGFE-0046-4710-8047-B2C04F503732': null, // not hex
      '4c4c4544-0034-3010-8048-b6c04f503732': '4c4c4544003430108048b6c04f503732',
      af8d3fcfa6fe4784: null, // Android id, 16 digits
    });
  });

  it('vSphere: every VM bios_uuid normalises and round-trips through the VMware serial form', () => {
    const values: string[] = [];
    for (const file of listFiles('nautobot-ssot-fixtures/vsphere', '.json')) {
      collectJsonValues(readJson(file), new Set(['bios_uuid', 'instance_uuid']), values);
    }
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) {
      const hex = normalizeUuid(v) as string;
      expect(hex).toBe(v.replace(/-/g, '').toLowerCase());
      expect(normalizeUuid(vmwareSerialFromUuid(hex))).toBe(hex);
    }
  });
});
