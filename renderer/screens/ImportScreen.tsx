import { useState } from 'react';
import type { ApiError, ImportPreview, JobState } from '../../src/api/contract.js';
import { errorCode, errorMessage } from '../api.js';
import { useApi, useToast, useWorkspace } from '../app/context.js';
import { navigate } from '../app/hooks.js';
import { describeReconcile, useJob } from '../app/jobs.js';
import { Icon } from '../components/icons.js';
import {
  Badge,
  Banner,
  Button,
  EmptyState,
  ErrorBanner,
  Field,
  ProgressBar,
  Screen,
} from '../components/ui.js';
import { formatBytes, formatDuration, formatInt } from '../lib/format.js';
import {
  baseName,
  batchProblems,
  defaultRole,
  defaultSource,
  ENCODINGS,
  FORMATS,
  formatLabel,
  planBatches,
  type FormatId,
  type PlannedBatch,
  type PlannedFile,
} from '../lib/import-plan.js';
import { cleanMapping, guessMapping, validateMapping, type ColumnMapping } from '../lib/mapping.js';
import { MappingEditor } from './MappingEditor.js';

type ImportSummary = Extract<NonNullable<JobState['result']>, { batchId: number }>;

interface BatchOutcome {
  key: string;
  source: string;
  format: string | undefined;
  files: string[];
  status: 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: number;
  detail: string;
  summary?: ImportSummary;
  error?: ApiError;
}

type Phase = 'pick' | 'review' | 'importing' | 'done';

const IMPORT_FILTERS = [
  { name: 'Inventories and exports', extensions: ['csv', 'json', 'ndjson', 'jsonl', 'xml', 'xlsx', 'txt'] },
  { name: 'All files', extensions: ['*'] },
];

export function ImportScreen() {
  const api = useApi();
  const ws = useWorkspace();
  const { push } = useToast();
  const [phase, setPhase] = useState<Phase>('pick');
  const [batches, setBatches] = useState<PlannedBatch[]>([]);
  const [mappings, setMappings] = useState<Record<string, ColumnMapping>>({});
  const [selected, setSelected] = useState<{ batch: string; file: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<BatchOutcome[]>([]);
  const importJob = useJob();
  const reconcileJob = useJob();
  const [reconcileError, setReconcileError] = useState<string | null>(null);

  const choose = async () => {
    setError(null);
    setBusy(true);
    try {
      const tokens = await api.pickFiles({
        title: 'Choose files to import',
        multiple: true,
        filters: IMPORT_FILTERS,
      });
      if (tokens.length === 0) return;
      const files: PlannedFile[] = [];
      for (const token of tokens) files.push({ token, preview: await previewOf(token) });
      const planned = planBatches(files);
      const maps: Record<string, ColumnMapping> = {};
      for (const b of planned)
        if (b.format === 'csv') maps[b.key] = guessMapping(b.files[0]?.preview.header ?? []);
      setBatches(planned);
      setMappings(maps);
      setSelected(planned[0]?.files[0] ? { batch: planned[0].key, file: planned[0].files[0].token } : null);
      setPhase('review');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const previewOf = async (
    token: string,
    opts: { encoding?: string; format?: FormatId } = {},
  ): Promise<ImportPreview> => {
    try {
      return await api.call('import/preview', {
        file: token,
        ...(opts.encoding ? { encoding: opts.encoding } : {}),
        ...(opts.format ? { format: opts.format } : {}),
      });
    } catch (e) {
      return { file: token, size: 0, encoding: '', error: errorMessage(e) };
    }
  };

  const updateBatch = (key: string, patch: Partial<PlannedBatch>) =>
    setBatches((bs) => bs.map((b) => (b.key === key ? { ...b, ...patch } : b)));

  /** Re-reads the previews of a batch after its encoding or format changed. */
  const repreview = async (b: PlannedBatch, encoding: string, format: FormatId | undefined) => {
    setBusy(true);
    try {
      const files: PlannedFile[] = [];
      for (const f of b.files)
        files.push({ token: f.token, preview: await previewOf(f.token, { encoding, format }) });
      const patch: Partial<PlannedBatch> = { files, encoding, format };
      if (format !== b.format) {
        patch.role = defaultRole(format);
        patch.source = defaultSource(format, files[0]?.preview.file ?? '');
        if (format === 'csv')
          setMappings((m) => ({ ...m, [b.key]: m[b.key] ?? guessMapping(files[0]?.preview.header ?? []) }));
      }
      updateBatch(b.key, patch);
    } finally {
      setBusy(false);
    }
  };

  const allProblems = batches.map((b) => {
    const p = batchProblems(b, !!mappings[b.key]);
    if (b.format === 'csv' && mappings[b.key])
      for (const mp of validateMapping(mappings[b.key]!, b.files[0]?.preview.header ?? []))
        if (mp.severity === 'error') p.push(mp.message);
    return p;
  });
  const blocked = allProblems.some((p) => p.length > 0);

  const runImports = async () => {
    setPhase('importing');
    const initial: BatchOutcome[] = batches.map((b) => ({
      key: b.key,
      source: b.source.trim(),
      format: b.format,
      files: b.files.map((f) => baseName(f.preview.file)),
      status: 'waiting',
      progress: 0,
      detail: 'waiting',
    }));
    setOutcomes(initial);
    const patch = (key: string, p: Partial<BatchOutcome>) =>
      setOutcomes((os) => os.map((o) => (o.key === key ? { ...o, ...p } : o)));
    for (const b of batches) {
      patch(b.key, { status: 'running', detail: 'starting' });
      try {
        const mapping = b.format === 'csv' && mappings[b.key] ? cleanMapping(mappings[b.key]!) : undefined;
        const j = await importJob.start(() =>
          api.call('import/start', {
            files: b.files.map((f) => f.token),
            source: b.source.trim(),
            ...(b.format ? { format: b.format } : {}),
            ...(b.encoding ? { encoding: b.encoding } : {}),
            ...(mapping ? { mapping } : {}),
            role: b.role,
          }),
        );
        patch(b.key, {
          status: j.status === 'running' ? 'done' : j.status,
          progress: 1,
          detail: j.detail,
          summary: j.result && 'batchId' in j.result ? j.result : undefined,
          error: j.error,
        });
      } catch (e) {
        patch(b.key, {
          status: 'failed',
          error: {
            code: errorCode(e) ?? 'ERROR',
            message: errorMessage(e),
            details: (e as { details?: Record<string, unknown> }).details,
          },
        });
      }
    }
    ws.bump();
    setPhase('done');
  };

  const reconcile = async () => {
    setReconcileError(null);
    try {
      const j = await reconcileJob.start(() => api.call('reconcile/start', {}));
      if (j.status === 'done') {
        push({ kind: 'success', title: 'Reconciliation finished', detail: describeReconcile(j) });
        ws.bump();
      } else if (j.status === 'failed') setReconcileError(j.error?.message ?? 'reconciliation failed');
    } catch (e) {
      setReconcileError(errorMessage(e));
    }
  };

  const reset = () => {
    setPhase('pick');
    setBatches([]);
    setOutcomes([]);
    setSelected(null);
    importJob.reset();
    reconcileJob.reset();
  };

  const live = importJob.job;
  const selBatch = batches.find((b) => b.key === selected?.batch);
  const selFile = selBatch?.files.find((f) => f.token === selected?.file);

  return (
    <Screen
      title="Import"
      subtitle="CMDB exports and discovery outputs. Pick several files at once: each format becomes its own batch."
      testid="screen-import"
      ready
      actions={
        phase === 'review' ? (
          <>
            <Button onClick={reset}>Start over</Button>
            <Button
              variant="primary"
              icon="import"
              onClick={runImports}
              disabled={blocked || busy}
              data-testid="import-start"
            >
              Import {batches.length === 1 ? '1 batch' : `${batches.length} batches`}
            </Button>
          </>
        ) : phase === 'done' ? (
          <Button icon="plus" onClick={reset} data-testid="import-more">
            Import more files
          </Button>
        ) : null
      }
    >
      <ol className="wizard-steps" aria-label="Import steps">
        {(['pick', 'review', 'importing', 'done'] as Phase[]).map((p, i) => (
          <li
            key={p}
            className={
              p === phase
                ? 'active'
                : ['pick', 'review', 'importing', 'done'].indexOf(phase) > i
                  ? 'done'
                  : ''
            }
          >
            <span className="step-n">{i + 1}</span>
            {['Choose files', 'Check format & mapping', 'Import', 'Result'][i]}
          </li>
        ))}
      </ol>
      <ErrorBanner error={error} title="Could not read the files" />

      {phase === 'pick' ? (
        <EmptyState
          icon="upload"
          title="Choose the files to import"
          testid="import-pick"
          actions={
            <Button
              variant="primary"
              icon="folder"
              onClick={choose}
              disabled={busy}
              data-testid="import-choose"
            >
              {busy ? 'Reading…' : 'Choose files…'}
            </Button>
          }
        >
          ServiceNow CSV/JSON exports, NetBox dumps, nmap XML, RVTools vInfo (CSV or XLSX), GLPI inventories,
          AWS describe-instances JSON, or any CSV with a column mapping. Formats and encodings are detected;
          you can override both. An import is all-or-nothing: a bad file leaves the workspace unchanged.
        </EmptyState>
      ) : null}

      {phase === 'review' ? (
        <div className="import-review">
          <div className="batch-list" data-testid="batch-list">
            {batches.map((b, bi) => (
              <div className="batch-card" key={b.key} data-testid="batch-card" data-format={b.format ?? ''}>
                <div className="batch-head">
                  <Badge tone={b.role === 'cmdb' ? 'accent' : 'neutral'}>{b.role}</Badge>
                  <strong>{formatLabel(b.format)}</strong>
                </div>
                <div className="batch-fields">
                  <Field label="Source">
                    <input
                      value={b.source}
                      onChange={(e) => updateBatch(b.key, { source: e.target.value })}
                      data-testid="batch-source"
                    />
                  </Field>
                  <Field label="Role">
                    <select
                      value={b.role}
                      onChange={(e) => updateBatch(b.key, { role: e.target.value as 'cmdb' | 'discovery' })}
                    >
                      <option value="cmdb">CMDB</option>
                      <option value="discovery">Discovery</option>
                    </select>
                  </Field>
                  <Field label="Format">
                    <select
                      value={b.format ?? ''}
                      onChange={(e) =>
                        void repreview(b, b.encoding, (e.target.value || undefined) as FormatId | undefined)
                      }
                      data-testid="batch-format"
                    >
                      <option value="">Choose…</option>
                      {FORMATS.map((f) => (
                        <option key={f.id} value={f.id}>
                          {f.label}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field label="Encoding">
                    <select
                      value={b.encoding}
                      onChange={(e) => void repreview(b, e.target.value, b.format)}
                      data-testid="batch-encoding"
                    >
                      {ENCODINGS.map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.id === '' && b.files[0]?.preview.encoding
                            ? `Detected: ${b.files[0].preview.encoding}`
                            : x.label}
                        </option>
                      ))}
                    </select>
                  </Field>
                </div>
                <ul className="batch-files">
                  {b.files.map((f) => (
                    <li key={f.token}>
                      <button
                        type="button"
                        className={`file-row${selected?.file === f.token ? ' active' : ''}`}
                        onClick={() => setSelected({ batch: b.key, file: f.token })}
                        data-testid="batch-file"
                      >
                        <Icon name="file" />
                        <span className="file-name">{baseName(f.preview.file)}</span>
                        <span className="muted">{formatBytes(f.preview.size)}</span>
                        {f.preview.error ? <Badge tone="bad">error</Badge> : null}
                      </button>
                    </li>
                  ))}
                </ul>
                {allProblems[bi]?.length ? (
                  <ul className="problems">
                    {allProblems[bi]!.map((p, i) => (
                      <li key={i} className="error">
                        {p}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ))}
          </div>
          <div className="preview-pane" data-testid="preview-pane">
            {selFile && selBatch ? (
              <>
                <div className="preview-meta">
                  <h3>{baseName(selFile.preview.file)}</h3>
                  <span>
                    {selFile.preview.format ? (
                      <>
                        Detected{' '}
                        <strong data-testid="detected-format">{formatLabel(selFile.preview.format)}</strong>
                        {selFile.preview.reason ? (
                          <span className="muted"> — {selFile.preview.reason}</span>
                        ) : null}
                      </>
                    ) : (
                      <span className="warn-text">
                        Format not recognised{selFile.preview.reason ? `: ${selFile.preview.reason}` : ''}
                      </span>
                    )}
                  </span>
                  <span className="muted">
                    {formatBytes(selFile.preview.size)} · {selFile.preview.encoding || 'encoding unknown'}
                    {selFile.preview.delimiter
                      ? ` · delimiter “${selFile.preview.delimiter === '\t' ? 'tab' : selFile.preview.delimiter}”`
                      : ''}
                  </span>
                </div>
                {selFile.preview.error ? (
                  <ErrorBanner title="This file cannot be read" error={selFile.preview.error} />
                ) : null}
                {selFile.preview.header ? (
                  <PreviewTable header={selFile.preview.header} rows={selFile.preview.rows ?? []} />
                ) : !selFile.preview.error ? (
                  <p className="muted">
                    No tabular preview for this format; the importer reads it as a stream.
                  </p>
                ) : null}
                {selBatch.format === 'csv' && mappings[selBatch.key] ? (
                  <>
                    <h3>Column mapping</h3>
                    <MappingEditor
                      header={selFile.preview.header ?? []}
                      sample={selFile.preview.rows ?? []}
                      value={mappings[selBatch.key]!}
                      onChange={(m) => setMappings((ms) => ({ ...ms, [selBatch.key]: m }))}
                    />
                  </>
                ) : null}
              </>
            ) : (
              <p className="muted">Select a file to preview it.</p>
            )}
          </div>
        </div>
      ) : null}

      {phase === 'importing' || phase === 'done' ? (
        <div className="import-run" data-testid="import-run">
          <table className="table">
            <thead>
              <tr>
                <th>Source</th>
                <th>Format</th>
                <th>Files</th>
                <th>Status</th>
                <th className="num">Records</th>
                <th className="num">Relationships</th>
                <th className="num">Skipped</th>
                <th className="num">Warnings</th>
                <th className="num">Time</th>
              </tr>
            </thead>
            <tbody>
              {outcomes.map((o) => (
                <tr key={o.key} data-testid="import-outcome" data-status={o.status}>
                  <td>{o.source}</td>
                  <td>{formatLabel(o.format)}</td>
                  <td className="muted">{o.files.join(', ')}</td>
                  <td>
                    {o.status === 'running' && live ? (
                      <div className="inline-progress">
                        <ProgressBar
                          value={live.progress}
                          label={`Importing ${o.source}`}
                          testid="import-progress"
                        />
                        <span className="muted">{Math.round(live.progress * 100)}%</span>
                      </div>
                    ) : (
                      <Badge tone={o.status === 'done' ? 'good' : o.status === 'failed' ? 'bad' : 'neutral'}>
                        {o.status}
                      </Badge>
                    )}
                  </td>
                  <td className="num">{o.summary ? formatInt(o.summary.records) : ''}</td>
                  <td className="num">{o.summary ? formatInt(o.summary.relationships) : ''}</td>
                  <td className="num">{o.summary ? formatInt(o.summary.skipped) : ''}</td>
                  <td className="num">{o.summary ? formatInt(o.summary.warningCount) : ''}</td>
                  <td className="num">{o.summary ? formatDuration(o.summary.durationMs) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {phase === 'importing' && live ? (
            <div className="job-progress">
              <span className="muted">{live.detail}</span>
              <Button size="sm" variant="ghost" onClick={() => void importJob.cancel()}>
                Cancel
              </Button>
            </div>
          ) : null}
          {outcomes
            .filter((o) => o.error)
            .map((o) => (
              <ImportErrorView key={o.key} outcome={o} />
            ))}
          {outcomes
            .filter((o) => (o.summary?.warnings.length ?? 0) > 0)
            .map((o) => (
              <details key={o.key} className="warnings">
                <summary>
                  {o.source}: {formatInt(o.summary!.warningCount)} warnings
                  {o.summary!.warningCount > o.summary!.warnings.length
                    ? ` (first ${o.summary!.warnings.length} shown)`
                    : ''}
                </summary>
                <table className="table compact">
                  <thead>
                    <tr>
                      <th>File</th>
                      <th className="num">Line</th>
                      <th>Field</th>
                      <th>Value</th>
                      <th>Message</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.summary!.warnings.map((w, i) => (
                      <tr key={i}>
                        <td>{baseName(w.file)}</td>
                        <td className="num">{w.location?.line ?? w.location?.record ?? ''}</td>
                        <td className="mono">{w.field ?? ''}</td>
                        <td className="mono">{w.value ?? ''}</td>
                        <td>{w.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            ))}
          {phase === 'done' ? (
            <div className="after-import" data-testid="after-import">
              {outcomes.every((o) => o.status === 'done') ? (
                <Banner tone="success">
                  Imported {formatInt(outcomes.reduce((a, o) => a + (o.summary?.records ?? 0), 0))} records
                  from {outcomes.length} {outcomes.length === 1 ? 'batch' : 'batches'}.
                </Banner>
              ) : null}
              <div className="row gap">
                <Button
                  variant="primary"
                  icon="refresh"
                  onClick={reconcile}
                  disabled={reconcileJob.job?.status === 'running'}
                  data-testid="import-reconcile"
                >
                  {reconcileJob.job?.status === 'running' ? 'Reconciling…' : 'Reconcile now'}
                </Button>
                <Button icon="sources" onClick={() => navigate({ name: 'sources' })}>
                  View sources
                </Button>
                {reconcileJob.job?.status === 'done' ? (
                  <Button
                    icon="findings"
                    onClick={() => navigate({ name: 'findings', category: null, severity: null })}
                    data-testid="goto-findings"
                  >
                    Review findings
                  </Button>
                ) : null}
              </div>
              {reconcileJob.job?.status === 'running' ? (
                <div className="job-progress" data-testid="reconcile-progress">
                  <ProgressBar value={reconcileJob.job.progress} label="Reconciliation progress" />
                  <span className="muted">{reconcileJob.job.detail}</span>
                </div>
              ) : null}
              {reconcileJob.job?.status === 'done' ? (
                <Banner tone="success">
                  <span data-testid="reconcile-done">
                    Reconciliation finished: {describeReconcile(reconcileJob.job)}.
                  </span>
                </Banner>
              ) : null}
              <ErrorBanner error={reconcileError} title="Reconciliation failed" />
            </div>
          ) : null}
        </div>
      ) : null}
    </Screen>
  );
}

function PreviewTable({ header, rows }: { header: string[]; rows: string[][] }) {
  return (
    <div className="table-scroll preview-table" data-testid="preview-table">
      <table className="table compact">
        <thead>
          <tr>
            <th className="num muted">#</th>
            {header.map((h, i) => (
              <th key={i} className="mono">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, ri) => (
            <tr key={ri}>
              <td className="num muted">{ri + 2}</td>
              {header.map((_, ci) => (
                <td key={ci} title={r[ci]}>
                  {r[ci]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ImportErrorView({ outcome }: { outcome: BatchOutcome }) {
  const e = outcome.error!;
  const d = (e.details ?? {}) as {
    file?: string;
    line?: number;
    record?: number;
    field?: string;
    value?: string;
    reason?: string;
  };
  return (
    <div className="banner banner-error" role="alert" data-testid="import-error">
      <Icon name="warning" />
      <div className="banner-text">
        <strong>{outcome.source}: import failed — nothing from this batch was written</strong>
        <span>{e.message}</span>
        {d.file || d.line !== undefined ? (
          <dl className="error-location">
            {d.file ? (
              <>
                <dt>File</dt>
                <dd className="mono">{baseName(d.file)}</dd>
              </>
            ) : null}
            {d.line !== undefined ? (
              <>
                <dt>Line</dt>
                <dd className="mono" data-testid="import-error-line">
                  {d.line}
                </dd>
              </>
            ) : null}
            {d.record !== undefined ? (
              <>
                <dt>Record</dt>
                <dd className="mono">{d.record}</dd>
              </>
            ) : null}
            {d.field ? (
              <>
                <dt>Field</dt>
                <dd className="mono">{d.field}</dd>
              </>
            ) : null}
            {d.value !== undefined ? (
              <>
                <dt>Value</dt>
                <dd className="mono">{d.value}</dd>
              </>
            ) : null}
          </dl>
        ) : null}
      </div>
    </div>
  );
}
