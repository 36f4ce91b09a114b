#!/usr/bin/env node
// UI benchmark (npm run bench:ui): first paint of the CI grid over 1,000,000 CIs and of a 5,000-element
// dependency graph, in Chromium (Debian's /usr/bin/chromium via playwright-core) against `cmdbw serve`.
//
//   node scripts/bench-ui.mjs [--cis 1000000] [--runs 3] [--no-build] [--keep]
//
// How the data is made (documented shortcuts, both measured through the real API and the real UI):
// - CI grid: a cmdb-sim estate of a million CIs takes far too long to import for a UI benchmark, so the
//   script creates a workspace with `cmdbw init` and bulk-inserts synthetic golden records straight into
//   `ci_cluster` with one recursive-CTE INSERT (plus the reconcile_run row they reference). The grid then
//   pages, sorts and counts them through `cis/rows` exactly as it would real ones.
// - Graph: a synthetic ServiceNow estate (one business service, 40 applications, 1,500 servers, 20 ESX
//   hosts; Depends on / Runs on / Hosted on relationships) is written as cmdb_ci.csv + cmdb_rel_ci.csv,
//   imported and reconciled with the CLI, and the 3-hop neighbourhood of the service is opened with a cap
//   of 5,000 elements (~4,900 drawn).
//
// Timings are from navigation start (performance.now() in the page) to the screen's readiness attribute:
// - grid first paint: [data-testid=grid-cis][data-state=ready] (AG Grid's firstDataRendered)
// - grid jump: scrollTop to the middle / the end, until the rows there show data
// - graph first paint: graph-canvas[data-state=ready] (ring layout drawn); layout: [data-layout=done]
//   (fcose computed in the Web Worker and applied); pan/zoom frame rate during wheel zooming.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const CIS = Number(opt('cis', 1_000_000));
const RUNS = Number(opt('runs', 3));
const BUILD = !args.includes('--no-build');
const KEEP = args.includes('--keep');
const CLI = path.join(root, 'bin/cmdbw.mjs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const log = (s) => process.stdout.write(`${s}\n`);
const ms = (t) => `${Math.round(t)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cli = (...a) => execFileSync(process.execPath, [CLI, ...a], { cwd: root, encoding: 'utf8' });

function build() {
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync(process.execPath, ['scripts/build-core.mjs'], { cwd: root, stdio: 'inherit', env });
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
}

/** A workspace with `n` synthetic golden records (see the header comment). */
function millionCiWorkspace(file, n) {
  cli('init', file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const started = Date.now();
  db.transaction(() => {
    const now = new Date().toISOString();
    const run = db
      .prepare(
        `INSERT INTO reconcile_run (started_at, finished_at, actor, records, clusters, findings, inputs, stats)
         VALUES (?, ?, 'bench', ?, ?, 0, '[]', '{}')`,
      )
      .run(now, now, n, n).lastInsertRowid;
    db.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
       INSERT INTO ci_cluster (id, run_id, ci_type, name, host_name, ip_address, serial_number, os, os_family, owner,
                               support_group, location, status, sources, member_count, cmdb_count, discovery_count,
                               finding_count, quality, golden, provenance, quality_detail)
       SELECT i, ?,
              CASE i % 10 WHEN 0 THEN 'application' WHEN 1 THEN 'database' WHEN 2 THEN 'hypervisor' ELSE 'computer' END,
              printf('%s-%s%02d-%s', CASE i % 7 WHEN 0 THEN 'pay' WHEN 1 THEN 'crm' WHEN 2 THEN 'erp' WHEN 3 THEN 'hr'
                       WHEN 4 THEN 'wms' WHEN 5 THEN 'iam' ELSE 'web' END,
                     CASE i % 5 WHEN 0 THEN 'app' WHEN 1 THEN 'db' WHEN 2 THEN 'api' WHEN 3 THEN 'mq' ELSE 'batch' END,
                     i % 97, printf('%07d', i)),
              printf('host%07d', i),
              printf('10.%d.%d.%d', (i / 65536) % 256, (i / 256) % 256, i % 256),
              printf('SN%08X', i * 2654435761 % 4294967296),
              CASE i % 4 WHEN 0 THEN 'Red Hat Enterprise Linux 9' WHEN 1 THEN 'Windows Server 2022' WHEN 2 THEN 'Ubuntu 22.04 LTS' ELSE 'VMware ESXi 8.0' END,
              CASE i % 4 WHEN 0 THEN 'linux' WHEN 1 THEN 'windows' WHEN 2 THEN 'linux' ELSE 'esxi' END,
              CASE i % 6 WHEN 0 THEN 'Ana Souza' WHEN 1 THEN 'Ben Okafor' WHEN 2 THEN 'Chen Wei' WHEN 3 THEN NULL WHEN 4 THEN 'Eli Haddad' ELSE 'Hana Sato' END,
              CASE i % 5 WHEN 0 THEN 'Linux Server Team' WHEN 1 THEN 'Windows Server Team' WHEN 2 THEN 'Core Infrastructure' WHEN 3 THEN 'Data Engineering' ELSE 'Payments Platform' END,
              CASE i % 4 WHEN 0 THEN 'Frankfurt DC1' WHEN 1 THEN 'Amsterdam DC2' WHEN 2 THEN 'New York DC3' ELSE 'Singapore DC4' END,
              CASE WHEN i % 23 = 0 THEN 'retired' ELSE 'installed' END,
              CASE i % 3 WHEN 0 THEN 'servicenow,nmap,glpi' WHEN 1 THEN 'servicenow,rvtools' ELSE 'nmap' END,
              1 + i % 4, CASE i % 3 WHEN 2 THEN 0 ELSE 1 END, 1 + i % 3, i % 5, 30 + (i * 37) % 71,
              '{}', '{}', '{}'
         FROM seq`,
    ).run(n, run);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return Date.now() - started;
}

/** A synthetic ServiceNow estate whose business service has a ~4,900-element 3-hop neighbourhood. */
function graphEstate(dir) {
  mkdirSync(dir, { recursive: true });
  const hex = (i, salt) => (BigInt(i) * 2654435761n + BigInt(salt) * 97n).toString(16).padStart(32, '0').slice(-32);
  const ci = ['sys_id,name,sys_class_name,serial_number,ip_address,os,owned_by,support_group,install_status'];
  const rel = ['sys_id,parent,type,child'];
  let relN = 0;
  const addRel = (p, type, c) => rel.push(`${hex(++relN, 7)},${p},${type},${c}`);
  const svc = hex(1, 1);
  ci.push(`${svc},Core Banking,cmdb_ci_service,,,,Ana Souza,Payments Platform,Installed`);
  const apps = [];
  for (let a = 0; a < 40; a++) {
    const id = hex(100 + a, 2);
    apps.push(id);
    ci.push(`${id},banking-app-${String(a).padStart(2, '0')},cmdb_ci_appl,,,,Ben Okafor,Payments Platform,Installed`);
    addRel(svc, 'Depends on::Used by', id);
  }
  const esx = [];
  for (let e = 0; e < 20; e++) {
    const id = hex(1000 + e, 3);
    esx.push(id);
    ci.push(`${id},esx-bench-${String(e).padStart(2, '0')},cmdb_ci_esx_server,ESXSN${1000 + e},10.99.0.${e + 1},VMware ESXi 8.0,Chen Wei,Core Infrastructure,Installed`);
  }
  for (let s = 0; s < 1500; s++) {
    const id = hex(10_000 + s, 4);
    ci.push(
      `${id},bank-srv-${String(s).padStart(4, '0')},cmdb_ci_linux_server,SRVSN${100_000 + s},10.${100 + Math.floor(s / 250)}.${Math.floor(s / 250) % 250}.${(s % 250) + 1},Red Hat Enterprise Linux 9,Eli Haddad,Linux Server Team,Installed`,
    );
    addRel(apps[s % 40], 'Runs on::Runs', id);
    if (s % 5 === 0) addRel(apps[(s + 7) % 40], 'Runs on::Runs', id);
    addRel(id, 'Hosted on::Hosts', esx[s % 20]);
  }
  writeFileSync(path.join(dir, 'cmdb_ci.csv'), `${ci.join('\n')}\n`);
  writeFileSync(path.join(dir, 'cmdb_rel_ci.csv'), `${rel.join('\n')}\n`);
  return { cis: ci.length - 1, relationships: rel.length - 1 };
}

async function serve(ws) {
  const child = spawn(process.execPath, [CLI, 'serve', ws, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  const url = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no URL from cmdbw serve:\n${out}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    child.once('exit', (c) => reject(new Error(`cmdbw serve exited ${c}:\n${out}`)));
  });
  const u = new URL(url);
  const token = /token=([^&]+)/.exec(u.hash)[1];
  return {
    at: (route) => `${u.origin}/#${route}${route.includes('?') ? '&' : '?'}token=${token}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

async function benchGrid(browser, srv) {
  const firstPaint = [];
  const mid = [];
  const end = [];
  const sorted = [];
  for (let r = 0; r < RUNS; r++) {
    const { context, page, errors } = await newPage(browser);
    // A fresh context each run: no cached grid column state, no HTTP cache.
    await page.goto(srv.at('/cis'));
    await page.waitForSelector('[data-testid="grid-cis"][data-state="ready"]', { timeout: 120_000 });
    firstPaint.push(await page.evaluate(() => performance.now()));
    const total = Number(await page.locator('[data-testid="grid-cis"]').getAttribute('data-total'));
    if (total !== CIS) throw new Error(`the grid reports ${total} CIs, expected ${CIS}`);
    const jump = async (fraction) =>
      page.evaluate(async ([f, n]) => {
        const vp = document.querySelector('[data-testid="grid-cis"] .ag-grid-viewport');
        const t0 = performance.now();
        vp.scrollTop = (vp.scrollHeight - vp.clientHeight) * f;
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          const rows = [...document.querySelectorAll('[data-testid="grid-cis"] .ag-row[row-index]')];
          const idx = rows.map((x) => Number(x.getAttribute('row-index')));
          // Rows near the target drawn (not just the first block): any small --cis works too.
          const far = idx.length && Math.max(...idx) >= Math.floor((n - 1) * f * 0.9);
          const loaded = rows.length > 0 && rows.every((x) => (x.querySelector('[col-id="name"]')?.textContent ?? '') !== '');
          if (far && loaded) return performance.now() - t0;
          if (performance.now() - t0 > 60_000) throw new Error('rows never loaded after the jump');
        }
      }, [fraction, total]);
    mid.push(await jump(0.5));
    end.push(await jump(1));
    // Sort by name (indexed) from the header: time until row 0 shows data again.
    const t0 = Date.now();
    await page.locator('.ag-header-cell[col-id="name"] .ag-header-cell-label').click();
    await page.waitForFunction(() => {
      const c = document.querySelector('[data-testid="grid-cis"] .ag-row[row-index="0"] [col-id="name"]');
      return c && c.textContent && document.querySelector('[data-testid="grid-cis"] .ag-grid-viewport').scrollTop === 0;
    }, null, { timeout: 60_000 });
    sorted.push(Date.now() - t0);
    if (errors.length) throw new Error(`console errors: ${errors.join('\n')}`);
    await context.close();
  }
  return { firstPaint, mid, end, sorted };
}

async function benchGraph(browser, srv, rootId) {
  const firstPaint = [];
  const layout = [];
  const fps = [];
  let elements = 0;
  for (let r = 0; r < RUNS; r++) {
    const { context, page, errors } = await newPage(browser);
    await page.goto(srv.at(`/graph/${rootId}?hops=3&max=5000`));
    await page.waitForSelector('[data-testid="graph-canvas"][data-state="ready"]', { timeout: 120_000 });
    firstPaint.push(await page.evaluate(() => performance.now()));
    await page.waitForSelector('[data-testid="graph-canvas"][data-layout="done"]', { timeout: 300_000 });
    layout.push(await page.evaluate(() => performance.now()));
    const canvas = page.locator('[data-testid="graph-canvas"]');
    elements = Number(await canvas.getAttribute('data-nodes')) + Number(await canvas.getAttribute('data-edges'));
    // Responsiveness: frames per second while zooming with the wheel for ~1.5 s.
    const box = await canvas.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const counting = page.evaluate(
      () =>
        new Promise((resolve) => {
          let frames = 0;
          const t0 = performance.now();
          const tick = () => {
            frames++;
            if (performance.now() - t0 < 1500) requestAnimationFrame(tick);
            else resolve((frames * 1000) / (performance.now() - t0));
          };
          requestAnimationFrame(tick);
        }),
    );
    for (let i = 0; i < 15; i++) {
      await page.mouse.wheel(0, i % 2 ? 120 : -120);
      await page.waitForTimeout(80);
    }
    fps.push(await counting);
    if (errors.length) throw new Error(`console errors: ${errors.join('\n')}`);
    await context.close();
  }
  return { firstPaint, layout, fps, elements };
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cmdbw-bench-ui-'));
  try {
    if (BUILD) build();
    log(`bench:ui — Chromium ${CHROMIUM}, ${os.cpus().length} CPUs, ${RUNS} runs each (median shown)`);

    const gridWs = path.join(tmp, 'million.cmdbw');
    const insertMs = millionCiWorkspace(gridWs, CIS);
    log(`grid workspace: ${CIS.toLocaleString('en-US')} synthetic CIs bulk-inserted in ${ms(insertMs)}`);

    const graphWs = path.join(tmp, 'graph.cmdbw');
    const est = graphEstate(path.join(tmp, 'graph-estate'));
    cli('init', graphWs);
    cli('import', graphWs, '--source', 'servicenow', path.join(tmp, 'graph-estate/cmdb_ci.csv'));
    cli('import', graphWs, '--source', 'servicenow', path.join(tmp, 'graph-estate/cmdb_rel_ci.csv'));
    cli('reconcile', graphWs);
    const gdb = new Database(graphWs, { readonly: true });
    const rootId = gdb.prepare("SELECT id FROM ci_cluster WHERE name = 'Core Banking'").get().id;
    gdb.close();
    log(`graph workspace: ${est.cis.toLocaleString('en-US')} CIs, ${est.relationships.toLocaleString('en-US')} relationships (imported and reconciled with the CLI)`);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      // Each server is stopped even when its benchmark fails (a leftover `cmdbw serve` would hold the port
      // and the workspace).
      const measured = async (ws, run) => {
        const srv = await serve(ws);
        try {
          return await run(srv);
        } finally {
          await srv.stop();
        }
      };
      const g = await measured(gridWs, (srv) => benchGrid(browser, srv));
      const h = await measured(graphWs, (srv) => benchGraph(browser, srv, rootId));

      log('');
      log(`CI grid, ${CIS.toLocaleString('en-US')} rows (Infinite row model, 200-row blocks from SQLite):`);
      log(`  first paint (navigation → first rows drawn)   ${ms(median(g.firstPaint))}   runs: ${g.firstPaint.map(ms).join(', ')}`);
      log(`  jump to the middle (row ~${(CIS / 2).toLocaleString('en-US')}) → rows drawn  ${ms(median(g.mid))}   runs: ${g.mid.map(ms).join(', ')}`);
      log(`  jump to the end → rows drawn                  ${ms(median(g.end))}   runs: ${g.end.map(ms).join(', ')}`);
      log(`  sort by name (click header) → rows drawn      ${ms(median(g.sorted))}   runs: ${g.sorted.map(ms).join(', ')}`);
      log(`Dependency graph, ${h.elements.toLocaleString('en-US')} elements (3 hops, cap 5,000):`);
      log(`  first paint (navigation → ring layout drawn)  ${ms(median(h.firstPaint))}   runs: ${h.firstPaint.map(ms).join(', ')}`);
      log(`  fcose layout applied (computed in a worker)   ${ms(median(h.layout))}   runs: ${h.layout.map(ms).join(', ')}`);
      log(`  frame rate while wheel-zooming                ${median(h.fps).toFixed(0)} fps   runs: ${h.fps.map((f) => f.toFixed(0)).join(', ')}`);
      log('');
      log('JSON ' + JSON.stringify({ cis: CIS, runs: RUNS, grid: g, graph: h }));
    } finally {
      await browser.close();
    }
  } finally {
    if (KEEP) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
