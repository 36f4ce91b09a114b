// npm run bench:quality [-- --sizes 1500,20000 --seeds 11,12,13]
// Matching quality on fresh cmdb-sim estates: for each size and seed, import the six files, reconcile,
// export clusters and findings, and score them with ../shared/cmdb-sim/score.mjs. Prints one row per
// estate and the smallest F1 of each column, so a change that helps one seed and hurts another shows.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { arg, estate, ROOT, runCli, SIM, SIM_FILES } from './bench/estate.mjs';

const sizes = arg('sizes', '1500,5000').split(',').map(Number);
const seeds = arg('seeds', '101,202,303,404,505').split(',').map(Number);
const { score, parseCsv } = await import(pathToFileURL(path.join(SIM, 'score.mjs')).href);
const { readFileSync } = await import('node:fs');

const CATS = [
  'duplicate',
  'missing_in_cmdb',
  'not_discovered',
  'attribute_conflict',
  'relationship_conflict',
  'dangling_relationship',
];
const rows = [];
for (const cis of sizes) {
  for (const seed of seeds) {
    const dir = estate(cis, seed);
    const work = path.join(ROOT, '.bench', 'quality', `${cis}-${seed}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const ws = path.join(work, 'ws.cmdbw');
    runCli(['init', ws]);
    for (const [source, format, file] of SIM_FILES)
      runCli(['import', ws, '--source', source, '--format', format, path.join(dir, file)]);
    runCli(['reconcile', ws]);
    runCli(['export', 'clusters', ws, '--out', path.join(work, 'clusters.csv')]);
    runCli(['export', 'findings', ws, '--out', path.join(work, 'findings.csv')]);
    const read = (f) => parseCsv(readFileSync(path.join(work, f), 'utf8'));
    const s = score(path.join(dir, 'truth'), read('clusters.csv'), read('findings.csv'));
    rows.push({
      cis,
      seed,
      clustering: s.pairwise.f1,
      ...Object.fromEntries(CATS.map((c) => [c, s.findings[c].f1])),
      min: s.min_f1,
    });
    process.stderr.write(`  ${cis}/${seed}: min F1 ${s.min_f1.toFixed(3)}\n`);
  }
}
const cols = ['clustering', ...CATS, 'min'];
const short = {
  clustering: 'cluster',
  duplicate: 'dup',
  missing_in_cmdb: 'missing',
  not_discovered: 'not_disc',
  attribute_conflict: 'attr',
  relationship_conflict: 'rel',
  dangling_relationship: 'dangling',
  min: 'min',
};
console.log(
  `\nMatching quality on cmdb-sim estates (F1; targets: clustering >= 0.99, every category >= 0.95)`,
);
console.log(
  `${'machines'.padStart(8)} ${'seed'.padStart(6)} ${cols.map((c) => short[c].padStart(8)).join(' ')}`,
);
for (const r of rows)
  console.log(
    `${String(r.cis).padStart(8)} ${String(r.seed).padStart(6)} ${cols.map((c) => r[c].toFixed(3).padStart(8)).join(' ')}`,
  );
const worst = Object.fromEntries(cols.map((c) => [c, Math.min(...rows.map((r) => r[c]))]));
console.log(`${'worst'.padStart(15)} ${cols.map((c) => worst[c].toFixed(3).padStart(8)).join(' ')}`);
const pass = worst.clustering >= 0.99 && CATS.every((c) => worst[c] >= 0.95);
console.log(
  `\n${pass ? 'PASS' : 'FAIL'}: worst clustering F1 ${worst.clustering.toFixed(3)}, worst category F1 ${Math.min(...CATS.map((c) => worst[c])).toFixed(3)}`,
);
process.exitCode = pass ? 0 : 1;
