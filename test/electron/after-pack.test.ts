import * as fuses from '@electron/fuses';
import { describe, expect, it, vi } from 'vitest';
import afterPack, { fuseSettings } from '../../electron/after-pack.js';

const { FuseV1Options: F } = fuses;

describe('Electron fuses (afterPack)', () => {
  it('release builds: no runAsNode, NODE_OPTIONS or --inspect; asar only, with integrity; no file:// privileges', () => {
    const c = fuseSettings(fuses, { testBuild: false }) as Record<number, boolean>;
    expect(c[F.RunAsNode]).toBe(false);
    expect(c[F.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(c[F.EnableNodeCliInspectArguments]).toBe(false);
    expect(c[F.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(c[F.OnlyLoadAppFromAsar]).toBe(true);
    expect(c[F.GrantFileProtocolExtraPrivileges]).toBe(false);
    // Every fuse of this @electron/fuses version is set on purpose.
    const options = Object.values(F).filter((v) => typeof v === 'number');
    for (const o of options) expect(typeof c[o as number], `fuse ${o}`).toBe('boolean');
  });

  it('test builds keep --inspect (Playwright attaches through it), nothing else', () => {
    const release = fuseSettings(fuses, { testBuild: false }) as Record<number, boolean>;
    const test = fuseSettings(fuses, { testBuild: true }) as Record<number, boolean>;
    expect(test[F.EnableNodeCliInspectArguments]).toBe(true);
    expect({ ...test, [F.EnableNodeCliInspectArguments]: false }).toEqual(release);
  });

  it('flips them through electron-builder on the packaged binary', async () => {
    const addElectronFuses = vi.fn(async () => 0);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await afterPack({ electronPlatformName: 'linux', packager: { addElectronFuses } } as never);
    expect(addElectronFuses).toHaveBeenCalledTimes(1);
    const [, config] = addElectronFuses.mock.calls[0] as unknown as [unknown, Record<number, boolean>];
    expect(config[F.RunAsNode]).toBe(false);
    log.mockRestore();
  });
});
