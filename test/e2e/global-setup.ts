import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

/** Builds what users run: the CLI bundle (dist/cli.mjs) and the renderer (dist/renderer). */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const env = { ...process.env, NODE_ENV: 'production' };
  const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  // Screenshots of this run only.
  rmSync(path.join(root, 'test-results/e2e'), { recursive: true, force: true });
  if (process.env.E2E_SKIP_BUILD === '1') return;
  run(['scripts/build-core.mjs']);
  run([path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.config.ts', '--logLevel', 'warn']);
}
