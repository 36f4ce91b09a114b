import { type Command, Option } from 'commander';
import { approveChangeset } from '../../changesets/approve.js';
import { createChangeset } from '../../changesets/create.js';
import { describeItem } from '../../changesets/describe.js';
import { matchesFilters, parseFilters } from '../../changesets/filter.js';
import { importChangeset } from '../../changesets/import.js';
import { ITEM_FILTER_FIELDS, itemFilterRow } from '../../changesets/item-fields.js';
import { loadRevision, parseChangesetId } from '../../changesets/load.js';
import { parseRanges } from '../../changesets/ranges.js';
import { writeReport } from '../../changesets/report.js';
import { type Decision, reviewChangeset } from '../../changesets/review.js';
import { ChangesetStore } from '../../changesets/store.js';
import { validateItems } from '../../changesets/validate.js';
import { workspaceValidationEnv } from '../../changesets/validation-env.js';
import { changesetDocument } from '../../changesets/document.js';
import { exportChangeset } from '../../exporters/export-changeset.js';
import { EXPORT_FORMAT_IDS, EXPORT_FORMATS } from '../../exporters/registry.js';
import { FINDING_CATEGORIES } from '../../reconcile/model.js';
import { UserError } from '../../util/errors.js';
import { type CliContext, withWorkspace } from '../context.js';
import { formatTable, printJson } from '../output.js';

const positiveInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError('BAD_OPTION', `${name} must be a positive whole number, not ${JSON.stringify(v)}`);
  return n;
};

function clip(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n - 3)}...` : s;
}

export function registerChangeset(program: Command, ctx: CliContext): void {
  const cs = program
    .command('changeset')
    .description('plan CMDB changes from findings, review them item by item, approve and export them');

  cs.command('create')
    .description(
      'plan a changeset from findings of the latest reconciliation (revision 1, every item pending)',
    )
    .argument('<workspace>', 'workspace file')
    .option('--all', 'every finding')
    .addOption(
      new Option('-c, --category <category...>', 'findings of these categories').choices([
        ...FINDING_CATEGORIES,
      ]),
    )
    .option(
      '--filter <filter...>',
      'findings matching FIELD=VALUE[,VALUE], FIELD!=VALUE or FIELD~TEXT (category, severity, source, key, attribute, ci_type, name, cluster, finding)',
    )
    .option('--name <name>', 'a name for the changeset')
    .option('--limit <n>', 'keep only the first N items', positiveInt('--limit'))
    .option(
      '--retire-after <days>',
      'retire a CI nobody discovers when the CMDB last discovered it more than DAYS ago (default 180)',
      Number,
    )
    .option('--json', 'print the result as JSON (an object with "id")')
    .action(
      (
        file: string,
        opts: {
          all?: boolean;
          category?: string[];
          filter?: string[];
          name?: string;
          limit?: number;
          retireAfter?: number;
          json?: boolean;
        },
      ) =>
        withWorkspace(ctx, file, (ws) => {
          const r = createChangeset(ws, {
            all: opts.all,
            categories: opts.category,
            filters: opts.filter,
            name: opts.name,
            limit: opts.limit,
            retireAfterDays: opts.retireAfter,
          });
          if (opts.json) return printJson(ctx.io, r);
          ctx.io.out(
            `Created changeset ${r.id} "${r.name}": ${r.items.toLocaleString('en')} items from ${r.findings.toLocaleString('en')} findings (revision 1, all pending).\n`,
          );
          if (r.items > 0) ctx.io.out('\n' + formatTable(['KIND', 'ITEMS'], Object.entries(r.byKind)));
          const skipped = Object.entries(r.skipped);
          if (skipped.length)
            ctx.io.out('\n' + formatTable(['NOT PLANNED (CATEGORY: REASON)', 'FINDINGS'], skipped));
          ctx.io.out(
            `\nReview it: cmdbw changeset show ${file} ${r.id}; cmdbw changeset review ${file} ${r.id} --accept-all\n`,
          );
        }),
    );

  cs.command('list')
    .description('list changesets with their head revision and review progress')
    .argument('<workspace>', 'workspace file')
    .option('--json', 'print as JSON')
    .action((file: string, opts: { json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const store = new ChangesetStore(ws.db);
        const rows = store.listChangesets().map((h) => {
          const rev = store.revision(h.id, h.headRevision);
          return {
            id: h.id,
            ref: h.ref,
            name: h.name,
            revision: rev.revision,
            state: rev.state,
            createdAt: h.createdAt,
            createdBy: h.createdBy,
            approvedAt: rev.approvedAt,
            approvedBy: rev.approvedBy,
            contentHash: rev.contentHash,
            items: store.statusCounts(h.id, rev.revision),
          };
        });
        if (opts.json) return printJson(ctx.io, rows);
        if (rows.length === 0)
          return ctx.io.out('No changesets yet: cmdbw changeset create WORKSPACE --all\n');
        ctx.io.out(
          formatTable(
            ['ID', 'NAME', 'REV', 'STATE', 'PENDING', 'ACCEPTED', 'EDITED', 'REJECTED', 'CREATED', 'BY'],
            rows.map((r) => [
              r.id,
              clip(r.name, 36),
              r.revision,
              r.state,
              r.items.pending,
              r.items.accepted,
              r.items.edited,
              r.items.rejected,
              r.createdAt.slice(0, 16),
              r.createdBy,
            ]),
          ),
        );
      }),
    );

  cs.command('show')
    .description('show a changeset revision and its items')
    .argument('<workspace>', 'workspace file')
    .argument('<id>', 'changeset id')
    .option('--revision <n>', 'a revision other than the latest', positiveInt('--revision'))
    .option('--filter <filter...>', `items matching FIELD=VALUE (${ITEM_FILTER_FIELDS.join(', ')})`)
    .option('-n, --limit <n>', 'at most this many items (default 50; 0 = all)', Number)
    .option('--json', 'print the revision and its items as JSON')
    .action(
      (
        file: string,
        idText: string,
        opts: { revision?: number; filter?: string[]; limit?: number; json?: boolean },
      ) =>
        withWorkspace(ctx, file, (ws) => {
          const id = parseChangesetId(idText);
          const { header, revision, items } = loadRevision(ws, id, opts.revision);
          const clauses = parseFilters(opts.filter ?? [], ITEM_FILTER_FIELDS);
          const shown = items.filter((it) => matchesFilters(itemFilterRow(it), clauses));
          const limit = opts.limit === undefined ? (opts.json ? 0 : 50) : opts.limit;
          const page = limit > 0 ? shown.slice(0, limit) : shown;
          const counts = new ChangesetStore(ws.db).statusCounts(id, revision.revision);
          if (opts.json)
            return printJson(ctx.io, {
              changeset: { id, ...changesetDocument(header, revision) },
              counts,
              total: shown.length,
              items: page,
            });
          const io = ctx.io;
          io.out(`Changeset ${id} "${header.name}" (${header.ref})\n`);
          io.out(
            `Revision ${revision.revision} of ${header.headRevision}, ${revision.state}${revision.approvedAt ? ` by ${revision.approvedBy} at ${revision.approvedAt}, content hash ${revision.contentHash}` : ''}\n`,
          );
          io.out(
            `Items: ${counts.pending} pending, ${counts.accepted} accepted, ${counts.edited} edited, ${counts.rejected} rejected\n\n`,
          );
          io.out(
            formatTable(
              ['ITEM', 'KIND', 'STATUS', 'CI', 'ATTRIBUTE', 'BEFORE', 'AFTER'],
              page.map((it) => {
                const d = describeItem(it);
                return [
                  it.seq,
                  it.kind,
                  it.status,
                  clip(d.target, 32),
                  clip(d.attribute, 20),
                  clip(d.before, 30),
                  clip(d.after, 40),
                ];
              }),
            ),
          );
          if (page.length < shown.length)
            io.out(`(${page.length} of ${shown.length.toLocaleString('en')}; use --limit 0 for all)\n`);
        }),
    );

  cs.command('review')
    .description('accept, reject or edit items (an approved revision is copied to a new revision first)')
    .argument('<workspace>', 'workspace file')
    .argument('<id>', 'changeset id')
    .option(
      '--accept-all',
      'accept every pending item (items that need a value are rejected, with a comment)',
    )
    .option('--reject-all', 'reject every pending item')
    .option('--item <n...>', 'these items (numbers or ranges: 12 3-7 1,4,9-11)')
    .option('--filter <filter...>', `items matching FIELD=VALUE (${ITEM_FILTER_FIELDS.join(', ')})`)
    .option('--accept', 'accept the chosen items')
    .option('--reject', 'reject the chosen items')
    .option('--reset', 'put the chosen items back to pending')
    .option(
      '--value <value>',
      "the reviewer's value for the item (the new value, owner, support group, survivor's key...)",
    )
    .option('--set <field=value...>', "reviewer's values by field (for a new CI: any of its attributes)")
    .option('--comment <text>', 'a comment recorded with the decision')
    .option('--json', 'print the result as JSON')
    .action(
      (
        file: string,
        idText: string,
        opts: {
          acceptAll?: boolean;
          rejectAll?: boolean;
          item?: string[];
          filter?: string[];
          accept?: boolean;
          reject?: boolean;
          reset?: boolean;
          value?: string;
          set?: string[];
          comment?: string;
          json?: boolean;
        },
      ) =>
        withWorkspace(ctx, file, (ws) => {
          const id = parseChangesetId(idText);
          const decisions = [
            opts.acceptAll || opts.accept ? 'accept' : '',
            opts.rejectAll || opts.reject ? 'reject' : '',
            opts.reset ? 'reset' : '',
          ].filter(Boolean);
          if (decisions.length > 1)
            throw new UserError('BAD_REVIEW', 'choose one of --accept, --reject and --reset');
          if (opts.acceptAll && opts.rejectAll)
            throw new UserError('BAD_REVIEW', 'choose --accept-all or --reject-all');
          const set: Record<string, unknown> = {};
          for (const s of opts.set ?? []) {
            const eq = s.indexOf('=');
            if (eq < 1)
              throw new UserError('BAD_REVIEW', `--set takes FIELD=VALUE, not ${JSON.stringify(s)}`);
            set[s.slice(0, eq)] = s.slice(eq + 1);
          }
          const r = reviewChangeset(ws, id, {
            decision: decisions[0] as Decision | undefined,
            value: opts.value,
            set: opts.set ? set : undefined,
            allPending: opts.acceptAll || opts.rejectAll,
            items: opts.item ? parseRanges(opts.item) : undefined,
            filters: opts.filter,
            comment: opts.comment,
          });
          if (opts.json) return printJson(ctx.io, r);
          const io = ctx.io;
          if (r.newRevisionFrom !== null)
            io.out(
              `Revision ${r.newRevisionFrom} is approved and frozen: the changes are in revision ${r.revision} (a draft to approve again).\n`,
            );
          if (r.changed === 0) io.out(`Nothing changed (${r.selected} item(s) selected).\n`);
          for (const t of r.transitions) io.out(`${t.from} -> ${t.to}: items ${t.items}\n`);
          if (r.needValue)
            io.out(
              `Items ${r.needValue} need a reviewer's value and were rejected; give one with: cmdbw changeset review ${file} ${id} --item N --value VALUE\n`,
            );
        }),
    );

  cs.command('approve')
    .description('validate and approve the latest revision: its content hash freezes it')
    .argument('<workspace>', 'workspace file')
    .argument('<id>', 'changeset id')
    .option('--comment <text>', 'a comment recorded with the approval')
    .option('--json', 'print the result as JSON')
    .action((file: string, idText: string, opts: { comment?: string; json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const r = approveChangeset(ws, parseChangesetId(idText), { comment: opts.comment });
        if (opts.json) return printJson(ctx.io, r);
        ctx.io.out(
          r.alreadyApproved
            ? `Revision ${r.revision} of changeset ${r.changesetId} is already approved (content hash ${r.contentHash}).\n`
            : `Approved revision ${r.revision} of changeset ${r.changesetId}: ${r.counts.accepted + r.counts.edited} item(s) to export, ${r.counts.rejected} rejected, ${r.counts.pending} pending. Content hash ${r.contentHash}.\n`,
        );
        for (const w of r.warnings.slice(0, 20)) ctx.io.out(`  warning, item ${w.seq}: ${w.message}\n`);
      }),
    );

  cs.command('validate')
    .description(
      'dry run: list per item what would go wrong if the changeset were applied (exit 1 on errors)',
    )
    .argument('<workspace>', 'workspace file')
    .argument('<id>', 'changeset id')
    .option('--revision <n>', 'a revision other than the latest', positiveInt('--revision'))
    .option(
      '--included',
      'only the accepted and edited items (what an export sends); default: every item not rejected',
    )
    .addOption(
      new Option('--format <format>', "also check the target format's own requirements").choices(
        EXPORT_FORMAT_IDS,
      ),
    )
    .option('--json', 'print the problems as JSON')
    .action(
      (
        file: string,
        idText: string,
        opts: { revision?: number; included?: boolean; format?: string; json?: boolean },
      ) =>
        withWorkspace(ctx, file, (ws) => {
          const id = parseChangesetId(idText);
          const { header, revision, items } = loadRevision(ws, id, opts.revision);
          const format = opts.format ? EXPORT_FORMATS[opts.format]! : undefined;
          const renderCtx = {
            doc: changesetDocument(header, revision),
            dataSource: '',
            batchSize: 100,
            references: {},
            itopOrganization: ws.getMeta('itop.organization') ?? null,
            recordedAt: revision.approvedAt ?? revision.createdAt,
          };
          const problems = validateItems(
            items,
            workspaceValidationEnv(ws),
            opts.included ? 'included' : 'open',
            format?.check ? (it) => format.check!(it, renderCtx) : undefined,
          );
          const errors = problems.filter((p) => p.severity === 'error').length;
          if (opts.json)
            printJson(ctx.io, {
              changeset: id,
              revision: revision.revision,
              errors,
              warnings: problems.length - errors,
              problems,
            });
          else if (problems.length === 0)
            ctx.io.out(`Changeset ${id} revision ${revision.revision}: no problems.\n`);
          else {
            ctx.io.out(
              formatTable(
                ['ITEM', 'SEVERITY', 'PROBLEM', 'DETAIL'],
                problems.map((p) => [p.seq, p.severity, p.code, p.message]),
              ),
            );
            ctx.io.out(`\n${errors} error(s), ${problems.length - errors} warning(s).\n`);
          }
          if (errors > 0)
            throw new UserError('INVALID_CHANGESET', `changeset ${id} has ${errors} validation error(s)`);
        }),
    );

  cs.command('export')
    .description(
      'write an approved revision (and its inverse) in a push-back format, atomically, with a manifest',
    )
    .argument('<workspace>', 'workspace file')
    .argument('<id>', 'changeset id')
    .addOption(
      new Option('--format <format>', 'output format').choices(EXPORT_FORMAT_IDS).makeOptionMandatory(),
    )
    .requiredOption('-o, --out <dir>', 'output directory (empty, or an earlier export to replace)')
    .option('--revision <n>', 'an approved revision other than the latest', positiveInt('--revision'))
    .option('--accepted-only', 'export the accepted items although some are still pending')
    .option(
      '--data-source <name>',
      'ServiceNow discovery_source for IRE payloads (default: the workspace setting)',
    )
    .option('--batch-size <n>', 'CIs per IRE payload (default 100)', positiveInt('--batch-size'))
    .option(
      '--references <file>',
      'JSON map of display names to sys_ids per table, for ServiceNow reference fields',
    )
    .option('--itop-org <name>', 'iTop organization of the CIs (default: the workspace setting)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `\nFormats:\n${Object.values(EXPORT_FORMATS)
        .map((f) => `  ${f.id.padEnd(16)} ${f.description}`)
        .join('\n')}\n`,
    )
    .action(
      (
        file: string,
        idText: string,
        opts: {
          format: string;
          out: string;
          revision?: number;
          acceptedOnly?: boolean;
          dataSource?: string;
          batchSize?: number;
          references?: string;
          itopOrg?: string;
          json?: boolean;
        },
      ) =>
        withWorkspace(ctx, file, (ws) => {
          const r = exportChangeset(ws, parseChangesetId(idText), {
            format: opts.format,
            out: opts.out,
            revision: opts.revision,
            acceptedOnly: opts.acceptedOnly,
            dataSource: opts.dataSource,
            batchSize: opts.batchSize,
            referencesFile: opts.references,
            itopOrganization: opts.itopOrg,
          });
          if (opts.json) return printJson(ctx.io, r);
          const io = ctx.io;
          io.out(
            `Exported ${r.items.toLocaleString('en')} item(s) of changeset ${r.changesetId} revision ${r.revision} as ${r.format} to ${r.directory} (${r.files.length} files, content hash ${r.contentHash}).\n`,
          );
          io.out(
            `Inverse plan: ${r.inverse.items} item(s) in inverse/${r.inverse.notInvertible ? `, ${r.inverse.notInvertible} not invertible (inverse/not-invertible.csv)` : ''}.\n`,
          );
          if (r.stale.length > 0) {
            io.out(`\nWARNING: the plan may be stale. A newer CMDB import changed what these items touch:\n`);
            io.out(
              formatTable(
                ['ITEM', 'KIND', 'CI', 'WHY'],
                r.stale
                  .slice(0, 50)
                  .map((s) => [s.seq, s.kind, clip(s.target ?? '', 32), s.reasons.join('; ')]),
              ),
            );
            if (r.stale.length > 50) io.out(`(${r.stale.length - 50} more in manifest.json)\n`);
          }
          for (const w of r.warnings) io.out(`warning: ${w}\n`);
        }),
    );

  cs.command('import')
    .description('import a cmdbw-changeset JSON file (as exported) as a new changeset of this workspace')
    .argument('<workspace>', 'workspace file')
    .argument('<file>', 'changeset.json')
    .option('--json', 'print the result as JSON')
    .action((file: string, input: string, opts: { json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const r = importChangeset(ws, input);
        if (opts.json) return printJson(ctx.io, r);
        ctx.io.out(
          `Imported changeset ${r.ref} as changeset ${r.id}: revision ${r.revision}, ${r.state}, ${r.items.toLocaleString('en')} item(s).\n`,
        );
      }),
    );

  cs.command('report')
    .description('a review report for people: formula-safe CSV (UTF-8 BOM) or XLSX; not a load file')
    .argument('<workspace>', 'workspace file')
    .argument('<id>', 'changeset id')
    .requiredOption('-o, --out <file>', 'report.csv or report.xlsx')
    .option('--revision <n>', 'a revision other than the latest', positiveInt('--revision'))
    .option('--json', 'print the result as JSON')
    .action((file: string, idText: string, opts: { out: string; revision?: number; json?: boolean }) =>
      withWorkspace(ctx, file, async (ws) => {
        const r = await writeReport(ws, parseChangesetId(idText), opts.out, opts.revision);
        if (opts.json) return printJson(ctx.io, r);
        ctx.io.out(`Wrote ${r.rows.toLocaleString('en')} item(s) to ${r.file}\n`);
      }),
    );
}
