import { Workspace } from '../workspace/workspace.js';
import type { Io } from './output.js';

export interface CliContext {
  io: Io;
  /** --user: who acts, for the audit trail. */
  user?: string;
}

export function openWorkspace(
  ctx: CliContext,
  file: string,
  opts: { create?: boolean; readonly?: boolean } = {},
): Workspace {
  return Workspace.open(file, { ...opts, user: ctx.user });
}

/** Opens the workspace, runs fn, always closes. */
export async function withWorkspace<T>(
  ctx: CliContext,
  file: string,
  fn: (ws: Workspace) => Promise<T> | T,
): Promise<T> {
  const ws = openWorkspace(ctx, file);
  try {
    return await fn(ws);
  } finally {
    ws.close();
  }
}
