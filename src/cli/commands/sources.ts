import type { Command } from 'commander';
import { listSources } from '../../sources/list-sources.js';
import { workspaceStats } from '../../sources/workspace-stats.js';
import { type CliContext, withWorkspace } from '../context.js';
import { formatBytes, formatTable, printJson } from '../output.js';

export function registerSources(program: Command, ctx: CliContext): void {
  program
    .command('sources')
    .description('list sources with their batches and the size of their current snapshots')
    .argument('<workspace>', 'workspace file')
    .option('--json', 'print as JSON: one object per source with "source", "records", "relationships"')
    .option('--batches', 'also list every batch')
    .action((file: string, opts: { json?: boolean; batches?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const sources = listSources(ws);
        if (opts.json) return printJson(ctx.io, sources);
        if (sources.length === 0) return ctx.io.out('No sources yet: import files with cmdbw import.\n');
        ctx.io.out(
          formatTable(
            ['SOURCE', 'ROLE', 'RECORDS', 'RELATIONSHIPS', 'FORMATS', 'BATCHES', 'LAST IMPORT'],
            sources.map((s) => [
              s.source,
              s.role,
              s.records,
              s.relationships,
              s.formats.join(', '),
              s.batches.length,
              s.lastImport,
            ]),
          ),
        );
        if (opts.batches) {
          ctx.io.out('\n');
          ctx.io.out(
            formatTable(
              [
                'BATCH',
                'SOURCE',
                'FORMAT',
                'CURRENT',
                'RECORDS',
                'RELATIONSHIPS',
                'SIZE',
                'IMPORTED',
                'BY',
                'FILES',
              ],
              sources.flatMap((s) =>
                s.batches.map((b) => [
                  b.id,
                  s.source,
                  b.format,
                  b.current ? 'yes' : '',
                  b.records,
                  b.relationships,
                  formatBytes(b.bytes),
                  b.importedAt,
                  b.importedBy,
                  b.files.length === 1 ? b.files[0] : `${b.files.length} files`,
                ]),
              ),
            ),
          );
        }
      }),
    );

  program
    .command('stats')
    .description('workspace statistics: sources, batches, records and relationships by type')
    .argument('<workspace>', 'workspace file')
    .option('--json', 'print as JSON')
    .action((file: string, opts: { json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const s = workspaceStats(ws);
        if (opts.json) return printJson(ctx.io, s);
        const io = ctx.io;
        io.out(`Workspace ${s.workspace} (schema ${s.schemaVersion}, ${formatBytes(s.sizeBytes)})\n`);
        io.out(
          `  ${s.sources} sources, ${s.batches} batches (${s.currentBatches} current), ${s.auditEntries} audit entries\n`,
        );
        io.out(
          `  ${s.records.current.toLocaleString('en')} current records (${s.records.total.toLocaleString('en')} with history)\n`,
        );
        io.out(
          `  ${s.relationships.current.toLocaleString('en')} current relationships (${s.relationships.total.toLocaleString('en')} with history)\n`,
        );
        if (Object.keys(s.records.byType).length > 0) {
          io.out('\n' + formatTable(['CI TYPE', 'RECORDS'], Object.entries(s.records.byType)));
        }
        if (Object.keys(s.relationships.byType).length > 0) {
          io.out('\n' + formatTable(['RELATIONSHIP TYPE', 'COUNT'], Object.entries(s.relationships.byType)));
        }
      }),
    );
}
