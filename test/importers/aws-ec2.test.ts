import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsTimestamp } from '../../src/importers/formats/aws-ec2.js';
import { importFiles } from '../../src/ingest/import-files.js';
import { findWorkerScript } from '../../src/ingest/run-importer.js';
import { ImportError } from '../../src/util/errors.js';
import {
  generateEstate,
  recordsOf,
  REALDATA,
  relationshipsOf,
  tempDir,
  tempWorkspace,
  workspaceDigest,
} from '../helpers/workspace.js';

const FIXTURE = path.resolve(__dirname, '../../fixtures/aws-ec2/describe-instances.json');
const RECORDINGS = path.join(REALDATA, 'cloud-custodian/aws');

function findRecordings(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findRecordings(p));
    else if (/^ec2\.DescribeInstances_\d+\.json$/.test(name)) out.push(p);
  }
  return out;
}

function truthKeys(estate: string, source: string): string[] {
  const lines = readFileSync(path.join(estate, 'truth/records.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return lines
    .map((l) => l.split(','))
    .filter((f) => f[0] === source)
    .map((f) => f[1]!);
}

async function importError(p: Promise<unknown>): Promise<ImportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

interface Ec2Instance {
  InstanceId: string;
  PrivateIpAddress: string;
  Tags: { Key: string; Value: string }[];
}

describe('aws-ec2 importer', () => {
  it('maps every attribute of a describe-instances document', async () => {
    const ws = tempWorkspace();
    const summary = await importFiles(ws, {
      source: 'aws',
      paths: [FIXTURE],
      format: 'aws-ec2',
      inline: true,
    });
    expect(summary.records).toBe(3);
    expect(summary.relationships).toBe(0);
    expect(summary.warningCount).toBe(0);
    const recs = recordsOf(ws, 'aws');
    expect(recs.map((r) => r.key)).toEqual([
      'i-0a1b2c3d4e5f60718',
      'i-0f0e0d0c0b0a09080',
      'i-0123456789abcdef0',
    ]);
    const [api, reporting, terminated] = recs;

    expect(api!.ciType).toBe('computer');
    expect(api!.name).toBe('billing-api-01');
    expect(api!.ordinal).toBe(1);
    expect(JSON.parse(api!.raw).InstanceId).toBe('i-0a1b2c3d4e5f60718');
    expect(api!.attrs).toEqual({
      instance_id: 'i-0a1b2c3d4e5f60718',
      cloud_provider: 'aws',
      name: 'billing-api-01',
      host_name: 'billing-api-01',
      fqdn: 'ip-10-20-3-41.eu-central-1.compute.internal',
      dns_domain: 'eu-central-1.compute.internal',
      aliases: ['ip-10-20-3-41', 'ec2-3-121-44-7'],
      ip_address: '10.20.3.41',
      ip_addresses: ['10.20.3.41', '3.121.44.7', '10.20.3.42', '2a05:d014:abc:100::41', '10.20.9.17'],
      mac_address: '06:3f:9a:11:c2:7d',
      mac_addresses: ['06:3f:9a:11:c2:7d', '06:51:0c:de:02:9b'],
      os: 'Red Hat Enterprise Linux',
      os_family: 'linux',
      os_name: 'rhel',
      model: 'm5.xlarge',
      manufacturer: 'Amazon',
      virtual: true,
      cpu_count: 4,
      status: 'installed',
      power_state: 'on',
      location: 'eu-central-1b',
      owner: 'jane.doe@example.com',
      support_group: 'Billing Platform',
      environment: 'production',
      extra: {
        ImageId: 'ami-0c2b8ca1dad447f8a',
        VpcId: 'vpc-0123456789abcdef0',
        SubnetId: 'subnet-0f1e2d3c4b5a69788',
        LaunchTime: '2024-02-11T09:14:27Z',
        OwnerId: '210987654321',
        'tag:Name': 'billing-api-01',
        'tag:Owner': 'jane.doe@example.com',
        'tag:Team': 'Billing Platform',
        'tag:Environment': 'production',
        'tag:env': 'prod',
        'tag:CostCenter': '4711',
      },
    });

    // A Name tag that is no host name leaves the host name to the private DNS name.
    expect(reporting!.attrs).toMatchObject({
      name: 'Reporting Server (old)',
      host_name: 'ip-10-20-1-8',
      fqdn: 'ip-10-20-1-8.eu-central-1.compute.internal',
      os: 'windows',
      os_family: 'windows',
      status: 'installed',
      power_state: 'off',
      support_group: 'Windows Ops',
      mac_address: '06:aa:bb:cc:dd:01',
    });
    expect(reporting!.attrs.aliases).toBeUndefined();
    expect(reporting!.attrs.cpu_count).toBeUndefined();

    // A terminated instance keeps its id and state and nothing it no longer has.
    expect(terminated!.name).toBeNull();
    expect(terminated!.attrs).toEqual({
      instance_id: 'i-0123456789abcdef0',
      cloud_provider: 'aws',
      os: 'Linux/UNIX',
      os_family: 'linux',
      model: 't3.micro',
      manufacturer: 'Amazon',
      virtual: true,
      status: 'retired',
      power_state: 'unknown',
      location: 'eu-central-1a',
      extra: {
        ImageId: 'ami-0f8d7e6c5b4a39281',
        LaunchTime: '2023-11-30T17:02:05Z',
        OwnerId: '210987654321',
      },
    });
    expect(relationshipsOf(ws, 'aws')).toEqual([]);
  });

  it('imports every instance of a cmdb-sim estate (worker thread)', async () => {
    const estate = generateEstate(600, 11);
    const file = path.join(estate, 'discovery/aws-ec2-describe-instances.json');
    const ws = tempWorkspace();
    // The worker bundle must exist, or importFiles would quietly parse on this thread.
    expect(findWorkerScript()).toBeTruthy();
    const summary = await importFiles(ws, { source: 'aws', paths: [file] });
    expect(summary.format).toBe('aws-ec2');
    expect(summary.role).toBe('discovery');
    const expected = truthKeys(estate, 'aws');
    expect(expected.length).toBeGreaterThan(50);
    expect(summary.records).toBe(expected.length);
    expect(summary.warningCount).toBe(0);
    const recs = recordsOf(ws, 'aws');
    expect(recs.map((r) => r.key).sort()).toEqual([...expected].sort());

    const doc = JSON.parse(readFileSync(file, 'utf8')) as { Reservations: { Instances: Ec2Instance[] }[] };
    const instances = doc.Reservations.flatMap((r) => r.Instances);
    const byKey = new Map(recs.map((r) => [r.key, r]));
    for (const inst of [instances[0]!, instances[Math.floor(instances.length / 2)]!, instances.at(-1)!]) {
      const rec = byKey.get(inst.InstanceId)!;
      const nameTag = inst.Tags.find((t) => t.Key === 'Name')!.Value;
      expect(rec.name).toBe(nameTag);
      expect(rec.attrs.host_name).toBe(nameTag.toLowerCase());
      expect(rec.attrs.ip_address).toBe(inst.PrivateIpAddress);
      expect(rec.attrs.ip_addresses).toEqual([inst.PrivateIpAddress]);
      expect(rec.attrs.aliases).toEqual([`ip-${inst.PrivateIpAddress.replace(/\./g, '-')}`]);
      expect(rec.attrs.support_group).toBe(inst.Tags.find((t) => t.Key === 'team')!.Value);
      expect(rec.attrs.status).toBe('installed');
      expect(rec.attrs.extra).toMatchObject({ OwnerId: '123456789012' });
    }
  });

  it('imports every placebo recording as one batch: 154 distinct instances, later recordings win', async () => {
    const files = findRecordings(RECORDINGS);
    expect(files.length).toBe(152);
    const ws = tempWorkspace();
    const summary = await importFiles(ws, { source: 'aws', paths: files, format: 'aws-ec2', inline: true });
    expect(summary.records).toBe(154);
    expect(summary.files.reduce((n, f) => n + f.records, 0)).toBe(154);
    const duplicates = summary.warnings.filter((w) =>
      /^record key "i-[0-9a-f]+" appears again/.test(w.message),
    );
    // 294 recorded instances of 154 ids: 140 replacements, each reported.
    expect(summary.warningCount).toBe(140);
    expect(duplicates.length).toBe(140);

    const recs = recordsOf(ws, 'aws');
    expect(new Set(recs.map((r) => r.key)).size).toBe(154);
    for (const r of recs) {
      expect(r.attrs.cloud_provider).toBe('aws');
      expect(r.attrs.instance_id).toBe(r.key);
    }
    const byKey = new Map(recs.map((r) => [r.key, r]));
    // Placebo datetimes are decoded; the reservation's account lands in extra.
    const igw = byKey.get('i-07b1657fdb879c149')!;
    expect(igw.attrs).toMatchObject({
      ip_address: '10.0.1.152',
      host_name: 'ip-10-0-1-152',
      fqdn: 'ip-10-0-1-152.ec2.internal',
      model: 't2.micro',
      location: 'us-east-1a',
      virtual: true,
    });
    expect((igw.attrs.extra as Record<string, string>).LaunchTime).toBe('2023-04-19T08:49:30Z');
    expect((igw.attrs.extra as Record<string, string>).VpcId).toBe('vpc-06a22444b7946ea01');
    expect(recs.filter((r) => r.attrs.os_family === 'windows').length).toBeGreaterThan(0);
    expect(recs.filter((r) => r.attrs.status === 'retired').length).toBeGreaterThan(0);
    // Every stored instance came from the last recording that holds it.
    const last = new Map<string, string>();
    for (const f of files) {
      const doc = JSON.parse(readFileSync(f, 'utf8')) as {
        data: { Reservations: { Instances: { InstanceId: string }[] }[] };
      };
      for (const r of doc.data.Reservations)
        for (const i of r.Instances) last.set(i.InstanceId, JSON.stringify(i));
    }
    for (const r of recs) expect(r.raw).toBe(last.get(r.key));
  });

  it('leaves status and power state absent for a recording without State', async () => {
    const file = path.join(RECORDINGS, 'test_unused_keypair/ec2.DescribeInstances_1.json');
    const ws = tempWorkspace();
    const summary = await importFiles(ws, { source: 'aws', paths: [file], format: 'aws-ec2', inline: true });
    expect(summary.records).toBe(1);
    const [rec] = recordsOf(ws, 'aws');
    expect(rec!.key).toBe('i-0ccca83be31e1577b');
    expect(rec!.attrs.status).toBeUndefined();
    expect(rec!.attrs.power_state).toBeUndefined();
    expect(rec!.attrs).toMatchObject({
      instance_id: 'i-0ccca83be31e1577b',
      os_family: 'linux',
      virtual: true,
    });
  });

  it('accepts an empty reservation list', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'empty.json');
    writeFileSync(file, '{\n  "Reservations": []\n}\n');
    const ws = tempWorkspace();
    const summary = await importFiles(ws, { source: 'aws', paths: [file], format: 'aws-ec2', inline: true });
    expect(summary.records).toBe(0);
  });

  describe('hostile input', () => {
    async function withBaseline() {
      const ws = tempWorkspace();
      await importFiles(ws, { source: 'aws', paths: [FIXTURE], format: 'aws-ec2', inline: true });
      return { ws, digest: workspaceDigest(ws), dir: tempDir() };
    }

    it('names the line of a truncated document and changes nothing', async () => {
      const { ws, digest, dir } = await withBaseline();
      const text = readFileSync(FIXTURE, 'utf8');
      const cut = text.indexOf('"InstanceId": "i-0f0e0d0c0b0a09080"');
      const file = path.join(dir, 'truncated.json');
      writeFileSync(file, text.slice(0, cut + 20));
      const err = await importError(
        importFiles(ws, { source: 'aws', paths: [file], format: 'aws-ec2', inline: true }),
      );
      const line = text.slice(0, cut).split('\n').length;
      expect(err.location.file).toBe(file);
      expect(err.location.line).toBe(line);
      expect(err.message).toMatch(/truncated/);
      expect(err.message).toContain(`${file}:${line}`);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('rejects Reservations that is not a list', async () => {
      const { ws, digest, dir } = await withBaseline();
      const file = path.join(dir, 'five.json');
      writeFileSync(file, '{\n  "Reservations": 5\n}\n');
      const err = await importError(
        importFiles(ws, { source: 'aws', paths: [file], format: 'aws-ec2', inline: true }),
      );
      expect(err.message).toBe(`${file}:2: field "Reservations": "Reservations" is not a list`);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('rejects JSON of another shape', async () => {
      const { ws, digest, dir } = await withBaseline();
      const file = path.join(dir, 'other.json');
      writeFileSync(file, JSON.stringify({ status_code: 200, data: { Volumes: [] } }));
      const err = await importError(
        importFiles(ws, { source: 'aws', paths: [file], format: 'aws-ec2', inline: true }),
      );
      expect(err.message).toContain(file);
      expect(err.message).toMatch(/no "Reservations" list/);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('names the record and field of an instance without InstanceId', async () => {
      const { ws, digest, dir } = await withBaseline();
      const doc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
        Reservations: { Instances: Record<string, unknown>[] }[];
      };
      delete doc.Reservations[1]!.Instances[1]!.InstanceId;
      const file = path.join(dir, 'no-id.json');
      writeFileSync(file, JSON.stringify(doc, null, 2));
      const err = await importError(
        importFiles(ws, { source: 'aws', paths: [file], format: 'aws-ec2', inline: true }),
      );
      expect(err.location).toMatchObject({ file, record: 3, field: 'InstanceId' });
      expect(err.message).toBe(`${file} (record 3): field "InstanceId": the instance has no InstanceId`);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('rejects an instance that is not an object and Instances that is not a list', async () => {
      const { ws, digest, dir } = await withBaseline();
      const a = path.join(dir, 'a.json');
      writeFileSync(a, '{"Reservations": [{"Instances": [{"InstanceId": "i-0123456789abcdef0"}, 7]}]}');
      const errA = await importError(
        importFiles(ws, { source: 'aws', paths: [a], format: 'aws-ec2', inline: true }),
      );
      expect(errA.location).toMatchObject({ file: a, record: 2 });
      const b = path.join(dir, 'b.json');
      writeFileSync(b, '{"Reservations": [{"Instances": {"InstanceId": "i-0123456789abcdef0"}}]}');
      const errB = await importError(
        importFiles(ws, { source: 'aws', paths: [b], format: 'aws-ec2', inline: true }),
      );
      expect(errB.message).toMatch(/"Instances" is not a list/);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('rejects random bytes', async () => {
      const { ws, digest, dir } = await withBaseline();
      const file = path.join(dir, 'random.json');
      let seed = 7;
      const bytes = Buffer.alloc(4096, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
      writeFileSync(file, bytes);
      const err = await importError(
        importFiles(ws, { source: 'aws', paths: [file], format: 'aws-ec2', inline: true }),
      );
      expect(err.location.file).toBe(file);
      expect(err.location.line).toBeGreaterThanOrEqual(1);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('warns about bad addresses and keeps the record', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'bad.json');
      writeFileSync(
        file,
        JSON.stringify({
          Reservations: [
            {
              Instances: [
                {
                  InstanceId: 'i-0123456789abcdef0',
                  PrivateIpAddress: '10.0.0.300',
                  NetworkInterfaces: [{ MacAddress: 'zz:zz:zz:zz:zz:zz', PrivateIpAddress: '10.0.0.3' }],
                },
              ],
            },
          ],
        }),
      );
      const ws = tempWorkspace();
      const summary = await importFiles(ws, {
        source: 'aws',
        paths: [file],
        format: 'aws-ec2',
        inline: true,
      });
      expect(summary.records).toBe(1);
      expect(summary.warnings.map((w) => [w.field, w.value])).toEqual([
        ['PrivateIpAddress', '10.0.0.300'],
        ['MacAddress', 'zz:zz:zz:zz:zz:zz'],
      ]);
      const [rec] = recordsOf(ws, 'aws');
      expect(rec!.attrs.ip_address).toBeUndefined();
      expect(rec!.attrs.ip_addresses).toEqual(['10.0.0.3']);
      expect(rec!.attrs.mac_address).toBeUndefined();
      expect(rec!.attrs.issues).toEqual([
        { field: 'ip_address', value: '10.0.0.300', problem: 'invalid' },
        { field: 'mac_address', value: 'zz:zz:zz:zz:zz:zz', problem: 'invalid' },
      ]);
    });
  });

  it('decodes placebo datetimes and CLI timestamps', () => {
    expect(awsTimestamp('2026-03-17T08:00:00+00:00')).toBe('2026-03-17T08:00:00Z');
    expect(
      awsTimestamp({
        __class__: 'datetime',
        year: 2023,
        month: 4,
        day: 19,
        hour: 8,
        minute: 49,
        second: 30,
        microsecond: 0,
      }),
    ).toBe('2023-04-19T08:49:30Z');
    expect(awsTimestamp({ __class__: 'datetime', year: 2023, month: 2, day: 30 })).toBeUndefined();
    expect(awsTimestamp({ year: 2023, month: 2, day: 1 })).toBeUndefined();
    expect(awsTimestamp(1700000000)).toBeUndefined();
  });
});
