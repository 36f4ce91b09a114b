import type { ColDef, GridApi } from 'ag-grid-community';
import Papa from 'papaparse';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { ColumnFilter, FindingGridRow, GridRequest } from '../../src/api/contract.js';
import { errorMessage, isUnknownMethod } from '../api.js';
import { useApi, useToast, useWorkspace } from '../app/context.js';
import { navigate, useLoad } from '../app/hooks.js';
import { Icon } from '../components/icons.js';
import {
  Button,
  CategoryTag,
  Dialog,
  EmptyState,
  ErrorBanner,
  Field,
  Properties,
  Screen,
  SearchBox,
  SeverityBadge,
  Spinner,
} from '../components/ui.js';
import { ColumnChooser } from '../grid/ColumnChooser.js';
import { CategoryCell, MonoCell, SeverityCell } from '../grid/cells.js';
import { DataGrid, type GridModel } from '../grid/DataGrid.js';
import { FilterBar } from '../grid/FilterBar.js';
import { describeFilters } from '../lib/grid-request.js';
import { formatInt, formatValue, humanize, SEVERITY_ORDER, severityRank } from '../lib/format.js';
import { EvidenceView } from './EvidenceView.js';

const TEXT = 'agTextColumnFilter';
const NUM = 'agNumberColumnFilter';

const COLUMNS: ColDef<FindingGridRow>[] = [
  { field: 'id', headerName: 'ID', width: 85, filter: NUM, cellRenderer: MonoCell },
  { field: 'severity', headerName: 'Severity', width: 105, filter: TEXT, cellRenderer: SeverityCell },
  { field: 'category', headerName: 'Category', width: 165, filter: TEXT, cellRenderer: CategoryCell },
  { field: 'ci_name', headerName: 'CI', width: 190, filter: TEXT, cellClass: 'cell-strong' },
  { field: 'cluster_id', headerName: 'CI id', width: 85, filter: NUM, hide: true },
  { field: 'source', headerName: 'Source', width: 100, filter: TEXT },
  { field: 'native_key', headerName: 'Record key', width: 150, filter: TEXT, cellRenderer: MonoCell, hide: true },
  { field: 'attribute', headerName: 'Attribute', width: 130, filter: TEXT, cellRenderer: MonoCell },
  { field: 'summary', headerName: 'Summary', flex: 1, minWidth: 260, filter: TEXT, tooltipField: 'summary' },
];
const LABELS = new Map(COLUMNS.map((c) => [c.field as string, c.headerName ?? String(c.field)]));

function routeFilter(category: string | null, severity: string | null): Record<string, ColumnFilter> {
  const m: Record<string, ColumnFilter> = {};
  if (category) m.category = { filterType: 'text', type: 'equals', filter: category };
  if (severity) m.severity = { filterType: 'text', type: 'equals', filter: severity };
  return m;
}

export function FindingsScreen({ category, severity }: { category: string | null; severity: string | null }) {
  const api = useApi();
  const ws = useWorkspace();
  const { push } = useToast();
  const [quick, setQuick] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [model, setModel] = useState<GridModel>({ sortModel: [], filterModel: {} });
  const [selected, setSelected] = useState<FindingGridRow[]>([]);
  const [opened, setOpened] = useState<FindingGridRow | null>(null);
  const [accept, setAccept] = useState<null | {
    mode: 'selected' | 'filter' | 'one';
    rows: FindingGridRow[];
  }>(null);
  const gridApi = useRef<GridApi<FindingGridRow> | null>(null);
  const summary = useLoad(() => api.call('findings/summary', {}), [api, ws.version]);

  const external = useMemo(() => routeFilter(category, severity), [category, severity]);
  const fetchPage = useCallback((req: GridRequest) => api.call('findings/rows', req), [api]);
  const rowId = useCallback((r: FindingGridRow) => String(r.id), []);
  const filters = useMemo(
    () => describeFilters(model.filterModel, (c) => LABELS.get(c) ?? c),
    [model.filterModel],
  );
  const hasFilters = filters.length > 0 || quick.trim() !== '';
  const canChangeset = ws.changesets !== false;

  const matrix = useMemo(() => {
    const cats = new Map<string, Record<string, number>>();
    const bySev: Record<string, number> = {};
    let all = 0;
    for (const r of summary.data ?? []) {
      const row = cats.get(r.category) ?? {};
      row[r.severity] = (row[r.severity] ?? 0) + r.count;
      cats.set(r.category, row);
      bySev[r.severity] = (bySev[r.severity] ?? 0) + r.count;
      all += r.count;
    }
    const rows = [...cats.entries()]
      .map(([cat, counts]) => ({
        cat,
        counts,
        total: Object.values(counts).reduce((a, b) => a + b, 0),
        worst: Math.min(...Object.keys(counts).map(severityRank)),
      }))
      .sort((a, b) => a.worst - b.worst || b.total - a.total);
    return { rows, bySev, all };
  }, [summary.data]);

  const copyCsv = async () => {
    const csv = Papa.unparse(
      selected.map((r) => ({
        id: r.id,
        severity: r.severity,
        category: r.category,
        ci: r.ci_name ?? '',
        source: r.source,
        key: r.native_key,
        attribute: r.attribute ?? '',
        summary: r.summary,
      })),
      // Spreadsheet-safe: a value starting with = + - @ tab CR LF is prefixed with ' (OWASP CSV injection).
      { escapeFormulae: /^[=+\-@\t\r\n\0]/ },
    );
    try {
      await navigator.clipboard.writeText(csv);
      push({ kind: 'success', title: `Copied ${selected.length} findings as CSV` });
    } catch (e) {
      push({ kind: 'error', title: 'Could not copy', detail: errorMessage(e) });
    }
  };

  const summaryReady = summary.data !== undefined || summary.error !== null;
  return (
    <Screen
      title="Findings"
      subtitle={
        <span data-testid="finding-count">
          {total === null ? 'Loading…' : `${formatInt(total)} ${hasFilters ? 'matching' : ''} findings`}
          {matrix.all && hasFilters ? ` of ${formatInt(matrix.all)}` : ''}
        </span>
      }
      testid="screen-findings"
      ready={total !== null && summaryReady}
      className="screen-fill"
      actions={
        <>
          <SearchBox
            value={quick}
            onChange={setQuick}
            placeholder="Search CI, key, summary"
            testid="finding-search"
          />
          <ColumnChooser apiRef={gridApi} />
        </>
      }
    >
      <ErrorBanner error={summary.error} onRetry={summary.reload} />
      <div className="toolbar" data-testid="finding-toolbar">
        {hasFilters ? (
          <FilterBar
            quick={quick}
            filters={filters}
            inline
            onClear={() => {
              setQuick('');
              if (category || severity) navigate({ name: 'findings', category: null, severity: null });
              else gridApi.current?.setFilterModel(null);
            }}
          />
        ) : (
          <span className="muted">Tick findings to act on them, or act on everything the filters match.</span>
        )}
        <div className="toolbar-right">
          {selected.length > 0 ? (
            <>
              <span className="selection-count" data-testid="selection-count">
                {formatInt(selected.length)} selected
              </span>
              <Button size="sm" variant="ghost" onClick={() => gridApi.current?.deselectAll()}>
                Clear
              </Button>
              <Button size="sm" icon="file" onClick={() => void copyCsv()}>
                Copy CSV
              </Button>
            </>
          ) : null}
          {canChangeset ? (
            <>
              <Button
                size="sm"
                variant="primary"
                icon="check"
                disabled={selected.length === 0}
                onClick={() => setAccept({ mode: 'selected', rows: selected })}
                data-testid="accept-selected"
                title="Plan the fixes for the selected findings in a new changeset"
              >
                Accept {selected.length > 0 ? formatInt(selected.length) : ''} into changeset
              </Button>
              {hasFilters && total ? (
                <Button
                  size="sm"
                  icon="filter"
                  onClick={() => setAccept({ mode: 'filter', rows: [] })}
                  data-testid="accept-filtered"
                >
                  Accept all {formatInt(total)} matching
                </Button>
              ) : null}
            </>
          ) : null}
        </div>
      </div>
      <div className="split">
        {matrix.rows.length > 0 ? (
          <aside className="facets" aria-label="Filter findings" data-testid="finding-facets">
            <button
              type="button"
              className={`facet${!category && !severity ? ' active' : ''}`}
              onClick={() => navigate({ name: 'findings', category: null, severity: null })}
            >
              <span>All findings</span>
              <span className="facet-count">{formatInt(matrix.all)}</span>
            </button>
            <div className="facet-title">Severity</div>
            {SEVERITY_ORDER.filter((s) => matrix.bySev[s]).map((s) => (
              <button
                key={s}
                type="button"
                className={`facet${severity === s ? ' active' : ''}`}
                aria-pressed={severity === s}
                onClick={() => navigate({ name: 'findings', category, severity: severity === s ? null : s })}
                data-testid={`facet-severity-${s}`}
              >
                <SeverityBadge severity={s} />
                <span className="facet-count">{formatInt(matrix.bySev[s] ?? 0)}</span>
              </button>
            ))}
            <div className="facet-title">Category</div>
            {matrix.rows.map((r) => (
              <button
                key={r.cat}
                type="button"
                className={`facet${category === r.cat ? ' active' : ''}`}
                aria-pressed={category === r.cat}
                onClick={() =>
                  navigate({ name: 'findings', category: category === r.cat ? null : r.cat, severity })
                }
                data-testid={`facet-${r.cat}`}
                title={SEVERITY_ORDER.filter((s) => r.counts[s])
                  .map((s) => `${r.counts[s]} ${s}`)
                  .join(', ')}
              >
                <span className="facet-label">
                  <span>{humanize(r.cat)}</span>
                  <span className="sev-bar">
                    {SEVERITY_ORDER.map((s) =>
                      r.counts[s] ? (
                        <span key={s} className={`sev-seg sev-${s}`} style={{ flexGrow: r.counts[s] }} />
                      ) : null,
                    )}
                  </span>
                </span>
                <span className="facet-count">{formatInt(r.total)}</span>
              </button>
            ))}
          </aside>
        ) : null}
        <DataGrid<FindingGridRow>
          gridId="findings"
          ariaLabel="Findings"
          columns={COLUMNS}
          fetchPage={fetchPage}
          quickFilter={quick}
          refreshKey={ws.version}
          rowId={rowId}
          selection="multi"
          onSelectionChange={setSelected}
          onOpen={setOpened}
          onModelChange={setModel}
          onTotal={setTotal}
          filterModel={external}
          apiRef={gridApi}
          empty={
            hasFilters ? (
              <EmptyState icon="filter" title="No finding matches these filters" />
            ) : (
              <EmptyState icon="check" title="No findings">
                Either the workspace has not been reconciled yet, or your CMDB and discovery agree. Nice.
              </EmptyState>
            )
          }
        />
        {opened ? (
          <FindingPanel
            finding={opened}
            onClose={() => setOpened(null)}
            onAccept={canChangeset ? () => setAccept({ mode: 'one', rows: [opened] }) : undefined}
          />
        ) : null}
      </div>
      <div className="grid-hint muted">Enter or double-click opens a finding · Space ticks it</div>
      {accept ? (
        <AcceptDialog
          mode={accept.mode}
          rows={accept.rows}
          total={total ?? 0}
          filterModel={model.filterModel}
          quickFilter={quick}
          onClose={() => setAccept(null)}
          onDone={() => {
            setAccept(null);
            gridApi.current?.deselectAll();
          }}
        />
      ) : null}
    </Screen>
  );
}

function FindingPanel({
  finding,
  onClose,
  onAccept,
}: {
  finding: FindingGridRow;
  onClose: () => void;
  onAccept?: () => void;
}) {
  const api = useApi();
  const ci = useLoad(
    () => (finding.cluster_id ? api.call('cis/get', { id: finding.cluster_id }) : Promise.resolve(null)),
    [api, finding.cluster_id],
  );
  const full = ci.data?.findings.find((f) => f.id === finding.id);
  return (
    <aside className="side-panel" aria-label={`Finding ${finding.id}`} data-testid="finding-panel">
      <header className="side-panel-header">
        <div>
          <div className="row gap-sm">
            <SeverityBadge severity={finding.severity} />
            <CategoryTag category={finding.category} />
          </div>
          <h2 data-testid="finding-title">{finding.summary}</h2>
        </div>
        <button type="button" className="icon-btn" aria-label="Close finding" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="side-panel-body">
        <Properties
          items={[
            ['Finding', <span className="mono">#{finding.id}</span>],
            ['CI', finding.ci_name ?? (finding.cluster_id ? `#${finding.cluster_id}` : null)],
            ['Source', finding.source],
            ['Record key', <span className="mono">{finding.native_key}</span>],
            ['Attribute', finding.attribute ? <span className="mono">{finding.attribute}</span> : null],
          ]}
        />
        <h3>Evidence</h3>
        {ci.loading && ci.data === undefined ? <Spinner /> : null}
        <ErrorBanner error={ci.error} onRetry={ci.reload} />
        {full ? (
          <EvidenceView value={full.evidence} />
        ) : !ci.loading ? (
          <p className="muted">No further evidence recorded for this finding.</p>
        ) : null}
        <div className="side-panel-actions">
          {onAccept ? (
            <Button variant="primary" icon="check" onClick={onAccept} data-testid="accept-one">
              Accept into changeset
            </Button>
          ) : null}
          {finding.cluster_id ? (
            <>
              <Button
                icon="link"
                onClick={() => navigate({ name: 'ci', id: finding.cluster_id!, tab: null })}
                data-testid="finding-open-ci"
              >
                Open CI
              </Button>
              <Button icon="graph" onClick={() => navigate({ name: 'graph', id: finding.cluster_id! })}>
                Graph
              </Button>
            </>
          ) : null}
        </div>
      </div>
    </aside>
  );
}

function defaultName(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `Review ${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function AcceptDialog({
  mode,
  rows,
  total,
  filterModel,
  quickFilter,
  onClose,
  onDone,
}: {
  mode: 'selected' | 'filter' | 'one';
  rows: FindingGridRow[];
  total: number;
  filterModel: Record<string, ColumnFilter>;
  quickFilter: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const api = useApi();
  const ws = useWorkspace();
  const { push } = useToast();
  const [name, setName] = useState(defaultName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = mode === 'filter' ? total : rows.length;
  const byCat = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.category, (m.get(r.category) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1]);
  }, [rows]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.call('changesets/create', {
        name: name.trim() || defaultName(),
        ...(mode === 'filter'
          ? { filterModel, ...(quickFilter.trim() ? { quickFilter: quickFilter.trim() } : {}) }
          : { findingIds: rows.map((r) => r.id) }),
      });
      ws.bump();
      push({
        kind: 'success',
        title: `Changeset “${res.name}” created`,
        detail: `${formatInt(res.items)} items from ${formatInt(res.findings)} findings`,
      });
      onDone();
      navigate({ name: 'changeset', id: res.id });
    } catch (e) {
      setError(
        isUnknownMethod(e) ? 'This version of the core cannot build changesets yet.' : errorMessage(e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Accept into a changeset"
      onClose={onClose}
      testid="accept-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            icon="check"
            onClick={() => void submit()}
            disabled={busy || count === 0}
            data-testid="accept-confirm"
          >
            {busy
              ? 'Planning…'
              : `Create changeset from ${formatInt(count)} ${count === 1 ? 'finding' : 'findings'}`}
          </Button>
        </>
      }
    >
      <p>
        The core plans one change per finding (update an attribute, register a missing CI, merge duplicates,
        retire a CI…). Nothing is sent anywhere: you review each item, approve the changeset, then export it
        for your CMDB.
      </p>
      <Field label="Changeset name">
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="changeset-name"
          maxLength={200}
        />
      </Field>
      {mode === 'filter' ? (
        <p className="muted">
          Every finding that matches the current filters and search ({formatInt(total)}).
        </p>
      ) : (
        <ul className="mini-list">
          {byCat.map(([c, n]) => (
            <li key={c}>
              <CategoryTag category={c} /> <span className="muted">× {n}</span>
            </li>
          ))}
          {rows.length === 1 ? <li className="muted">{formatValue(rows[0]!.summary)}</li> : null}
        </ul>
      )}
      <ErrorBanner error={error} title="Could not create the changeset" />
    </Dialog>
  );
}
