import { useMemo } from 'react';
import { useApi, useWorkspace } from '../app/context.js';
import { navigate, useLoad } from '../app/hooks.js';
import { BatchColumns, GroupedBars, HBarChart, LineChart } from '../charts/Charts.js';
import { Button, EmptyState, ErrorBanner, Screen, Spinner, Stat } from '../components/ui.js';
import { formatDateTime, formatInt, humanize } from '../lib/format.js';

const COMPONENTS = [
  { key: 'completeness', label: 'Completeness', className: 'series-0' },
  { key: 'correctness', label: 'Correctness', className: 'series-1' },
  { key: 'compliance', label: 'Compliance', className: 'series-2' },
];

export function QualityScreen() {
  const api = useApi();
  const ws = useWorkspace();
  const q = useLoad(() => api.call('quality/report', {}), [api, ws.version]);
  const sources = useLoad(() => api.call('sources/list', {}), [api, ws.version]);
  const findings = useLoad(() => api.call('findings/summary', {}), [api, ws.version]);

  const byType = useMemo(() => {
    const r = q.data?.report.byType ?? {};
    return Object.entries(r)
      .filter(([t]) => t !== 'template')
      .sort((a, b) => b[1].cis - a[1].cis);
  }, [q.data]);
  const bySource = useMemo(
    () => Object.entries(q.data?.report.bySource ?? {}).sort((a, b) => a[0].localeCompare(b[0])),
    [q.data],
  );
  const batches = useMemo(
    () =>
      (sources.data ?? [])
        .flatMap((s) =>
          s.batches.map((b) => ({
            id: b.id,
            source: s.source,
            records: b.records + b.relationships,
            at: formatDateTime(b.importedAt),
            current: b.current,
          })),
        )
        .sort((a, b) => a.id - b.id)
        .slice(-40),
    [sources.data],
  );
  const byCategory = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of findings.data ?? []) m.set(r.category, (m.get(r.category) ?? 0) + r.count);
    return [...m.entries()].sort((a, b) => b[1] - a[1]);
  }, [findings.data]);

  const ready = q.data !== undefined || q.error !== null;
  if (!ready)
    return (
      <Screen title="Data quality" testid="screen-quality" ready={false}>
        <Spinner />
      </Screen>
    );
  const report = q.data?.report;
  return (
    <Screen
      title="Data quality"
      subtitle="Completeness, correctness and compliance of the golden records, per CI type, per source and over time."
      testid="screen-quality"
      ready
    >
      <ErrorBanner error={q.error} onRetry={q.reload} />
      {!report ? (
        <EmptyState
          icon="quality"
          title="No quality figures yet"
          testid="quality-empty"
          actions={
            <Button variant="primary" onClick={() => navigate({ name: 'sources' })}>
              Go to Sources and reconcile
            </Button>
          }
        >
          Quality is measured on every reconciliation.
        </EmptyState>
      ) : (
        <>
          <div className="stats-row">
            <Stat
              label="Overall score"
              value={report.overall.score.toFixed(0)}
              tone={report.overall.score >= 80 ? 'good' : report.overall.score >= 50 ? 'warn' : 'bad'}
              testid="quality-overall"
            />
            <Stat
              label="Completeness"
              value={report.overall.completeness.toFixed(0)}
              hint="required & recommended attributes present"
            />
            <Stat
              label="Correctness"
              value={report.overall.correctness.toFixed(0)}
              hint="CMDB agrees with discovery"
            />
            <Stat
              label="Compliance"
              value={report.overall.compliance.toFixed(0)}
              hint="owner, support group, lifecycle"
            />
            <Stat label="CIs scored" value={formatInt(report.overall.cis)} />
          </div>
          <div className="dash-grid">
            <section className="panel">
              <div className="panel-header">
                <h2>Score by CI type</h2>
              </div>
              <HBarChart
                title="Quality score by CI type"
                testid="chart-by-type"
                data={byType.map(([t, b]) => ({
                  label: `${humanize(t)} (${formatInt(b.cis)})`,
                  value: b.score,
                }))}
              />
            </section>
            <section className="panel">
              <div className="panel-header">
                <h2>What the score is made of</h2>
              </div>
              <GroupedBars
                title="Completeness, correctness and compliance by CI type"
                testid="chart-components"
                series={COMPONENTS}
                rows={byType.map(([t, b]) => ({
                  label: humanize(t),
                  values: {
                    completeness: b.completeness,
                    correctness: b.correctness,
                    compliance: b.compliance,
                  },
                }))}
              />
            </section>
            <section className="panel">
              <div className="panel-header">
                <h2>Score by source</h2>
              </div>
              <HBarChart
                title="Quality score by source"
                testid="chart-by-source"
                data={bySource.map(([s, b]) => ({
                  label: s,
                  value: b.score,
                  hint: `${formatInt(b.records)} records, ${formatInt(b.recordsWithFindings)} with findings`,
                }))}
              />
            </section>
            <section className="panel">
              <div className="panel-header">
                <h2>Overall score per reconciliation</h2>
              </div>
              {(q.data?.history.length ?? 0) > 0 ? (
                <LineChart
                  title="Overall quality score per reconciliation run"
                  testid="chart-history"
                  points={q.data!.history.map((h) => ({
                    x: `#${h.runId}`,
                    y: h.score,
                    hint: formatDateTime(h.at),
                  }))}
                />
              ) : (
                <p className="muted">One point per reconciliation run appears here.</p>
              )}
            </section>
            <section className="panel">
              <div className="panel-header">
                <h2>Import batches</h2>
              </div>
              {batches.length ? (
                <BatchColumns
                  title="Records and relationships per import batch"
                  testid="chart-batches"
                  batches={batches}
                />
              ) : (
                <p className="muted">No batches yet.</p>
              )}
            </section>
            <section className="panel">
              <div className="panel-header">
                <h2>Findings by category</h2>
              </div>
              {byCategory.length ? (
                <HBarChart
                  title="Findings by category"
                  testid="chart-findings"
                  max={Math.max(...byCategory.map(([, n]) => n))}
                  format={(v) => formatInt(v)}
                  tone={() => 'accent'}
                  data={byCategory.map(([c, n]) => ({
                    label: humanize(c),
                    value: n,
                    onClick: () => navigate({ name: 'findings', category: c, severity: null }),
                  }))}
                />
              ) : (
                <p className="muted">No findings.</p>
              )}
            </section>
          </div>
        </>
      )}
    </Screen>
  );
}
