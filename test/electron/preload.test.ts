import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../src/api/contract.js';

// The preload runs in Electron's sandbox; here 'electron' is a recording fake.
const fake = vi.hoisted(() => {
  const state = {
    exposed: [] as [string, unknown][],
    invokes: [] as unknown[][],
    reply: { ok: true, value: 'v' } as unknown,
    eventListener: undefined as undefined | ((event: unknown, name: unknown, payload: unknown) => void),
  };
  return state;
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.push([key, api]) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      fake.invokes.push(args);
      return fake.reply;
    },
    on: (channel: string, l: (event: unknown, name: unknown, payload: unknown) => void) => {
      if (channel === 'cmdbw:event') fake.eventListener = l;
    },
  },
}));

describe('the preload bridge', () => {
  let bridge: Bridge;

  beforeAll(async () => {
    await import('../../electron/preload.js');
    bridge = fake.exposed[0]![1] as Bridge;
  });

  it('exposes one frozen object, window.cmdbw, with exactly the Bridge’s members', () => {
    expect(fake.exposed.map(([k]) => k)).toEqual(['cmdbw']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual([
      'call',
      'mode',
      'on',
      'openExternal',
      'pickFiles',
      'pickSaveFile',
    ]);
    expect(bridge.mode).toBe('electron');
    for (const k of ['call', 'on', 'openExternal', 'pickFiles', 'pickSaveFile'] as const)
      expect(typeof bridge[k]).toBe('function');
  });

  it('calls main on one channel and unwraps the answer', async () => {
    fake.reply = { ok: true, value: { version: '1' } };
    expect(await bridge.call('app/info', {})).toEqual({ version: '1' });
    expect(fake.invokes.at(-1)).toEqual(['cmdbw:call', 'app/info', {}]);
    fake.reply = { ok: true, value: ['tok'] };
    expect(await bridge.pickFiles({ title: 'Import', multiple: true })).toEqual(['tok']);
    expect(fake.invokes.at(-1)).toEqual([
      'cmdbw:call',
      'shell/pickFiles',
      { title: 'Import', multiple: true },
    ]);
    await bridge.pickSaveFile({ title: 'Export', defaultName: 'x.csv' });
    expect(fake.invokes.at(-1)![1]).toBe('shell/pickSaveFile');
    await bridge.openExternal('https://github.com/');
    expect(fake.invokes.at(-1)).toEqual(['cmdbw:call', 'shell/openExternal', 'https://github.com/']);
  });

  it('rejects with the core’s error code as a plain object (Errors lose it across the context bridge)', async () => {
    fake.reply = { ok: false, error: { code: 'NOT_FOUND', message: 'no CI with id 7' } };
    const err = await bridge.call('cis/get', { id: 7 }).catch((e: unknown) => e);
    expect(err).toEqual({ code: 'NOT_FOUND', message: 'no CI with id 7', details: undefined });
    expect(err).not.toBeInstanceOf(Error);
  });

  it('delivers event payloads only (never the IPC event), and unsubscribes', () => {
    const got: unknown[] = [];
    const off = bridge.on('job', (p) => got.push(p));
    const ipcEvent = { sender: 'ipcRenderer internals', ports: [] };
    fake.eventListener!(ipcEvent, 'job', { id: 'a' });
    fake.eventListener!(ipcEvent, 'workspace/changed', { reason: 'x' });
    expect(got).toEqual([{ id: 'a' }]);
    off();
    fake.eventListener!(ipcEvent, 'job', { id: 'b' });
    expect(got).toEqual([{ id: 'a' }]);
    // Unknown event names subscribe to nothing.
    const none = bridge.on('nope' as never, () => got.push('x'));
    fake.eventListener!(ipcEvent, 'nope', {});
    none();
    expect(got).toEqual([{ id: 'a' }]);
  });
});
