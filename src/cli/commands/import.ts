import { type Command, Option } from 'commander';
import { importFiles } from '../../ingest/import-files.js';
import { loadColumnMapping } from '../../importers/mapping.js';
import { FORMATS } from '../../importers/registry.js';
import { FORMAT_IDS, type FormatId, type SourceRole } from '../../importers/types.js';
import { type CliContext, withWorkspace } from '../context.js';
import { printJson } from '../output.js';
import { importDetail, ProgressBar } from '../progress.js';

interface ImportOpts {
  source: string;
  format?: FormatId;
  encoding?: string;
  mapping?: string;
  role?: SourceRole;
  json?: boolean;
}

export function registerImport(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description(
      "import files (or a directory of them) as one batch: the source's new current snapshot of that format",
    )
    .argument('<workspace>', 'workspace file')
    .argument('<files...>', 'files or directories to import as one batch')
    .requiredOption('-s, --source <name>', 'source name, e.g. servicenow, nmap, rvtools')
    .addOption(
      new Option('-f, --format <format>', 'input format (detected from content when omitted)').choices([
        ...FORMAT_IDS,
      ]),
    )
    .option(
      '-e, --encoding <encoding>',
      'text encoding (utf-8, windows-1252, utf-16le...); detected when omitted',
    )
    .option('-m, --mapping <file>', 'column mapping JSON for --format csv')
    .addOption(
      new Option('--role <role>', 'role of a new source (default: cmdb for CMDB formats)').choices([
        'cmdb',
        'discovery',
      ]),
    )
    .option('--json', 'print the import summary as JSON')
    .addHelpText(
      'after',
      `\nFormats:\n${Object.values(FORMATS)
        .map((f) => `  ${f.id.padEnd(16)} ${f.description}`)
        .join('\n')}\n`,
    )
    .action(async (file: string, paths: string[], opts: ImportOpts) => {
      const mapping = opts.mapping ? loadColumnMapping(opts.mapping) : undefined;
      const bar = new ProgressBar(ctx.io);
      const summary = await withWorkspace(ctx, file, (ws) =>
        importFiles(ws, {
          source: opts.source,
          paths,
          format: opts.format,
          encoding: opts.encoding ?? mapping?.encoding,
          mapping,
          role: opts.role,
          onProgress: (p) => bar.update(p.percent / 100, importDetail(p)),
        }).finally(() => bar.done()),
      );
      if (opts.json) return printJson(ctx.io, summary);
      const io = ctx.io;
      const what = [`${summary.records.toLocaleString('en')} records`];
      if (summary.relationships > 0 || summary.format === 'servicenow-rel')
        what.push(`${summary.relationships.toLocaleString('en')} relationships`);
      io.out(
        `Imported ${what.join(' and ')} from ${summary.files.length} file${summary.files.length === 1 ? '' : 's'} into source "${summary.source}" ` +
          `(${summary.format}, batch ${summary.batchId}) in ${(summary.durationMs / 1000).toFixed(1)} s.\n`,
      );
      if (summary.supersededBatchId) {
        io.out(
          `  It replaces batch ${summary.supersededBatchId} as the current ${summary.format} snapshot of "${summary.source}" (the old batch is kept).\n`,
        );
      }
      if (summary.skipped > 0) {
        const reasons = Object.entries(summary.skipReasons)
          .map(([r, n]) => `${n.toLocaleString('en')} ${r}`)
          .join(', ');
        io.out(`  Skipped ${summary.skipped.toLocaleString('en')} entries that are not CIs: ${reasons}.\n`);
      }
      if (summary.warningCount > 0) {
        io.out(
          `  ${summary.warningCount.toLocaleString('en')} warning${summary.warningCount === 1 ? '' : 's'}${summary.warningCount > 10 ? ' (first 10)' : ''}:\n`,
        );
        for (const w of summary.warnings.slice(0, 10)) {
          const where = `${w.file}${w.location?.line ? `:${w.location.line}` : w.location?.record ? ` (record ${w.location.record})` : ''}`;
          io.out(
            `    ${where}: ${w.field ? `${w.field}: ` : ''}${w.message}${w.value !== undefined ? ` (${JSON.stringify(w.value)})` : ''}\n`,
          );
        }
      }
    });
}
