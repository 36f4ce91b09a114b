import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeset } from '../../src/changesets/create.js';
import { loadRevision } from '../../src/changesets/load.js';
import { mergeSteps } from '../../src/changesets/merge-plan.js';
import { ITEM_KINDS, type ChangesetItem, type ProposalByKind } from '../../src/changesets/model.js';
import { validateItems } from '../../src/changesets/validate.js';
import { workspaceValidationEnv } from '../../src/changesets/validation-env.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { reconciledWorkspace } from './helpers.js';

let ws: Workspace;
let items: ChangesetItem[];
let skipped: Record<string, number>;

const of = <K extends ChangesetItem['kind']>(kind: K) =>
  items.filter((it) => it.kind === kind) as unknown as (ChangesetItem & { proposal: ProposalByKind[K] })[];

beforeAll(async () => {
  ws = await reconciledWorkspace();
  const r = createChangeset(ws, { all: true });
  ({ items } = loadRevision(ws, r.id));
  skipped = r.skipped;
}, 120_000);

afterAll(() => ws.close());

describe('planning a changeset from every finding', () => {
  it('yields every item kind, numbered 1..n, new CIs first, all pending', () => {
    expect(new Set(items.map((it) => it.kind))).toEqual(new Set(ITEM_KINDS));
    expect(items.map((it) => it.seq)).toEqual(items.map((_, i) => i + 1));
    expect(items[0]!.kind).toBe('create_ci');
    expect(items.every((it) => it.status === 'pending')).toBe(true);
    const rank = items.map((it) => ITEM_KINDS.indexOf(it.kind));
    expect([...rank].sort((a, b) => a - b)).toEqual(rank);
  });

  it('references each item to its finding (id and fingerprint), its CI and its CMDB record', () => {
    const findings = new Map(
      (
        ws.db.prepare('SELECT id, fingerprint, cluster_id, source, native_key FROM finding').all() as {
          id: number;
          fingerprint: string;
          cluster_id: number | null;
          source: string;
          native_key: string;
        }[]
      ).map((f) => [f.id, f]),
    );
    for (const it of items) {
      const f = findings.get(it.findingId!)!;
      expect(f, `item ${it.seq}`).toBeDefined();
      expect(it.fingerprint).toBe(f.fingerprint);
      expect(it.clusterId).toBe(f.cluster_id);
      if (it.kind === 'update_attribute' || it.kind === 'retire_ci' || it.kind === 'set_owner')
        expect(it.target).toMatchObject({ source: 'servicenow', key: f.native_key });
    }
  });

  it('creates a missing CI from its golden record, in a class that fits it, with its network adapters', () => {
    for (const it of of('create_ci')) {
      const p = it.proposal;
      expect(p.values.name).toBeTruthy();
      expect(p.values.status).toBe('installed');
      expect(p.className).toMatch(/^cmdb_ci_/);
      expect(it.target).toBeNull();
      expect(p.nativeKey).toMatch(/^(nmap|rvtools|glpi|aws):/);
      expect(p.values).not.toHaveProperty('sys_id');
    }
    const linux = of('create_ci').find(
      (it) =>
        it.proposal.values.os_version && /linux|red hat|ubuntu|suse/i.test(String(it.proposal.values.os)),
    );
    expect(linux?.proposal.className).toBe('cmdb_ci_linux_server');
    const esx = of('create_ci').find((it) => it.proposal.ciType === 'hypervisor');
    if (esx) expect(esx.proposal.className).toBe('cmdb_ci_esx_server');
    expect(of('create_ci').some((it) => it.proposal.interfaces.length > 0)).toBe(true);
  });

  it('updates a conflicting attribute from the CMDB value as the CMDB holds it to the winning discovery value', () => {
    const ups = of('update_attribute');
    expect(ups.length).toBeGreaterThan(20);
    for (const it of ups) {
      expect(it.proposal.before).not.toEqual(it.proposal.after);
      expect(it.proposal.winner.source).not.toBe('servicenow');
      expect(it.proposal.reason).toMatch(/outranks servicenow for \w+: precedence rule/);
      expect(it.base).toHaveLength(1);
    }
    // CMDB text, not the normalised value: a VMware serial keeps its spaces.
    const serial = ups.find((it) => it.proposal.attribute === 'serial_number');
    expect(serial).toBeDefined();
    const ram = ups.find((it) => it.proposal.attribute === 'ram_mb');
    if (ram) expect(typeof ram.proposal.after).toBe('number');
  });

  it("merges each set of duplicates into the most complete record and re-points the victims' relationships", () => {
    const merges = of('merge_duplicates');
    expect(merges.length).toBeGreaterThan(0);
    for (const it of merges) {
      const steps = mergeSteps(it.proposal);
      expect(steps.victims.length).toBeGreaterThanOrEqual(1);
      expect(it.target!.key).toBe(it.proposal.survivor);
      expect(it.proposal.reason).toMatch(/survives: (most complete|as complete)/);
      for (const m of steps.moves) expect(steps.victims.map((v) => v.key)).toContain(m.member);
    }
    expect(merges.some((it) => mergeSteps(it.proposal).moves.some((m) => m.action === 'move'))).toBe(true);
    // Items about a merged-away record are not planned: the merge retires it.
    const victims = new Set(merges.flatMap((it) => mergeSteps(it.proposal).victims.map((v) => v.key)));
    expect(
      items.filter((it) => it.kind !== 'merge_duplicates' && it.target && victims.has(it.target.key)),
    ).toEqual([]);
    expect(Object.keys(skipped).some((k) => /merged away by this plan/.test(k))).toBe(true);
  });

  it('retires a CI nobody discovers when the CMDB last discovered it beyond the threshold, else flags it', () => {
    for (const it of of('retire_ci')) {
      expect(it.proposal.days!).toBeGreaterThan(it.proposal.thresholdDays);
      expect(it.proposal.thresholdDays).toBe(180);
      expect(it.proposal.before).toBeTruthy();
    }
    const flags = of('flag_for_verification').filter((it) => it.category === 'not_discovered');
    for (const it of flags)
      expect(it.proposal.reason).toMatch(/within the 180-day retirement threshold|no last-discovered date/);
    const retired = of('retire_ci').filter((it) => it.category === 'not_discovered');
    expect(retired.length + flags.length).toBe(
      (
        ws.db.prepare("SELECT count(*) AS n FROM finding WHERE category = 'not_discovered'").get() as {
          n: number;
        }
      ).n - (skipped['not_discovered: the record is merged away by this plan'] ?? 0),
    );
  });

  it('adds, re-points and removes relationships', () => {
    for (const it of of('add_relationship')) {
      expect(it.proposal.type).toBe('Hosted on::Hosts');
      expect(it.proposal.parent.record).not.toBeNull();
      expect(it.proposal.child.record !== null || it.proposal.child.createdBy !== null).toBe(true);
    }
    for (const it of of('repoint_relationship')) {
      expect(it.proposal.relationship).toMatch(/^[0-9a-f]{32}$/);
      expect(it.proposal.to.name).not.toBe(it.proposal.from.name);
      expect(it.target!.className).toBe('cmdb_rel_ci');
    }
    for (const it of of('remove_relationship')) {
      expect(it.proposal.parent.ci === null || it.proposal.child.ci === null).toBe(true);
      expect(it.category).toBe('dangling_relationship');
    }
    // A host this plan creates is referenced by the create item's cluster.
    const created = new Set(of('create_ci').map((it) => it.clusterId));
    for (const it of of('add_relationship'))
      if (it.proposal.child.createdBy !== null) expect(created.has(it.proposal.child.createdBy)).toBe(true);
  });

  it('proposes owners and support groups when the data suggests one, and otherwise waits for a reviewer', () => {
    const groups = of('set_support_group');
    const proposed = groups.filter((it) => it.proposal.after !== null);
    expect(proposed.length).toBeGreaterThan(0);
    expect(proposed.some((it) => /applications it hosts are supported by/.test(it.proposal.reason))).toBe(
      true,
    );
    expect(
      groups.some((it) => it.proposal.after === null && /a reviewer must give one/.test(it.proposal.reason)),
    ).toBe(true);
    for (const it of of('set_owner'))
      if (it.proposal.after) expect(it.proposal.reason).toMatch(/golden record's owner/);
  });

  it('counts the findings it does not turn into items, by reason', () => {
    expect(
      skipped['ownership_conflict: it hosts applications of several teams: no single right support group'],
    ).toBeGreaterThan(0);
    expect(skipped['stale_ci: its not_discovered item covers it']).toBeGreaterThan(0);
    for (const [k, n] of Object.entries(skipped)) {
      expect(k).toMatch(/^[a-z_]+: /);
      expect(n).toBeGreaterThan(0);
    }
  });

  it('plans nothing that fails validation', () => {
    const problems = validateItems(items, workspaceValidationEnv(ws), 'open');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.every((p) => p.code === 'needs_value')).toBe(true);
  });

  it('plans the same items again from the same findings', () => {
    const again = createChangeset(ws, { all: true });
    const second = loadRevision(ws, again.id).items;
    expect(second.map((it) => [it.kind, it.fingerprint, it.proposal])).toEqual(
      items.map((it) => [it.kind, it.fingerprint, it.proposal]),
    );
  });
});

describe('choosing findings', () => {
  it('by category and filter, with a limit and a retirement threshold', async () => {
    const w = await reconciledWorkspace();
    const dup = createChangeset(w, { categories: ['duplicate'] });
    expect(Object.keys(dup.byKind)).toEqual(['merge_duplicates']);
    const high = createChangeset(w, { filters: ['severity=high', 'category!=duplicate'] });
    const hi = loadRevision(w, high.id).items;
    expect(hi.every((it) => it.severity === 'high' && it.category !== 'duplicate')).toBe(true);
    const limited = createChangeset(w, { all: true, limit: 5 });
    expect(limited.items).toBe(5);
    expect(Object.keys(limited.skipped).some((k) => k.startsWith('limit:'))).toBe(true);
    const never = createChangeset(w, { categories: ['not_discovered'], retireAfterDays: 100_000 });
    expect(never.byKind).not.toHaveProperty('retire_ci');
    const always = createChangeset(w, { categories: ['not_discovered'], retireAfterDays: 0 });
    expect(always.byKind.retire_ci).toBeGreaterThan(0);
    expect(() => createChangeset(w, {})).toThrow(/choose the findings/);
    expect(() => createChangeset(w, { categories: ['nonsense'] })).toThrow(/unknown finding category/);
    expect(() => createChangeset(w, { filters: ['colour=red'] })).toThrow(/unknown filter field "colour"/);
    w.close();
  });

  it('records the CMDB snapshot it was planned against and an audit entry', async () => {
    const w = await reconciledWorkspace();
    const r = createChangeset(w, { categories: ['attribute_conflict'] });
    const { revision } = loadRevision(w, r.id);
    expect(revision.snapshot.batches.map((b) => b.format)).toEqual(['servicenow-ci', 'servicenow-rel']);
    expect(revision.snapshot.workspace).toBe(w.getMeta('workspace_id'));
    const entry = w.db
      .prepare("SELECT actor, action, target, detail FROM audit_log WHERE action = 'changeset.create'")
      .get() as {
      actor: string;
      target: string;
      detail: string;
    };
    expect(entry).toMatchObject({ actor: 'tester', target: `changeset:${r.id}` });
    expect(JSON.parse(entry.detail)).toMatchObject({ items: r.items, byKind: r.byKind, ref: r.ref });
    w.close();
  });
});
