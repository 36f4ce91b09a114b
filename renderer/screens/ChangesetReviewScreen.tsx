import type { ColDef, GridApi } from 'ag-grid-community';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { GridRequest } from '../../src/api/contract.js';
import { errorMessage, isUnknownMethod } from '../api.js';
import { useApi, useToast, useWorkspace } from '../app/context.js';
import { isTyping, navigate, useKeydown, useLoad } from '../app/hooks.js';
import type {
  ChangesetExportFormat,
  ChangesetItemRow,
  ItemStatus,
  ValidationProblem,
} from '../changesets-contract.js';
import { Icon } from '../components/icons.js';
import {
  Badge,
  Banner,
  Button,
  CategoryTag,
  Dialog,
  EmptyState,
  ErrorBanner,
  Field,
  Kbd,
  Screen,
  SearchBox,
  SeverityBadge,
  Spinner,
} from '../components/ui.js';
import { CategoryCell, MonoCell, SeverityCell } from '../grid/cells.js';
import { DataGrid, type GridModel } from '../grid/DataGrid.js';
import { diffLines, kindLabel, slug, STATUS_LABEL, statusTone } from '../lib/changeset-view.js';
import { formatDateTime, formatInt, formatValue } from '../lib/format.js';
import { StatusBar, Unavailable } from './ChangesetsScreen.js';
import { EvidenceView } from './EvidenceView.js';
import type { CustomCellRendererProps } from 'ag-grid-react';

const TEXT = 'agTextColumnFilter';

function StatusCell(p: CustomCellRendererProps) {
  const s = p.value as ItemStatus | undefined;
  if (!s) return null;
  return <span className={`badge tone-${statusTone(s)}`}>{STATUS_LABEL[s] ?? s}</span>;
}

function ProblemsCell(p: CustomCellRendererProps<ChangesetItemRow>) {
  const r = p.data;
  if (!r || (!r.errors && !r.warnings)) return null;
  return (
    <span className="row gap-sm">
      {r.errors ? (
        <span className="badge tone-bad">
          {r.errors} error{r.errors > 1 ? 's' : ''}
        </span>
      ) : null}
      {r.warnings ? <span className="badge tone-warn">{r.warnings}</span> : null}
    </span>
  );
}

const COLUMNS: ColDef<ChangesetItemRow>[] = [
  {
    colId: 'seq',
    field: 'seq',
    headerName: '#',
    width: 80,
    filter: 'agNumberColumnFilter',
    cellRenderer: MonoCell,
  },
  {
    colId: 'status',
    field: 'status',
    headerName: 'Review',
    width: 110,
    filter: TEXT,
    cellRenderer: StatusCell,
  },
  {
    colId: 'kind',
    field: 'kind',
    headerName: 'Change',
    width: 165,
    filter: TEXT,
    valueFormatter: (p) => (p.value ? kindLabel(String(p.value)) : ''),
  },
  {
    colId: 'target_name',
    headerName: 'CI',
    width: 180,
    filter: TEXT,
    valueGetter: (p) => p.data?.targetName ?? p.data?.target?.name ?? null,
    cellClass: 'cell-strong',
  },
  {
    colId: 'summary',
    field: 'summary',
    headerName: 'Proposed change',
    flex: 1,
    minWidth: 280,
    filter: TEXT,
    tooltipField: 'summary',
  },
  {
    colId: 'category',
    field: 'category',
    headerName: 'From finding',
    width: 180,
    filter: TEXT,
    cellRenderer: CategoryCell,
  },
  {
    colId: 'severity',
    field: 'severity',
    headerName: 'Severity',
    width: 100,
    filter: TEXT,
    cellRenderer: SeverityCell,
    hide: true,
  },
  {
    colId: 'target_class',
    headerName: 'Class',
    width: 160,
    filter: TEXT,
    valueGetter: (p) => p.data?.targetClass ?? null,
    hide: true,
  },
  {
    colId: 'target_source',
    headerName: 'Target',
    width: 120,
    filter: TEXT,
    valueGetter: (p) => p.data?.target?.source ?? null,
    hide: true,
  },
  { colId: 'reviewer', field: 'reviewer', headerName: 'Reviewer', width: 120, filter: TEXT },
  { colId: 'problems', headerName: 'Problems', width: 120, sortable: false, cellRenderer: ProblemsCell },
];

// Formats that write several files (payload batches, one CSV per class, the inverse plan, the manifest)
// are saved as one uncompressed tar archive (src/api/changeset-handlers.ts).
const EXPORTS: { id: ChangesetExportFormat; label: string; ext: string; hint: string }[] = [
  {
    id: 'servicenow-ire',
    label: 'ServiceNow IRE payloads (tar of JSON batches)',
    ext: 'tar',
    hint: 'POST each payload to /api/now/identifyreconcile; the IRE identifies CIs by their identifiers, never by sys_id.',
  },
  {
    id: 'servicenow-csv',
    label: 'ServiceNow import-set CSV (tar, one CSV per class)',
    ext: 'tar',
    hint: 'For transform maps; machine export, no formula escaping.',
  },
  {
    id: 'itop-csv',
    label: 'iTop CSV (tar, one CSV per class)',
    ext: 'tar',
    hint: 'For iTop CSV import, with reconciliation keys; set the organization with cmdbw config.',
  },
  {
    id: 'netbox-csv',
    label: 'NetBox bulk-import CSV (tar)',
    ext: 'tar',
    hint: 'Devices and virtual machines, where the data fits; the rest is listed in unsupported.csv.',
  },
  {
    id: 'csv',
    label: 'Review spreadsheet (CSV)',
    ext: 'csv',
    hint: 'One row per accepted item, formula-escaped, UTF-8 BOM, for people.',
  },
  {
    id: 'json',
    label: 'Changeset document (JSON)',
    ext: 'json',
    hint: 'Items, review trail and content hash; re-importable.',
  },
];

export function ChangesetReviewScreen({ id, available }: { id: number; available: boolean | null }) {
  const api = useApi();
  const ws = useWorkspace();
  const { push } = useToast();
  const cs = useLoad(() => api.call('changesets/get', { id }), [api, id, ws.version]);
  const [quick, setQuick] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [model, setModel] = useState<GridModel>({ sortModel: [], filterModel: {} });
  const [selected, setSelected] = useState<ChangesetItemRow[]>([]);
  const [opened, setOpened] = useState<ChangesetItemRow | null>(null);
  const [problems, setProblems] = useState<ValidationProblem[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const gridApi = useRef<GridApi<ChangesetItemRow> | null>(null);

  const fetchPage = useCallback(
    (req: GridRequest) => api.call('changesets/items', { ...req, id }),
    [api, id],
  );
  const rowId = useCallback((r: ChangesetItemRow) => String(r.seq), []);

  const afterChange = useCallback(() => {
    setRefresh((n) => n + 1);
    cs.reload();
  }, [cs]);

  const review = useCallback(
    async (
      status: ItemStatus,
      items: { seqs: number[] } | 'filter',
      extra: { override?: Record<string, unknown>; comment?: string } = {},
    ) => {
      setBusy(status);
      try {
        const res = await api.call('changesets/review', {
          id,
          items:
            items === 'filter'
              ? { filterModel: model.filterModel, ...(quick.trim() ? { quickFilter: quick.trim() } : {}) }
              : items,
          status,
          ...extra,
        });
        push({
          kind: 'success',
          title: `${STATUS_LABEL[status]}: ${formatInt(res.updated)} ${res.updated === 1 ? 'item' : 'items'}`,
        });
        setProblems(null);
        afterChange();
        // Keep the detail pane in step with what was just reviewed.
        setOpened((o) =>
          o && items !== 'filter' && items.seqs.includes(o.seq)
            ? {
                ...o,
                status,
                ...(extra.override
                  ? { override: extra.override, effective: { ...o.effective, ...extra.override } }
                  : {}),
              }
            : o,
        );
      } catch (e) {
        push({ kind: 'error', title: 'Review not saved', detail: errorMessage(e) });
      } finally {
        setBusy(null);
      }
    },
    [api, id, model.filterModel, quick, push, afterChange],
  );

  const validate = async () => {
    setBusy('validate');
    try {
      const res = await api.call('changesets/validate', { id });
      setProblems(res.problems);
      setRefresh((n) => n + 1);
      if (res.ok)
        push({
          kind: 'success',
          title: 'Validation passed',
          detail: res.problems.length ? `${res.problems.length} warnings` : 'no problems',
        });
    } catch (e) {
      push({ kind: 'error', title: 'Validation failed to run', detail: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  const approve = async () => {
    setBusy('approve');
    try {
      await api.call('changesets/approve', { id });
      push({ kind: 'success', title: 'Changeset approved' });
      afterChange();
      ws.bump();
    } catch (e) {
      push({ kind: 'error', title: 'Not approved', detail: errorMessage(e) });
      if (!isUnknownMethod(e)) void validate();
    } finally {
      setBusy(null);
    }
  };

  useKeydown((e) => {
    if (
      !opened ||
      isTyping(e) ||
      e.ctrlKey ||
      e.metaKey ||
      e.altKey ||
      document.querySelector('[role="dialog"]')
    )
      return;
    if (e.key === 'a') void review('accepted', { seqs: [opened.seq] });
    else if (e.key === 'r') void review('rejected', { seqs: [opened.seq] });
    else if (e.key === 'u') void review('pending', { seqs: [opened.seq] });
  }, !!opened);

  const errorsCount = problems?.filter((p) => p.severity === 'error').length ?? 0;
  const bySeq = useMemo(() => {
    const m = new Map<number, ValidationProblem[]>();
    for (const p of problems ?? []) if (p.seq !== null) m.set(p.seq, [...(m.get(p.seq) ?? []), p]);
    return m;
  }, [problems]);

  if (available === false || (cs.error && isUnknownMethod(cs.error)))
    return (
      <Screen title="Changeset" testid="screen-changeset" ready>
        <Unavailable />
      </Screen>
    );
  if (cs.error && !cs.data)
    return (
      <Screen title={`Changeset #${id}`} testid="screen-changeset" ready>
        <ErrorBanner error={cs.error} onRetry={cs.reload} />
        <Button onClick={() => navigate({ name: 'changesets' })}>All changesets</Button>
      </Screen>
    );
  const c = cs.data;
  if (!c)
    return (
      <Screen title={`Changeset #${id}`} testid="screen-changeset" ready={false}>
        <Spinner />
      </Screen>
    );

  const approved = c.state === 'approved';
  const included = (c.counts.accepted ?? 0) + (c.counts.edited ?? 0);
  return (
    <Screen
      testid="screen-changeset"
      ready={total !== null}
      className="screen-fill"
      title={
        <span className="row gap-sm">
          <button
            type="button"
            className="icon-btn"
            aria-label="All changesets"
            onClick={() => navigate({ name: 'changesets' })}
          >
            <Icon name="chevronRight" className="flip" />
          </button>
          <span data-testid="changeset-title">{c.name}</span>
          <Badge tone={approved ? 'good' : 'neutral'}>
            <span data-testid="changeset-state">{c.state}</span>
          </Badge>
          <span className="muted small">rev. {c.revision}</span>
        </span>
      }
      subtitle={
        <span className="row gap">
          <StatusBar c={c} />
          <span data-testid="changeset-counts">
            {formatInt(c.items)} items · {formatInt(c.counts.pending ?? 0)} pending · {formatInt(included)}{' '}
            accepted · {formatInt(c.counts.rejected ?? 0)} rejected
          </span>
          <span className="muted">
            created {formatDateTime(c.createdAt)} by {c.createdBy}
            {c.approvedAt ? ` · approved ${formatDateTime(c.approvedAt)} by ${c.approvedBy ?? '?'}` : ''}
          </span>
        </span>
      }
      actions={
        <>
          <SearchBox value={quick} onChange={setQuick} placeholder="Search items" testid="item-search" />
          <Button
            icon="shield"
            onClick={() => void validate()}
            disabled={!!busy}
            data-testid="changeset-validate"
          >
            Validate
          </Button>
          <Button
            variant={approved ? 'default' : 'success'}
            icon="check"
            onClick={() => void approve()}
            disabled={!!busy || approved || included === 0}
            title={
              approved
                ? 'Already approved; any review makes a new draft revision'
                : included === 0
                  ? 'Accept at least one item first'
                  : 'Freeze this revision'
            }
            data-testid="changeset-approve"
          >
            {approved ? 'Approved' : 'Approve'}
          </Button>
          <Button
            variant="primary"
            icon="download"
            onClick={() => setExporting(true)}
            disabled={!approved}
            title={approved ? undefined : 'Approve the changeset to export it'}
            data-testid="changeset-export"
          >
            Export…
          </Button>
        </>
      }
    >
      {problems ? (
        problems.length === 0 ? (
          <Banner tone="success">
            <span data-testid="validation-ok">Validation passed: no problems.</span>
          </Banner>
        ) : (
          <div
            className={`problems-panel${errorsCount ? ' has-errors' : ''}`}
            data-testid="validation-problems"
          >
            <strong>
              {errorsCount ? `${errorsCount} errors block approval` : 'No errors'}
              {problems.length - errorsCount ? ` · ${problems.length - errorsCount} warnings` : ''}
            </strong>
            <ul>
              {problems.slice(0, 50).map((p, i) => (
                <li key={i} className={p.severity}>
                  <span className="mono">{p.code}</span>{' '}
                  {p.seq !== null ? <span className="mono">#{p.seq}</span> : null} {p.message}
                </li>
              ))}
              {problems.length > 50 ? <li className="muted">… and {problems.length - 50} more</li> : null}
            </ul>
          </div>
        )
      ) : null}
      {approved ? (
        <Banner tone="info">
          This revision is approved and frozen (hash{' '}
          <span className="mono">{c.contentHash?.slice(0, 12) ?? '—'}</span>). Reviewing an item starts
          revision {c.revision + 1} as a draft.
        </Banner>
      ) : null}
      <div className="toolbar">
        <span className="muted">
          <Kbd>A</Kbd> accept · <Kbd>R</Kbd> reject · <Kbd>U</Kbd> undo the open item
        </span>
        <div className="toolbar-right">
          {selected.length > 0 ? (
            <>
              <span className="selection-count">{formatInt(selected.length)} selected</span>
              <Button
                size="sm"
                variant="success"
                icon="check"
                disabled={!!busy}
                onClick={() => void review('accepted', { seqs: selected.map((s) => s.seq) })}
                data-testid="bulk-accept"
              >
                Accept
              </Button>
              <Button
                size="sm"
                variant="danger"
                icon="x"
                disabled={!!busy}
                onClick={() => void review('rejected', { seqs: selected.map((s) => s.seq) })}
                data-testid="bulk-reject"
              >
                Reject
              </Button>
              <Button
                size="sm"
                variant="ghost"
                disabled={!!busy}
                onClick={() => void review('pending', { seqs: selected.map((s) => s.seq) })}
              >
                Reset
              </Button>
            </>
          ) : (
            <Button
              size="sm"
              icon="check"
              disabled={!!busy || !total}
              onClick={() => void review('accepted', 'filter')}
              data-testid="accept-all"
            >
              Accept all {total !== null ? formatInt(total) : ''}{' '}
              {Object.keys(model.filterModel).length || quick.trim() ? 'matching' : ''}
            </Button>
          )}
        </div>
      </div>
      <div className="split">
        <DataGrid<ChangesetItemRow>
          gridId={`changeset-items`}
          ariaLabel="Changeset items"
          columns={COLUMNS}
          fetchPage={fetchPage}
          quickFilter={quick}
          refreshKey={`${ws.version}:${refresh}`}
          rowId={rowId}
          selection="multi"
          onSelectionChange={setSelected}
          onOpen={setOpened}
          onModelChange={setModel}
          onTotal={setTotal}
          apiRef={gridApi}
          empty={
            <EmptyState icon="changeset" title={quick ? 'No item matches' : 'This changeset has no items'} />
          }
        />
        {opened ? (
          <ItemPanel
            item={opened}
            problems={bySeq.get(opened.seq) ?? []}
            busy={!!busy}
            onClose={() => setOpened(null)}
            onReview={(status, extra) => void review(status, { seqs: [opened.seq] }, extra)}
          />
        ) : null}
      </div>
      {exporting ? (
        <ExportDialog
          id={id}
          name={c.name}
          included={included}
          onClose={() => setExporting(false)}
          onDone={afterChange}
        />
      ) : null}
    </Screen>
  );
}

function ItemPanel({
  item,
  problems,
  busy,
  onClose,
  onReview,
}: {
  item: ChangesetItemRow;
  problems: ValidationProblem[];
  busy: boolean;
  onClose: () => void;
  onReview: (status: ItemStatus, extra?: { override?: Record<string, unknown>; comment?: string }) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [comment, setComment] = useState(item.comment ?? '');
  const lines = diffLines(item);
  const primary = item.editable.includes('after')
    ? 'after'
    : item.editable.includes('survivor')
      ? 'survivor'
      : item.editable.includes('type')
        ? 'type'
        : null;
  return (
    <aside className="side-panel wide" aria-label={`Item ${item.seq}`} data-testid="item-panel">
      <header className="side-panel-header">
        <div>
          <div className="row gap-sm">
            <Badge tone={statusTone(item.status)}>
              <span data-testid="item-status">{STATUS_LABEL[item.status]}</span>
            </Badge>
            <strong>{kindLabel(item.kind)}</strong>
            <span className="mono muted">#{item.seq}</span>
          </div>
          <h2>{item.targetName ?? item.target?.name ?? item.summary}</h2>
          {item.target ? (
            <span className="mono muted small">
              {item.target.source}:{item.target.key}
              {item.targetClass ? ` · ${item.targetClass}` : ''}
            </span>
          ) : (
            <span className="muted small">new CI</span>
          )}
        </div>
        <button type="button" className="icon-btn" aria-label="Close item" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="side-panel-body">
        <table className="table diff" data-testid="item-diff">
          <thead>
            <tr>
              <th>Field</th>
              <th>Before (CMDB now)</th>
              <th>After{item.override ? ' (edited)' : ''}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={i} className={`diff-${l.change}`}>
                <td className="mono">{l.field}</td>
                <td className="diff-before">{l.before ?? <span className="muted">—</span>}</td>
                <td className="diff-after">{l.after ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="reason">{item.reason}</p>
        {item.category ? (
          <div className="row gap-sm">
            <span className="muted">From finding</span>
            {item.severity ? <SeverityBadge severity={item.severity} /> : null}
            <CategoryTag category={item.category} />
            {item.findingId ? <span className="mono muted">#{item.findingId}</span> : null}
            {item.clusterId ? (
              <Button
                size="sm"
                variant="ghost"
                icon="link"
                onClick={() => navigate({ name: 'ci', id: item.clusterId!, tab: null })}
              >
                CI
              </Button>
            ) : null}
          </div>
        ) : null}
        {problems.length ? (
          <ul className="problems">
            {problems.map((p, i) => (
              <li key={i} className={p.severity}>
                <span className="mono">{p.code}</span> {p.message}
              </li>
            ))}
          </ul>
        ) : null}
        <details>
          <summary>Full proposal</summary>
          <EvidenceView value={item.effective} />
        </details>
        {editing && primary ? (
          <div className="edit-box">
            <Field label={`New ${primary === 'after' ? 'value' : primary}`}>
              <input
                autoFocus
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                data-testid="item-edit-value"
              />
            </Field>
            <div className="row gap-sm">
              <Button
                variant="primary"
                size="sm"
                disabled={busy || !draft.trim()}
                onClick={() => {
                  onReview('edited', {
                    override: { [primary]: draft.trim() },
                    ...(comment.trim() ? { comment: comment.trim() } : {}),
                  });
                  setEditing(false);
                }}
                data-testid="item-edit-save"
              >
                Save & accept
              </Button>
              <Button size="sm" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </div>
          </div>
        ) : null}
        <Field label="Comment (kept in the review trail)">
          <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
        </Field>
        <div className="side-panel-actions">
          <Button
            variant="success"
            icon="check"
            disabled={busy}
            onClick={() => onReview('accepted', comment.trim() ? { comment: comment.trim() } : {})}
            data-testid="item-accept"
          >
            Accept
          </Button>
          <Button
            variant="danger"
            icon="x"
            disabled={busy}
            onClick={() => onReview('rejected', comment.trim() ? { comment: comment.trim() } : {})}
            data-testid="item-reject"
          >
            Reject
          </Button>
          {primary ? (
            <Button
              icon="edit"
              disabled={busy}
              onClick={() => {
                setDraft(formatValue((item.effective as Record<string, unknown>)[primary]));
                setEditing(true);
              }}
              data-testid="item-edit"
            >
              Edit
            </Button>
          ) : null}
          {item.status !== 'pending' ? (
            <Button variant="ghost" disabled={busy} onClick={() => onReview('pending')}>
              Undo
            </Button>
          ) : null}
        </div>
        {item.reviewer ? (
          <p className="muted small">
            Reviewed by {item.reviewer} {item.reviewedAt ? `on ${formatDateTime(item.reviewedAt)}` : ''}
          </p>
        ) : null}
      </div>
    </aside>
  );
}

function ExportDialog({
  id,
  name,
  included,
  onClose,
  onDone,
}: {
  id: number;
  name: string;
  included: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const api = useApi();
  const { push } = useToast();
  const [format, setFormat] = useState<ChangesetExportFormat>('servicenow-ire');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{
    items: number;
    files: { name: string; sha256: string }[];
    warnings: string[];
  } | null>(null);
  const f = EXPORTS.find((x) => x.id === format)!;

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.saveAs(
        {
          title: 'Export changeset',
          defaultName: `${slug(name)}.${f.ext}`,
          filters: [{ name: f.label, extensions: [f.ext] }],
        },
        (file) => api.call('changesets/export', { id, file, format }),
      );
      if (res) {
        setResult(res);
        push({ kind: 'success', title: `Exported ${formatInt(res.items)} items` });
        onDone();
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Export changeset"
      onClose={onClose}
      testid="export-dialog"
      footer={
        result ? (
          <Button variant="primary" onClick={onClose} data-testid="export-close">
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              variant="primary"
              icon="download"
              onClick={() => void run()}
              disabled={busy}
              data-testid="export-confirm"
            >
              {busy ? 'Exporting…' : `Export ${formatInt(included)} items`}
            </Button>
          </>
        )
      }
    >
      {result ? (
        <div data-testid="export-result">
          <Banner tone="success">
            Exported {formatInt(result.items)} items to {result.files.length}{' '}
            {result.files.length === 1 ? 'file' : 'files'}.
          </Banner>
          <table className="table compact">
            <thead>
              <tr>
                <th>File</th>
                <th>SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {result.files.map((x) => (
                <tr key={x.name}>
                  <td className="mono">{x.name}</td>
                  <td className="mono small">{x.sha256.slice(0, 16)}…</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.warnings.length ? (
            <ul className="problems">
              {result.warnings.map((w, i) => (
                <li key={i} className="warning">
                  {w}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <>
          <fieldset className="radio-list">
            <legend>Format</legend>
            {EXPORTS.map((x) => (
              <label key={x.id} className={`radio-row${x.id === format ? ' active' : ''}`}>
                <input
                  type="radio"
                  name="export-format"
                  value={x.id}
                  checked={x.id === format}
                  onChange={() => setFormat(x.id)}
                />
                <span>
                  <strong>{x.label}</strong>
                  <span className="muted small">{x.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <ErrorBanner error={error} title="Export failed" />
        </>
      )}
    </Dialog>
  );
}
