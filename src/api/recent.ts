/**
 * Recently opened workspaces: a small JSON file in the app's user-data folder (Electron), or memory only
 * (`cmdbw serve`, which works on the one workspace it was given). Ids are derived from the path, so the UI
 * reopens a workspace by id and never sends a path.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RecentWorkspace } from './contract.js';
import { writeFileAtomic } from '../util/atomic-write.js';

const MAX_RECENT = 10;

export function recentId(workspacePath: string): string {
  return createHash('sha256').update(path.resolve(workspacePath)).digest('hex').slice(0, 16);
}

export class RecentWorkspaces {
  private list: RecentWorkspace[] = [];

  /** `file` undefined: kept in memory only. */
  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (Array.isArray(parsed))
        this.list = parsed
          .filter(
            (r): r is RecentWorkspace =>
              typeof r === 'object' &&
              r !== null &&
              typeof (r as RecentWorkspace).path === 'string' &&
              typeof (r as RecentWorkspace).openedAt === 'string',
          )
          .map((r) => ({ ...r, id: recentId(r.path), name: path.basename(r.path) }))
          .slice(0, MAX_RECENT);
    } catch {
      // No file yet, or a damaged one: start an empty list (it is only a convenience).
    }
  }

  all(): RecentWorkspace[] {
    return this.list.map((r) => ({ ...r }));
  }

  find(id: string): RecentWorkspace | undefined {
    return this.list.find((r) => r.id === id);
  }

  touch(workspacePath: string, at: Date = new Date()): void {
    const abs = path.resolve(workspacePath);
    const entry: RecentWorkspace = {
      id: recentId(abs),
      name: path.basename(abs),
      path: abs,
      openedAt: at.toISOString(),
    };
    this.list = [entry, ...this.list.filter((r) => r.id !== entry.id)].slice(0, MAX_RECENT);
    this.save();
  }

  remove(id: string): void {
    this.list = this.list.filter((r) => r.id !== id);
    this.save();
  }

  private save(): void {
    if (!this.file) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileAtomic(this.file, [JSON.stringify(this.list, null, 2)]);
    } catch {
      // Not worth failing an open for.
    }
  }
}
