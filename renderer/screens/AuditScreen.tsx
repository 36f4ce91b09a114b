import type { ColDef } from 'ag-grid-community';
import { useCallback, useState } from 'react';
import type { AuditRow, GridRequest, ResultOf } from '../../src/api/contract.js';
import { errorMessage } from '../api.js';
import { useApi, useWorkspace } from '../app/context.js';
import { Banner, Button, EmptyState, ErrorBanner, Screen, SearchBox } from '../components/ui.js';
import { MonoCell } from '../grid/cells.js';
import { DataGrid } from '../grid/DataGrid.js';
import { formatDateTime, formatInt } from '../lib/format.js';

const TEXT = 'agTextColumnFilter';
const COLUMNS: ColDef<AuditRow>[] = [
  {
    field: 'seq',
    headerName: '#',
    width: 80,
    filter: 'agNumberColumnFilter',
    cellRenderer: MonoCell,
    sort: 'desc',
  },
  {
    field: 'at',
    headerName: 'When',
    width: 160,
    filter: TEXT,
    valueFormatter: (p) => formatDateTime(p.value as string | null),
  },
  { field: 'actor', headerName: 'Who', width: 130, filter: TEXT },
  { field: 'action', headerName: 'Action', width: 170, filter: TEXT, cellRenderer: MonoCell },
  { field: 'target', headerName: 'Target', width: 220, filter: TEXT, tooltipField: 'target' },
  { field: 'detail', headerName: 'Detail', flex: 1, minWidth: 300, filter: TEXT, tooltipField: 'detail' },
];

/** The hash-chained audit trail: every import, reconciliation, review and export, with integrity check. */
export function AuditScreen() {
  const api = useApi();
  const ws = useWorkspace();
  const [quick, setQuick] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [verify, setVerify] = useState<ResultOf<'audit/verify'> | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fetchPage = useCallback((req: GridRequest) => api.call('audit/rows', req), [api]);
  const rowId = useCallback((r: AuditRow) => String(r.seq), []);

  const runVerify = async () => {
    setVerifying(true);
    setError(null);
    try {
      setVerify(await api.call('audit/verify', {}));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <Screen
      title="Audit log"
      subtitle={
        <span data-testid="audit-count">
          {total === null
            ? 'Loading…'
            : `${formatInt(total)} entries, each chained to the previous by its hash`}
        </span>
      }
      testid="screen-audit"
      ready={total !== null}
      className="screen-fill"
      actions={
        <>
          <SearchBox
            value={quick}
            onChange={setQuick}
            placeholder="Search who, action, target, detail"
            testid="audit-search"
          />
          <Button
            icon="shield"
            onClick={() => void runVerify()}
            disabled={verifying}
            data-testid="audit-verify"
          >
            {verifying ? 'Verifying…' : 'Verify chain'}
          </Button>
        </>
      }
    >
      <ErrorBanner error={error} title="Verification failed to run" />
      {verify ? (
        verify.ok ? (
          <Banner tone="success">
            <span data-testid="audit-verify-ok">
              Intact: all {formatInt(verify.entries)} entries verify against their hashes.
            </span>
          </Banner>
        ) : (
          <ErrorBanner
            title="The audit trail was altered"
            error={`Entry #${verify.firstBad ?? '?'} does not verify: ${verify.reason ?? 'hash mismatch'}.`}
          />
        )
      ) : null}
      <DataGrid<AuditRow>
        gridId="audit"
        ariaLabel="Audit log"
        columns={COLUMNS}
        fetchPage={fetchPage}
        quickFilter={quick}
        refreshKey={ws.version}
        rowId={rowId}
        onTotal={setTotal}
        empty={<EmptyState icon="audit" title={quick ? 'No entry matches' : 'The audit log is empty'} />}
      />
    </Screen>
  );
}
