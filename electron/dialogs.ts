/**
 * Native file dialogs, shown by main. The chosen paths are registered as file tokens and only the tokens
 * go back to the renderer, which therefore never handles, let alone invents, a path.
 */
import type { BrowserWindow, Dialog, FileFilter, OpenDialogOptions } from 'electron';
import type { Bridge, FileToken } from '../src/api/contract.js';
import type { FileTokens } from '../src/api/file-tokens.js';

export interface Dialogs {
  pickFiles(win: BrowserWindow | null, opts: Parameters<Bridge['pickFiles']>[0]): Promise<FileToken[]>;
  pickSaveFile(
    win: BrowserWindow | null,
    opts: Parameters<Bridge['pickSaveFile']>[0],
  ): Promise<FileToken | null>;
}

export function createDialogs(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  files: FileTokens,
): Dialogs {
  const filters = (f: FileFilter[] | undefined): FileFilter[] | undefined =>
    f?.map((x) => ({ name: x.name, extensions: [...x.extensions] }));
  return {
    async pickFiles(win, opts) {
      const options: OpenDialogOptions = {
        title: opts.title,
        properties: opts.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
        filters: filters(opts.filters),
      };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      if (r.canceled) return [];
      return r.filePaths.map((p) => files.register(p, 'read', 'dialog').token);
    },
    async pickSaveFile(win, opts) {
      const options = { title: opts.title, defaultPath: opts.defaultName, filters: filters(opts.filters) };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return null;
      return files.register(r.filePath, 'write', 'dialog').token;
    },
  };
}
