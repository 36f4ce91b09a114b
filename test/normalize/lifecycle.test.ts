import { describe, it, expect } from 'vitest';
import type { LifecycleStatus } from '../../src/domain/attributes.js';
import { normalizeLifecycle } from '../../src/normalize/lifecycle.js';
import {
  collectJsonValues,
  collectXmlTexts,
  hasRealData,
  listFiles,
  readJson,
  readText,
} from './realdata.js';

describe('normalizeLifecycle', () => {
  it.each<[string | number | null | undefined, LifecycleStatus]>([
    // ServiceNow install_status codes, as numbers and strings
    [1, 'installed'],
    ['1', 'installed'],
    [2, 'planned'],
    [3, 'in_maintenance'],
    [4, 'planned'],
    [5, 'in_maintenance'],
    [6, 'in_stock'],
    [7, 'retired'],
    ['7', 'retired'],
    [8, 'absent'],
    [100, 'absent'],
    [0, 'unknown'],
    ['0', 'unknown'],
    [9, 'unknown'],
    // ServiceNow labels
    ['Installed', 'installed'],
    ['In Use', 'installed'],
    ['On Order', 'planned'],
    ['In Maintenance', 'in_maintenance'],
    ['Pending Install', 'planned'],
    ['Pending Repair', 'in_maintenance'],
    ['In Stock', 'in_stock'],
    ['in_stock', 'in_stock'],
    ['Retired', 'retired'],
    ['Stolen', 'absent'],
    ['Absent', 'absent'],
    ['Decommissioned', 'retired'],
    ['Disposed', 'retired'],
    // NetBox
    ['active', 'installed'],
    ['Active', 'installed'],
    ['offline', 'in_maintenance'],
    ['planned', 'planned'],
    ['staged', 'planned'],
    ['failed', 'in_maintenance'],
    ['inventory', 'in_stock'],
    ['decommissioning', 'retired'],
    // iTop
    ['production', 'installed'],
    ['Production', 'installed'],
    ['implementation', 'planned'],
    ['obsolete', 'retired'],
    ['stock', 'in_stock'],
    ['inactive', 'retired'],
    // AWS
    ['pending', 'installed'],
    ['running', 'installed'],
    ['stopping', 'installed'],
    ['stopped', 'installed'],
    ['shutting-down', 'retired'],
    ['terminated', 'retired'],
    // Azure
    ['PowerState/running', 'installed'],
    ['PowerState/deallocated', 'installed'],
    ['VM running', 'installed'],
    ['VM deallocated', 'installed'],
    // GCP (TERMINATED without source: the AWS meaning)
    ['RUNNING', 'installed'],
    ['STOPPING', 'installed'],
    ['SUSPENDED', 'installed'],
    ['PROVISIONING', 'installed'],
    ['REPAIRING', 'in_maintenance'],
    ['TERMINATED', 'retired'],
    // GLPI (French defaults)
    ['En service', 'installed'],
    ['En stock', 'in_stock'],
    ['En panne', 'in_maintenance'],
    ['Réformé', 'retired'],
    // nothing
    ['', 'unknown'],
    ['   ', 'unknown'],
    [null, 'unknown'],
    [undefined, 'unknown'],
    ['banana', 'unknown'],
    ['Unknown', 'unknown'],
  ])('%j -> %s', (input, expected) => {
    expect(normalizeLifecycle(input)).toBe(expected);
  });

  it("GCP's TERMINATED means stopped when the source says so", () => {
    expect(normalizeLifecycle('TERMINATED', 'gcp')).toBe('installed');
    expect(normalizeLifecycle('terminated', 'gcp')).toBe('installed');
    expect(normalizeLifecycle('RUNNING', 'gcp')).toBe('installed');
    expect(normalizeLifecycle('REPAIRING', 'gcp')).toBe('in_maintenance');
  });
});

describe.skipIf(!hasRealData)('normalizeLifecycle on real data', () => {
  it('AWS EC2 State.Name values all map, none to unknown', () => {
    const states = new Set<string>();
    for (const file of listFiles('cloud-custodian/aws', '.json')) {
      if (!file.includes('ec2.DescribeInstances')) continue;
      const doc = readJson<{ data: { Reservations?: { Instances: { State?: { Name: string } }[] }[] } }>(
        file,
      );
      for (const r of doc.data.Reservations ?? [])
        for (const i of r.Instances) if (i.State) states.add(i.State.Name);
    }
    const mapped = Object.fromEntries([...states].sort().map((s) => [s, normalizeLifecycle(s)]));
    expect(mapped).toEqual({
      running: 'installed',
      'shutting-down': 'retired',
      stopped: 'installed',
      stopping: 'installed',
      terminated: 'retired',
    });
  });

  it('GCP instance statuses, read as GCP', () => {
    const values: string[] = [];
    for (const file of listFiles('cloud-custodian/gcp', '.json'))
      collectJsonValues(readJson(file), new Set(['status']), values);
    const instanceStatuses = [...new Set(values)].filter((v) => /^[A-Z]+$/.test(v)).sort();
    expect(instanceStatuses).toEqual(expect.arrayContaining(['RUNNING', 'TERMINATED']));
    for (const s of instanceStatuses) expect(normalizeLifecycle(s, 'gcp'), s).not.toBe('unknown');
    expect(normalizeLifecycle('TERMINATED', 'gcp')).toBe('installed');
  });

  it('NetBox devices and VMs: all active, all installed', () => {
    const doc = readJson<{ model: string; fields: { status?: string } }[]>(
      'netbox-demo/netbox-demo-v3.6.json',
    );
    const statuses = new Set(
      doc
        .filter((o) => o.model === 'dcim.device' || o.model === 'virtualization.virtualmachine')
        .map((o) => o.fields.status),
    );
    expect([...statuses]).toEqual(['active']);
    expect(normalizeLifecycle('active')).toBe('installed');
  });

  it('iTop sample statuses', () => {
    const statuses = new Set<string>();
    for (const file of listFiles('itop-sample', '.xml')) {
      for (const s of collectXmlTexts(readText(file), ['status'])) if (s !== '') statuses.add(s);
    }
    const mapped = Object.fromEntries([...statuses].sort().map((s) => [s, normalizeLifecycle(s)]));
    expect(mapped).toEqual({ active: 'installed', production: 'installed' });
  });
});
