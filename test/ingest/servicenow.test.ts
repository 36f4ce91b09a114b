import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/import-files.js';
import { ImportError } from '../../src/util/errors.js';
import {
  generateEstate,
  recordsOf,
  relationshipsOf,
  tempDir,
  tempWorkspace,
  workspaceDigest,
} from '../helpers/workspace.js';

function truthKeys(estate: string, source: string): string[] {
  return readFileSync(path.join(estate, 'truth/records.csv'), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(','))
    .filter((f) => f[0] === source)
    .map((f) => f[1]!);
}

describe('servicenow-ci and servicenow-rel on a cmdb-sim estate', () => {
  const estate = generateEstate(300, 11);

  it('imports every CMDB record with normalised attributes, parsing in a worker thread', async () => {
    const ws = tempWorkspace();
    const summary = await importFiles(ws, {
      source: 'servicenow',
      paths: [path.join(estate, 'servicenow/cmdb_ci.csv')],
    });
    expect(summary.format).toBe('servicenow-ci');
    expect(summary.role).toBe('cmdb');
    const keys = truthKeys(estate, 'servicenow');
    expect(summary.records).toBe(keys.length);
    const records = recordsOf(ws, 'servicenow');
    expect(new Set(records.map((r) => r.key))).toEqual(new Set(keys));

    // Every record keeps its original CSV line verbatim, and its line number.
    const lines = readFileSync(path.join(estate, 'servicenow/cmdb_ci.csv'), 'utf8').split('\r\n');
    for (const r of records.slice(0, 50)) expect(r.raw).toBe(lines[r.line! - 1]);

    // MACs in four notations come out in one form; FQDN names are split.
    for (const r of records) {
      const mac = r.attrs.mac_address as string | undefined;
      if (mac) expect(mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      if (typeof r.name === 'string' && r.name.includes('.corp.example.com')) {
        expect(r.attrs.host_name).toBe(r.name.trim().toLowerCase().split('.')[0]);
        expect(r.attrs.dns_domain).toMatch(/^(eu|us|ap)\.corp\.example\.com$/);
      }
    }
    const esx = records.find((r) => r.ciClass === 'cmdb_ci_esx_server')!;
    expect(esx.ciType).toBe('hypervisor');
    expect(esx.attrs.os_family).toBe('esxi');
    const linux = records.find((r) => r.ciClass === 'cmdb_ci_linux_server' && r.attrs.ram_mb !== undefined)!;
    expect(linux.attrs.status).toBe('installed');
    expect(typeof linux.attrs.ram_mb).toBe('number');
    const retired = records.filter((r) => r.attrs.status === 'retired');
    expect(retired.length).toBeGreaterThan(0);
    ws.close();
  });

  it('imports relationships with sys_id references, and keeps both kinds as current snapshots of one source', async () => {
    const ws = tempWorkspace();
    await importFiles(ws, {
      source: 'servicenow',
      paths: [path.join(estate, 'servicenow/cmdb_ci.csv')],
      inline: true,
    });
    const rel = await importFiles(ws, {
      source: 'servicenow',
      paths: [path.join(estate, 'servicenow/cmdb_rel_ci.csv')],
      inline: true,
    });
    expect(rel.format).toBe('servicenow-rel');
    const rels = relationshipsOf(ws, 'servicenow');
    const csvRows =
      readFileSync(path.join(estate, 'servicenow/cmdb_rel_ci.csv'), 'utf8').split('\r\n').filter(Boolean)
        .length - 1;
    expect(rels).toHaveLength(csvRows);
    expect(rels.every((r) => r.parentKind === 'key' && r.childKind === 'key')).toBe(true);
    expect(new Set(rels.map((r) => r.type))).toEqual(
      new Set(['Hosted on::Hosts', 'Runs on::Runs', 'Depends on::Used by']),
    );
    const current = ws.db
      .prepare('SELECT format FROM import_batch WHERE is_current = 1 ORDER BY format')
      .all();
    expect(current).toEqual([{ format: 'servicenow-ci' }, { format: 'servicenow-rel' }]);
    ws.close();
  });

  it('re-importing the same kind makes a new current snapshot and keeps the previous one', async () => {
    const ws = tempWorkspace();
    const first = await importFiles(ws, {
      source: 'servicenow',
      paths: [path.join(estate, 'servicenow/cmdb_ci.csv')],
      inline: true,
    });
    const second = await importFiles(ws, {
      source: 'servicenow',
      paths: [path.join(estate, 'servicenow/cmdb_ci.csv')],
      inline: true,
    });
    expect(second.supersededBatchId).toBe(first.batchId);
    const batches = ws.db.prepare('SELECT id, is_current, record_count FROM import_batch ORDER BY id').all();
    expect(batches).toEqual([
      { id: first.batchId, is_current: 0, record_count: first.records },
      { id: second.batchId, is_current: 1, record_count: first.records },
    ]);
    expect(recordsOf(ws, 'servicenow')).toHaveLength(first.records);
    ws.close();
  });
});

describe('servicenow-ci quirks', () => {
  it('keeps the later row of a key that appears again, near or far, in a worker and inline', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'dupes.csv');
    const key = (i: number) => i.toString(16).padStart(32, '0');
    // A long comments column makes the file big enough to be parsed in the worker thread.
    const note = 'n'.repeat(45_000);
    const lines = ['sys_id,name,sys_class_name,ip_address,comments'];
    for (let i = 0; i < 100; i++) lines.push(`${key(i)},srv${i},cmdb_ci_linux_server,10.0.0.${i},${note}`);
    // Again right after the first (both wait in one multi-row INSERT), and 60 rows later (inserted by then).
    lines.splice(3, 0, `${key(1)},srv1-renamed,cmdb_ci_linux_server,10.0.1.1,`);
    lines.push(`${key(40)},srv40-renamed,cmdb_ci_linux_server,10.0.1.40,`);
    lines.push(`${key(1)},srv1-final,cmdb_ci_linux_server,10.0.2.1,`);
    writeFileSync(file, lines.join('\n') + '\n');
    for (const inline of [true, false]) {
      const ws = tempWorkspace();
      const summary = await importFiles(ws, { source: 'sn', paths: [file], inline });
      expect(summary.parser).toBe(inline ? 'inline' : 'worker');
      expect(summary.records).toBe(100);
      expect(summary.warnings.filter((w) => /appears again/.test(w.message)).length).toBe(3);
      const byKey = new Map(recordsOf(ws, 'sn').map((r) => [r.key, r]));
      expect(byKey.size).toBe(100);
      expect(byKey.get(key(1))!.attrs).toMatchObject({ name: 'srv1-final', ip_address: '10.0.2.1' });
      expect(byKey.get(key(1))!.line).toBe(104);
      expect(byKey.get(key(40))!.attrs).toMatchObject({ name: 'srv40-renamed', ip_address: '10.0.1.40' });
      expect(byKey.get(key(99))!.attrs).toMatchObject({ name: 'srv99', ip_address: '10.0.0.99' });
      const ids = ws.db.prepare('SELECT id FROM record ORDER BY id').pluck().all() as number[];
      expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => ids[0]! + i));
      ws.close();
    }
  });

  it('reads label headers, semicolons, a BOM and Windows-1252 text', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'export.csv');
    const body =
      'Sys ID;Name;Class;Serial number;IP Address;MAC Address;Operating System;RAM (MB);Owned by;Status;Location\r\n' +
      '0123456789abcdef0123456789abcdef;WEB01.corp.example.com.;Linux Server;To be filled by O.E.M.;10.1.2.3;0050.56AB.CDEF;Red Hat Enterprise Linux release 8.6 (Ootpa);16 GB;Jürgen Müller;Installed;München\r\n';
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'latin1')]));
    // The BOM says UTF-8 but the text is Windows-1252: fail, naming the line.
    const ws = tempWorkspace();
    await expect(importFiles(ws, { source: 'sn', paths: [file], inline: true })).rejects.toThrow(ImportError);

    writeFileSync(file, Buffer.from(body, 'latin1'));
    const summary = await importFiles(ws, { source: 'sn', paths: [file], inline: true });
    expect(summary.files[0]!.encoding).toBe('windows-1252');
    const [r] = recordsOf(ws, 'sn');
    expect(r!.attrs).toMatchObject({
      name: 'WEB01.corp.example.com.',
      host_name: 'web01',
      dns_domain: 'corp.example.com',
      ip_address: '10.1.2.3',
      mac_address: '00:50:56:ab:cd:ef',
      os_family: 'linux',
      os_version: '8',
      ram_mb: 16384,
      owner: 'Jürgen Müller',
      location: 'München',
      status: 'installed',
    });
    expect(r!.attrs.serial_number).toBeUndefined();
    expect(r!.ciType).toBe('computer');
    ws.close();
  });

  it('detects and reads a bare JSON array of CI records and of relationships, and refuses JSON that is neither export', async () => {
    const dir = tempDir();
    const cis = path.join(dir, 'cis.json');
    writeFileSync(
      cis,
      JSON.stringify([
        {
          sys_id: 'a'.repeat(32),
          name: 'app01',
          sys_class_name: 'cmdb_ci_linux_server',
          ip_address: '10.1.2.3',
        },
        { sys_id: 'b'.repeat(32), name: 'db01', sys_class_name: 'cmdb_ci_win_server' },
      ]),
    );
    const rels = path.join(dir, 'rels.json');
    writeFileSync(
      rels,
      JSON.stringify([
        {
          sys_id: 'c'.repeat(32),
          parent: 'a'.repeat(32),
          child: 'b'.repeat(32),
          type: 'Depends on::Used by',
        },
      ]),
    );
    const ws = tempWorkspace();
    // Detected from the content: sys_id with a class, sys_id with parent and child.
    expect((await importFiles(ws, { source: 'sn', paths: [cis], inline: true })).format).toBe(
      'servicenow-ci',
    );
    expect((await importFiles(ws, { source: 'sn', paths: [rels], inline: true })).format).toBe(
      'servicenow-rel',
    );
    expect(recordsOf(ws, 'sn').map((r) => [r.key, r.attrs.ip_address])).toEqual([
      ['a'.repeat(32), '10.1.2.3'],
      ['b'.repeat(32), undefined],
    ]);
    expect(relationshipsOf(ws, 'sn')).toHaveLength(1);

    const before = workspaceDigest(ws);
    const other = path.join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ data: [{ sys_id: 'd'.repeat(32), name: 'x' }] }));
    for (const format of ['servicenow-ci', 'servicenow-rel'] as const) {
      const err = await importFiles(ws, { source: 'sn', format, paths: [other], inline: true }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ImportError);
      expect((err as Error).message).toMatch(/other\.json:1: not a ServiceNow JSON export/);
    }
    expect(workspaceDigest(ws)).toBe(before);
    ws.close();
  });

  it('reads the JSON export with display values', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cmdb_ci_server.json');
    writeFileSync(
      file,
      JSON.stringify({
        records: [
          {
            sys_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
            name: 'db01',
            sys_class_name: 'cmdb_ci_win_server',
            serial_number: 'VMware-42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8',
            owned_by: { value: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', display_value: 'Ana Souza' },
            install_status: { value: '7', display_value: 'Retired' },
            cpu_count: '4',
          },
        ],
      }),
    );
    const ws = tempWorkspace();
    await importFiles(ws, { source: 'sn', paths: [file], inline: true });
    const [r] = recordsOf(ws, 'sn');
    expect(r!.attrs).toMatchObject({
      owner: 'Ana Souza',
      status: 'retired',
      cpu_count: 4,
      os_family: 'windows',
      bios_uuid: '421a2b3c4d5e6f708192a3b4c5d6e7f8',
    });
    ws.close();
  });
});

describe('hostile input leaves the workspace exactly as it was', () => {
  const estate = generateEstate(60, 5);
  const good = path.join(estate, 'servicenow/cmdb_ci.csv');

  async function expectRejected(make: (dir: string) => string, pattern: RegExp, format?: 'servicenow-ci') {
    const ws = tempWorkspace();
    await importFiles(ws, { source: 'servicenow', paths: [good], inline: true });
    const before = workspaceDigest(ws);
    const file = make(tempDir());
    const err = await importFiles(ws, { source: 'servicenow', paths: [file], format, inline: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(pattern);
    expect(workspaceDigest(ws)).toBe(before);
    ws.close();
  }

  it('ragged row', () =>
    expectRejected((dir) => {
      const lines = readFileSync(good, 'utf8').split('\r\n');
      lines[7] = lines[7]!.split(',').slice(0, 5).join(',');
      const f = path.join(dir, 'ragged.csv');
      writeFileSync(f, lines.join('\r\n'));
      return f;
    }, /ragged\.csv:8: expected 21 fields .* found 5/));

  it('truncated inside a quoted field', () =>
    expectRejected((dir) => {
      const f = path.join(dir, 'truncated.csv');
      writeFileSync(f, readFileSync(good, 'utf8') + 'ffffffffffffffffffffffffffffffff,"broken name');
      return f;
    }, /truncated\.csv:\d+: a quoted field is not closed/));

  it('random bytes', () =>
    expectRejected(
      (dir) => {
        const f = path.join(dir, 'random.csv');
        const bytes = Buffer.alloc(4096);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
        writeFileSync(f, bytes);
        return f;
      },
      /random\.csv:\d+: not a text file/,
      'servicenow-ci',
    ));

  it('a 10 MB field', () =>
    expectRejected((dir) => {
      const f = path.join(dir, 'huge.csv');
      const lines = readFileSync(good, 'utf8').split('\r\n');
      const fields = lines[3]!.split(',');
      fields[1] = `"${'x'.repeat(10 * 1024 * 1024)}"`;
      lines[3] = fields.join(',');
      writeFileSync(f, lines.join('\r\n'));
      return f;
    }, /huge\.csv:4: field "name": field is 10,485,762 characters long|huge\.csv:4: field "name": field is 10,485,760 characters long/));

  it('a record without sys_id', () =>
    expectRejected((dir) => {
      const lines = readFileSync(good, 'utf8').split('\r\n');
      lines[12] = lines[12]!.replace(/^[0-9a-f]{32}/, '');
      const f = path.join(dir, 'nokey.csv');
      writeFileSync(f, lines.join('\r\n'));
      return f;
    }, /nokey\.csv:13 \(record 12\): field "sys_id": the record has no sys_id/));

  it('invalid UTF-8 after a valid first megabyte is re-read as Windows-1252, not garbled', async () => {
    const ws = tempWorkspace();
    const dir = tempDir();
    const f = path.join(dir, 'late-latin1.csv');
    const header = 'sys_id,name,location\r\n';
    const filler = Array.from(
      { length: 40000 },
      (_, i) => `${i.toString(16).padStart(32, '0')},host${i},Berlin\r\n`,
    ).join('');
    writeFileSync(
      f,
      Buffer.concat([
        Buffer.from(header + filler),
        Buffer.from('ffffffffffffffffffffffffffffffff,last,Köln\r\n', 'latin1'),
      ]),
    );
    const summary = await importFiles(ws, { source: 'sn', paths: [f], inline: true });
    expect(summary.files[0]!.encoding).toBe('windows-1252');
    expect(summary.records).toBe(40001);
    const last = recordsOf(ws, 'sn').find((r) => r.key === 'ffffffffffffffffffffffffffffffff')!;
    expect(last.attrs.location).toBe('Köln');
    ws.close();
  });
});
