import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChangeset } from '../../src/changesets/create.js';
import { decodeAttributesSparse } from '../../src/domain/attribute-codec.js';
import type { CiAttributes } from '../../src/domain/attributes.js';
import { importFiles } from '../../src/ingest/import-files.js';
import { explainRecord } from '../../src/reconcile/explain.js';
import { goldenFromProvenance } from '../../src/reconcile/golden-record.js';
import { decodeProvenance } from '../../src/reconcile/provenance-codec.js';
import { reconcile } from '../../src/reconcile/run-reconcile.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tempWorkspace } from '../helpers/workspace.js';

/**
 * Workspaces written before the compact encoding hold attributes, golden records and provenance as JSON
 * objects, and before migration 0004 they stored golden records beside provenance. Such a workspace must
 * open (the migration drops the stored copies), reconcile, explain and plan changesets exactly as one
 * written now.
 */

const ESTATE = path.resolve(__dirname, '../../fixtures/sample-estate');

async function sampleWorkspace(): Promise<Workspace> {
  const ws = tempWorkspace({ now: () => new Date('2026-11-20T12:00:00Z'), user: 'tester' });
  const at = (f: string) => path.join(ESTATE, f);
  const batches: [string, string[]][] = [
    ['servicenow', [at('servicenow/cmdb_ci.csv'), at('servicenow/cmdb_ci_appl.json')]],
    ['servicenow', [at('servicenow/cmdb_rel_ci.csv')]],
    ['nmap', [at('discovery/nmap-scan.xml')]],
    ['rvtools', [at('discovery/rvtools_vInfo.csv')]],
    ['glpi', [at('discovery/glpi')]],
    ['aws', [at('discovery/aws-ec2-describe-instances.json')]],
  ];
  for (const [source, paths] of batches) await importFiles(ws, { source, paths, inline: true });
  return ws;
}

/** Rewrites every record's stored attributes into the object form earlier versions wrote. */
function toObjectForm(ws: Workspace): number {
  const rows = ws.db.prepare('SELECT id, attrs AS text FROM record').all() as { id: number; text: string }[];
  const update = ws.db.prepare('UPDATE record SET attrs = ? WHERE id = ?');
  ws.write(() => {
    for (const r of rows) update.run(JSON.stringify(decodeAttributesSparse(r.text)), r.id);
  });
  return rows.length;
}

/** Golden records rebuilt from provenance and the suppliers' stored attributes, by CI id. */
function goldenRecords(ws: Workspace): Map<number, CiAttributes> {
  const attrs = ws.db.prepare('SELECT attrs FROM record WHERE id = ?').pluck();
  const out = new Map<number, CiAttributes>();
  for (const c of ws.db.prepare('SELECT id, provenance FROM ci_cluster').all() as {
    id: number;
    provenance: string;
  }[])
    out.set(
      c.id,
      goldenFromProvenance(
        decodeProvenance(c.provenance),
        (id) => decodeAttributesSparse(attrs.get(id) as string) as CiAttributes,
      ),
    );
  return out;
}

/**
 * Turns a reconciled workspace into one written before migration 0004: golden records stored beside
 * provenance, both in the object form, and migrations 0004 and later not yet applied. Returns the
 * reopened workspace.
 */
function beforeMigration4(ws: Workspace, now: () => Date): Workspace {
  const golden = goldenRecords(ws);
  const provenance = ws.db.prepare('SELECT id, provenance FROM ci_cluster').all() as {
    id: number;
    provenance: string;
  }[];
  ws.write(() => {
    ws.db.exec(`ALTER TABLE ci_cluster ADD COLUMN golden TEXT NOT NULL DEFAULT '{}'`);
    const set = ws.db.prepare('UPDATE ci_cluster SET golden = ?, provenance = ? WHERE id = ?');
    for (const c of provenance) {
      const g = Object.fromEntries(Object.entries(golden.get(c.id)!).filter(([, v]) => v !== undefined));
      set.run(JSON.stringify(g), JSON.stringify(decodeProvenance(c.provenance)), c.id);
    }
    ws.db.prepare('DELETE FROM schema_migrations WHERE id >= 4').run();
  });
  const file = ws.path;
  ws.close();
  return Workspace.open(file, { now, user: 'tester' });
}

function results(ws: Workspace) {
  const golden = goldenRecords(ws);
  const clusters = ws.db
    .prepare(
      `SELECT s.name || '/' || cm.native_key AS member, c.id, c.provenance, c.name, c.quality
         FROM cluster_member cm JOIN source s ON s.id = cm.source_id JOIN ci_cluster c ON c.id = cm.cluster_id
        ORDER BY member`,
    )
    .all() as { member: string; id: number; provenance: string; name: string; quality: number }[];
  const byMember = clusters.map((c) => ({
    member: c.member,
    name: c.name,
    quality: c.quality,
    golden: golden.get(c.id),
    // Provenance names record ids, which differ between workspaces only if imports differ (they do not).
    provenance: decodeProvenance(c.provenance),
  }));
  const findings = ws.db
    .prepare('SELECT fingerprint, category, severity, summary FROM finding ORDER BY fingerprint')
    .all();
  return { byMember, findings };
}

describe('a workspace written before the compact encoding', () => {
  it('reconciles, explains and plans exactly as a new one, on its first run and on a re-run', async () => {
    const now = () => new Date('2026-11-20T12:00:00Z');
    const fresh = await sampleWorkspace();
    let older = await sampleWorkspace();
    try {
      expect(toObjectForm(older)).toBeGreaterThan(50);
      expect(
        (older.db.prepare('SELECT attrs FROM record LIMIT 1').pluck().get() as string).startsWith('{'),
      ).toBe(true);

      reconcile(fresh);
      reconcile(older);
      const expected = results(fresh);
      expect(expected.findings.length).toBeGreaterThan(20);
      expect(results(older)).toEqual(expected);

      // Golden records and provenance as earlier versions stored them; opening migrates (after a backup)
      // and drops the stored golden records; then everything that reads them.
      older = beforeMigration4(older, now);
      expect(older.migration.backup).toBeDefined();
      const columns = older.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('ci_cluster');
      expect(columns).toContain('provenance');
      expect(columns).not.toContain('golden');
      expect(
        (older.db.prepare('SELECT provenance FROM ci_cluster LIMIT 1').pluck().get() as string).startsWith(
          '{',
        ),
      ).toBe(true);
      expect(results(older)).toEqual(expected);
      // Migration 0005 kept every finding, and fingerprints are still unique (now through a named index).
      expect(() =>
        older.db
          .prepare(
            `INSERT INTO finding (fingerprint, category, severity, source, native_key, summary, evidence,
                                  first_seen_run, last_seen_run)
             SELECT fingerprint, category, severity, source, native_key, summary, evidence, 1, 1 FROM finding LIMIT 1`,
          )
          .run(),
      ).toThrow(/UNIQUE constraint failed: finding\.fingerprint/);

      const key = (
        fresh.db
          .prepare(
            `SELECT cm.native_key FROM cluster_member cm JOIN source s ON s.id = cm.source_id
              WHERE s.name = 'servicenow' AND cm.cluster_id IN
                (SELECT cluster_id FROM cluster_member GROUP BY cluster_id HAVING count(*) >= 3)
              ORDER BY cm.native_key LIMIT 1`,
          )
          .pluck()
          .get() as string
      ).toString();
      const explained = explainRecord(older, 'servicenow', key);
      expect(explained.golden.length).toBeGreaterThan(5);
      expect(explained).toEqual(explainRecord(fresh, 'servicenow', key));

      const planned = createChangeset(older, { all: true });
      const plannedFresh = createChangeset(fresh, { all: true });
      expect(planned.items).toBeGreaterThan(10);
      expect({ ...planned, id: 0, ref: '' }).toEqual({ ...plannedFresh, id: 0, ref: '' });

      // A re-run reads the previous results (stable ids, finding fingerprints) and writes the new form.
      reconcile(older);
      reconcile(fresh);
      expect(results(older)).toEqual(results(fresh));
      expect(
        (older.db.prepare('SELECT provenance FROM ci_cluster LIMIT 1').pluck().get() as string).startsWith(
          '[',
        ),
      ).toBe(true);
    } finally {
      fresh.close();
      older.close();
    }
  });
});
