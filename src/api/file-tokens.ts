/**
 * Opaque handles for files the user chose. The UI never names a path: the shell (a native dialog in
 * Electron, an upload or a download target in browser mode) registers the path and hands the UI a random
 * token; handlers resolve tokens back to paths. A token says what the user allowed: reading a file they
 * picked, or writing the file they named in a save dialog.
 *
 * Threat note: a compromised renderer can only replay tokens it was given; it cannot reach other files.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FileToken } from './contract.js';
import { UserError } from '../util/errors.js';

export type FileAccess = 'read' | 'write';
/** Where the path came from: a native dialog, a browser upload (temp copy), a browser download target. */
export type FileOrigin = 'dialog' | 'upload' | 'download';

export interface FileEntry {
  token: FileToken;
  path: string;
  access: FileAccess;
  origin: FileOrigin;
  /** What the UI shows: the file's own name (an upload keeps the name the user's browser sent). */
  displayName: string;
}

/** Tokens are 24 random bytes, base64url: 32 characters. */
export const FILE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;
const MAX_ENTRIES = 10_000;

export class FileTokens {
  private readonly entries = new Map<FileToken, FileEntry>();

  register(
    filePath: string,
    access: FileAccess,
    origin: FileOrigin,
    displayName: string = path.basename(filePath),
  ): FileEntry {
    const token = randomBytes(24).toString('base64url');
    const entry: FileEntry = { token, path: path.resolve(filePath), access, origin, displayName };
    this.entries.set(token, entry);
    // Oldest first out: a session that picks ten thousand files keeps working with the recent ones.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  /** The entry behind a token, refusing tokens that do not grant the access asked for. */
  resolve(token: FileToken, access: FileAccess): FileEntry {
    const entry = this.entries.get(token);
    if (!entry)
      throw new UserError('BAD_FILE_TOKEN', 'unknown file handle: choose the file again', { token });
    if (entry.access !== access) {
      throw new UserError(
        'BAD_FILE_TOKEN',
        access === 'write'
          ? `${entry.displayName} was chosen for reading, not as a place to save`
          : `${entry.displayName} was chosen as a place to save, not for reading`,
        { token },
      );
    }
    return entry;
  }

  get(token: FileToken): FileEntry | undefined {
    return this.entries.get(token);
  }

  forget(token: FileToken): void {
    this.entries.delete(token);
  }
}
