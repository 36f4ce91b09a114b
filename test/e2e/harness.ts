/**
 * E2E plumbing shared by the browser suite and the UI benchmark: a real `cmdbw serve` child process, Debian's
 * Chromium through playwright-core, and a page that records every console error, uncaught exception and
 * Content-Security-Policy violation (the suite fails on any of them).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { sharedDir } from '../helpers/shared-dir.js';
import { SIM_FILES } from '../helpers/sim-files.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'bin/cmdbw.mjs');
export const RESULTS = path.join(ROOT, 'test-results/e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function cmdbw(args: string[], opts: { cwd?: string } = {}): string {
  return execFileSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8' });
}

export interface Served {
  url: string;
  origin: string;
  token: string;
  /** `origin/#<route>?token=…`: opens the app straight on a route. */
  at(route: string): string;
  stop(): Promise<void>;
  log(): string;
}

/** Starts `cmdbw serve WS --port 0` and waits for the URL it prints. */
export async function serve(workspace: string, timeoutMs = 30_000): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', workspace, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CMDBW_RENDERER_DIR: path.join(ROOT, 'dist/renderer') },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(
      () => reject(new Error(`cmdbw serve printed no URL in ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const check = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`cmdbw serve exited with ${code}:\n${out}`));
    });
  });
  const u = new URL(url);
  const token = /token=([^&]+)/.exec(u.hash)?.[1] ?? u.searchParams.get('token') ?? '';
  return {
    url,
    origin: u.origin,
    token,
    at: (route) =>
      `${u.origin}/#${route}${route.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`,
    log: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface Problems {
  console: string[];
  page: string[];
  csp: string[];
}

/** A page that records console errors, page errors and CSP violations (reported through the console by an init script). */
export async function openPage(
  browser: Browser,
  opts: { theme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page; problems: Problems }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
    acceptDownloads: true,
    colorScheme: opts.theme ?? 'light',
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  const page = await context.newPage();
  const problems: Problems = { console: [], page: [], csp: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    (text.startsWith('CSP violation') ? problems.csp : problems.console).push(text);
  });
  page.on('pageerror', (e) => problems.page.push(e.stack ?? e.message));
  return { context, page, problems };
}

export function screenshotPath(name: string): string {
  mkdirSync(RESULTS, { recursive: true });
  return path.join(RESULTS, `${name}.png`);
}

/** The six files of a cmdb-sim estate, in the order a user would pick them. */
export function simFiles(estate: string): string[] {
  return SIM_FILES.map(([, , file]) => path.join(estate, file));
}

export function generateEstate(out: string, cis: number, seed: number): Record<string, unknown> {
  const stdout = execFileSync(
    process.execPath,
    [
      path.join(sharedDir(), 'cmdb-sim/generate.mjs'),
      '--out',
      out,
      '--cis',
      String(cis),
      '--seed',
      String(seed),
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}
