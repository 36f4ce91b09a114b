import { decodeAttributes } from '../../src/domain/attribute-codec.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/import-files.js';
import { explainRecord } from '../../src/reconcile/explain.js';
import { reconcile } from '../../src/reconcile/run-reconcile.js';
import { REALDATA, tempDir, tempWorkspace } from '../helpers/workspace.js';

const GLPI = path.join(REALDATA, 'glpi-inventory');

function clusterOfName(
  ws: ReturnType<typeof tempWorkspace>,
  pattern: string,
): { cluster: number; source: string; key: string }[] {
  return ws.db
    .prepare(
      `SELECT cm.cluster_id AS cluster, s.name AS source, r.native_key AS key FROM cluster_member cm
         JOIN record r ON r.id = cm.record_id JOIN source s ON s.id = cm.source_id WHERE r.name LIKE ?`,
    )
    .all(pattern) as { cluster: number; source: string; key: string }[];
}

describe('reconciliation on real data', () => {
  it('GLPI computer LF014 in three inventories (XML 2016, JSON 2017, updated JSON) is one CI, with its serial conflict reported', async () => {
    const ws = tempWorkspace();
    // The two JSON files share one deviceid: as one batch the later would replace the earlier (it is a
    // newer snapshot), so each inventory is imported as its own source, as when comparing snapshots.
    const files = {
      'glpi-2016-xml': 'xml/1.xml',
      'glpi-2017-json': 'examples/computer_3.json',
      'glpi-2017-updated': 'examples/computer_3_updated.json',
    };
    for (const [source, file] of Object.entries(files))
      await importFiles(ws, { source, paths: [path.join(GLPI, file)], inline: true });
    reconcile(ws);
    const lf014 = clusterOfName(ws, 'LF014%');
    expect(lf014).toHaveLength(3);
    expect(new Set(lf014.map((r) => r.cluster)).size).toBe(1);
    const e = explainRecord(ws, lf014[0]!.source, lf014[0]!.key);
    const serial = e.findings.filter(
      (f) => f.category === 'attribute_conflict' && f.attribute === 'serial_number',
    );
    expect(serial.length).toBeGreaterThan(0);
    expect(JSON.stringify(serial[0]!.evidence)).toMatch(/9E113232I|8C554721F/);
    expect(
      e.matches.some(
        (m) => m.decision === 'merged' && m.evidence.some((x) => x.kind === 'uuid' && x.outcome === 'agree'),
      ),
    ).toBe(true);
    ws.close();
  });

  it('the Cisco UCS 6248UP in SNMP XML and agent JSON is one CI', async () => {
    const ws = tempWorkspace();
    await importFiles(ws, {
      source: 'glpi',
      paths: [
        path.join(GLPI, 'xml/6.xml'),
        path.join(GLPI, 'xml/7.xml'),
        path.join(GLPI, 'examples/networkequipment_1.json'),
      ],
      inline: true,
    });
    reconcile(ws);
    const rows = (
      ws.db
        .prepare(
          'SELECT cm.cluster_id AS cluster, r.attrs FROM cluster_member cm JOIN record r ON r.id = cm.record_id',
        )
        .all() as { cluster: number; attrs: string }[]
    ).filter((r) => decodeAttributes(r.attrs).serial_number === 'SSI1912014B');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.map((r) => r.cluster)).size).toBe(1);
    ws.close();
  });

  it('links the Febrl 4a/4b person records through the generic matcher with F1 >= 0.95', async () => {
    const dir = tempDir();
    const mapping = {
      key: 'rec_id',
      ciType: 'person' as const,
      attributes: Object.fromEntries(
        [
          'given_name',
          'surname',
          'street_number',
          'address_1',
          'address_2',
          'suburb',
          'postcode',
          'state',
          'date_of_birth',
          'soc_sec_id',
        ].map((c) => [c, c]),
      ),
    };
    writeFileSync(path.join(dir, 'mapping.json'), JSON.stringify(mapping));
    const ws = tempWorkspace();
    await importFiles(ws, {
      source: 'febrl4a',
      format: 'csv',
      mapping,
      paths: [path.join(REALDATA, 'febrl/dataset4a.csv')],
      inline: true,
    });
    await importFiles(ws, {
      source: 'febrl4b',
      format: 'csv',
      mapping,
      paths: [path.join(REALDATA, 'febrl/dataset4b.csv')],
      inline: true,
    });
    reconcile(ws);
    const rows = ws.db
      .prepare(
        'SELECT s.name AS source, r.native_key AS key, cm.cluster_id AS cluster FROM cluster_member cm JOIN record r ON r.id = cm.record_id JOIN source s ON s.id = cm.source_id',
      )
      .all() as { source: string; key: string; cluster: number }[];
    const byCluster = new Map<number, { source: string; key: string }[]>();
    for (const r of rows) byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r]);
    let tp = 0;
    let predicted = 0;
    const entity = (key: string) => key.split('-')[1];
    for (const members of byCluster.values()) {
      const a = members.filter((m) => m.source === 'febrl4a');
      const b = members.filter((m) => m.source === 'febrl4b');
      for (const x of a)
        for (const y of b) {
          predicted++;
          if (entity(x.key) === entity(y.key)) tp++;
        }
    }
    const precision = tp / predicted;
    const recall = tp / 5000; // the true links: the 5,000 pairs that share rec-<n>
    const f1 = (2 * precision * recall) / (precision + recall);
    expect(f1).toBeGreaterThanOrEqual(0.95);
    ws.close();
  });
});
