import { Command, CommanderError } from 'commander';
import { UserError } from '../util/errors.js';
import { registerAudit } from './commands/audit.js';
import { registerChangeset } from './commands/changeset.js';
import { registerConfig } from './commands/config.js';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerReconcile } from './commands/reconcile.js';
import { registerRules } from './commands/rules.js';
import { registerServe } from './commands/serve.js';
import { registerSources } from './commands/sources.js';
import type { CliContext } from './context.js';
import { type Io, processIo } from './output.js';

export const VERSION = '0.1.0';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('cmdbw')
    .description('CMDB Workbench: reconcile what your CMDB says with what discovery tools see')
    .version(VERSION)
    .option(
      '--user <name>',
      'who is acting, for the audit trail (default: the workspace setting, then the OS user)',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
  program.hook('preAction', (cmd) => {
    ctx.user = (cmd.optsWithGlobals() as { user?: string }).user ?? ctx.user;
  });
  registerInit(program, ctx);
  registerImport(program, ctx);
  registerSources(program, ctx);
  registerReconcile(program, ctx);
  registerRules(program, ctx);
  registerChangeset(program, ctx);
  registerAudit(program, ctx);
  registerConfig(program, ctx);
  registerServe(program, ctx, VERSION);
  const configure = (cmd: Command): void => {
    for (const sub of cmd.commands) {
      sub.exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
      configure(sub);
    }
  };
  configure(program);
  return program;
}

/** Runs the CLI; resolves to the process exit code (0 success, 1 failure, 2 usage error). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const ctx: CliContext = { io };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return 0;
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UserError) {
      io.err(`cmdbw: ${err.message}\n`);
      return 1;
    }
    io.err(`cmdbw: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
