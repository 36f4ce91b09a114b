import { Fragment, useState } from 'react';
import type { ColumnFilter } from '../../src/api/contract.js';
import { useApi, useWorkspace } from '../app/context.js';
import { navigate, useLoad } from '../app/hooks.js';
import { useReconcile } from '../app/jobs.js';
import { Icon } from '../components/icons.js';
import { Badge, Button, EmptyState, ErrorBanner, ProgressBar, Screen, Stat } from '../components/ui.js';
import { formatBytes, formatDateTime, formatInt, formatPercent, relativeTime } from '../lib/format.js';
import { baseName, formatLabel } from '../lib/import-plan.js';

/** CIs whose comma-separated `sources` list names this source exactly. */
function sourceFilter(name: string): Record<string, ColumnFilter> {
  return {
    sources: {
      filterType: 'text',
      operator: 'OR',
      conditions: [
        { filterType: 'text', type: 'equals', filter: name },
        { filterType: 'text', type: 'startsWith', filter: `${name},` },
        { filterType: 'text', type: 'endsWith', filter: `,${name}` },
        { filterType: 'text', type: 'contains', filter: `,${name},` },
      ],
    },
  };
}

export function SourcesScreen() {
  const api = useApi();
  const ws = useWorkspace();
  const sources = useLoad(() => api.call('sources/list', {}), [api, ws.version]);
  const last = useLoad(() => api.call('reconcile/last', {}), [api, ws.version]);
  const quality = useLoad(() => api.call('quality/report', {}), [api, ws.version]);
  const coverage = useLoad(async () => {
    const list = sources.data;
    if (!list || !last.data) return null;
    const page = { startRow: 0, endRow: 1, sortModel: [] };
    const total = (await api.call('cis/rows', { ...page, filterModel: {} })).lastRow;
    const out: Record<string, number> = {};
    for (const s of list)
      out[s.source] = (await api.call('cis/rows', { ...page, filterModel: sourceFilter(s.source) })).lastRow;
    return { total, bySource: out };
  }, [api, sources.data, last.data]);
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const { job, error, reconcile } = useReconcile();

  const list = sources.data ?? [];
  const totalRecords = list.reduce((a, s) => a + s.records, 0);
  const running = job?.status === 'running';
  return (
    <Screen
      title="Sources"
      subtitle="What each CMDB and discovery source contributed, batch by batch."
      testid="screen-sources"
      ready={sources.data !== undefined || sources.error !== null}
      actions={
        <>
          <Button icon="import" onClick={() => navigate({ name: 'import' })}>
            Import…
          </Button>
          <Button
            variant="primary"
            icon="refresh"
            onClick={() => void reconcile()}
            disabled={running || list.length === 0}
            data-testid="sources-reconcile"
          >
            {running ? 'Reconciling…' : 'Reconcile'}
          </Button>
        </>
      }
    >
      <ErrorBanner error={sources.error} onRetry={sources.reload} />
      <ErrorBanner error={error} title="Reconciliation failed" />
      {running && job ? (
        <div className="job-progress" data-testid="reconcile-progress">
          <ProgressBar value={job.progress} label="Reconciliation progress" />
          <span className="muted">{job.detail}</span>
        </div>
      ) : null}
      {list.length > 0 ? (
        <div className="stats-row">
          <Stat
            label="Sources"
            value={formatInt(list.length)}
            hint={`${list.filter((s) => s.role === 'cmdb').length} CMDB · ${list.filter((s) => s.role === 'discovery').length} discovery`}
          />
          <Stat label="Current records" value={formatInt(totalRecords)} />
          <Stat
            label="Last reconciliation"
            value={last.data ? `#${last.data.runId}` : '—'}
            hint={last.data ? `${formatInt(last.data.clusters)} CIs` : 'not run yet'}
          />
          <Stat
            label="Last import"
            value={relativeTime(
              list
                .map((s) => s.lastImport)
                .filter(Boolean)
                .sort()
                .pop() ?? null,
            )}
          />
        </div>
      ) : null}
      {sources.data && list.length === 0 ? (
        <EmptyState
          icon="sources"
          title="No sources yet"
          testid="sources-empty"
          actions={
            <Button variant="primary" icon="import" onClick={() => navigate({ name: 'import' })}>
              Import files
            </Button>
          }
        >
          A source is a CMDB export or a discovery tool. Import its files; each import becomes a batch.
        </EmptyState>
      ) : null}
      {list.length > 0 ? (
        <div className="panel">
          <table className="table sources-table" data-testid="sources-table">
            <thead>
              <tr>
                <th aria-label="Expand" />
                <th>Source</th>
                <th>Role</th>
                <th>Formats</th>
                <th className="num">Records</th>
                <th className="num">Relationships</th>
                <th className="num" title="Share of all CIs this source reports">
                  Coverage
                </th>
                <th className="num" title="Records of this source with at least one finding">
                  With findings
                </th>
                <th className="num">Quality</th>
                <th className="num">Batches</th>
                <th>Last import</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => {
                const q = quality.data?.report.bySource[s.source];
                const cov = coverage.data ? coverage.data.bySource[s.source] : undefined;
                const isOpen = !!open[s.source];
                return (
                  <Fragment key={s.source}>
                    <tr data-testid="source-row" className={isOpen ? 'expanded' : undefined}>
                      <td>
                        <button
                          type="button"
                          className="icon-btn"
                          aria-expanded={isOpen}
                          aria-label={`${isOpen ? 'Hide' : 'Show'} batches of ${s.source}`}
                          onClick={() => setOpen((o) => ({ ...o, [s.source]: !o[s.source] }))}
                        >
                          <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} />
                        </button>
                      </td>
                      <td className="strong">{s.source}</td>
                      <td>
                        <Badge tone={s.role === 'cmdb' ? 'accent' : 'neutral'}>{s.role}</Badge>
                      </td>
                      <td>{s.formats.map(formatLabel).join(', ')}</td>
                      <td className="num">{formatInt(s.records)}</td>
                      <td className="num">{formatInt(s.relationships)}</td>
                      <td className="num">
                        {cov !== undefined && coverage.data?.total ? (
                          <span
                            className="coverage"
                            title={`${formatInt(cov)} of ${formatInt(coverage.data.total)} CIs`}
                          >
                            <span className="mini-bar">
                              <span style={{ width: `${(cov / coverage.data.total) * 100}%` }} />
                            </span>
                            {formatPercent(cov / coverage.data.total)}
                          </span>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td className="num">
                        {q
                          ? `${formatInt(q.recordsWithFindings)} (${formatPercent(q.records ? q.recordsWithFindings / q.records : 0)})`
                          : '—'}
                      </td>
                      <td className="num">{q ? q.score.toFixed(0) : '—'}</td>
                      <td className="num">{s.batches.length}</td>
                      <td title={formatDateTime(s.lastImport)}>{relativeTime(s.lastImport)}</td>
                    </tr>
                    {isOpen ? (
                      <tr className="sub-row">
                        <td />
                        <td colSpan={10}>
                          <table className="table compact" data-testid="batches-table">
                            <thead>
                              <tr>
                                <th>Batch</th>
                                <th>Format</th>
                                <th>State</th>
                                <th>Imported</th>
                                <th>By</th>
                                <th className="num">Records</th>
                                <th className="num">Relationships</th>
                                <th className="num">Skipped</th>
                                <th className="num">Warnings</th>
                                <th className="num">Size</th>
                                <th>Files</th>
                              </tr>
                            </thead>
                            <tbody>
                              {s.batches.map((b) => (
                                <tr key={b.id}>
                                  <td className="mono">#{b.id}</td>
                                  <td>{formatLabel(b.format)}</td>
                                  <td>
                                    {b.current ? (
                                      <Badge tone="good">current</Badge>
                                    ) : (
                                      <Badge>superseded</Badge>
                                    )}
                                  </td>
                                  <td>{formatDateTime(b.importedAt)}</td>
                                  <td>{b.importedBy}</td>
                                  <td className="num">{formatInt(b.records)}</td>
                                  <td className="num">{formatInt(b.relationships)}</td>
                                  <td className="num">{formatInt(b.skipped)}</td>
                                  <td className="num">{formatInt(b.warnings)}</td>
                                  <td className="num">{formatBytes(b.bytes)}</td>
                                  <td className="muted" title={b.files.join('\n')}>
                                    {b.files.map(baseName).join(', ')}
                                  </td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </Screen>
  );
}
