import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveChangeset } from '../../src/changesets/approve.js';
import { createChangeset } from '../../src/changesets/create.js';
import { sha256Hex } from '../../src/changesets/hash.js';
import { loadRevision } from '../../src/changesets/load.js';
import { reviewChangeset } from '../../src/changesets/review.js';
import { exportChangeset } from '../../src/exporters/export-changeset.js';
import { EXPORT_FORMAT_IDS } from '../../src/exporters/registry.js';
import { irePayloadSchema } from '../../src/exporters/servicenow/ire-schema.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { tempDir } from '../helpers/workspace.js';
import { golden, outDir, readTree, reconciledWorkspace } from './helpers.js';
import { mergeShapes, type Shape, shapeOf } from './shape.js';

let ws: Workspace;
let id: number;

beforeAll(async () => {
  ws = await reconciledWorkspace();
  ({ id } = createChangeset(ws, { all: true }));
  const { items } = loadRevision(ws, id);
  // Give the first owner and support group that need a value one, so both kinds are exported.
  for (const kind of ['set_owner', 'set_support_group']) {
    const it = items.find((x) => x.kind === kind && (x.proposal as { after: unknown }).after === null)!;
    reviewChangeset(ws, id, { value: kind === 'set_owner' ? 'Jane Doe' : 'Unix Team', items: [it.seq] });
  }
  reviewChangeset(ws, id, { decision: 'accept', allPending: true });
  approveChangeset(ws, id);
}, 120_000);

afterAll(() => ws.close());

/** The shape of an export: its files (numbers masked), CSV headers and JSON shapes. */
function exportShape(dir: string): unknown {
  const files = new Set<string>();
  const csv: Record<string, string> = {};
  const json: Record<string, Shape> = {};
  for (const [p, buf] of readTree(dir)) {
    const pattern = p.replace(/\d{4,}/g, 'NNNN');
    files.add(pattern);
    const text = buf.toString('utf8');
    if (p.endsWith('.csv')) csv[pattern] = text.slice(0, text.indexOf('\r\n'));
    if (p.endsWith('.json')) {
      const value = JSON.parse(text) as Record<string, unknown>;
      const shape =
        value.format === 'cmdbw-changeset'
          ? {
              ...(shapeOf({ ...value, items: undefined }) as Record<string, Shape>),
              items: Object.fromEntries(
                Object.entries(groupBy(value.items as { kind: string }[])).map(([k, list]) => [
                  k,
                  shapeOf(list),
                ]),
              ),
            }
          : shapeOf(value);
      json[pattern] = json[pattern] ? mergeShapes(json[pattern]!, shape as Shape) : (shape as Shape);
    }
  }
  return { files: [...files].sort(), csv, json };
}

function groupBy(items: { kind: string }[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const it of items) (out[it.kind] ??= []).push(it);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe.each(EXPORT_FORMAT_IDS)('export as %s', (format) => {
  it('writes the documented files and shapes (golden), deterministically, with a manifest of SHA-256', () => {
    const a = outDir();
    const b = outDir();
    const r = exportChangeset(ws, id, { format, out: a });
    exportChangeset(ws, id, { format, out: b });
    const ta = readTree(a);
    const tb = readTree(b);
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    for (const [p, buf] of ta) expect(buf.equals(tb.get(p)!), p).toBe(true);

    const shape = `${JSON.stringify(exportShape(a), null, 2)}\n`;
    expect(shape).toBe(golden(`${format}.shape.json`, shape));

    const manifest = JSON.parse(ta.get('manifest.json')!.toString()) as {
      exportFormat: string;
      changeset: { contentHash: string };
      files: { path: string; sha256: string; bytes: number }[];
    };
    expect(manifest.exportFormat).toBe(format);
    expect(manifest.changeset.contentHash).toBe(r.contentHash);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      [...ta.keys()].filter((p) => p !== 'manifest.json').sort(),
    );
    for (const f of manifest.files) expect(sha256Hex(ta.get(f.path)!), f.path).toBe(f.sha256);
    expect([...ta.keys()].some((p) => p.startsWith('inverse/'))).toBe(true);
    // No temporary files left behind by the atomic writes.
    expect([...ta.keys()].filter((p) => /\.tmp$/.test(p))).toEqual([]);

    const entry = JSON.parse(
      (
        ws.db
          .prepare("SELECT detail FROM audit_log WHERE action = 'changeset.export' ORDER BY seq DESC LIMIT 1")
          .get() as { detail: string }
      ).detail,
    ) as { format: string; files: { path: string; sha256: string }[] };
    expect(entry.format).toBe(format);
    expect(entry.files.find((f) => f.path === 'manifest.json')!.sha256).toBe(
      sha256Hex(ta.get('manifest.json')!),
    );
  });
});

describe('ServiceNow IRE payloads', () => {
  let tree: Map<string, Buffer>;
  beforeAll(() => {
    const dir = outDir();
    exportChangeset(ws, id, { format: 'servicenow-ire', out: dir, dataSource: 'CMDBW', batchSize: 40 });
    tree = readTree(dir);
  });

  const payloads = () =>
    [...tree]
      .filter(([p]) => /^ire\/payload-\d+\.json$/.test(p))
      .map(([p, b]) => [p, JSON.parse(b.toString())] as [string, unknown]);

  it('match the documented request structure, in batches of at most the batch size', () => {
    expect(payloads().length).toBeGreaterThan(2);
    for (const [p, payload] of payloads()) {
      const r = irePayloadSchema.safeParse(payload);
      expect(r.success, `${p}: ${r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3))}`).toBe(true);
      const items = (payload as { items: unknown[] }).items;
      expect(items.length).toBeLessThanOrEqual(40 + 2);
    }
  });

  it('carry the data source, native keys and UTC recency, and never a sys_id in values', () => {
    for (const [, payload] of payloads()) {
      for (const item of (
        payload as {
          items: { values: Record<string, string>; sys_object_source_info: Record<string, string> }[];
        }
      ).items) {
        expect(item.sys_object_source_info.source_name).toBe('CMDBW');
        expect(item.sys_object_source_info.source_recency_timestamp).toMatch(
          /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/,
        );
        expect(item.values).not.toHaveProperty('sys_id');
        expect(Object.values(item.values).every((v) => typeof v === 'string')).toBe(true);
        expect(item.values.name ?? item.values.serial_number).toBeTruthy();
      }
    }
  });

  it('keep each relation with both of its CIs in one payload, and look up serials and network adapters', () => {
    let relations = 0;
    const lookups = new Set<string>();
    for (const [, payload] of payloads()) {
      const p = payload as {
        items: { lookup?: { className: string }[] }[];
        relations: { parent: number; child: number; type: string }[];
      };
      for (const r of p.relations) {
        relations++;
        expect(p.items[r.parent]).toBeDefined();
        expect(p.items[r.child]).toBeDefined();
        expect(r.type).toMatch(/::/);
      }
      for (const it of p.items) for (const l of it.lookup ?? []) lookups.add(l.className);
    }
    expect(relations).toBeGreaterThan(0);
    expect([...lookups].sort()).toEqual(['cmdb_ci_network_adapter', 'cmdb_serial_number']);
  });

  it('retire with install and operational status codes, and list what REST cannot take', () => {
    const all = payloads().flatMap(([, p]) => (p as { items: { values: Record<string, string> }[] }).items);
    expect(all.some((i) => i.values.install_status === '7' && i.values.operational_status === '6')).toBe(
      true,
    );
    expect(tree.get('references-unresolved.csv')!.toString()).toMatch(
      /^payload,internal_id,className,field,table,display_value,items\r\n/,
    );
    expect(tree.get('cmdb_rel_ci-delete.csv')!.toString()).toMatch(
      /^sys_id,type,parent_sys_id,parent_name,child_sys_id,child_name,items\r\n[0-9a-f]{32},/,
    );
    expect(tree.get('verification-tasks.csv')!.toString()).toMatch(
      /^item,class,source,key,name,reason,check\r\n/,
    );
    expect(tree.get('README.txt')!.toString()).toMatch(
      /POST \/api\/now\/identifyreconcile\?sysparm_data_source=CMDBW/,
    );
  });

  it('carry reference fields as sys_ids when a reference map resolves them', () => {
    const refs = path.join(tempDir(), 'refs.json');
    writeFileSync(
      refs,
      JSON.stringify({
        sys_user: { 'jane doe': 'a'.repeat(32) },
        sys_user_group: { 'Unix Team': 'b'.repeat(32) },
      }),
    );
    const dir = outDir();
    const r = exportChangeset(ws, id, { format: 'servicenow-ire', out: dir, referencesFile: refs });
    const values = [...readTree(dir)]
      .filter(([p]) => p.startsWith('ire/'))
      .flatMap(([, b]) =>
        (JSON.parse(b.toString()) as { items: { values: Record<string, string> }[] }).items.map(
          (i) => i.values,
        ),
      );
    expect(values.some((v) => v.owned_by === 'a'.repeat(32))).toBe(true);
    expect(values.some((v) => v.support_group === 'b'.repeat(32))).toBe(true);
    expect(values.some((v) => v.owned_by === 'Jane Doe')).toBe(false);
    expect(r.counts.unresolvedReferences).toBeGreaterThan(0);
    writeFileSync(refs, JSON.stringify({ sys_user: { x: 'not-a-sys-id' } }));
    expect(() =>
      exportChangeset(ws, id, { format: 'servicenow-ire', out: outDir(), referencesFile: refs }),
    ).toThrow(/sys_user.x: must be a 32-hex sys_id/);
  });
});

describe('export directory', () => {
  it('replaces an earlier export and refuses a directory of other files', () => {
    const dir = outDir();
    exportChangeset(ws, id, { format: 'servicenow-ire', out: dir, batchSize: 10 });
    const many = [...readTree(dir).keys()].filter((p) => p.startsWith('ire/')).length;
    exportChangeset(ws, id, { format: 'servicenow-ire', out: dir, batchSize: 500 });
    const few = [...readTree(dir).keys()].filter((p) => p.startsWith('ire/')).length;
    expect(few).toBeLessThan(many);
    const other = outDir();
    exportChangeset(ws, id, { format: 'json', out: other });
    writeFileSync(path.join(other, 'manifest.json'), '{"hello": 1}');
    expect(() => exportChangeset(ws, id, { format: 'json', out: other })).toThrow(
      /not empty and holds no earlier cmdbw export/,
    );
  });
});
