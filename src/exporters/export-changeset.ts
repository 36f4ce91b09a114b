import path from 'node:path';
import { appendAudit } from '../audit/audit-log.js';
import { verifyApproval } from '../changesets/approve.js';
import {
  canonicalItems,
  changesetDocument,
  contentHash,
  type ChangesetDocument,
} from '../changesets/document.js';
import { invertItems } from '../changesets/inverse.js';
import { loadRevision } from '../changesets/load.js';
import { type ChangesetItem, isIncluded } from '../changesets/model.js';
import { findStaleItems, type StaleItem } from '../changesets/staleness.js';
import { ChangesetStore } from '../changesets/store.js';
import { type Problem, validateItems } from '../changesets/validate.js';
import { formatRanges } from '../changesets/ranges.js';
import { workspaceValidationEnv } from '../changesets/validation-env.js';
import { csvLine } from '../util/csv-write.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { compilePlan } from './compile.js';
import {
  type ExportFile,
  type ExportFormat,
  prettyJson,
  type Rendered,
  type RenderContext,
} from './format.js';
import { EXPORT_FORMAT_IDS, EXPORT_FORMATS } from './registry.js';
import { loadReferenceMap, type ReferenceMap } from './servicenow/references.js';
import {
  MANIFEST,
  MANIFEST_FORMAT,
  prepareDirectory,
  type WrittenFile,
  writeExport,
} from './write-export.js';

export const DATA_SOURCE_SETTING = 'servicenow.data_source';
export const ITOP_ORG_SETTING = 'itop.organization';
export const DEFAULT_DATA_SOURCE = 'CMDBWorkbench';
export const DEFAULT_BATCH_SIZE = 100;

export interface ExportOptions {
  format: string;
  out: string;
  revision?: number;
  /** Export the accepted (and edited) items although others are still pending. */
  acceptedOnly?: boolean;
  dataSource?: string;
  batchSize?: number;
  referencesFile?: string;
  itopOrganization?: string;
  /**
   * Where the export ends up, recorded in the export history and the audit trail, when that is not `out`
   * (the app writes into a private directory, then saves one archive where the user chose).
   */
  destination?: string;
}

export interface ExportResult {
  changesetId: number;
  revision: number;
  format: string;
  directory: string;
  contentHash: string;
  items: number;
  files: WrittenFile[];
  warnings: string[];
  stale: StaleItem[];
  counts: Record<string, number>;
  inverse: { items: number; notInvertible: number };
}

/**
 * Exports an approved revision to a target format: checks the revision still matches its approval, refuses
 * pending items unless --accepted-only, validates against the current CMDB (with the format's own
 * requirements), lists items the plan may be stale for, writes the payloads and the inverse plan atomically
 * with a manifest of SHA-256 per file, and records the export in the audit trail.
 */
export function exportChangeset(ws: Workspace, id: number, opts: ExportOptions): ExportResult {
  const format = EXPORT_FORMATS[opts.format];
  if (!format)
    throw new UserError(
      'BAD_FORMAT',
      `unknown export format "${opts.format}" (formats: ${EXPORT_FORMAT_IDS.join(', ')})`,
    );
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new UserError('BAD_BATCH', '--batch-size must be a positive whole number');
  const { header, revision, items } = loadRevision(ws, id, opts.revision);
  if (revision.state !== 'approved')
    throw new UserError(
      'NOT_APPROVED',
      `revision ${revision.revision} of changeset ${id} is not approved: approve it first (cmdbw changeset approve)`,
    );
  verifyApproval(ws, id, revision.revision);
  const pending = items.filter((it) => it.status === 'pending').length;
  if (pending > 0 && !opts.acceptedOnly)
    throw new UserError(
      'PENDING_ITEMS',
      `changeset ${id} has ${pending} pending item${pending > 1 ? 's' : ''}: review them, or export only the accepted ones with --accepted-only`,
    );
  const included = items.filter((it) => isIncluded(it.status));

  const configuredSource = ws.getMeta(DATA_SOURCE_SETTING);
  const dataSource = (opts.dataSource ?? configuredSource ?? DEFAULT_DATA_SOURCE).trim();
  if (!dataSource) throw new UserError('BAD_DATA_SOURCE', 'the data source name cannot be empty');
  let references: ReferenceMap = {};
  let referencesSha: string | null = null;
  if (opts.referencesFile)
    ({ map: references, sha256: referencesSha } = loadReferenceMap(opts.referencesFile));
  const doc = changesetDocument(header, revision);
  const ctx: RenderContext = {
    doc,
    dataSource,
    batchSize,
    references,
    itopOrganization: opts.itopOrganization ?? ws.getMeta(ITOP_ORG_SETTING) ?? null,
    recordedAt: revision.approvedAt!,
  };

  const warnings: string[] = [];
  const isServiceNow = format.id === 'servicenow-ire';
  if (isServiceNow && !opts.dataSource && !configuredSource)
    warnings.push(
      `no data source name set: the payloads use "${DEFAULT_DATA_SOURCE}", which must be a discovery_source choice in ServiceNow (set it with cmdbw config WS ${DATA_SOURCE_SETTING} NAME)`,
    );
  const problems = validateItems(
    items,
    workspaceValidationEnv(ws),
    'included',
    format.check ? (it) => format.check!(it, ctx) : undefined,
  );
  const blocking = problems.filter((p) => p.severity === 'error' && p.code !== 'unresolved_reference');
  if (blocking.length > 0)
    throw new UserError(
      'INVALID_CHANGESET',
      `changeset ${id} cannot be exported as ${format.id}:\n${blocking
        .slice(0, 20)
        .map((p) => `  item ${p.seq}: ${p.message}`)
        .join('\n')}`,
      { problems: blocking },
    );
  warnings.push(
    ...summariseProblems(
      problems.filter((p) => p.code === 'unresolved_reference' || p.severity === 'warning'),
    ),
  );
  const stale = findStaleItems(ws, revision, included);
  if (stale.length > 0)
    warnings.push(
      `the plan may be stale: a newer CMDB import changed what ${stale.length} item(s) touch (${stale
        .slice(0, 10)
        .map((s) => s.seq)
        .join(', ')}${stale.length > 10 ? ', ...' : ''})`,
    );

  const rendered = render(format, items, included, ctx);
  const inverse = invertItems(included);
  const inverseDoc = inverseDocument(doc, inverse.items);
  const inverseRendered = render(format, inverse.items, inverse.items, { ...ctx, doc: inverseDoc });
  const files: ExportFile[] = [
    ...rendered.files,
    ...inverseRendered.files.map((f) => ({ ...f, path: `inverse/${f.path}` })),
  ];
  if (inverse.notInvertible.length > 0)
    files.push({
      path: 'inverse/not-invertible.csv',
      content: [
        csvLine(['item', 'reason']),
        ...inverse.notInvertible.map((n) => csvLine([n.seq, n.reason])),
      ].join(''),
    });
  warnings.push(...rendered.warnings);

  const dir = path.resolve(opts.out);
  const previous = prepareDirectory(dir);
  const written = writeExport(dir, files, previous);
  const manifest = {
    format: MANIFEST_FORMAT,
    version: 1,
    exportFormat: format.id,
    changeset: {
      ref: doc.ref,
      name: doc.name,
      revision: doc.revision,
      contentHash: doc.contentHash,
      approvedAt: doc.approvedAt,
      approvedBy: doc.approvedBy,
    },
    options: {
      acceptedOnly: opts.acceptedOnly ?? false,
      batchSize: format.id === 'servicenow-ire' ? batchSize : null,
      dataSource: isServiceNow ? dataSource : null,
      itopOrganization: format.id === 'itop-csv' ? ctx.itopOrganization : null,
      referencesSha256: referencesSha,
    },
    items: {
      exported: included.length,
      pending,
      rejected: items.filter((it) => it.status === 'rejected').length,
    },
    counts: rendered.counts,
    warnings,
    stale,
    unsupported: rendered.unsupported,
    inverse: {
      ref: inverseDoc.ref,
      contentHash: inverseDoc.contentHash,
      items: inverse.items.length,
      notInvertible: inverse.notInvertible,
      counts: inverseRendered.counts,
    },
    files: written,
  };
  const [manifestFile] = writeExport(dir, [{ path: MANIFEST, content: prettyJson(manifest) }], []);
  const allFiles = [...written, manifestFile!];

  ws.write(() => {
    const at = ws.now();
    new ChangesetStore(ws.db).insertExport({
      id,
      revision: revision.revision,
      format: format.id,
      at: at.toISOString(),
      by: ws.user,
      directory: opts.destination ?? dir,
      contentHash: revision.contentHash!,
      files: allFiles,
      warnings,
    });
    appendAudit(ws.db, {
      at,
      actor: ws.user,
      action: 'changeset.export',
      target: `changeset:${id}`,
      detail: {
        changeset: id,
        ref: header.ref,
        revision: revision.revision,
        format: format.id,
        contentHash: revision.contentHash,
        directory: opts.destination ?? dir,
        acceptedOnly: opts.acceptedOnly ?? false,
        items: included.length,
        files: allFiles,
        stale: stale.map((s) => s.seq),
        warnings: warnings.length,
      },
    });
  });
  return {
    changesetId: id,
    revision: revision.revision,
    format: format.id,
    directory: dir,
    contentHash: revision.contentHash!,
    items: included.length,
    files: allFiles,
    warnings,
    stale,
    counts: rendered.counts,
    inverse: { items: inverse.items.length, notInvertible: inverse.notInvertible.length },
  };
}

/** The JSON format carries the whole revision (decisions included); push-back formats only what is exported. */
function render(
  format: ExportFormat,
  all: readonly ChangesetItem[],
  included: readonly ChangesetItem[],
  ctx: RenderContext,
): Rendered {
  return format.render(format.id === 'json' ? all : included, compilePlan(included), ctx);
}

/** The inverse plan as a changeset of its own, approved with (and by) the plan it undoes. */
function inverseDocument(doc: ChangesetDocument, items: readonly ChangesetItem[]): ChangesetDocument {
  const inv: ChangesetDocument = {
    ...doc,
    ref: `${doc.ref}:inverse:r${doc.revision}`,
    name: `Undo: ${doc.name}`,
    origin: { from: 'inverse', of: { ref: doc.ref, revision: doc.revision, contentHash: doc.contentHash } },
    basedOn: null,
    skipped: {},
    contentHash: null,
  };
  inv.contentHash = contentHash(inv, canonicalItems(items));
  return inv;
}

/** One warning per distinct message, naming the items it concerns. */
function summariseProblems(problems: readonly Problem[]): string[] {
  const byMessage = new Map<string, number[]>();
  for (const p of problems) {
    const list = byMessage.get(p.message);
    if (list) list.push(p.seq);
    else byMessage.set(p.message, [p.seq]);
  }
  return [...byMessage].map(
    ([message, seqs]) => `item${seqs.length > 1 ? 's' : ''} ${formatRanges(seqs)}: ${message}`,
  );
}
