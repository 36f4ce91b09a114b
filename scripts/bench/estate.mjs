// Shared by the benchmarks: a cmdb-sim estate of a given size, generated once into .bench/ and reused.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// cmdb-sim beside the repository, or where CMDBW_SHARED says, or at its usual place (as test/helpers/shared-dir.ts).
export const SIM =
  [process.env.CMDBW_SHARED, path.resolve(ROOT, '../shared'), '/work/shared']
    .filter(Boolean)
    .map((d) => path.join(d, 'cmdb-sim'))
    .find((d) => existsSync(d)) ?? path.resolve(ROOT, '../shared/cmdb-sim');

// The files of a cmdb-sim estate: source, format and path (as test/helpers/sim-files.ts).
export const SIM_FILES = [
  ['servicenow', 'servicenow-ci', 'servicenow/cmdb_ci.csv'],
  ['servicenow', 'servicenow-rel', 'servicenow/cmdb_rel_ci.csv'],
  ['nmap', 'nmap-xml', 'discovery/nmap-scan.xml'],
  ['rvtools', 'rvtools-vinfo', 'discovery/rvtools_vInfo.csv'],
  ['glpi', 'glpi-inventory', 'discovery/glpi-inventory.ndjson'],
  ['aws', 'aws-ec2', 'discovery/aws-ec2-describe-instances.json'],
];

export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function estate(cis, seed) {
  const out = path.join(ROOT, '.bench', `estate-${cis}-${seed}`);
  if (existsSync(path.join(out, 'truth', 'findings.csv'))) return out;
  mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  process.stderr.write(`generating a ${cis}-machine estate (seed ${seed})...\n`);
  execFileSync(
    process.execPath,
    [path.join(SIM, 'generate.mjs'), '--out', tmp, '--cis', String(cis), '--seed', String(seed)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  renameSync(tmp, out);
  return out;
}

/** Runs the bundled CLI in a child process; returns its JSON output, wall time and peak RSS. */
export function runCli(args) {
  const wrapper = `
    const { main } = await import(${JSON.stringify(path.join(ROOT, 'dist/cli.mjs'))});
    const code = await main(['node', 'cmdbw', ...${JSON.stringify(args)}]);
    process.stderr.write('\\n@@rss ' + process.resourceUsage().maxRSS + '\\n');
    process.exit(code);`;
  const t0 = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (run.status !== 0) throw new Error(`cmdbw ${args.join(' ')} failed:\n${run.stderr}`);
  return { stdout: run.stdout, stderr: run.stderr, seconds };
}

export function peakRssMb(stderrText) {
  const m = /@@rss (\d+)/.exec(stderrText);
  return m ? Number(m[1]) / 1024 : NaN;
}
