import { ITEM_KINDS, type PlannedItem } from '../model.js';
import { writesOf } from '../writes.js';
import type { PlanContext, RuleResult } from './context.js';
import type { PlanData, PlanFinding } from './plan-data.js';
import { planCreate } from './rules/create-ci.js';
import { planFlag } from './rules/flags.js';
import { planNotDiscovered, planStale } from './rules/lifecycle.js';
import { planMerges } from './rules/merge.js';
import { planMissingOwner, planOwnershipConflict } from './rules/ownership.js';
import { planAdd, planRemove, planRepoint } from './rules/relationships.js';
import { planUpdate } from './rules/update-attribute.js';

/**
 * Findings -> changeset items. Categories are planned in an order where later rules can rely on earlier
 * ones: merges first (items about records merged away are skipped), creations next (relationships may
 * point at a CI this plan creates), lifecycle before stale_ci (which it covers). A field is written by one
 * item only: a later item writing the same field is skipped. Every finding that yields no item is counted
 * under "category: reason".
 */
const RULES: Record<string, (ctx: PlanContext, f: PlanFinding) => RuleResult> = {
  missing_in_cmdb: planCreate,
  not_discovered: planNotDiscovered,
  stale_ci: planStale,
  attribute_conflict: planUpdate,
  missing_owner: planMissingOwner,
  ownership_conflict: planOwnershipConflict,
  relationship_conflict: planRepoint,
  missing_relationship: planAdd,
  dangling_relationship: planRemove,
  retired_but_discovered: planFlag,
  class_conflict: planFlag,
  invalid_identifier: planFlag,
};

const ORDER = Object.keys(RULES);

export interface Plan {
  items: PlannedItem[];
  skipped: Record<string, number>;
}

export function planChangeset(findings: readonly PlanFinding[], data: PlanData): Plan {
  const ctx: PlanContext = {
    data,
    victims: new Set(),
    mergedClusters: new Set(),
    created: new Map(),
    lifecycleHandled: new Set(),
    hosts: new Map(),
  };
  const skipped: Record<string, number> = {};
  const note = (category: string, reason: string) => {
    const k = `${category}: ${reason}`;
    skipped[k] = (skipped[k] ?? 0) + 1;
  };
  const byCategory = new Map<string, PlanFinding[]>();
  for (const f of [...findings].sort((a, b) => a.id - b.id)) {
    const list = byCategory.get(f.category);
    if (list) list.push(f);
    else byCategory.set(f.category, [f]);
  }

  const planned: PlannedItem[] = [];
  const merges = planMerges(ctx, byCategory.get('duplicate') ?? []);
  planned.push(...merges.items);
  for (const reason of merges.skipped) note('duplicate', reason);
  for (const category of ORDER) {
    for (const f of byCategory.get(category) ?? []) {
      const result = RULES[category]!(ctx, f);
      if ('skip' in result) note(category, result.skip);
      else planned.push(...result);
    }
  }
  for (const [category, list] of byCategory) {
    if (category !== 'duplicate' && !RULES[category])
      for (let i = 0; i < list.length; i++) note(category, 'no CMDB change answers this category');
  }

  const written = new Set<string>();
  const items: PlannedItem[] = [];
  for (const it of planned) {
    const writes = writesOf({ ...it, override: null });
    const clash = writes.find((w) => written.has(w));
    if (clash) {
      note(it.category ?? it.kind, `another item of this plan already changes ${clashKind(clash)}`);
      continue;
    }
    for (const w of writes) written.add(w);
    items.push(it);
  }
  const rank = (k: string) => (ITEM_KINDS as readonly string[]).indexOf(k);
  items.sort(
    (a, b) =>
      rank(a.kind) - rank(b.kind) ||
      (a.clusterId ?? Number.MAX_SAFE_INTEGER) - (b.clusterId ?? Number.MAX_SAFE_INTEGER) ||
      (a.findingId ?? 0) - (b.findingId ?? 0) ||
      cmp(a.target?.key ?? '', b.target?.key ?? ''),
  );
  return { items, skipped: Object.fromEntries(Object.entries(skipped).sort(([a], [b]) => (a < b ? -1 : 1))) };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What two items both change, in general terms (skip reasons are counted, so they must not name CIs). */
function clashKind(key: string): string {
  if (key.startsWith('rel:') || key.startsWith('ends:')) return 'the same relationship';
  if (key.startsWith('add:')) return 'the same new relationship';
  if (key.startsWith('new:')) return 'creates the same CI';
  return `the same field (${key.split('#')[1]})`;
}
