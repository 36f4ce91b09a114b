// npm run bench:import [-- --cis 200000 --seed 7]
// Imports every file of a cmdb-sim estate into a fresh workspace, one child process per file, and prints
// records/s and peak RSS per format; `sqlite3 .import` of the same cmdb_ci.csv is the floor to beat.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { arg, estate, peakRssMb, ROOT, runCli, SIM_FILES } from './bench/estate.mjs';

const cis = Number(arg('cis', '200000'));
const seed = Number(arg('seed', '7'));
const dir = estate(cis, seed);
const work = path.join(ROOT, '.bench', 'import');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

function floor() {
  const db = path.join(work, 'floor.sqlite');
  const csv = path.join(dir, 'servicenow/cmdb_ci.csv');
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const t0 = process.hrtime.bigint();
  execFileSync('sqlite3', [db, '.mode csv', `.import ${csv} cmdb_ci`]);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rows = Number(
    execFileSync('sqlite3', [db, 'SELECT count(*) FROM cmdb_ci'], { encoding: 'utf8' }).trim(),
  );
  return { rows, seconds, rate: rows / seconds };
}

const ws = path.join(work, 'bench.cmdbw');
execFileSync(process.execPath, [path.join(ROOT, 'bin/cmdbw.mjs'), 'init', ws], { stdio: 'ignore' });
const results = [];
for (const [source, format, rel] of SIM_FILES) {
  const file = path.join(dir, rel);
  const run = runCli(['import', ws, '--source', source, '--format', format, '--json', file]);
  const seconds = run.seconds;
  const summary = JSON.parse(run.stdout);
  const items = summary.records + summary.relationships;
  results.push({
    format,
    file: rel,
    mb: statSync(file).size / 1e6,
    items,
    seconds,
    rate: items / seconds,
    rssMb: peakRssMb(run.stderr),
  });
  process.stderr.write(`  ${format}: ${items.toLocaleString('en')} in ${seconds.toFixed(2)} s\n`);
}
const base = floor();

const pad = (s, n) => String(s).padEnd(n);
const num = (n, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(
  `\nImport benchmark: cmdb-sim --cis ${cis} --seed ${seed} (${process.version}, ${process.platform} ${process.arch})`,
);
console.log(
  `${pad('format', 16)}${pad('file', 40)}${'MB'.padStart(8)}${'records'.padStart(11)}${'seconds'.padStart(9)}${'records/s'.padStart(11)}${'peak RSS MB'.padStart(13)}`,
);
for (const r of results) {
  console.log(
    `${pad(r.format, 16)}${pad(r.file, 40)}${num(r.mb, 1).padStart(8)}${num(r.items).padStart(11)}${num(r.seconds, 2).padStart(9)}${num(r.rate).padStart(11)}${num(r.rssMb).padStart(13)}`,
  );
}
if (base) {
  console.log(
    `${pad('sqlite3 .import', 16)}${pad('servicenow/cmdb_ci.csv (floor)', 40)}${''.padStart(8)}${num(base.rows).padStart(11)}${num(base.seconds, 2).padStart(9)}${num(base.rate).padStart(11)}`,
  );
  const sn = results.find((r) => r.format === 'servicenow-ci');
  const ratio = sn.rate / base.rate;
  console.log(
    `\nServiceNow CSV vs sqlite3 .import: ${(ratio * 100).toFixed(0)}% of the floor's rows/s (target >= 50%): ${ratio >= 0.5 ? 'PASS' : 'FAIL'}`,
  );
} else {
  console.log('\nsqlite3 is not installed: no floor measured (apt-get install sqlite3)');
}
const maxRss = Math.max(...results.map((r) => r.rssMb));
console.log(
  `Peak RSS over all formats: ${num(maxRss)} MB (target < 1024 MB): ${maxRss < 1024 ? 'PASS' : 'FAIL'}`,
);
