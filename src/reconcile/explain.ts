import { decodeAttributesSparse } from '../domain/attribute-codec.js';
import { decodeProvenance } from './provenance-codec.js';
import type { CiAttributes } from '../domain/attributes.js';
import type { SourceRole } from '../importers/types.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { discoveryTrust } from './findings/common.js';
import type { LoadedSource } from './load.js';
import { type Identity, identityOf, Interner } from './identity.js';
import { Precedence } from './precedence.js';

/** Everything that explains one record: its CI, why its records were matched, and each golden value. */

export interface ExplainedMember {
  recordId: number;
  source: string;
  role: SourceRole;
  key: string;
  name: string | null;
  ciType: string;
  attrs: CiAttributes;
}

export interface ExplainedMatch {
  a: { source: string; key: string };
  b: { source: string; key: string };
  score: number | null;
  decision: string;
  reason: string;
  evidence: { kind: string; outcome: string; weight: number | null; detail: string }[];
}

export interface ExplainedValue {
  attribute: string;
  value: unknown;
  source: string;
  key: string;
  reason: string;
  alternatives: { source: string; key: string; value: unknown }[];
}

export interface Explanation {
  record: { source: string; key: string };
  cluster: {
    id: number;
    ciType: string;
    name: string | null;
    quality: number;
    qualityDetail: unknown;
  } | null;
  members: ExplainedMember[];
  matches: ExplainedMatch[];
  golden: ExplainedValue[];
  findings: {
    id: number;
    category: string;
    severity: string;
    attribute: string | null;
    summary: string;
    evidence: unknown;
  }[];
}

interface MemberRow {
  record_id: number;
  source: string;
  source_id: number;
  role: SourceRole;
  native_key: string;
  name: string | null;
  ci_type: string;
  attrs: string;
  formats: string;
  imported_at: string;
}

/** The current record of a source with a native key: through the reconciled index, else by a scan. */
export function findRecordId(ws: Workspace, source: string, key: string): number | undefined {
  const indexed = ws.db
    .prepare(
      'SELECT cm.record_id FROM cluster_member cm JOIN source s ON s.id = cm.source_id WHERE s.name = ? AND cm.native_key = ?',
    )
    .get(source, key) as { record_id: number } | undefined;
  if (indexed) return indexed.record_id;
  const row = ws.db
    .prepare(
      `SELECT r.id FROM record r WHERE r.native_key = ? AND r.batch_id IN
         (SELECT b.id FROM import_batch b JOIN source s ON s.id = b.source_id WHERE s.name = ? AND b.is_current = 1)`,
    )
    .get(key, source) as { id: number } | undefined;
  return row?.id;
}

export function explainCluster(
  ws: Workspace,
  clusterId: number,
  focus?: { source: string; key: string },
): Explanation {
  const db = ws.db;
  const cluster = db
    .prepare('SELECT id, ci_type, name, quality, quality_detail, provenance FROM ci_cluster WHERE id = ?')
    .get(clusterId) as
    | {
        id: number;
        ci_type: string;
        name: string | null;
        quality: number;
        quality_detail: string;
        provenance: string;
      }
    | undefined;
  if (!cluster) throw new UserError('NOT_FOUND', `no CI with id ${clusterId}`);
  const memberRows = db
    .prepare(
      `SELECT cm.record_id, s.name AS source, s.id AS source_id, s.role, r.native_key, r.name, r.ci_type, r.attrs,
              (SELECT group_concat(DISTINCT format) FROM import_batch WHERE source_id = s.id AND is_current = 1) AS formats,
              (SELECT max(finished_at) FROM import_batch WHERE source_id = s.id AND is_current = 1) AS imported_at
         FROM cluster_member cm JOIN record r ON r.id = cm.record_id JOIN source s ON s.id = cm.source_id
        WHERE cm.cluster_id = ? ORDER BY s.role, s.name, r.native_key`,
    )
    .all(clusterId) as MemberRow[];
  const members: ExplainedMember[] = memberRows.map((m) => ({
    recordId: m.record_id,
    source: m.source,
    role: m.role,
    key: m.native_key,
    name: m.name,
    ciType: m.ci_type,
    attrs: decodeAttributesSparse(m.attrs) as CiAttributes,
  }));
  const byId = new Map(members.map((m) => [m.recordId, m]));
  const ids = members.map((m) => m.recordId);
  const focusId = focus
    ? members.find((m) => m.source === focus.source && m.key === focus.key)?.recordId
    : undefined;
  const evidenceRows = db
    .prepare(
      `SELECT me.record_a, me.record_b, me.score, me.decision, me.reason, me.evidence,
              ra.native_key AS key_a, sa.name AS source_a, rb.native_key AS key_b, sb.name AS source_b
         FROM match_evidence me
         JOIN record ra ON ra.id = me.record_a JOIN import_batch ba ON ba.id = ra.batch_id JOIN source sa ON sa.id = ba.source_id
         JOIN record rb ON rb.id = me.record_b JOIN import_batch bb ON bb.id = rb.batch_id JOIN source sb ON sb.id = bb.source_id
        WHERE me.record_a IN (SELECT value FROM json_each(?)) OR me.record_b IN (SELECT value FROM json_each(?))
        ORDER BY CASE me.decision WHEN 'merged' THEN 0 ELSE 1 END, me.score DESC`,
    )
    .all(JSON.stringify(ids), JSON.stringify(ids)) as {
    record_a: number;
    record_b: number;
    score: number;
    decision: string;
    reason: string;
    evidence: string;
    key_a: string;
    source_a: string;
    key_b: string;
    source_b: string;
  }[];
  // Evidence is stored as (kind, outcome, weight); the values are named from the two records' identities.
  const attrsCache = new Map<number, CiAttributes>();
  const attrsOf = (recordId: number): CiAttributes => {
    const member = byId.get(recordId);
    if (member) return member.attrs;
    let a = attrsCache.get(recordId);
    if (!a) {
      const row = db.prepare('SELECT attrs FROM record WHERE id = ?').get(recordId) as
        { attrs: string } | undefined;
      attrsCache.set(recordId, (a = row ? (decodeAttributesSparse(row.attrs) as CiAttributes) : {}));
    }
    return a;
  };
  const matches: ExplainedMatch[] = evidenceRows
    .filter((e) =>
      e.decision === 'merged'
        ? byId.has(e.record_a) && byId.has(e.record_b)
        : focusId === undefined || e.record_a === focusId || e.record_b === focusId,
    )
    .map((e) => ({
      a: { source: e.source_a, key: e.key_a },
      b: { source: e.source_b, key: e.key_b },
      score: e.score <= -1e9 ? null : Math.round(e.score * 10) / 10,
      decision: e.decision,
      reason: e.reason,
      evidence: describeEvidence(
        JSON.parse(e.evidence) as EvidenceTuple[],
        attrsOf(e.record_a),
        attrsOf(e.record_b),
      ),
    }));

  // Golden values with the reason each one won.
  const precedence = Precedence.load(ws);
  const provenance = decodeProvenance(cluster.provenance);
  const sourceOf = (m: MemberRow): LoadedSource => ({
    idx: 0,
    id: m.source_id,
    name: m.source,
    role: m.role,
    formats: (m.formats ?? '').split(','),
    importedAt: m.imported_at,
  });
  const golden: ExplainedValue[] = [];
  for (const [attribute, recordId] of Object.entries(provenance)) {
    const winnerRow = memberRows.find((m) => m.record_id === recordId);
    const winner = byId.get(recordId);
    if (!winnerRow || !winner) continue;
    const get = (a: CiAttributes) =>
      attribute.startsWith('extra.')
        ? a.extra?.[attribute.slice(6)]
        : (a as Record<string, unknown>)[attribute];
    const value = get(winner.attrs);
    const alternatives = members
      .filter((m) => m.recordId !== recordId && get(m.attrs) !== undefined)
      .map((m) => ({ source: m.source, key: m.key, value: get(m.attrs) }));
    const src = sourceOf(winnerRow);
    const { rule } = precedence.rank(attribute, src);
    const stale = precedence.isStale(src)
      ? ' (its snapshot is past its staleness window, but no fresher source has a value)'
      : '';
    const differing = alternatives.filter((a) => JSON.stringify(a.value) !== JSON.stringify(value));
    let reason: string;
    if (alternatives.length === 0) reason = `only ${winner.source} has a value`;
    else if (differing.length === 0) reason = `all ${alternatives.length + 1} sources agree`;
    else {
      const losers = [...new Set(differing.map((d) => d.source))].join(', ');
      const trust = src.role === 'discovery' ? ` (${describeTrust(src)})` : '';
      reason = `${winner.source}${trust} outranks ${losers} for ${attribute} under rule "${rule}"${stale}`;
    }
    golden.push({ attribute, value, source: winner.source, key: winner.key, reason, alternatives });
  }
  golden.sort((a, b) => a.attribute.localeCompare(b.attribute));

  const findings = db
    .prepare(
      `SELECT id, category, severity, attribute, summary, evidence FROM finding WHERE cluster_id = ?
        ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, category`,
    )
    .all(clusterId) as {
    id: number;
    category: string;
    severity: string;
    attribute: string | null;
    summary: string;
    evidence: string;
  }[];
  return {
    record: focus ?? { source: members[0]?.source ?? '', key: members[0]?.key ?? '' },
    cluster: {
      id: cluster.id,
      ciType: cluster.ci_type,
      name: cluster.name,
      quality: cluster.quality,
      qualityDetail: JSON.parse(cluster.quality_detail) as unknown,
    },
    members,
    matches,
    golden,
    findings: findings.map((f) => ({ ...f, evidence: JSON.parse(f.evidence) as unknown })),
  };
}

type EvidenceTuple = [kind: string, outcome: string, weight: number | null, detail?: string];

const KIND_VALUES: Record<string, (id: Identity) => number[]> = {
  serial: (id) => id.serial,
  uuid: (id) => id.uuid.concat(id.vmuuid),
  vmuuid: (id) => id.vmuuid.concat(id.uuid),
  inst: (id) => id.inst,
  vmid: (id) => id.vmid,
  corr: (id) => id.corr,
  mac: (id) => id.mac,
  host: (id) => id.host,
  ip: (id) => id.ip,
};

/** Turns stored evidence tuples into readable evidence, naming the values each side had. */
function describeEvidence(
  tuples: EvidenceTuple[],
  a: CiAttributes,
  b: CiAttributes,
): ExplainedMatch['evidence'] {
  const texts = new Interner();
  const ia = identityOf(a, texts);
  const ib = identityOf(b, texts);
  return tuples.map(([kind, outcome, weight, detail]) => {
    if (detail !== undefined) return { kind, outcome, weight, detail };
    const values = KIND_VALUES[kind];
    let text = '';
    if (values) {
      const va = kind === 'corr' ? ia.corr.concat(ib.corr) : values(ia);
      const vb = kind === 'corr' ? [] : values(ib);
      const shared = va.filter((v) => vb.includes(v));
      const show = (vs: number[]) => vs.map((v) => texts.value(v)).join('/');
      text =
        outcome === 'agree' && shared.length
          ? show(shared)
          : kind === 'corr'
            ? show(va)
            : `${show(va)} vs ${show(vb)}`;
    }
    return { kind, outcome, weight, detail: text };
  });
}

function describeTrust(src: LoadedSource): string {
  const t = discoveryTrust(src);
  return t === 0
    ? 'agent inventory'
    : t <= 2
      ? 'hypervisor or cloud API'
      : t === 5
        ? 'network scan'
        : 'discovery';
}

/** Explains a record, or a relationship when the key is one. */
export function explainRecord(ws: Workspace, source: string, key: string): Explanation {
  const recordId = findRecordId(ws, source, key);
  if (recordId === undefined) {
    const rel = ws.db
      .prepare(
        `SELECT r.id, r.rel_type, r.parent_ref, r.child_ref FROM relationship r WHERE r.native_key = ? AND r.batch_id IN
           (SELECT b.id FROM import_batch b JOIN source s ON s.id = b.source_id WHERE s.name = ? AND b.is_current = 1)`,
      )
      .get(key, source) as
      { id: number; rel_type: string; parent_ref: string; child_ref: string } | undefined;
    if (!rel)
      throw new UserError(
        'NOT_FOUND',
        `source "${source}" has no current record or relationship with key ${JSON.stringify(key)}`,
      );
    const findings = ws.db
      .prepare(
        'SELECT id, category, severity, attribute, summary, evidence FROM finding WHERE relationship_id = ?',
      )
      .all(rel.id) as {
      id: number;
      category: string;
      severity: string;
      attribute: string | null;
      summary: string;
      evidence: string;
    }[];
    return {
      record: { source, key },
      cluster: null,
      members: [],
      matches: [],
      golden: [],
      findings: findings.map((f) => ({ ...f, evidence: JSON.parse(f.evidence) as unknown })),
    };
  }
  const member = ws.db.prepare('SELECT cluster_id FROM cluster_member WHERE record_id = ?').get(recordId) as
    { cluster_id: number } | undefined;
  if (!member)
    throw new UserError(
      'NOT_RECONCILED',
      `${source} ${key} was imported after the last reconciliation: run cmdbw reconcile`,
    );
  return explainCluster(ws, member.cluster_id, { source, key });
}
