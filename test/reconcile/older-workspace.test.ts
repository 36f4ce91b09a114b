import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChangeset } from '../../src/changesets/create.js';
import { decodeAttributesSparse } from '../../src/domain/attribute-codec.js';
import { importFiles } from '../../src/ingest/import-files.js';
import { explainRecord } from '../../src/reconcile/explain.js';
import { decodeProvenance } from '../../src/reconcile/provenance-codec.js';
import { reconcile } from '../../src/reconcile/run-reconcile.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { tempWorkspace } from '../helpers/workspace.js';

/**
 * Workspaces written before the compact encoding hold attributes, golden records and provenance as JSON
 * objects. Such a workspace must reconcile, explain and plan changesets exactly as one written now.
 */

const ESTATE = path.resolve(__dirname, '../../fixtures/sample-estate');

async function sampleWorkspace(): Promise<Workspace> {
  const ws = tempWorkspace({ now: () => new Date('2026-11-20T12:00:00Z') });
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

/** Rewrites every stored attribute set into the object form earlier versions wrote. */
function toObjectForm(ws: Workspace, table: 'record' | 'ci_cluster', column: 'attrs' | 'golden'): number {
  const rows = ws.db.prepare(`SELECT id, ${column} AS text FROM ${table}`).all() as {
    id: number;
    text: string;
  }[];
  const update = ws.db.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`);
  ws.write(() => {
    for (const r of rows) update.run(JSON.stringify(decodeAttributesSparse(r.text)), r.id);
  });
  return rows.length;
}

function results(ws: Workspace) {
  const clusters = ws.db
    .prepare(
      `SELECT s.name || '/' || cm.native_key AS member, c.golden, c.provenance, c.name, c.quality
         FROM cluster_member cm JOIN source s ON s.id = cm.source_id JOIN ci_cluster c ON c.id = cm.cluster_id
        ORDER BY member`,
    )
    .all() as { member: string; golden: string; provenance: string; name: string; quality: number }[];
  const byMember = clusters.map((c) => ({
    member: c.member,
    name: c.name,
    quality: c.quality,
    golden: decodeAttributesSparse(c.golden),
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
    const fresh = await sampleWorkspace();
    const older = await sampleWorkspace();
    try {
      expect(toObjectForm(older, 'record', 'attrs')).toBeGreaterThan(50);
      expect(
        (older.db.prepare('SELECT attrs FROM record LIMIT 1').pluck().get() as string).startsWith('{'),
      ).toBe(true);

      reconcile(fresh);
      reconcile(older);
      const expected = results(fresh);
      expect(expected.findings.length).toBeGreaterThan(20);
      expect(results(older)).toEqual(expected);

      // Golden records and provenance as earlier versions stored them, then everything that reads them.
      toObjectForm(older, 'ci_cluster', 'golden');
      const provenance = older.db.prepare('SELECT id, provenance FROM ci_cluster').all() as {
        id: number;
        provenance: string;
      }[];
      const setProvenance = older.db.prepare('UPDATE ci_cluster SET provenance = ? WHERE id = ?');
      older.write(() => {
        for (const c of provenance) setProvenance.run(JSON.stringify(decodeProvenance(c.provenance)), c.id);
      });
      expect(results(older)).toEqual(expected);

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
        (older.db.prepare('SELECT golden FROM ci_cluster LIMIT 1').pluck().get() as string).startsWith('['),
      ).toBe(true);
    } finally {
      fresh.close();
      older.close();
    }
  });
});
