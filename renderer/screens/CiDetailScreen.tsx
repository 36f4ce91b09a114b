import { useMemo } from 'react';
import type { ResultOf } from '../../src/api/contract.js';
import { useApi, useWorkspace } from '../app/context.js';
import { navigate, useLoad } from '../app/hooks.js';
import { Icon } from '../components/icons.js';
import {
  Badge,
  Button,
  CategoryTag,
  EmptyState,
  ErrorBanner,
  Screen,
  SeverityBadge,
  Spinner,
  Tabs,
} from '../components/ui.js';
import { formatValue, humanize, severityRank } from '../lib/format.js';
import { EvidenceView } from './EvidenceView.js';

type Explanation = ResultOf<'cis/get'>;
type Tab = 'values' | 'matches' | 'findings' | 'records';

/** Attributes shown first, in this order; the rest follow alphabetically. */
const ORDER = [
  'name',
  'host_name',
  'fqdn',
  'ip_address',
  'ip_addresses',
  'mac_address',
  'serial_number',
  'bios_uuid',
  'os',
  'os_family',
  'os_version',
  'cpu_count',
  'ram_mb',
  'manufacturer',
  'model',
  'status',
  'owner',
  'support_group',
  'location',
  'environment',
];
const HIDDEN = new Set(['interfaces', 'issues', 'extra']);

export function CiDetailScreen({ id, tab }: { id: number; tab: string | null }) {
  const api = useApi();
  const ws = useWorkspace();
  const ex = useLoad(() => api.call('cis/get', { id }), [api, id, ws.version]);
  const current: Tab = tab === 'matches' || tab === 'findings' || tab === 'records' ? tab : 'values';
  const d = ex.data;

  if (ex.error && !d)
    return (
      <Screen title={`CI #${id}`} testid="screen-ci" ready>
        <ErrorBanner
          error={ex.error}
          title={ex.error.code === 'NOT_FOUND' ? 'No such CI' : 'Could not load the CI'}
          onRetry={ex.reload}
        />
        <Button icon="grid" onClick={() => navigate({ name: 'cis' })}>
          Back to CIs
        </Button>
      </Screen>
    );
  if (!d)
    return (
      <Screen title={`CI #${id}`} testid="screen-ci" ready={false}>
        <Spinner />
      </Screen>
    );

  const c = d.cluster;
  const q = c?.quality ?? null;
  return (
    <Screen
      testid="screen-ci"
      ready
      title={
        <span className="row gap-sm">
          <button
            type="button"
            className="icon-btn"
            aria-label="Back to CIs"
            onClick={() => navigate({ name: 'cis' })}
          >
            <Icon name="chevronRight" className="flip" />
          </button>
          <span data-testid="ci-name">{c?.name ?? d.record.key}</span>
          {c ? <Badge>{humanize(c.ciType)}</Badge> : null}
        </span>
      }
      subtitle={
        <span className="row gap">
          <span className="mono">CI #{c?.id ?? id}</span>
          <span>
            {d.members.length} {d.members.length === 1 ? 'record' : 'records'} from{' '}
            {new Set(d.members.map((m) => m.source)).size} sources
          </span>
          {q !== null ? (
            <span>
              quality{' '}
              <strong className={q >= 80 ? 'good-text' : q >= 50 ? 'warn-text' : 'bad-text'}>
                {q.toFixed(0)}
              </strong>
              /100
            </span>
          ) : null}
          {d.findings.length ? (
            <span className="warn-text">{d.findings.length} findings</span>
          ) : (
            <span className="good-text">no findings</span>
          )}
        </span>
      }
      actions={
        <Button
          icon="graph"
          onClick={() => navigate({ name: 'graph', id: c?.id ?? id })}
          data-testid="ci-open-graph"
        >
          Dependency graph
        </Button>
      }
    >
      <Tabs<Tab>
        value={current}
        onChange={(t) => navigate({ name: 'ci', id, tab: t === 'values' ? null : t }, { replace: true })}
        tabs={[
          { id: 'values', label: 'Values by source' },
          { id: 'matches', label: 'Match evidence', count: d.matches.length },
          { id: 'findings', label: 'Findings', count: d.findings.length },
          { id: 'records', label: 'Records', count: d.members.length },
        ]}
        testid="ci-tabs"
      />
      <div className="tab-body">
        {current === 'values' ? <ValuesTab d={d} /> : null}
        {current === 'matches' ? <MatchesTab d={d} /> : null}
        {current === 'findings' ? <FindingsTab d={d} /> : null}
        {current === 'records' ? <RecordsTab d={d} /> : null}
      </div>
    </Screen>
  );
}

function ValuesTab({ d }: { d: Explanation }) {
  const rows = useMemo(() => {
    const golden = new Map(d.golden.map((g) => [g.attribute, g]));
    const attrs = new Set<string>(golden.keys());
    for (const m of d.members)
      for (const k of Object.keys(m.attrs))
        if (!HIDDEN.has(k) && (m.attrs as Record<string, unknown>)[k] !== undefined) attrs.add(k);
    const list = [...attrs];
    list.sort((a, b) => {
      const ia = ORDER.indexOf(a);
      const ib = ORDER.indexOf(b);
      if (ia >= 0 || ib >= 0) return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib);
      return a.localeCompare(b);
    });
    return list.map((attribute) => {
      const g = golden.get(attribute);
      const gText = g ? formatValue(g.value) : '';
      const cells = d.members.map((m) => {
        const v = (m.attrs as Record<string, unknown>)[attribute];
        const text = formatValue(v);
        const isWinner = !!g && g.source === m.source && g.key === m.key;
        return { text, isWinner, differs: !!text && !!gText && text !== gText };
      });
      const conflict = cells.some((c) => c.differs);
      return { attribute, g, gText, cells, conflict };
    });
  }, [d]);

  if (d.members.length === 0) return <EmptyState title="This CI has no records" />;
  return (
    <div className="table-scroll values-wrap">
      <table className="table values-table" data-testid="values-table">
        <thead>
          <tr>
            <th className="sticky-col">Attribute</th>
            <th className="golden-col">Golden value</th>
            {d.members.map((m) => (
              <th key={m.recordId} title={`${m.source} ${m.key}`}>
                <div className="member-head">
                  <span className="row gap-sm">
                    <Badge tone={m.role === 'cmdb' ? 'accent' : 'neutral'}>{m.role}</Badge>
                    <strong>{m.source}</strong>
                  </span>
                  <span className="mono muted small">{m.key}</span>
                </div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.attribute} className={r.conflict ? 'conflict-row' : undefined} data-testid="value-row">
              <td className="sticky-col mono">
                {r.attribute}
                {r.conflict ? (
                  <span className="conflict-dot" title="Sources disagree on this attribute">
                    ●
                  </span>
                ) : null}
              </td>
              <td className="golden-col">
                {r.g ? (
                  <div className="golden">
                    <span className="golden-value">{r.gText || <span className="muted">—</span>}</span>
                    <span className="why muted" title={r.g.reason}>
                      from <strong>{r.g.source}</strong> · {r.g.reason}
                    </span>
                  </div>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              {r.cells.map((c, i) => (
                <td key={i} className={`${c.isWinner ? 'winner' : ''}${c.differs ? ' differs' : ''}`}>
                  {c.text ? c.text : <span className="muted">—</span>}
                  {c.isWinner ? (
                    <Icon name="check" size={12} className="winner-mark" aria-label="winning value" />
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small legend">
        <span className="legend-item winner">winning value</span>
        <span className="legend-item differs">disagrees with the golden value</span>
      </p>
    </div>
  );
}

function MatchesTab({ d }: { d: Explanation }) {
  if (d.matches.length === 0)
    return (
      <EmptyState icon="link" title="No match evidence">
        This CI has a single record, or its records were merged without a scored comparison.
      </EmptyState>
    );
  return (
    <div className="matches" data-testid="matches">
      {d.matches.map((m, i) => (
        <div className="match-card" key={i}>
          <div className="match-head">
            <span className="mono">
              {m.a.source}:{m.a.key}
            </span>
            <span className="match-arrow">↔</span>
            <span className="mono">
              {m.b.source}:{m.b.key}
            </span>
            <Badge
              tone={
                m.decision === 'merged' || m.decision === 'same_cluster'
                  ? 'good'
                  : m.decision === 'vetoed'
                    ? 'bad'
                    : 'neutral'
              }
            >
              {humanize(m.decision)}
            </Badge>
            {m.score !== null ? <span className="score">score {m.score.toFixed(1)}</span> : null}
          </div>
          <p className="match-reason">{m.reason}</p>
          {m.evidence.length ? (
            <table className="table compact">
              <thead>
                <tr>
                  <th>Identifier</th>
                  <th>Outcome</th>
                  <th className="num">Weight</th>
                  <th>Detail</th>
                </tr>
              </thead>
              <tbody>
                {m.evidence.map((e, j) => (
                  <tr key={j}>
                    <td className="mono">{e.kind}</td>
                    <td>
                      <span className={`outcome outcome-${e.outcome}`}>{humanize(e.outcome)}</span>
                    </td>
                    <td className="num">
                      {e.weight === null ? '' : e.weight > 0 ? `+${e.weight}` : e.weight}
                    </td>
                    <td>{e.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ))}
    </div>
  );
}

function FindingsTab({ d }: { d: Explanation }) {
  if (d.findings.length === 0) return <EmptyState icon="check" title="No findings for this CI" />;
  const list = [...d.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  return (
    <div className="findings-list">
      {list.map((f) => (
        <div className="finding-card" key={f.id} data-testid="ci-finding">
          <div className="row gap-sm">
            <SeverityBadge severity={f.severity} />
            <CategoryTag category={f.category} />
            {f.attribute ? <span className="mono muted">{f.attribute}</span> : null}
            <span className="mono muted">#{f.id}</span>
          </div>
          <p>{f.summary}</p>
          <details>
            <summary>Evidence</summary>
            <EvidenceView value={f.evidence} />
          </details>
        </div>
      ))}
    </div>
  );
}

function RecordsTab({ d }: { d: Explanation }) {
  return (
    <div className="records">
      {d.members.map((m) => (
        <details className="record-card" key={m.recordId}>
          <summary>
            <Badge tone={m.role === 'cmdb' ? 'accent' : 'neutral'}>{m.role}</Badge>{' '}
            <strong>{m.source}</strong> <span className="mono">{m.key}</span>{' '}
            {m.name ? <span className="muted">— {m.name}</span> : null}
          </summary>
          <EvidenceView value={m.attrs} />
        </details>
      ))}
    </div>
  );
}
