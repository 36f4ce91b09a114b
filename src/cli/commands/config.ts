import type { Command } from 'commander';
import { listSettings, setSetting, SETTINGS } from '../../changesets/settings.js';
import { UserError } from '../../util/errors.js';
import { type CliContext, withWorkspace } from '../context.js';
import { formatTable, printJson } from '../output.js';

export function registerConfig(program: Command, ctx: CliContext): void {
  program
    .command('config')
    .description('show the workspace settings, or set one (changes are recorded in the audit trail)')
    .argument('<workspace>', 'workspace file')
    .argument('[key]', `setting (${SETTINGS.map((s) => s.key).join(', ')})`)
    .argument('[value]', 'new value')
    .option('--unset', 'remove the setting (its default applies again)')
    .option('--json', 'print as JSON')
    .action(
      (
        file: string,
        key: string | undefined,
        value: string | undefined,
        opts: { unset?: boolean; json?: boolean },
      ) =>
        withWorkspace(ctx, file, (ws) => {
          if (key === undefined) {
            const settings = listSettings(ws);
            if (opts.json) return printJson(ctx.io, settings);
            return ctx.io.out(
              formatTable(
                ['SETTING', 'VALUE', 'IN EFFECT', 'MEANING'],
                settings.map((s) => [s.key, s.value ?? '', s.effective, s.description]),
              ),
            );
          }
          if (value === undefined && !opts.unset) {
            const s = listSettings(ws).find((x) => x.key === key);
            if (!s)
              throw new UserError(
                'UNKNOWN_SETTING',
                `unknown setting "${key}" (settings: ${SETTINGS.map((x) => x.key).join(', ')})`,
              );
            if (opts.json) return printJson(ctx.io, s);
            return ctx.io.out(`${s.effective}\n`);
          }
          if (value !== undefined && opts.unset)
            throw new UserError('BAD_CONFIG', 'give a value or --unset, not both');
          const r = setSetting(ws, key, opts.unset ? null : value!);
          if (opts.json) return printJson(ctx.io, r);
          ctx.io.out(
            r.after === null
              ? `${key} unset (was ${r.before ?? 'not set'}).\n`
              : `${key} = ${r.after}${r.before !== null ? ` (was ${r.before})` : ''}\n`,
          );
        }),
    );
}
