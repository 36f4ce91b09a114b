import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/import-files.js';
import { findWorkerScript } from '../../src/ingest/run-importer.js';
import { ImportError } from '../../src/util/errors.js';
import {
  generateEstate,
  recordsOf,
  relationshipsOf,
  tempDir,
  tempWorkspace,
  workspaceDigest,
  type StoredRecord,
} from '../helpers/workspace.js';

const FIXTURE = path.resolve(__dirname, '../../fixtures/rvtools-vinfo/vInfo-4.4.csv');

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

/** What must agree between two exports of the same rows (raw and line numbers differ by format). */
function comparable(recs: StoredRecord[]) {
  return recs.map((r) => ({ key: r.key, ciType: r.ciType, name: r.name, attrs: r.attrs }));
}

/** A tiny CSV line splitter for the test's own simple data (quoted fields, no embedded quotes). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  const re = /("([^"]*)"|[^,]*)(,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    out.push(m[2] ?? m[1]!);
    if (m[3] === '') break;
  }
  return out;
}

describe('rvtools-vinfo importer', () => {
  it('maps every attribute of an RVTools 4.x vInfo CSV', async () => {
    const ws = tempWorkspace();
    const summary = await importFiles(ws, {
      source: 'rvtools',
      paths: [FIXTURE],
      format: 'rvtools-vinfo',
      inline: true,
    });
    expect(summary.records).toBe(4);
    expect(summary.relationships).toBe(3);
    expect(summary.warningCount).toBe(0);
    expect(summary.files[0]!.encoding).toBe('utf-8');
    const recs = recordsOf(ws, 'rvtools');
    expect(recs.map((r) => [r.key, r.ciType, r.line])).toEqual([
      ['vm-20411', 'computer', 2],
      ['vm-1187', 'computer', 3],
      ['vm-30552', 'computer', 4],
      ['vm-4410', 'template', 5],
    ]);
    const [sql, legacy, build, tpl] = recs;
    expect(sql!.raw).toBe(readFileSync(FIXTURE, 'utf8').split('\n')[1]);
    expect(sql!.name).toBe('SQLPRD01');
    expect(sql!.attrs).toEqual({
      name: 'SQLPRD01',
      host_name: 'sqlprd01',
      fqdn: 'sqlprd01.corp.example.net',
      dns_domain: 'corp.example.net',
      ip_address: '10.40.2.15',
      ip_addresses: ['10.40.2.15', '10.40.3.15', 'fe80::250:56ff:fe9a:1b2c'],
      vm_id: 'vm-20411',
      bios_uuid: '4209d6b15c3e8a7f12d46b0e9f3c2a18',
      vm_uuid: '5009a2f771e34c119b0d0f2e6d8c4a31',
      cpu_count: 8,
      ram_mb: 65536,
      os: 'Microsoft Windows Server 2022 (64-bit)',
      os_family: 'windows',
      os_name: 'windows server',
      os_version: '2022',
      virtual: true,
      manufacturer: 'VMware',
      power_state: 'on',
      status: 'installed',
      host_ref: 'esx-w-07.corp.example.net',
      cluster: 'CL-SQL-01',
      datacenter: 'DC-West',
      extra: {
        vcenter: 'vcsa-west.corp.example.net',
        annotation: 'Owner: DBA team, ticket CHG0031337',
        folder: '/Production/SQL',
        nics: 2,
      },
    });
    // No DNS name and a display name that is no host name: no host name at all; the config-file OS.
    expect(legacy!.attrs.host_name).toBeUndefined();
    expect(legacy!.attrs.aliases).toBeUndefined();
    expect(legacy!.attrs).toMatchObject({
      name: 'App Server (legacy)',
      power_state: 'off',
      os_name: 'rhel',
      os_version: '6',
    });
    expect(build!.attrs).toMatchObject({
      host_name: 'build-agent-03',
      power_state: 'suspended',
      ip_addresses: ['10.40.8.33'],
    });
    expect(build!.attrs.fqdn).toBeUndefined();
    expect(tpl!.attrs).toMatchObject({
      name: 'tpl-w2022-std',
      power_state: 'off',
      extra: { annotation: 'Golden image - patched 2025-02' },
    });

    expect(relationshipsOf(ws, 'rvtools')).toEqual([
      {
        key: 'vm-20411/host',
        type: 'Hosted on::Hosts',
        parent: 'vm-20411',
        parentKind: 'key',
        child: 'esx-w-07.corp.example.net',
        childKind: 'name',
        line: 2,
        ordinal: 1,
        raw: sql!.raw,
      },
      expect.objectContaining({ key: 'vm-1187/host', parent: 'vm-1187', child: 'esx-w-02.corp.example.net' }),
      expect.objectContaining({
        key: 'vm-30552/host',
        parent: 'vm-30552',
        child: 'esx-w-03.corp.example.net',
      }),
    ]);
  });

  it('imports every row of a cmdb-sim vInfo export, templates included (worker thread)', async () => {
    const estate = generateEstate(800, 5);
    const file = path.join(estate, 'discovery/rvtools_vInfo.csv');
    const ws = tempWorkspace();
    // The worker bundle must exist, or importFiles would quietly parse on this thread.
    expect(findWorkerScript()).toBeTruthy();
    const summary = await importFiles(ws, { source: 'rvtools', paths: [file] });
    expect(summary.format).toBe('rvtools-vinfo');
    const expected = truthKeys(estate, 'rvtools');
    expect(summary.records).toBe(expected.length);
    expect(summary.warningCount).toBe(0);
    const recs = recordsOf(ws, 'rvtools');
    expect(recs.map((r) => r.key).sort()).toEqual([...expected].sort());

    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => splitCsvLine(l));
    const col = (row: string[], name: string) => row[header.indexOf(name)]!;
    const templates = rows.filter((r) => col(r, 'Template') === 'True');
    expect(templates.length).toBeGreaterThan(0);
    const byKey = new Map(recs.map((r) => [r.key, r]));
    for (const t of templates) expect(byKey.get(col(t, 'VM ID'))!.ciType).toBe('template');
    expect(recs.filter((r) => r.ciType === 'computer').length).toBe(rows.length - templates.length);
    // One Hosted on relationship per VM; templates have none.
    expect(summary.relationships).toBe(rows.length - templates.length);

    const withTools = rows.find(
      (r) => col(r, 'DNS Name') !== '' && col(r, 'VM') !== col(r, 'DNS Name').split('.')[0],
    )!;
    for (const row of [rows[0]!, withTools, templates[0]!]) {
      const rec = byKey.get(col(row, 'VM ID'))!;
      expect(rec.name).toBe(col(row, 'VM'));
      expect(rec.attrs.vm_id).toBe(col(row, 'VM ID'));
      expect(rec.attrs.bios_uuid).toBe(col(row, 'VM UUID').replace(/-/g, ''));
      expect(rec.attrs.vm_uuid).toBeUndefined();
      expect(rec.attrs.cpu_count).toBe(Number(col(row, 'CPUs')));
      expect(rec.attrs.ram_mb).toBe(Number(col(row, 'Memory')));
      expect(rec.attrs.host_ref).toBe(col(row, 'Host'));
      expect(rec.attrs.datacenter).toBe(col(row, 'Datacenter'));
      expect((rec.attrs.extra as Record<string, unknown>).vcenter).toBe(col(row, 'VI SDK Server'));
      if (col(row, 'Primary IP Address') !== '')
        expect(rec.attrs.ip_address).toBe(col(row, 'Primary IP Address'));
      if (col(row, 'DNS Name') !== '') {
        expect(rec.attrs.fqdn).toBe(col(row, 'DNS Name'));
        expect(rec.attrs.host_name).toBe(col(row, 'DNS Name').split('.')[0]);
      }
    }
    const renamed = byKey.get(col(withTools, 'VM ID'))!;
    const displayHost = col(withTools, 'VM').toLowerCase();
    if (/^[a-z0-9-]+$/.test(displayHost)) expect(renamed.attrs.aliases).toEqual([displayHost]);
    else expect(renamed.attrs.aliases).toBeUndefined();
  });

  it('reads the vInfo sheet of an .xlsx workbook like the equivalent CSV', async () => {
    const dir = tempDir();
    // Another RVTools version's spelling: VM Name, Power state, VMID, lower-case DNSName...
    const xlsxHeader = [
      'VM Name',
      'Power state',
      'Template',
      'DNSName',
      'CPUs',
      'Memory',
      'NICs',
      'Primary IP Address',
      'Annotation',
      'Datacenter',
      'Cluster',
      'Host',
      'OS according to the configuration file',
      'OS according to the VMware Tools',
      'VMID',
      'SMBIOS UUID',
      'VM UUID',
      'VI SDK Server',
      'Creation date',
    ];
    const csvHeader = [
      'VM',
      'Powerstate',
      'Template',
      'DNS Name',
      'CPUs',
      'Memory',
      'NICs',
      'Primary IP Address',
      'Annotation',
      'Datacenter',
      'Cluster',
      'Host',
      'OS according to the configuration file',
      'OS according to the VMware Tools',
      'VM ID',
      'SMBIOS UUID',
      'VM UUID',
      'VI SDK Server',
      'Creation date',
    ];
    const rows: (string | number | boolean | Date | null)[][] = [
      [
        'web-ams-01',
        'poweredOn',
        false,
        'web-ams-01.eu.example.org',
        4,
        8192,
        1,
        '10.1.2.3',
        'Frontend',
        'Amsterdam',
        'ams-cl01',
        'esx-ams-01.eu.example.org',
        'Ubuntu Linux (64-bit)',
        'Ubuntu 22.04 LTS',
        'vm-101',
        '4201a2b3-c4d5-e6f7-0819-2a3b4c5d6e7f',
        '5001a2b3-c4d5-e6f7-0819-2a3b4c5d6e7f',
        'vc01.eu.example.org',
        new Date('2024-05-06T07:08:09Z'),
      ],
      [
        'DB Primary',
        'poweredOff',
        false,
        null,
        16,
        131072,
        2,
        null,
        'Wartung: Müller, Köln',
        'Amsterdam',
        'ams-cl02',
        'esx-ams-04.eu.example.org',
        'Microsoft Windows Server 2019 (64-bit)',
        null,
        'vm-102',
        '4201ffee-ddcc-bbaa-9988-776655443322',
        '5001ffee-ddcc-bbaa-9988-776655443322',
        'vc01.eu.example.org',
        null,
      ],
      [
        'tpl-rhel9',
        'poweredOff',
        true,
        null,
        2,
        4096,
        1,
        null,
        'Golden image',
        'Amsterdam',
        'ams-cl01',
        'esx-ams-02.eu.example.org',
        'Red Hat Enterprise Linux 9 (64-bit)',
        null,
        'vm-103',
        '42010000-1111-2222-3333-444455556666',
        '50010000-1111-2222-3333-444455556666',
        'vc01.eu.example.org',
        null,
      ],
    ];
    const csvCell = (v: string | number | boolean | Date | null) =>
      v === null
        ? ''
        : v instanceof Date
          ? v.toISOString()
          : typeof v === 'boolean'
            ? v
              ? 'True'
              : 'False'
            : /[,"]/.test(String(v))
              ? `"${String(v)}"`
              : String(v);
    const csvFile = path.join(dir, 'vInfo.csv');
    writeFileSync(
      csvFile,
      [csvHeader.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n',
    );

    const inMemory = path.join(dir, 'RVTools_export_all.xlsx');
    const wb = new ExcelJS.Workbook();
    const summarySheet = wb.addWorksheet('Summary');
    summarySheet.addRow(['VI SDK Server', 'VMs']);
    summarySheet.addRow(['vc01.eu.example.org', 3]);
    const vinfo = wb.addWorksheet('vInfo');
    vinfo.addRow(xlsxHeader);
    for (const r of rows) vinfo.addRow(r);
    wb.addWorksheet('vDisk').addRow(['VM', 'Disk', 'Capacity MiB']);
    await wb.xlsx.writeFile(inMemory);

    // The streaming writer lays the archive out differently (shared strings after the sheets).
    const streamed = path.join(dir, 'RVTools_streamed.xlsx');
    const sw = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: streamed, useSharedStrings: true });
    sw.addWorksheet('vHost').addRow(['Host', 'CPU']).commit();
    const tab = sw.addWorksheet('tabvInfo');
    tab.addRow(xlsxHeader).commit();
    for (const r of rows) tab.addRow(r).commit();
    await sw.commit();

    const wsCsv = tempWorkspace();
    await importFiles(wsCsv, { source: 'rvtools', paths: [csvFile], format: 'rvtools-vinfo', inline: true });
    const expected = comparable(recordsOf(wsCsv, 'rvtools'));
    expect(expected.length).toBe(3);
    expect(expected[1]!.attrs).toMatchObject({
      name: 'DB Primary',
      extra: { annotation: 'Wartung: Müller, Köln' },
    });
    expect(expected[0]!.attrs).toMatchObject({
      bios_uuid: '4201a2b3c4d5e6f708192a3b4c5d6e7f',
      vm_uuid: '5001a2b3c4d5e6f708192a3b4c5d6e7f',
      os: 'Ubuntu 22.04 LTS',
      os_version: '22',
    });
    const expectedRels = relationshipsOf(wsCsv, 'rvtools').map((r) => [r.key, r.type, r.parent, r.child]);

    for (const [file, inline] of [
      [inMemory, true],
      [streamed, false],
    ] as const) {
      const ws = tempWorkspace();
      const summary = await importFiles(ws, { source: 'rvtools', paths: [file], inline });
      expect(summary.format).toBe('rvtools-vinfo');
      expect(summary.warningCount).toBe(0);
      const recs = recordsOf(ws, 'rvtools');
      expect(comparable(recs)).toEqual(expected);
      expect(recs.map((r) => r.line)).toEqual([2, 3, 4]);
      expect(JSON.parse(recs[0]!.raw)).toEqual([
        'web-ams-01',
        'poweredOn',
        false,
        'web-ams-01.eu.example.org',
        4,
        8192,
        1,
        '10.1.2.3',
        'Frontend',
        'Amsterdam',
        'ams-cl01',
        'esx-ams-01.eu.example.org',
        'Ubuntu Linux (64-bit)',
        'Ubuntu 22.04 LTS',
        'vm-101',
        '4201a2b3-c4d5-e6f7-0819-2a3b4c5d6e7f',
        '5001a2b3-c4d5-e6f7-0819-2a3b4c5d6e7f',
        'vc01.eu.example.org',
        // Dates are Excel serial numbers when styles are not read.
        expect.any(Number),
      ]);
      expect(relationshipsOf(ws, 'rvtools').map((r) => [r.key, r.type, r.parent, r.child])).toEqual(
        expectedRels,
      );
      const header = ws.db.prepare('SELECT header FROM import_file').get() as { header: string };
      expect(JSON.parse(header.header)).toEqual(xlsxHeader);
    }
  });

  it('detects a semicolon-separated Windows-1252 export with umlauts', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'vInfo_de.csv');
    const text = [
      'VM;Powerstate;Template;DNS Name;CPUs;Memory;Primary IP Address;Annotation;Datacenter;Cluster;Host;OS according to the configuration file;OS according to the VMware Tools;VM ID;VM UUID;VI SDK Server',
      'fs-muc-01;poweredOn;False;fs-muc-01.de.example.com;4;16.384;10.8.1.20;Dateiserver Geschäftsführung, Zuständig: Jürgen Groß;München;muc-cl01;esx-muc-01.de.example.com;Microsoft Windows Server 2016 (64-bit);Microsoft Windows Server 2016 (64-bit);vm-9001;4215aa01-bb02-cc03-dd04-ee05ff060708;vcenter-muc.de.example.com',
      'Prüfstand Ö2;poweredOff;False;;2;2.048;;Testgerät für Qualitätsprüfung;München;muc-cl01;esx-muc-02.de.example.com;Debian GNU/Linux 11 (64-bit);;vm-9002;4215aa01-bb02-cc03-dd04-ee05ff060709;vcenter-muc.de.example.com',
    ].join('\r\n');
    writeFileSync(file, Buffer.from(`${text}\r\n`, 'latin1'));
    const ws = tempWorkspace();
    const summary = await importFiles(ws, { source: 'rvtools', paths: [file], inline: true });
    expect(summary.format).toBe('rvtools-vinfo');
    expect(summary.files[0]!.encoding).toBe('windows-1252');
    const recs = recordsOf(ws, 'rvtools');
    expect(recs.map((r) => r.key)).toEqual(['vm-9001', 'vm-9002']);
    expect(recs[0]!.attrs).toMatchObject({
      host_name: 'fs-muc-01',
      ram_mb: 16384,
      datacenter: 'München',
      extra: { annotation: 'Dateiserver Geschäftsführung, Zuständig: Jürgen Groß' },
    });
    expect(recs[0]!.raw).toContain('Geschäftsführung');
    expect(recs[1]!.name).toBe('Prüfstand Ö2');
    expect(recs[1]!.attrs).toMatchObject({
      ram_mb: 2048,
      os_name: 'debian',
      extra: { annotation: 'Testgerät für Qualitätsprüfung' },
    });
    expect(recs[1]!.attrs.host_name).toBeUndefined();
  });

  it('warns about bad values and keeps the row', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.csv');
    writeFileSync(
      file,
      'VM,VM ID,VM UUID,CPUs,Memory,Primary IP Address\n' +
        'odd-vm,vm-1,not-a-uuid,four,lots,"10.0.0.1, 10.0.0.999"\n' +
        'clone-vm,vm-2,00000000-0000-0000-0000-000000000000,1,1024,\n',
    );
    const ws = tempWorkspace();
    const summary = await importFiles(ws, {
      source: 'rvtools',
      paths: [file],
      format: 'rvtools-vinfo',
      inline: true,
    });
    expect(summary.records).toBe(2);
    expect(summary.warnings.map((w) => [w.field, w.value, w.location?.line])).toEqual([
      ['Primary IP Address', '10.0.0.999', 2],
      ['VM UUID', 'not-a-uuid', 2],
      ['CPUs', 'four', 2],
      ['Memory', 'lots', 2],
    ]);
    const [rec, clone] = recordsOf(ws, 'rvtools');
    // An all-zero UUID is well formed but identifies nothing: no warning, a placeholder issue.
    expect(clone!.attrs.bios_uuid).toBeUndefined();
    expect(clone!.attrs.issues).toEqual([
      { field: 'bios_uuid', value: '00000000-0000-0000-0000-000000000000', problem: 'placeholder' },
    ]);
    expect(rec!.attrs).toEqual({
      name: 'odd-vm',
      host_name: 'odd-vm',
      ip_address: '10.0.0.1',
      ip_addresses: ['10.0.0.1'],
      vm_id: 'vm-1',
      virtual: true,
      manufacturer: 'VMware',
      status: 'installed',
      issues: [
        { field: 'ip_address', value: '10.0.0.999', problem: 'invalid' },
        { field: 'bios_uuid', value: 'not-a-uuid', problem: 'invalid' },
      ],
    });
    expect(relationshipsOf(ws, 'rvtools')).toEqual([]);
  });

  describe('hostile input', () => {
    async function withBaseline() {
      const ws = tempWorkspace();
      await importFiles(ws, { source: 'rvtools', paths: [FIXTURE], format: 'rvtools-vinfo', inline: true });
      return { ws, digest: workspaceDigest(ws), dir: tempDir() };
    }
    const importAs = (ws: ReturnType<typeof tempWorkspace>, file: string) =>
      importFiles(ws, { source: 'rvtools', paths: [file], format: 'rvtools-vinfo', inline: true });

    it('names the line of a ragged row', async () => {
      const { ws, digest, dir } = await withBaseline();
      const lines = readFileSync(FIXTURE, 'utf8').split('\n');
      lines[3] = lines[3]!.replace(',4,16384,', ',4,16384,extra,');
      const file = path.join(dir, 'ragged.csv');
      writeFileSync(file, lines.join('\n'));
      const err = await importError(importAs(ws, file));
      expect(err.location).toMatchObject({ file, line: 4 });
      expect(err.message).toMatch(/expected 29 fields .* found 30/);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('names the line and field of a row without VM ID', async () => {
      const { ws, digest, dir } = await withBaseline();
      const lines = readFileSync(FIXTURE, 'utf8').split('\n');
      lines[2] = lines[2]!.replace(',vm-1187,', ',,');
      const file = path.join(dir, 'no-id.csv');
      writeFileSync(file, lines.join('\n'));
      const err = await importError(importAs(ws, file));
      expect(err.message).toBe(`${file}:3 (record 2): field "VM ID": the row has no VM ID`);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('names a missing VM or VM ID column', async () => {
      const { ws, digest, dir } = await withBaseline();
      const a = path.join(dir, 'no-vm-id.csv');
      writeFileSync(a, 'VM,Powerstate,Host\nweb01,poweredOn,esx01\n');
      const errA = await importError(importAs(ws, a));
      expect(errA.location).toMatchObject({ file: a, line: 1, field: 'VM ID' });
      expect(errA.message).toContain('no "VM ID" column');
      const b = path.join(dir, 'no-vm.csv');
      writeFileSync(b, 'Name;Host\nweb01;esx01\n');
      const errB = await importError(importAs(ws, b));
      expect(errB.message).toContain('no "VM" or "VM ID" column');
      expect(errB.message).toContain('columns: Name, Host');
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('rejects random bytes', async () => {
      const { ws, digest, dir } = await withBaseline();
      let seed = 99;
      const bytes = Buffer.alloc(8192, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16);
      const file = path.join(dir, 'random.csv');
      writeFileSync(file, bytes);
      const err = await importError(importAs(ws, file));
      expect(err.location.file).toBe(file);
      expect(err.location.line).toBeGreaterThanOrEqual(1);
      // Random bytes behind a ZIP signature are a damaged workbook.
      const zip = path.join(dir, 'random.xlsx');
      writeFileSync(zip, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), bytes]));
      const errZip = await importError(importAs(ws, zip));
      expect(errZip.message).toContain(zip);
      expect(errZip.message).toMatch(/not a readable \.xlsx workbook/);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('lists the sheets of a workbook without vInfo', async () => {
      const { ws, digest, dir } = await withBaseline();
      const file = path.join(dir, 'RVTools_hosts.xlsx');
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('vHost').addRow(['Host', 'CPU']);
      wb.addWorksheet('vCluster').addRow(['Cluster']);
      await wb.xlsx.writeFile(file);
      const err = await importError(importAs(ws, file));
      expect(err.message).toBe(
        `${file}: field "vInfo": the workbook has no vInfo sheet (sheets: vHost, vCluster)`,
      );
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('rejects a truncated workbook', async () => {
      const { ws, digest, dir } = await withBaseline();
      const full = path.join(dir, 'full.xlsx');
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('vInfo');
      sheet.addRow(['VM', 'VM ID', 'Host']);
      for (let i = 0; i < 500; i++) sheet.addRow([`vm${i}`, `vm-${1000 + i}`, `esx${i % 7}`]);
      await wb.xlsx.writeFile(full);
      const bytes = readFileSync(full);
      for (const fraction of [0.2, 0.5, 0.95]) {
        const file = path.join(dir, `truncated-${fraction}.xlsx`);
        writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * fraction)));
        const err = await importError(importAs(ws, file));
        expect(err.location.file).toBe(file);
        expect(err.location.record).toBeGreaterThanOrEqual(1);
        expect(err.message).toMatch(/not a readable \.xlsx workbook: the archive ends early/);
      }
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('names the sheet row of a workbook row without VM ID', async () => {
      const { ws, digest, dir } = await withBaseline();
      const file = path.join(dir, 'no-id.xlsx');
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('vHost').addRow(['Host']);
      const sheet = wb.addWorksheet('VINFO');
      sheet.addRow(['VM', 'VM ID', 'Host']);
      sheet.addRow(['web01', 'vm-1', 'esx1']);
      sheet.addRow([]);
      sheet.addRow(['web02', null, 'esx1']);
      await wb.xlsx.writeFile(file);
      const err = await importError(importAs(ws, file));
      expect(err.message).toBe(`${file}:4 (record 2): field "VM ID": the row has no VM ID`);
      expect(workspaceDigest(ws)).toBe(digest);
    });

    it('rejects an old .xls workbook and a non-workbook named .xlsx', async () => {
      const { ws, digest, dir } = await withBaseline();
      const xls = path.join(dir, 'RVTools.xls');
      writeFileSync(
        xls,
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
      );
      expect((await importError(importAs(ws, xls))).message).toMatch(/Excel 97-2003/);
      const fake = path.join(dir, 'export.xlsx');
      writeFileSync(fake, 'VM,VM ID\nweb01,vm-1\n');
      expect((await importError(importAs(ws, fake))).message).toMatch(/no ZIP signature/);
      expect(workspaceDigest(ws)).toBe(digest);
    });
  });
});
