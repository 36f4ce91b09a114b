import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';
import { generateEstate, SIM_FILES, tempDir } from '../helpers/workspace.js';

const ROOT = path.resolve(__dirname, '../..');

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false };
  const code = await main(['node', 'cmdbw', ...args], io);
  return { code, out, err };
}

describe('cmdbw CLI', () => {
  it('runs the whole round trip with the documented forms, and `sources --json` has source, records, relationships', async () => {
    const estate = generateEstate(300, 21);
    const dir = tempDir();
    const ws = path.join(dir, 'w.cmdbw');
    expect((await run('init', ws)).code).toBe(0);
    for (const [source, format, file] of SIM_FILES) {
      const r = await run('import', ws, '--source', source, '--format', format, path.join(estate, file));
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/^Imported /);
    }
    const sources = await run('sources', ws, '--json');
    expect(sources.code).toBe(0);
    const list = JSON.parse(sources.out) as { source: string; records: number; relationships: number }[];
    const truth = readFileSync(path.join(estate, 'truth/records.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    const count = (s: string) => truth.filter((l) => l.startsWith(`${s},`)).length;
    const sn = list.find((s) => s.source === 'servicenow')!;
    expect(sn.records).toBe(count('servicenow'));
    expect(sn.relationships).toBe(
      readFileSync(path.join(estate, 'servicenow/cmdb_rel_ci.csv'), 'utf8').trim().split(/\r?\n/).length - 1,
    );
    for (const s of ['nmap', 'rvtools', 'glpi', 'aws'])
      expect(list.find((x) => x.source === s)).toMatchObject({
        records: count(s),
        relationships: expect.any(Number),
      });

    const stats = JSON.parse((await run('stats', ws, '--json')).out) as { records: { current: number } };
    expect(stats.records.current).toBe(truth.length);

    const rec = await run('reconcile', ws, '--json');
    expect(rec.code, rec.err).toBe(0);
    expect(JSON.parse(rec.out)).toMatchObject({ records: truth.length, clusters: expect.any(Number) });
    const clusters = path.join(dir, 'clusters.csv');
    const findings = path.join(dir, 'findings.csv');
    expect((await run('export', 'clusters', ws, '--out', clusters)).code).toBe(0);
    expect((await run('export', 'findings', ws, '--out', findings)).code).toBe(0);
    expect(readFileSync(clusters, 'utf8').split('\r\n')[0]).toBe('source,record_key,cluster_id');
    expect(readFileSync(findings, 'utf8').split('\r\n')[0]).toBe('category,source,record_key,attribute');
    expect(readFileSync(clusters, 'utf8').trim().split('\r\n')).toHaveLength(truth.length + 1);

    const dup = JSON.parse((await run('findings', ws, '--category', 'duplicate', '--json')).out) as {
      total: number;
      findings: { source: string; key: string }[];
    };
    expect(dup.total).toBeGreaterThan(0);
    const explained = await run('explain', ws, dup.findings[0]!.source, dup.findings[0]!.key);
    expect(explained.code).toBe(0);
    expect(explained.out).toMatch(/belongs to CI \d+/);
    expect(explained.out).toMatch(/duplicate/);

    const quality = JSON.parse((await run('quality', ws, '--json')).out) as { overall: { score: number } };
    expect(quality.overall.score).toBeGreaterThan(0);
    expect(quality.overall.score).toBeLessThanOrEqual(100);

    // Rules are editable and audited.
    expect((await run('precedence', 'set', ws, 'cpu_count', 'servicenow', '5')).code).toBe(0);
    const rules = JSON.parse((await run('precedence', 'list', ws, '--json')).out) as {
      rules: { attribute: string; source: string; rank: number }[];
    };
    expect(rules.rules).toContainEqual({ attribute: 'cpu_count', source: 'servicenow', rank: 5 });
    expect((await run('staleness', ws, 'nmap', '30')).code).toBe(0);
    expect(JSON.parse((await run('staleness', ws, '--json')).out)).toContainEqual({
      source: 'nmap',
      stalenessDays: 30,
    });
  });

  it('fails with a non-zero exit code and a clear message', async () => {
    const dir = tempDir();
    const missing = await run('sources', path.join(dir, 'nope.cmdbw'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no workspace at .*nope\.cmdbw \(create one with: cmdbw init/);
    const ws = path.join(dir, 'w.cmdbw');
    await run('init', ws);
    const bad = await run('import', ws, '--source', 'x', path.join(dir, 'absent.csv'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/absent\.csv: no such file/);
    expect((await run('import', ws, '--format', 'nope', '--source', 'x', 'f')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('reconcile', ws)).err).toMatch(/no records yet/);
  });

  it('has --help on every command', async () => {
    const top = await run('--help');
    expect(top.code).toBe(0);
    const commandSection = top.out.slice(top.out.indexOf('Commands:'));
    const commands = [...commandSection.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)]
      .map((m) => m[1]!)
      .filter((c) => c !== 'help');
    expect(commands).toEqual(
      expect.arrayContaining([
        'init',
        'import',
        'sources',
        'stats',
        'reconcile',
        'export',
        'findings',
        'explain',
        'quality',
      ]),
    );
    for (const c of commands) {
      const r = await run(c, '--help');
      expect(r.code, c).toBe(0);
      expect(r.out, c).toMatch(/Usage: cmdbw/);
    }
  });

  it('runs as `npx cmdbw` from the bundle, quiet when not on a terminal', () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.cmdbw');
    const init = spawnSync(process.execPath, [path.join(ROOT, 'bin/cmdbw.mjs'), 'init', ws, '--json'], {
      encoding: 'utf8',
    });
    expect(init.status).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ created: true });
    const estate = generateEstate(60, 3);
    const out = execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'bin/cmdbw.mjs'),
        'import',
        ws,
        '--source',
        'nmap',
        path.join(estate, 'discovery/nmap-scan.xml'),
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(out).toMatch(/^Imported \d+ records from 1 file into source "nmap" \(nmap-xml, batch 1\)/);
    expect(out).not.toMatch(/\[#+/); // no progress bar outside a terminal
  });
});
