import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { type CliContext, openWorkspace } from '../context.js';
import { printJson } from '../output.js';

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('create a workspace file (or bring an existing one to the current schema)')
    .argument('<workspace>', 'workspace file, e.g. estate.cmdbw')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const existed = existsSync(file);
      const ws = openWorkspace(ctx, file, { create: true });
      try {
        const result = {
          workspace: ws.path,
          created: !existed,
          schemaVersion: ws.migration.version,
          migrated: ws.migration.applied,
          backup: ws.migration.backup ?? null,
        };
        if (opts.json) return printJson(ctx.io, result);
        if (!existed) ctx.io.out(`Created workspace ${file} (schema ${result.schemaVersion}).\n`);
        else if (result.migrated.length > 0)
          ctx.io.out(
            `Upgraded workspace ${file} to schema ${result.schemaVersion}; backup: ${result.backup}\n`,
          );
        else ctx.io.out(`Workspace ${file} is ready (schema ${result.schemaVersion}).\n`);
      } finally {
        ws.close();
      }
    });
}
