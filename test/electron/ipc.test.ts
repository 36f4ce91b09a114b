import { describe, expect, it, vi } from 'vitest';
import {
  CALL_CHANNEL,
  createIpcDispatcher,
  EVENT_CHANNEL,
  forwardEvents,
  IPC_METHODS,
  isTrustedSender,
  registerIpc,
  SHELL_METHODS,
  type CallEvent,
  type ShellHandlers,
} from '../../electron/ipc.js';
import type { Dispatch } from '../../src/api/dispatch.js';
import { EventHub } from '../../src/api/events.js';
import { API_METHODS } from '../../src/api/schemas.js';

const top = (url: string) => ({ url, parent: null });
const trusted: CallEvent = { senderFrame: top('app://app/index.html'), sender: {} as never };

function setup() {
  const dispatch = vi.fn<Dispatch>(async () => ({ ok: true, value: 'from core' }) as never);
  const shell = {
    pickFiles: vi.fn<ShellHandlers['pickFiles']>(async () => ['t'.repeat(32)]),
    pickSaveFile: vi.fn<ShellHandlers['pickSaveFile']>(async () => null),
    openExternal: vi.fn<ShellHandlers['openExternal']>(async (url) => url.startsWith('https://github.com/')),
  };
  return { dispatch, shell, handle: createIpcDispatcher(dispatch, shell) };
}

describe('isTrustedSender', () => {
  it.each([
    [top('app://app/index.html'), true],
    [top('app://app/'), true],
    [{ url: 'app://app/index.html', parent: { url: 'app://app/' } }, false],
    [top('app://evil/index.html'), false],
    [top('app://app.evil.com/'), false],
    [top('file:///work/dist/renderer/index.html'), false],
    [top('http://127.0.0.1:5173/'), false],
    [top('devtools://devtools/bundled/inspector.html'), false],
    [top(''), false],
    [null, false],
    [undefined, false],
  ])('%j -> %s', (frame, ok) => expect(isTrustedSender(frame)).toBe(ok));
});

describe('the IPC dispatcher', () => {
  it('exposes exactly the API methods and the three shell methods', () => {
    expect(SHELL_METHODS).toEqual(['shell/pickFiles', 'shell/pickSaveFile', 'shell/openExternal']);
    expect([...IPC_METHODS].sort()).toEqual([...API_METHODS, ...SHELL_METHODS].sort());
  });

  it('registers one handler, on one channel', () => {
    const ipcMain = { handle: vi.fn() };
    registerIpc(ipcMain, setup().handle);
    expect(ipcMain.handle).toHaveBeenCalledTimes(1);
    expect(ipcMain.handle).toHaveBeenCalledWith(CALL_CHANNEL, expect.any(Function));
  });

  it('refuses calls from any frame that is not our top-level page, before anything runs', async () => {
    const { dispatch, shell, handle } = setup();
    for (const senderFrame of [top('https://evil.com/'), { url: 'app://app/', parent: {} }, null]) {
      for (const method of ['app/info', 'shell/pickFiles']) {
        const r = await handle({ senderFrame, sender: {} as never }, method, { title: 'x', multiple: false });
        expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
    expect(dispatch).not.toHaveBeenCalled();
    expect(shell.pickFiles).not.toHaveBeenCalled();
  });

  it('hands API methods (known or not) to the core’s dispatch, which validates them', async () => {
    const { dispatch, handle } = setup();
    expect(await handle(trusted, 'cis/rows', { startRow: 0 })).toEqual({ ok: true, value: 'from core' });
    await handle(trusted, 'no/such', {});
    expect(dispatch.mock.calls).toEqual([
      ['cis/rows', { startRow: 0 }],
      ['no/such', {}],
    ]);
  });

  it('validates shell-method options with a schema', async () => {
    const { shell, handle } = setup();
    expect(await handle(trusted, 'shell/pickFiles', { title: 'Import', multiple: true })).toEqual({
      ok: true,
      value: ['t'.repeat(32)],
    });
    for (const bad of [
      { title: 'x' },
      { title: 'x', multiple: 'yes' },
      { title: 'x', multiple: false, defaultPath: '/etc' },
      { title: 'x', multiple: false, filters: [{ name: 'x', extensions: ['../..'] }] },
      'a string',
    ]) {
      const r = await handle(trusted, 'shell/pickFiles', bad);
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(shell.pickFiles).toHaveBeenCalledTimes(1);
    expect(await handle(trusted, 'shell/pickSaveFile', { title: 'Export', defaultName: 'cis.csv' })).toEqual({
      ok: true,
      value: null,
    });
    expect(
      await handle(trusted, 'shell/pickSaveFile', { title: 'Export', defaultName: 'cis.csv', path: '/tmp' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('opens allowed external links only', async () => {
    const { handle } = setup();
    expect(await handle(trusted, 'shell/openExternal', 'https://github.com/x')).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await handle(trusted, 'shell/openExternal', 'https://evil.com/')).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
    expect(await handle(trusted, 'shell/openExternal', { url: 'https://github.com/' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('never lets a thrown error cross IPC', async () => {
    const { shell, handle } = setup();
    shell.pickFiles.mockRejectedValueOnce(new Error('dialog crashed'));
    expect(await handle(trusted, 'shell/pickFiles', { title: 'x', multiple: false })).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'internal error: dialog crashed' },
    });
  });
});

describe('forwardEvents', () => {
  it('sends events to our pages only, with the payload alone', () => {
    const hub = new EventHub();
    const ours = { isDestroyed: () => false, getURL: () => 'app://app/index.html', send: vi.fn() };
    const navigatedAway = { isDestroyed: () => false, getURL: () => 'https://evil.com/', send: vi.fn() };
    const destroyed = { isDestroyed: () => true, getURL: () => 'app://app/', send: vi.fn() };
    const stop = forwardEvents(hub, () => [ours, navigatedAway, destroyed] as never);
    hub.emit('workspace/changed', { reason: 'import' });
    expect(ours.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'workspace/changed', { reason: 'import' });
    expect(navigatedAway.send).not.toHaveBeenCalled();
    expect(destroyed.send).not.toHaveBeenCalled();
    stop();
    hub.emit('workspace/changed', { reason: 'x' });
    expect(ours.send).toHaveBeenCalledTimes(1);
  });
});
