/**
 * One server-paged grid: AG Grid's Infinite row model over a `…/rows` API method, which sorts, filters and
 * pages in SQL. Column state (order, width, visibility, sort) persists per grid in localStorage.
 */
import { AgGridReact } from 'ag-grid-react';
import type {
  CellKeyDownEvent,
  ColDef,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IDatasource,
  IGetRowsParams,
  RowDoubleClickedEvent,
} from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { ColumnFilter, GridPage, GridRequest, SortItem } from '../../src/api/contract.js';
import { errorMessage } from '../api.js';
import { toGridRequest } from '../lib/grid-request.js';
import { gridTheme, registerGridModules, styleNonce } from './setup.js';
import { Button } from '../components/ui.js';

registerGridModules();

export interface GridModel {
  sortModel: SortItem[];
  filterModel: Record<string, ColumnFilter>;
}

export interface DataGridProps<Row> {
  gridId: string;
  columns: ColDef<Row>[];
  fetchPage: (req: GridRequest) => Promise<GridPage<Row>>;
  quickFilter?: string;
  /** Any change reloads every block (e.g. the workspace data version). */
  refreshKey?: unknown;
  rowId: (row: Row) => string;
  selection?: 'single' | 'multi';
  onSelectionChange?: (rows: Row[]) => void;
  onOpen?: (row: Row) => void;
  onModelChange?: (m: GridModel) => void;
  onTotal?: (n: number | null) => void;
  /** Filters set from outside the grid (a route, a summary click); applied when the value changes. */
  filterModel?: Record<string, ColumnFilter> | null;
  apiRef?: RefObject<GridApi<Row> | null>;
  empty?: ReactNode;
  /** Rows fetched per request. */
  blockSize?: number;
  ariaLabel: string;
}

const STATE_PREFIX = 'cmdbw.grid.';

function loadColumnState(id: string): unknown[] | null {
  try {
    const raw = localStorage.getItem(STATE_PREFIX + id);
    return raw ? (JSON.parse(raw) as unknown[]) : null;
  } catch {
    return null;
  }
}

export function DataGrid<Row>(props: DataGridProps<Row>) {
  const {
    gridId,
    columns,
    quickFilter,
    refreshKey,
    rowId,
    selection,
    apiRef,
    empty,
    blockSize = 100,
    ariaLabel,
    filterModel,
  } = props;
  const ownApi = useRef<GridApi<Row> | null>(null);
  const filterKey = filterModel === undefined ? undefined : JSON.stringify(filterModel ?? {});
  useEffect(() => {
    if (filterKey === undefined || !ownApi.current) return;
    ownApi.current.setFilterModel(JSON.parse(filterKey) as Record<string, ColumnFilter>);
  }, [filterKey]);
  const fetchRef = useRef(props.fetchPage);
  const cbRef = useRef(props);
  useEffect(() => {
    fetchRef.current = props.fetchPage;
    cbRef.current = props;
  });
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rendered, setRendered] = useState(false);
  const [reloadNonce, setReloadNonce] = useState(0);
  const restoring = useRef(true);
  const nonce = useMemo(() => styleNonce(), []);

  const datasource = useMemo<IDatasource>(() => {
    // refreshKey and reloadNonce are read so a change builds a new datasource, which makes the grid reload.
    void refreshKey;
    void reloadNonce;
    return {
      getRows(p: IGetRowsParams) {
        const req = toGridRequest(p, quickFilter);
        fetchRef.current(req).then(
          (page) => {
            p.successCallback(page.rows, page.lastRow);
            setError(null);
            setTotal(page.lastRow);
            cbRef.current.onTotal?.(page.lastRow);
          },
          (e: unknown) => {
            p.failCallback();
            setError(errorMessage(e));
          },
        );
      },
    };
  }, [quickFilter, refreshKey, reloadNonce]);

  const defaultColDef = useMemo<ColDef<Row>>(
    () => ({
      sortable: true,
      resizable: true,
      minWidth: 70,
      suppressHeaderMenuButton: false,
      filterParams: { maxNumConditions: 2, debounceMs: 300, buttons: ['reset'] },
    }),
    [],
  );

  const getRowId = useCallback((p: GetRowIdParams<Row>) => rowId(p.data), [rowId]);

  const saveState = useCallback(
    (api: GridApi<Row>) => {
      if (restoring.current) return;
      try {
        localStorage.setItem(STATE_PREFIX + gridId, JSON.stringify(api.getColumnState()));
      } catch {
        /* storage unavailable */
      }
    },
    [gridId],
  );

  const emitModel = useCallback((api: GridApi<Row>) => {
    const sortModel = api
      .getColumnState()
      .filter((c) => c.sort)
      .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
      .map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' }));
    const filterModel = toGridRequest({
      startRow: 0,
      endRow: 0,
      sortModel: [],
      filterModel: api.getFilterModel(),
    }).filterModel;
    cbRef.current.onModelChange?.({ sortModel, filterModel });
  }, []);

  const onGridReady = useCallback(
    (e: GridReadyEvent<Row>) => {
      if (apiRef) apiRef.current = e.api;
      ownApi.current = e.api;
      const state = loadColumnState(gridId);
      if (state) e.api.applyColumnState({ state: state as never, applyOrder: true });
      const initial = cbRef.current.filterModel;
      if (initial) e.api.setFilterModel(initial);
      // Column events fired while restoring are the grid's own, not the user's: do not save them.
      window.setTimeout(() => {
        restoring.current = false;
      }, 0);
      emitModel(e.api);
    },
    [apiRef, gridId, emitModel],
  );

  const onCellKeyDown = useCallback((e: CellKeyDownEvent<Row>) => {
    const ke = e.event as KeyboardEvent | null | undefined;
    if (ke?.key === 'Enter' && e.data) {
      ke.preventDefault();
      cbRef.current.onOpen?.(e.data);
    }
  }, []);

  const onRowDoubleClicked = useCallback((e: RowDoubleClickedEvent<Row>) => {
    if (e.data) cbRef.current.onOpen?.(e.data);
  }, []);

  const rowSelection = useMemo(
    () =>
      selection === 'multi'
        ? ({
            mode: 'multiRow',
            checkboxes: true,
            headerCheckbox: false,
            enableClickSelection: false,
          } as const)
        : selection === 'single'
          ? ({ mode: 'singleRow', checkboxes: false, enableClickSelection: true } as const)
          : undefined,
    [selection],
  );

  const state = error ? 'error' : rendered || total === 0 ? 'ready' : 'loading';
  return (
    <div className="grid-wrap" data-testid={`grid-${gridId}`} data-state={state} data-total={total ?? ''}>
      <div className="grid-host" role="region" aria-label={ariaLabel}>
        <AgGridReact<Row>
          theme={gridTheme}
          styleNonce={nonce}
          columnDefs={columns}
          defaultColDef={defaultColDef}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={blockSize}
          maxBlocksInCache={60}
          infiniteInitialRowCount={1}
          maxConcurrentDatasourceRequests={2}
          blockLoadDebounceMillis={60}
          getRowId={getRowId}
          rowSelection={rowSelection}
          suppressCellFocus={false}
          suppressDragLeaveHidesColumns
          tooltipShowDelay={400}
          animateRows={false}
          onGridReady={onGridReady}
          onFirstDataRendered={() => setRendered(true)}
          onCellKeyDown={onCellKeyDown}
          onRowDoubleClicked={onRowDoubleClicked}
          onSelectionChanged={(e) => cbRef.current.onSelectionChange?.(e.api.getSelectedRows())}
          onSortChanged={(e) => {
            saveState(e.api);
            emitModel(e.api);
          }}
          onFilterChanged={(e) => emitModel(e.api)}
          onColumnMoved={(e) => e.finished && saveState(e.api)}
          onColumnResized={(e) => e.finished && saveState(e.api)}
          onColumnVisible={(e) => saveState(e.api)}
          onColumnPinned={(e) => saveState(e.api)}
        />
        {total === 0 && !error && empty ? <div className="grid-overlay">{empty}</div> : null}
        {error ? (
          <div className="grid-overlay" role="alert">
            <div className="grid-error" data-testid="grid-error">
              <strong>Could not load rows.</strong>
              <span>{error}</span>
              <Button size="sm" icon="refresh" onClick={() => setReloadNonce((n) => n + 1)}>
                Retry
              </Button>
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}
