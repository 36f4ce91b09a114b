// npm run bench:changeset [-- --cis 60000 --seed 7 --items 50000 --formats servicenow-ire,servicenow-csv,itop-csv,json]
// A 50,000-item changeset made from a reconciled cmdb-sim estate, end to end with the bundled CLI, one child
// process per step: create (planning from every finding), review --accept-all, approve (validation and the
// content hash), then export in each format. Prints wall time and peak RSS per step.
// The estate is imported and reconciled once into a cached workspace (.bench/changeset/); every run works on
// a fresh copy of it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { arg, estate, peakRssMb, ROOT, runCli, SIM_FILES } from './bench/estate.mjs';

const cis = Number(arg('cis', '60000'));
const seed = Number(arg('seed', '7'));
const wanted = Number(arg('items', '50000'));
const formats = arg('formats', 'servicenow-ire,servicenow-csv,itop-csv,json').split(',');
const TARGET_SECONDS = 60;
const TARGET_RSS_MB = 2048;

const work = path.join(ROOT, '.bench', 'changeset');
mkdirSync(work, { recursive: true });

const cli = (args) =>
  execFileSync(process.execPath, [path.join(ROOT, 'bin/cmdbw.mjs'), ...args], { stdio: 'ignore' });

/** The imported and reconciled workspace of the estate, made once (renamed into place when complete). */
function reconciledWorkspace() {
  const ws = path.join(work, `reconciled-${cis}-${seed}.cmdbw`);
  if (!existsSync(ws)) {
    const dir = estate(cis, seed);
    const tmp = `${ws}.tmp`;
    rmSync(tmp, { force: true });
    process.stderr.write(`importing and reconciling the ${cis}-machine estate (once)...\n`);
    cli(['init', tmp]);
    for (const [source, format, file] of SIM_FILES)
      cli(['import', tmp, '--source', source, '--format', format, path.join(dir, file)]);
    cli(['reconcile', tmp]);
    renameSync(tmp, ws);
  }
  // Brings a workspace made by an older schema up to date now, so no step measures a migration.
  cli(['init', ws]);
  return ws;
}

function dirBytes(dir) {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    n += s.isDirectory() ? dirBytes(p) : s.size;
  }
  return n;
}

const source = reconciledWorkspace();
const ws = path.join(work, `run-${cis}-${seed}.cmdbw`);
const clean = () => {
  for (const f of [ws, `${ws}-wal`, `${ws}-shm`]) rmSync(f, { force: true });
  rmSync(path.join(work, 'out'), { recursive: true, force: true });
};
clean();
copyFileSync(source, ws);

const steps = [];
function step(label, args) {
  const r = runCli(args);
  const s = { label, seconds: r.seconds, rssMb: peakRssMb(r.stderr), json: JSON.parse(r.stdout) };
  steps.push(s);
  process.stderr.write(`  ${label}: ${s.seconds.toFixed(1)} s, ${Math.round(s.rssMb)} MB\n`);
  return s.json;
}

const created = step('create', ['changeset', 'create', ws, '--all', '--limit', String(wanted), '--json']);
if (created.items !== wanted) {
  console.error(`the ${cis}-machine estate yields ${created.items} items, not ${wanted}: use a larger --cis`);
  process.exit(1);
}
const id = String(created.id);
const reviewed = step('review --accept-all', ['changeset', 'review', ws, id, '--accept-all', '--json']);
const approved = step('approve', ['changeset', 'approve', ws, id, '--json']);
const exported = [];
for (const format of formats) {
  const out = path.join(work, 'out', format);
  const r = step(`export ${format}`, [
    'changeset',
    'export',
    ws,
    id,
    '--format',
    format,
    '--out',
    out,
    '--json',
  ]);
  exported.push({ format, items: r.items, files: r.files.length, mb: dirBytes(out) / 1e6 });
}
step('audit verify', ['audit', 'verify', ws, '--json']);

const num = (n, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(
  `\nChangeset benchmark: cmdb-sim ${num(cis)} machines, seed ${seed} (${process.version}, ${process.platform} ${process.arch})`,
);
console.log(
  `changeset ${id}: ${num(created.items)} items from ${num(created.findings)} findings; ` +
    `${reviewed.transitions.map((t) => `${t.from} -> ${t.to}`).join(', ')}; ` +
    `${num(approved.counts.accepted + approved.counts.edited)} to export, content hash ${approved.contentHash.slice(0, 16)}...`,
);
console.log(`${'step'.padEnd(28)}${'wall (s)'.padStart(10)}${'peak RSS (MB)'.padStart(15)}`);
for (const s of steps)
  console.log(`${s.label.padEnd(28)}${num(s.seconds, 1).padStart(10)}${num(s.rssMb).padStart(15)}`);
for (const e of exported)
  console.log(`  ${e.format}: ${num(e.items)} items, ${num(e.files)} files, ${num(e.mb, 1)} MB`);
const total = steps.reduce((a, s) => a + s.seconds, 0);
const rss = Math.max(...steps.map((s) => s.rssMb));
const slowest = steps.reduce((a, s) => (s.seconds > a.seconds ? s : a));
console.log(
  `total ${num(total, 1)} s; slowest step ${slowest.label} ${num(slowest.seconds, 1)} s (target < ${TARGET_SECONDS} s): ${slowest.seconds < TARGET_SECONDS ? 'PASS' : 'FAIL'}; ` +
    `peak RSS ${num(rss)} MB (target < ${TARGET_RSS_MB} MB): ${rss < TARGET_RSS_MB ? 'PASS' : 'FAIL'}`,
);
clean();
