import type { Io } from './output.js';
import { formatBytes } from './output.js';

/**
 * A one-line progress bar on stderr, redrawn in place. Only on a terminal: in pipes and CI logs the CLI
 * stays quiet until it prints its result.
 */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly io: Io) {}

  update(fraction: number, detail: string): void {
    if (!this.io.isTTY) return;
    const now = Date.now();
    if (now - this.lastDraw < 80 && fraction < 1) return;
    this.lastDraw = now;
    const width = 28;
    const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
    const pct = `${(fraction * 100).toFixed(0)}%`.padStart(4);
    const cols = (process.stderr.columns ?? 100) - 1;
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct} ${detail}`;
    this.io.err(`\r${line.slice(0, cols).padEnd(cols)}`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.io.err(`\r${' '.repeat((process.stderr.columns ?? 100) - 1)}\r`);
    this.drawn = false;
  }
}

export function importDetail(p: {
  records: number;
  relationships: number;
  bytes: number;
  totalBytes: number;
  file: string;
}): string {
  const items =
    p.relationships > 0
      ? `${p.records.toLocaleString('en')} records, ${p.relationships.toLocaleString('en')} relationships`
      : `${p.records.toLocaleString('en')} records`;
  return `${items}  ${formatBytes(p.bytes)}/${formatBytes(p.totalBytes)}  ${p.file}`;
}
