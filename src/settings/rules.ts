import { appendAudit } from '../audit/audit-log.js';
import { DEFAULT_RULES, type PrecedenceRule } from '../reconcile/precedence.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * The user-editable reconciliation rules stored in the workspace: attribute precedence (which source's
 * value wins) and per-source staleness windows. Every change is written to the audit trail.
 */

export interface SourcePolicyView {
  source: string;
  stalenessDays: number | null;
}

export function listRules(ws: Workspace): { rules: PrecedenceRule[]; defaults: boolean } {
  const rules = ws.db
    .prepare('SELECT attribute, source, rank FROM precedence_rule ORDER BY attribute, rank, source')
    .all() as PrecedenceRule[];
  return rules.length > 0 ? { rules, defaults: false } : { rules: DEFAULT_RULES, defaults: true };
}

function assertAttribute(attribute: string): void {
  if (attribute === '*technical' || attribute === '*business') return;
  if (!/^(extra\.)?[a-z][a-z0-9_]*$/i.test(attribute)) {
    throw new UserError(
      'BAD_RULE',
      `"${attribute}" is not an attribute name (use e.g. ip_address, owner, *technical, *business)`,
    );
  }
}

function assertSource(ws: Workspace, source: string): void {
  if (source === 'role:cmdb' || source === 'role:discovery') return;
  const known = ws.db.prepare('SELECT 1 FROM source WHERE name = ?').get(source);
  if (!known)
    throw new UserError(
      'UNKNOWN_SOURCE',
      `no source named "${source}" (see cmdbw sources), and it is not role:cmdb or role:discovery`,
    );
}

/** Sets one rule; the first edit copies the defaults into the workspace so they stay visible and editable. */
export function setRule(ws: Workspace, rule: PrecedenceRule): PrecedenceRule[] {
  assertAttribute(rule.attribute);
  assertSource(ws, rule.source);
  if (!Number.isInteger(rule.rank) || rule.rank < 0 || rule.rank > 999)
    throw new UserError('BAD_RULE', 'rank must be a whole number from 0 to 999 (lower wins)');
  return ws.write(() => {
    const before = listRules(ws);
    if (before.defaults) {
      const ins = ws.db.prepare('INSERT INTO precedence_rule (attribute, source, rank) VALUES (?, ?, ?)');
      for (const r of DEFAULT_RULES) ins.run(r.attribute, r.source, r.rank);
    }
    const previous = ws.db
      .prepare('SELECT rank FROM precedence_rule WHERE attribute = ? AND source = ?')
      .get(rule.attribute, rule.source) as { rank: number } | undefined;
    ws.db
      .prepare(
        'INSERT INTO precedence_rule (attribute, source, rank) VALUES (?, ?, ?) ON CONFLICT (attribute, source) DO UPDATE SET rank = excluded.rank',
      )
      .run(rule.attribute, rule.source, rule.rank);
    appendAudit(ws.db, {
      at: ws.now(),
      actor: ws.user,
      action: 'precedence.set',
      target: `rule:${rule.attribute}:${rule.source}`,
      detail: { before: previous?.rank ?? null, after: rule.rank },
    });
    return listRules(ws).rules;
  });
}

export function removeRule(ws: Workspace, attribute: string, source: string): PrecedenceRule[] {
  return ws.write(() => {
    const previous = ws.db
      .prepare('SELECT rank FROM precedence_rule WHERE attribute = ? AND source = ?')
      .get(attribute, source) as { rank: number } | undefined;
    if (!previous) throw new UserError('NOT_FOUND', `no rule for ${attribute} / ${source}`);
    ws.db.prepare('DELETE FROM precedence_rule WHERE attribute = ? AND source = ?').run(attribute, source);
    appendAudit(ws.db, {
      at: ws.now(),
      actor: ws.user,
      action: 'precedence.remove',
      target: `rule:${attribute}:${source}`,
      detail: { before: previous.rank, after: null },
    });
    return listRules(ws).rules;
  });
}

export function resetRules(ws: Workspace): PrecedenceRule[] {
  return ws.write(() => {
    const removed = ws.db.prepare('DELETE FROM precedence_rule').run().changes;
    appendAudit(ws.db, {
      at: ws.now(),
      actor: ws.user,
      action: 'precedence.reset',
      target: 'rules',
      detail: { removed },
    });
    return DEFAULT_RULES;
  });
}

export function listSourcePolicies(ws: Workspace): SourcePolicyView[] {
  return ws.db
    .prepare(
      'SELECT s.name AS source, p.staleness_days AS stalenessDays FROM source s LEFT JOIN source_policy p ON p.source_id = s.id ORDER BY s.name',
    )
    .all() as SourcePolicyView[];
}

/** Values from a snapshot older than `days` lose to fresher sources (null: never stale). */
export function setStaleness(ws: Workspace, source: string, days: number | null): SourcePolicyView[] {
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650))
    throw new UserError('BAD_POLICY', 'staleness must be a whole number of days from 1 to 3650, or "none"');
  return ws.write(() => {
    const row = ws.db.prepare('SELECT id FROM source WHERE name = ?').get(source) as
      { id: number } | undefined;
    if (!row) throw new UserError('UNKNOWN_SOURCE', `no source named "${source}" (see cmdbw sources)`);
    const prev = ws.db.prepare('SELECT staleness_days FROM source_policy WHERE source_id = ?').get(row.id) as
      { staleness_days: number | null } | undefined;
    ws.db
      .prepare(
        'INSERT INTO source_policy (source_id, staleness_days) VALUES (?, ?) ON CONFLICT (source_id) DO UPDATE SET staleness_days = excluded.staleness_days',
      )
      .run(row.id, days);
    appendAudit(ws.db, {
      at: ws.now(),
      actor: ws.user,
      action: 'policy.staleness',
      target: `source:${source}`,
      detail: { before: prev?.staleness_days ?? null, after: days },
    });
    return listSourcePolicies(ws);
  });
}
