import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createApi } from '../../api/create-api.js';
import { startServer } from '../../server/http-server.js';
import { UserError } from '../../util/errors.js';
import type { CliContext } from '../context.js';

interface ServeOpts {
  port?: number;
  open?: boolean;
  maxUploadMb?: number;
}

/** Opens the URL in the user's browser without a shell (the URL is never parsed by one). */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

export function registerServe(program: Command, ctx: CliContext, version: string): void {
  program
    .command('serve')
    .description('serve the workbench UI for a workspace in your browser, on 127.0.0.1 only')
    .argument('<workspace>', 'workspace file')
    .option('-p, --port <port>', 'port to listen on (default: any free port)', Number)
    .option('--open', 'open the URL in your browser')
    .option(
      '--max-upload-mb <mb>',
      'largest file the browser may upload for an import (default 1024)',
      Number,
    )
    .addHelpText(
      'after',
      '\nThe URL printed holds a random token that changes every run; requests without it are refused.\n',
    )
    .action(async (file: string, opts: ServeOpts) => {
      if (opts.port !== undefined && (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535))
        throw new UserError('BAD_PORT', `--port must be a port number (0-65535), not ${opts.port}`);
      if (!existsSync(file))
        throw new UserError('NO_WORKSPACE', `no workspace at ${file} (create one with: cmdbw init ${file})`);
      const api = createApi({
        mode: 'browser',
        version,
        user: ctx.user,
        onInternalError: (method, err) =>
          ctx.io.err(
            `cmdbw serve: ${method}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
          ),
      });
      api.host.open(file, { remember: false });
      const server = await startServer({
        ...api,
        port: opts.port,
        maxUploadBytes: opts.maxUploadMb ? opts.maxUploadMb * 2 ** 20 : undefined,
        log: (line) => ctx.io.err(`${line}\n`),
      });
      ctx.io.out(
        `CMDB Workbench is serving ${file}\n\n  ${server.url}\n\nOpen that URL in your browser. Press Ctrl+C to stop.\n`,
      );
      if (opts.open) openBrowser(server.url);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      await api.host.close();
    });
}
