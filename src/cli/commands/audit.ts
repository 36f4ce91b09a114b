import type { Command } from 'commander';
import path from 'node:path';
import { exportAudit } from '../../audit/audit-export.js';
import { verifyAudit } from '../../audit/audit-log.js';
import { queryAudit } from '../../audit/audit-query.js';
import { UserError } from '../../util/errors.js';
import { type CliContext, withWorkspace } from '../context.js';
import { formatTable, printJson } from '../output.js';

export function registerAudit(program: Command, ctx: CliContext): void {
  const audit = program
    .command('audit')
    .description('the hash-chained audit trail: verify it, list it, export it');

  audit
    .command('verify')
    .description(
      'check every entry against the hash chain (exit 1 and the first bad entry named when broken)',
    )
    .argument('<workspace>', 'workspace file')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const v = verifyAudit(ws.db);
        if (opts.json) printJson(ctx.io, v);
        if (!v.ok)
          throw new UserError('AUDIT_BROKEN', `audit trail broken at entry ${v.firstBad}: ${v.reason}`, {
            firstBad: v.firstBad,
          });
        if (!opts.json)
          ctx.io.out(`Audit trail intact: ${v.entries.toLocaleString('en')} entries, head ${v.head}.\n`);
      }),
    );

  audit
    .command('list')
    .description('list audit entries, newest first')
    .argument('<workspace>', 'workspace file')
    .option(
      '--action <action...>',
      'only these actions (import, reconcile, changeset.create, changeset.review...)',
    )
    .option('--target <target>', 'only entries about this target, e.g. changeset:3')
    .option('-n, --limit <n>', 'at most this many (default 50; 0 = all)', Number)
    .option('--json', 'print as JSON')
    .action((file: string, opts: { action?: string[]; target?: string; limit?: number; json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const limit = opts.limit === undefined ? (opts.json ? 0 : 50) : opts.limit;
        const entries = [
          ...queryAudit(ws.db, { actions: opts.action, target: opts.target, limit, newestFirst: true }),
        ];
        if (opts.json)
          return printJson(
            ctx.io,
            entries.map((e) => ({ ...e, detail: JSON.parse(e.detail) as unknown })),
          );
        ctx.io.out(
          formatTable(
            ['SEQ', 'AT', 'ACTOR', 'ACTION', 'TARGET', 'DETAIL'],
            entries.map((e) => [
              e.seq,
              e.at,
              e.actor,
              e.action,
              e.target,
              e.detail.length > 70 ? `${e.detail.slice(0, 67)}...` : e.detail,
            ]),
          ),
        );
      }),
    );

  audit
    .command('export')
    .description(
      'write the trail as audit-log.json (exact entries, verifiable) and audit-log.csv (for spreadsheets)',
    )
    .argument('<workspace>', 'workspace file')
    .option('-o, --out <dir>', 'output directory (default: WORKSPACE-audit next to the workspace file)')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { out?: string; json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        // `cmdbw audit export WS` works as written: the trail goes next to the workspace it belongs to.
        const r = exportAudit(ws, opts.out ?? defaultAuditDir(file));
        if (opts.json) return printJson(ctx.io, r);
        ctx.io.out(
          `Wrote ${r.entries.toLocaleString('en')} audit entries to ${r.directory} (${r.files.map((f) => f.path).join(', ')}).\n`,
        );
        if (!r.verification.ok)
          ctx.io.out(
            `warning: the trail is broken at entry ${r.verification.firstBad}: ${r.verification.reason}\n`,
          );
      }),
    );
}

/** estate.cmdbw -> estate-audit/ beside it. */
export function defaultAuditDir(workspaceFile: string): string {
  const parsed = path.parse(path.resolve(workspaceFile));
  return path.join(parsed.dir, `${parsed.name}-audit`);
}
