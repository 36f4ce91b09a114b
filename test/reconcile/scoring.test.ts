import { beforeEach, describe, expect, it } from 'vitest';
import type { CiAttributes } from '../../src/domain/attributes.js';
import { type ClusterRecord, clusterRecords, ValueFrequencies } from '../../src/reconcile/cluster.js';
import { identityOf, Interner, leadingHostToken } from '../../src/reconcile/identity.js';
import { nearSerial, scoreIdentities } from '../../src/reconcile/scoring.js';

let texts = new Interner();
beforeEach(() => {
  texts = new Interner();
});
const freqOf = (records: ClusterRecord[]) => new ValueFrequencies(records, texts.size);
const rec = (
  attrs: CiAttributes,
  source: number,
  role: 'cmdb' | 'discovery' = 'discovery',
  reverseDns = false,
): ClusterRecord => ({
  identity: identityOf(attrs, texts, { reverseDnsNames: reverseDns }),
  source,
  role,
  matchable: true,
});

describe('identity', () => {
  it('keeps values that identify nothing out of the identity', () => {
    const id = identityOf(
      {
        ip_addresses: ['127.0.0.1', '172.17.0.1', '10.1.2.3', '169.254.10.1'],
        mac_addresses: ['02:42:ac:11:00:01', '00:00:00:00:00:00', '00:50:56:ab:cd:ef'],
        serial_number: 'VMWARE-421A2B3C4D5E6F708192A3B4C5D6E7F8',
        bios_uuid: '421a2b3c4d5e6f708192a3b4c5d6e7f8',
      },
      texts,
    );
    expect(id.ip.map((v) => texts.text(v))).toEqual(['p:10.1.2.3']);
    expect(id.mac.map((v) => texts.text(v))).toEqual(['m:00:50:56:ab:cd:ef']);
    // A VMware serial is the BIOS UUID: it is compared as a UUID, not as a serial.
    expect(id.serial).toEqual([]);
    expect(id.uuid).toHaveLength(1);
  });

  it('compares BIOS UUIDs in either SMBIOS byte order', () => {
    const a = identityOf({ bios_uuid: '0055adc91d3ae4118043b05d95113232' }, texts);
    const b = identityOf({ bios_uuid: 'c9ad55003a1d11e48043b05d95113232' }, texts);
    expect(a.uuid).toEqual(b.uuid);
  });

  it('reads the host name a VM display name starts with', () => {
    expect(leadingHostToken('cipri06 - wms')).toBe('cipri06');
    expect(leadingHostToken('web01 (old)')).toBe('web01');
    expect(leadingHostToken('IAM Node 6')).toBeUndefined();
    expect(leadingHostToken('PAYROLL Node 8')).toBeUndefined();
  });
});

describe('near serials', () => {
  it.each([
    ['CZ1234ABCD', 'CZ1243ABCD', true], // adjacent transposition
    ['CZ1234ABCD', 'CZ1234ABCE', true], // one substitution
    ['CZ1234ABCD', 'CZ1234ABC', true], // truncated
    ['ABC1234', 'XYZ9876', false],
    ['ABC1234', 'ABC4321', false],
  ])('%s ~ %s: %s', (a, b, near) => expect(nearSerial(a, b)).toBe(near));
});

describe('match scores', () => {
  it('vetoes two records whose serials differ, whatever names and addresses they share', () => {
    const a = rec({ host_name: 'web01', ip_addresses: ['10.0.0.5'], serial_number: 'ABC1234' }, 0, 'cmdb');
    const b = rec({ host_name: 'web01', ip_addresses: ['10.0.0.5'], serial_number: 'XYZ9876' }, 1);
    const s = scoreIdentities(a.identity, b.identity, freqOf([a, b]), texts, true);
    expect(s.veto).toMatch(/different serial numbers/);
  });

  it('reports, rather than vetoes, different serials on records whose BIOS UUIDs agree', () => {
    const a = rec(
      { host_name: 'lf014', serial_number: '9E113232I', bios_uuid: '0055adc91d3ae4118043b05d95113232' },
      0,
    );
    const b = rec(
      { host_name: 'lf014', serial_number: '8C554721F', bios_uuid: '0055adc91d3ae4118043b05d95113232' },
      0,
    );
    const s = scoreIdentities(a.identity, b.identity, freqOf([a, b]), texts, true);
    expect(s.veto).toBeUndefined();
    expect(s.evidence.find((e) => e.kind === 'serial')).toMatchObject({ outcome: 'disagree' });
    expect(s.score).toBeGreaterThan(8);
  });

  it('treats a typo in a serial as neither agreement nor veto', () => {
    const a = rec({ host_name: 'db07', serial_number: 'CZ12345678', ip_addresses: ['10.0.0.7'] }, 0, 'cmdb');
    const b = rec({ host_name: 'db07', serial_number: 'CZ12354678', ip_addresses: ['10.0.0.7'] }, 1);
    const s = scoreIdentities(a.identity, b.identity, freqOf([a, b]), texts, true);
    expect(s.veto).toBeUndefined();
    expect(s.evidence.find((e) => e.kind === 'serial')).toMatchObject({ outcome: 'near' });
  });

  it('gives little weight to a disagreeing reverse-DNS name', () => {
    const cmdb = rec(
      { host_name: 'sw-fra-02', mac_addresses: ['00:2a:6a:96:99:cd'], ip_addresses: ['10.12.125.32'] },
      0,
      'cmdb',
    );
    const scan = rec(
      { host_name: 'autherp08', mac_addresses: ['00:2a:6a:96:99:cd'], ip_addresses: ['10.13.1.149'] },
      1,
      'discovery',
      true,
    );
    const s = scoreIdentities(cmdb.identity, scan.identity, freqOf([cmdb, scan]), texts, true);
    expect(s.evidence.find((e) => e.kind === 'host')).toMatchObject({ outcome: 'disagree', weight: -1 });
    expect(s.score).toBeGreaterThan(8);
  });
});

describe('clustering', () => {
  it('keeps two VMs cloned with one BIOS UUID apart, and attaches each CMDB record to the right one', () => {
    const uuid = '42aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const records = [
      rec({ host_name: 'app01', bios_uuid: uuid, vm_id: 'vm-1', ip_addresses: ['10.1.0.1'] }, 1),
      rec({ host_name: 'app02', bios_uuid: uuid, vm_id: 'vm-2', ip_addresses: ['10.1.0.2'] }, 1),
      rec({ host_name: 'app01', bios_uuid: uuid, ip_addresses: ['10.1.0.1'] }, 2),
      rec({ host_name: 'app02', bios_uuid: uuid, ip_addresses: ['10.1.0.2'] }, 2),
      rec(
        {
          host_name: 'app02',
          serial_number: 'VMWARE-42AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
          bios_uuid: uuid,
          ip_addresses: ['10.1.0.2'],
        },
        0,
        'cmdb',
      ),
    ];
    const { root } = clusterRecords(records, freqOf(records), texts, { threshold: 8 });
    expect(root[0]).not.toBe(root[1]);
    expect(root[2]).toBe(root[0]);
    expect(root[3]).toBe(root[1]);
    expect(root[4]).toBe(root[1]);
  });

  it('keeps a decommissioned CMDB record whose name and address were reused apart from the live machine', () => {
    const records = [
      rec({ host_name: 'erp01', serial_number: 'LIVE123', ip_addresses: ['10.2.0.9'] }, 1),
      rec({ host_name: 'erp01', ip_addresses: ['10.2.0.9'] }, 2, 'discovery', true),
      rec({ host_name: 'erp01', serial_number: 'LIVE123', ip_addresses: ['10.2.0.9'] }, 0, 'cmdb'),
      rec({ host_name: 'erp01', serial_number: 'GHOST99', ip_addresses: ['10.2.0.9'] }, 0, 'cmdb'),
    ];
    const { root, events } = clusterRecords(records, freqOf(records), texts, { threshold: 8 });
    expect(new Set([root[0], root[1], root[2]]).size).toBe(1);
    expect(root[3]).not.toBe(root[0]);
    expect(
      events.toArray().some((e) => e.decision === 'vetoed' && /different serial numbers/.test(e.reason)),
    ).toBe(true);
  });

  it('merges CMDB duplicates that agree, after discovery evidence is in place', () => {
    const records = [
      rec({ host_name: 'hr01', ip_addresses: ['10.3.0.1'], mac_addresses: ['00:11:22:33:44:55'] }, 0, 'cmdb'),
      rec({ host_name: 'hr01', dns_domain: 'corp.example.com', ip_addresses: ['10.3.0.1'] }, 0, 'cmdb'),
      rec(
        {
          host_name: 'hr01',
          ip_addresses: ['10.3.0.1'],
          mac_addresses: ['00:11:22:33:44:55'],
          serial_number: 'S1',
        },
        1,
      ),
    ];
    const { root } = clusterRecords(records, freqOf(records), texts, { threshold: 8 });
    expect(new Set(root).size).toBe(1);
  });

  it('never joins records through shared values that identify nothing', () => {
    const records = Array.from({ length: 40 }, (_, i) =>
      rec(
        {
          host_name: `node${i}`,
          ip_addresses: ['172.17.0.1', `10.9.0.${i + 1}`],
          mac_addresses: ['02:42:ac:11:00:01'],
        },
        1 + (i % 3),
      ),
    );
    const { root } = clusterRecords(records, freqOf(records), texts, { threshold: 8 });
    expect(new Set(root).size).toBe(40);
  });
});
