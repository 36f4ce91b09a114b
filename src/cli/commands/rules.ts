import type { Command } from 'commander';
import {
  listRules,
  listSourcePolicies,
  removeRule,
  resetRules,
  setRule,
  setStaleness,
} from '../../settings/rules.js';
import { type CliContext, withWorkspace } from '../context.js';
import { formatTable, printJson } from '../output.js';

export function registerRules(program: Command, ctx: CliContext): void {
  const precedence = program
    .command('precedence')
    .description(
      'which source wins each attribute of the golden record (lower rank wins; reconcile again to apply)',
    )
    .addHelpText(
      'after',
      '\nAttributes: a name (ip_address, owner, extra.<name>...) or a group: *technical (IP, OS, CPU, RAM, serial...)\n' +
        'or *business (owner, support group, location...). Sources: a source name, or role:cmdb / role:discovery.\n' +
        'Defaults: discovery wins *technical, the CMDB wins *business.\n',
    );
  const show = (rules: { attribute: string; source: string; rank: number }[], json?: boolean) =>
    json
      ? printJson(ctx.io, rules)
      : ctx.io.out(
          formatTable(
            ['ATTRIBUTE', 'SOURCE', 'RANK'],
            rules.map((r) => [r.attribute, r.source, r.rank]),
          ),
        );
  precedence
    .command('list')
    .argument('<workspace>', 'workspace file')
    .option('--json', 'print as JSON')
    .action((file: string, opts: { json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const { rules, defaults } = listRules(ws);
        if (opts.json) return printJson(ctx.io, { rules, defaults });
        show(rules);
        if (defaults) ctx.io.out('(the defaults: no rule has been edited in this workspace)\n');
      }),
    );
  precedence
    .command('set')
    .argument('<workspace>', 'workspace file')
    .argument('<attribute>', 'attribute or group')
    .argument('<source>', 'source name or role:cmdb / role:discovery')
    .argument('<rank>', 'lower wins', Number)
    .option('--json', 'print the rules as JSON')
    .action((file: string, attribute: string, source: string, rank: number, opts: { json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => show(setRule(ws, { attribute, source, rank }), opts.json)),
    );
  precedence
    .command('remove')
    .argument('<workspace>', 'workspace file')
    .argument('<attribute>', 'attribute or group')
    .argument('<source>', 'source name or role')
    .option('--json', 'print the rules as JSON')
    .action((file: string, attribute: string, source: string, opts: { json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => show(removeRule(ws, attribute, source), opts.json)),
    );
  precedence
    .command('reset')
    .argument('<workspace>', 'workspace file')
    .option('--json', 'print the rules as JSON')
    .action((file: string, opts: { json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => show(resetRules(ws), opts.json)),
    );

  program
    .command('staleness')
    .description('per-source staleness window: values from an older snapshot lose to fresher sources')
    .argument('<workspace>', 'workspace file')
    .argument('[source]', 'source name (omit to list every source)')
    .argument('[days]', 'window in days, or "none"')
    .option('--json', 'print as JSON')
    .action((file: string, source: string | undefined, days: string | undefined, opts: { json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const policies =
          source && days !== undefined
            ? setStaleness(ws, source, days === 'none' ? null : Number(days))
            : listSourcePolicies(ws);
        if (opts.json) return printJson(ctx.io, policies);
        ctx.io.out(
          formatTable(
            ['SOURCE', 'STALE AFTER (DAYS)'],
            policies.map((p) => [p.source, p.stalenessDays ?? 'never']),
          ),
        );
      }),
    );
}
