// Bundles the headless core's entry points into dist/: the cmdbw CLI, the import worker thread and the
// job worker thread of the app's API.
// Dependencies stay external (resolved from node_modules at run time); the bundle starts fast.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'src/cli/main.ts',
    'import-worker': 'src/ingest/import-worker.ts',
    // imports and reconciliations started from the app (src/api/jobs.ts)
    'job-worker': 'src/api/job-worker.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
