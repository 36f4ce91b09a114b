import type { ColDef, GridApi } from 'ag-grid-community';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { CiRow } from '../../src/api/contract.js';
import { errorMessage } from '../api.js';
import { useApi, useToast, useWorkspace } from '../app/context.js';
import { navigate } from '../app/hooks.js';
import { Button, EmptyState, Screen, SearchBox } from '../components/ui.js';
import { ColumnChooser } from '../grid/ColumnChooser.js';
import { CountCell, MonoCell, QualityCell, SourcesCell, TypeCell } from '../grid/cells.js';
import { DataGrid, type GridModel } from '../grid/DataGrid.js';
import { FilterBar } from '../grid/FilterBar.js';
import { describeFilters } from '../lib/grid-request.js';
import { formatInt, humanize } from '../lib/format.js';

const TEXT = 'agTextColumnFilter';
const NUM = 'agNumberColumnFilter';

const COLUMNS: ColDef<CiRow>[] = [
  { field: 'id', headerName: 'ID', width: 90, filter: NUM, cellRenderer: MonoCell, pinned: 'left' },
  { field: 'name', headerName: 'Name', width: 220, filter: TEXT, pinned: 'left', cellClass: 'cell-strong' },
  { field: 'ci_type', headerName: 'Type', width: 130, filter: TEXT, cellRenderer: TypeCell },
  { field: 'host_name', headerName: 'Host name', width: 170, filter: TEXT, cellRenderer: MonoCell },
  { field: 'ip_address', headerName: 'IP address', width: 130, filter: TEXT, cellRenderer: MonoCell },
  { field: 'serial_number', headerName: 'Serial number', width: 160, filter: TEXT, cellRenderer: MonoCell },
  { field: 'os', headerName: 'OS', width: 200, filter: TEXT, tooltipField: 'os' },
  { field: 'os_family', headerName: 'OS family', width: 110, filter: TEXT, hide: true },
  { field: 'owner', headerName: 'Owner', width: 150, filter: TEXT },
  { field: 'support_group', headerName: 'Support group', width: 170, filter: TEXT },
  { field: 'location', headerName: 'Location', width: 150, filter: TEXT },
  {
    field: 'status',
    headerName: 'Status',
    width: 110,
    filter: TEXT,
    valueFormatter: (p) => (p.value ? humanize(String(p.value)) : ''),
  },
  {
    field: 'sources',
    headerName: 'Sources',
    width: 200,
    filter: TEXT,
    cellRenderer: SourcesCell,
    sortable: false,
  },
  { field: 'member_count', headerName: 'Records', width: 95, filter: NUM, type: 'numericColumn' },
  { field: 'cmdb_count', headerName: 'CMDB', width: 85, filter: NUM, type: 'numericColumn', hide: true },
  {
    field: 'discovery_count',
    headerName: 'Discovery',
    width: 100,
    filter: NUM,
    type: 'numericColumn',
    hide: true,
  },
  { field: 'finding_count', headerName: 'Findings', width: 100, filter: NUM, cellRenderer: CountCell },
  { field: 'quality', headerName: 'Quality', width: 130, filter: NUM, cellRenderer: QualityCell },
];

const LABELS = new Map(COLUMNS.map((c) => [c.field as string, c.headerName ?? String(c.field)]));

export function CisScreen() {
  const api = useApi();
  const ws = useWorkspace();
  const { push } = useToast();
  const [quick, setQuick] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [model, setModel] = useState<GridModel>({ sortModel: [], filterModel: {} });
  const [exporting, setExporting] = useState(false);
  const gridApi = useRef<GridApi<CiRow> | null>(null);

  const fetchPage = useCallback(
    (req: Parameters<typeof api.call<'cis/rows'>>[1]) => api.call('cis/rows', req),
    [api],
  );
  const rowId = useCallback((r: CiRow) => String(r.id), []);
  const open = useCallback((r: CiRow) => navigate({ name: 'ci', id: r.id, tab: null }), []);

  const filters = useMemo(
    () => describeFilters(model.filterModel, (c) => LABELS.get(c) ?? c),
    [model.filterModel],
  );

  const exportView = async (format: 'csv' | 'xlsx') => {
    const g = gridApi.current;
    if (!g) return;
    const columns = (g.getAllDisplayedColumns() ?? []).map((c) => c.getColId()).filter((c) => LABELS.has(c));
    setExporting(true);
    try {
      const res = await api.saveAs(
        {
          title: 'Export the CI view',
          defaultName: `cis.${format}`,
          filters: [
            format === 'csv'
              ? { name: 'CSV', extensions: ['csv'] }
              : { name: 'Excel workbook', extensions: ['xlsx'] },
          ],
        },
        (file) =>
          api.call('cis/export', {
            file,
            format,
            request: {
              sortModel: model.sortModel,
              filterModel: model.filterModel,
              ...(quick.trim() ? { quickFilter: quick.trim() } : {}),
            },
            columns,
          }),
      );
      if (res) push({ kind: 'success', title: `Exported ${formatInt(res.rows)} CIs`, detail: res.file });
    } catch (e) {
      push({ kind: 'error', title: 'Export failed', detail: errorMessage(e) });
    } finally {
      setExporting(false);
    }
  };

  const hasFilters = filters.length > 0 || quick.trim() !== '';
  return (
    <Screen
      title="Configuration items"
      subtitle={
        <span data-testid="ci-count">
          {total === null ? 'Loading…' : `${formatInt(total)} ${hasFilters ? 'matching' : 'golden'} CIs`}
          {' · '}every source's records merged into one golden record per CI
        </span>
      }
      testid="screen-cis"
      ready={total !== null}
      className="screen-fill"
      actions={
        <>
          <SearchBox
            value={quick}
            onChange={setQuick}
            placeholder="Search name, host, IP, serial, owner"
            testid="ci-search"
          />
          <ColumnChooser apiRef={gridApi} />
          <Button
            icon="download"
            onClick={() => void exportView('csv')}
            disabled={exporting || !total}
            data-testid="ci-export-csv"
          >
            CSV
          </Button>
          <Button
            icon="download"
            onClick={() => void exportView('xlsx')}
            disabled={exporting || !total}
            data-testid="ci-export-xlsx"
          >
            XLSX
          </Button>
        </>
      }
    >
      {hasFilters ? (
        <FilterBar
          quick={quick}
          filters={filters}
          testid="filter-bar"
          onClear={() => {
            setQuick('');
            gridApi.current?.setFilterModel(null);
          }}
        />
      ) : null}
      <DataGrid<CiRow>
        gridId="cis"
        ariaLabel="Configuration items"
        columns={COLUMNS}
        fetchPage={fetchPage}
        quickFilter={quick}
        refreshKey={ws.version}
        rowId={rowId}
        onOpen={open}
        onModelChange={setModel}
        onTotal={setTotal}
        apiRef={gridApi}
        blockSize={200}
        empty={
          hasFilters ? (
            <EmptyState icon="filter" title="No CI matches these filters" />
          ) : (
            <EmptyState
              icon="grid"
              title="No CIs yet"
              actions={
                <Button variant="primary" onClick={() => navigate({ name: 'start' })}>
                  Import and reconcile
                </Button>
              }
            >
              CIs appear after the first reconciliation of imported sources.
            </EmptyState>
          )
        }
      />
      <div className="grid-hint muted">
        Double-click or press Enter on a row to open the CI · sort and filter from the column headers
      </div>
    </Screen>
  );
}
