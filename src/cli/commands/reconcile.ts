import type { Command } from 'commander';
import { explainRecord } from '../../reconcile/explain.js';
import { exportClusters, exportFindings } from '../../reconcile/export-results.js';
import { listFindings, qualityReport } from '../../reconcile/queries.js';
import { reconcile } from '../../reconcile/run-reconcile.js';
import { type CliContext, withWorkspace } from '../context.js';
import { formatTable, printJson } from '../output.js';
import { ProgressBar } from '../progress.js';

export function registerReconcile(program: Command, ctx: CliContext): void {
  program
    .command('reconcile')
    .description(
      'identify CIs across sources, derive findings, golden records and quality scores (replaces the previous results)',
    )
    .argument('<workspace>', 'workspace file')
    .option('--threshold <bits>', 'match score needed to merge records (Fellegi-Sunter weight, bits)', Number)
    .option('--json', 'print the run summary as JSON')
    .action((file: string, opts: { json?: boolean; threshold?: number }) =>
      withWorkspace(ctx, file, (ws) => {
        const bar = new ProgressBar(ctx.io);
        const summary = (() => {
          try {
            return reconcile(ws, {
              threshold: opts.threshold,
              onProgress: (phase, f) => bar.update(f, phase),
            });
          } finally {
            bar.done();
          }
        })();
        if (opts.json) return printJson(ctx.io, summary);
        const io = ctx.io;
        io.out(
          `Reconciled ${summary.records.toLocaleString('en')} records into ${summary.clusters.toLocaleString('en')} CIs in ${(summary.durationMs / 1000).toFixed(1)} s (run ${summary.runId}${summary.unchanged ? ', inputs unchanged since the previous run' : ''}).\n`,
        );
        const cats = Object.entries(summary.findings).sort((a, b) => b[1] - a[1]);
        if (cats.length) io.out('\n' + formatTable(['FINDING', 'COUNT'], cats));
        io.out(
          `\nData quality: ${summary.quality.overall.score} / 100 (completeness ${summary.quality.overall.completeness}, correctness ${summary.quality.overall.correctness}, compliance ${summary.quality.overall.compliance})\n`,
        );
      }),
    );

  const exp = program.command('export').description('export reconciliation results');
  exp
    .command('clusters')
    .description('clusters.csv: source,record_key,cluster_id for every current record')
    .argument('<workspace>', 'workspace file')
    .requiredOption('-o, --out <file>', 'output CSV file')
    .option('--json', 'print a summary as JSON')
    .action((file: string, opts: { out: string; json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const r = exportClusters(ws, opts.out);
        if (opts.json) return printJson(ctx.io, { file: opts.out, ...r });
        ctx.io.out(`Wrote ${r.rows.toLocaleString('en')} rows to ${opts.out}\n`);
      }),
    );
  exp
    .command('findings')
    .description('findings.csv: category,source,record_key,attribute for every finding')
    .argument('<workspace>', 'workspace file')
    .requiredOption('-o, --out <file>', 'output CSV file')
    .option('-c, --category <category...>', 'only these categories')
    .option('--json', 'print a summary as JSON')
    .action((file: string, opts: { out: string; category?: string[]; json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const r = exportFindings(ws, opts.out, opts.category);
        if (opts.json) return printJson(ctx.io, { file: opts.out, ...r });
        ctx.io.out(`Wrote ${r.rows.toLocaleString('en')} findings to ${opts.out}\n`);
      }),
    );

  program
    .command('findings')
    .description('list findings (most severe first)')
    .argument('<workspace>', 'workspace file')
    .option('-c, --category <category...>', 'only these categories')
    .option('-s, --severity <severity...>', 'only these severities (high, medium, low, info)')
    .option('-n, --limit <n>', 'at most this many (default 50; 0 = all)', Number)
    .option('--json', 'print as JSON')
    .action(
      (file: string, opts: { category?: string[]; severity?: string[]; limit?: number; json?: boolean }) =>
        withWorkspace(ctx, file, (ws) => {
          const limit = opts.limit === undefined ? (opts.json ? 0 : 50) : opts.limit;
          const { total, byCategory, findings } = listFindings(ws, {
            categories: opts.category,
            severities: opts.severity,
            limit,
          });
          if (opts.json) return printJson(ctx.io, { total, byCategory, findings });
          ctx.io.out(formatTable(['CATEGORY', 'COUNT'], Object.entries(byCategory)) + '\n');
          ctx.io.out(
            formatTable(
              ['ID', 'SEVERITY', 'CATEGORY', 'CI', 'SUMMARY'],
              findings.map((f) => [f.id, f.severity, f.category, f.clusterId, f.summary]),
            ),
          );
          if (findings.length < total)
            ctx.io.out(`(${findings.length} of ${total.toLocaleString('en')}; use --limit 0 for all)\n`);
        }),
    );

  program
    .command('explain')
    .description(
      'why a record belongs to its CI, how each golden value was chosen, and the findings about it',
    )
    .argument('<workspace>', 'workspace file')
    .argument('<source>', 'source name')
    .argument('<key>', "the record's native key (or a relationship's)")
    .option('--json', 'print as JSON')
    .action((file: string, source: string, key: string, opts: { json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const e = explainRecord(ws, source, key);
        if (opts.json) return printJson(ctx.io, e);
        const io = ctx.io;
        if (!e.cluster) {
          io.out(`${source} ${key} is a relationship.\n`);
        } else {
          io.out(
            `${source} ${key} belongs to CI ${e.cluster.id} (${e.cluster.ciType}${e.cluster.name ? `, ${e.cluster.name}` : ''}), quality ${e.cluster.quality}/100.\n\n`,
          );
          io.out(
            'Records of this CI:\n' +
              formatTable(
                ['SOURCE', 'ROLE', 'KEY', 'NAME', 'TYPE'],
                e.members.map((m) => [m.source, m.role, m.key, m.name, m.ciType]),
              ),
          );
          if (e.matches.length) {
            io.out('\nMatch evidence (weights in bits; merged pairs, then vetoes and near misses):\n');
            for (const m of e.matches) {
              io.out(
                `  ${m.decision.toUpperCase()} ${m.a.source} ${m.a.key} ~ ${m.b.source} ${m.b.key}: score ${m.score ?? 'veto'} - ${m.reason}\n`,
              );
              for (const ev of m.evidence)
                io.out(
                  `      ${ev.kind.padEnd(6)} ${ev.outcome.padEnd(8)} ${ev.weight === null ? 'veto' : ev.weight.toFixed(1).padStart(6)}  ${ev.detail}\n`,
                );
            }
          }
          io.out(
            '\nGolden record:\n' +
              formatTable(
                ['ATTRIBUTE', 'VALUE', 'FROM', 'WHY'],
                e.golden.map((g) => [g.attribute, fmt(g.value), g.source, g.reason]),
              ),
          );
        }
        if (e.findings.length)
          io.out(
            '\nFindings:\n' +
              formatTable(
                ['ID', 'SEVERITY', 'CATEGORY', 'ATTRIBUTE', 'SUMMARY'],
                e.findings.map((f) => [f.id, f.severity, f.category, f.attribute, f.summary]),
              ),
          );
        else io.out('\nNo findings.\n');
      }),
    );

  program
    .command('quality')
    .description('data-quality scores: overall, per CI type, per source')
    .argument('<workspace>', 'workspace file')
    .option('--json', 'print as JSON')
    .action((file: string, opts: { json?: boolean }) =>
      withWorkspace(ctx, file, (ws) => {
        const q = qualityReport(ws);
        if (opts.json) return printJson(ctx.io, q);
        const io = ctx.io;
        const o = q.overall;
        io.out(
          `Overall: ${o.score} / 100 over ${o.cis.toLocaleString('en')} CIs (completeness ${o.completeness}, correctness ${o.correctness}, compliance ${o.compliance})\n\n`,
        );
        io.out(
          formatTable(
            ['CI TYPE', 'CIS', 'SCORE', 'COMPLETENESS', 'CORRECTNESS', 'COMPLIANCE'],
            Object.entries(q.byType).map(([t, b]) => [
              t,
              b.cis,
              b.score,
              b.completeness,
              b.correctness,
              b.compliance,
            ]),
          ),
        );
        io.out(
          '\n' +
            formatTable(
              ['SOURCE', 'RECORDS', 'WITH FINDINGS', 'SCORE', 'COMPLETENESS', 'CORRECTNESS', 'COMPLIANCE'],
              Object.entries(q.bySource).map(([s, b]) => [
                s,
                b.records,
                b.recordsWithFindings,
                b.score,
                b.completeness,
                b.correctness,
                b.compliance,
              ]),
            ),
        );
      }),
    );
}

function fmt(v: unknown): string {
  const s = Array.isArray(v)
    ? v.join(', ')
    : typeof v === 'object' && v !== null
      ? JSON.stringify(v)
      : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
