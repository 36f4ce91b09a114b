import { execFileSync } from 'node:child_process';

/** Builds dist/ (the CLI and the import worker) once, so tests exercise the same bundles users run. */
export default function setup(): void {
  try {
    execFileSync(process.execPath, ['scripts/build-core.mjs'], { stdio: 'inherit' });
  } catch {
    // Tests of the worker path and the CLI will fail with their own messages; the rest can still run.
    process.stderr.write('global-setup: building dist/ failed; CLI and worker tests will fail\n');
  }
}
