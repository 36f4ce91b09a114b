// npm run bench:reconcile [-- --sizes 20000,200000 --seed 7 --runs 1 --no-rerun]
// Reconciles cmdb-sim estates end to end with the bundled CLI, one child process per run, and prints time
// per phase, peak RSS and how time grows from the smallest estate to the largest against n log n.
// Each size is imported once into a cached workspace (.bench/reconcile/); every run reconciles a fresh
// copy of it (a first reconciliation), then, unless --no-rerun, reconciles that copy again (a re-run:
// previous results are read for stable ids and finding fingerprints, then replaced).
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { arg, estate, peakRssMb, ROOT, runCli, SIM_FILES } from './bench/estate.mjs';

const sizes = arg('sizes', '20000,200000').split(',').map(Number);
const seed = Number(arg('seed', '7'));
const runs = Number(arg('runs', '1'));
const rerun = !process.argv.includes('--no-rerun');
const TARGET_SECONDS = 60;
const TARGET_RSS_MB = 2048;

const work = path.join(ROOT, '.bench', 'reconcile');
mkdirSync(work, { recursive: true });
// Write steps are printed by the engine on stderr when this is set (it costs nothing measurable).
process.env.CMDBW_DEBUG_MEMORY = '1';

const cli = (args) =>
  execFileSync(process.execPath, [path.join(ROOT, 'bin/cmdbw.mjs'), ...args], { stdio: 'ignore' });

/** The imported workspace of an estate, made once (renamed into place only when every import worked). */
function importedWorkspace(cis) {
  const ws = path.join(work, `imported-${cis}-${seed}.cmdbw`);
  if (!existsSync(ws)) {
    const dir = estate(cis, seed);
    const tmp = `${ws}.tmp`;
    rmSync(tmp, { force: true });
    process.stderr.write(`importing the ${cis}-machine estate...\n`);
    cli(['init', tmp]);
    for (const [source, format, file] of SIM_FILES)
      cli(['import', tmp, '--source', source, '--format', format, path.join(dir, file)]);
    renameSync(tmp, ws);
  }
  // Brings a workspace made by an older schema up to date now, so no run measures a migration.
  cli(['init', ws]);
  return ws;
}

function parseSteps(stderr) {
  const steps = {};
  for (const line of stderr.split('\n')) {
    const m = /^\s*(write\/[^:]+|\w+): (\d+) ms/.exec(line);
    if (m) steps[m[1]] = Number(m[2]);
  }
  return steps;
}

function reconcileOnce(ws) {
  const run = runCli(['reconcile', ws, '--json']);
  const summary = JSON.parse(run.stdout);
  return {
    wall: run.seconds,
    seconds: summary.durationMs / 1000,
    rssMb: peakRssMb(run.stderr),
    records: summary.records,
    clusters: summary.clusters,
    steps: parseSteps(run.stderr),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function medianRun(list) {
  const keys = new Set(list.flatMap((r) => Object.keys(r.steps)));
  const steps = {};
  for (const k of keys) steps[k] = median(list.map((r) => r.steps[k] ?? 0));
  return {
    wall: median(list.map((r) => r.wall)),
    seconds: median(list.map((r) => r.seconds)),
    bestSeconds: Math.min(...list.map((r) => r.seconds)),
    rssMb: median(list.map((r) => r.rssMb)),
    maxRssMb: Math.max(...list.map((r) => r.rssMb)),
    records: list[0].records,
    clusters: list[0].clusters,
    steps,
  };
}

// Runs alternate between sizes (20k, 200k, 20k, 200k, ...): on a shared machine a slow minute then
// slows both sizes alike instead of skewing the growth ratio between them.
const sources = sizes.map((cis) => importedWorkspace(cis));
const firstRuns = sizes.map(() => []);
const reRuns = sizes.map(() => []);
for (let i = 0; i < runs; i++) {
  sizes.forEach((cis, s) => {
    const ws = path.join(work, `run-${cis}-${seed}.cmdbw`);
    for (const f of [ws, `${ws}-wal`, `${ws}-shm`]) rmSync(f, { force: true });
    copyFileSync(sources[s], ws);
    // The copy is on disk before the clock starts: otherwise the kernel writes its 1 GB back during the
    // run, and the reconciliation's own COMMIT waits behind it (a user's workspace is not a fresh copy).
    const fd = openSync(ws, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    firstRuns[s].push(reconcileOnce(ws));
    process.stderr.write(`  ${cis}: first run ${firstRuns[s].at(-1).wall.toFixed(1)} s\n`);
    if (rerun) {
      reRuns[s].push(reconcileOnce(ws));
      process.stderr.write(`  ${cis}: re-run ${reRuns[s].at(-1).wall.toFixed(1)} s\n`);
    }
    for (const f of [ws, `${ws}-wal`, `${ws}-shm`]) rmSync(f, { force: true });
  });
}
const results = sizes.map((cis, s) => ({
  cis,
  first: medianRun(firstRuns[s]),
  again: reRuns[s].length ? medianRun(reRuns[s]) : undefined,
}));

const num = (n, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });
const columns = results.flatMap((r) => [
  { label: `${num(r.cis)} first`, run: r.first },
  ...(r.again ? [{ label: `${num(r.cis)} re-run`, run: r.again }] : []),
]);
const W = 17;
console.log(
  `\nReconcile benchmark: cmdb-sim seed ${seed}, ${runs} run(s) each, medians (${process.version}, ${process.platform} ${process.arch})`,
);
console.log(`${'phase'.padEnd(26)}${columns.map((c) => c.label.padStart(W)).join('')}`);
const stepNames = [...new Set(columns.flatMap((c) => Object.keys(c.run.steps)))];
const order = ['load', 'identify', 'relationships', 'findings', 'write'];
stepNames.sort((a, b) => {
  const pa = order.indexOf(a.startsWith('write/') ? 'write' : a);
  const pb = order.indexOf(b.startsWith('write/') ? 'write' : b);
  return pa - pb || (a.startsWith('write/') ? 1 : 0) - (b.startsWith('write/') ? 1 : 0);
});
for (const s of stepNames) {
  const label = s.startsWith('write/') ? `  ${s.slice(6)}` : s;
  console.log(
    `${`${label} (s)`.padEnd(26)}${columns.map((c) => (c.run.steps[s] === undefined ? '' : num(c.run.steps[s] / 1000, 2)).padStart(W)).join('')}`,
  );
}
const row = (label, f) =>
  console.log(`${label.padEnd(26)}${columns.map((c) => f(c.run).padStart(W)).join('')}`);
row('reconcile (s)', (r) => num(r.seconds, 2));
row('process wall (s)', (r) => num(r.wall, 2));
row('peak RSS (MB)', (r) => num(r.rssMb));
row('records', (r) => num(r.records));
row('CIs', (r) => num(r.clusters));

if (results.length >= 2) {
  const small = results[0];
  const large = results[results.length - 1];
  const nlogn = (n) => n * Math.log(n);
  const expected = nlogn(large.first.records) / nlogn(small.first.records);
  const growth = large.first.seconds / small.first.seconds;
  console.log(
    `\nGrowth ${num(small.cis)} -> ${num(large.cis)} machines (${num(small.first.records)} -> ${num(large.first.records)} records), first runs:` +
      `\n  time x${num(growth, 2)}, n log n x${num(expected, 2)}: ratio ${num(growth / expected, 2)} (<= 1: no worse than n log n): ${growth <= expected ? 'PASS' : 'FAIL'}`,
  );
  // Interference on a shared machine only ever adds time: the fastest runs show the code's own growth.
  if (runs > 1) {
    const best = large.first.bestSeconds / small.first.bestSeconds;
    console.log(
      `  fastest runs (${num(small.first.bestSeconds, 2)} s, ${num(large.first.bestSeconds, 2)} s): time x${num(best, 2)}, ratio ${num(best / expected, 2)} (for reference)`,
    );
  }
}
for (const r of results) {
  if (r.cis < 200000) continue;
  const runsOf = [r.first, ...(r.again ? [r.again] : [])];
  const slowest = Math.max(...runsOf.map((x) => x.wall));
  const rss = Math.max(...runsOf.map((x) => x.maxRssMb));
  console.log(
    `${num(r.cis)} machines: slowest median wall ${num(slowest, 1)} s (target < ${TARGET_SECONDS} s): ${slowest < TARGET_SECONDS ? 'PASS' : 'FAIL'}; ` +
      `peak RSS ${num(rss)} MB (target < ${TARGET_RSS_MB} MB): ${rss < TARGET_RSS_MB ? 'PASS' : 'FAIL'}`,
  );
}
