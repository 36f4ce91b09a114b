/**
 * electron-builder afterPack hook (bundled to dist/build/after-pack.cjs): flips Electron's fuses in the
 * packaged binary, before electron-builder signs it.
 * - runAsNode off: ELECTRON_RUN_AS_NODE cannot turn the app into a general Node.js runtime;
 * - NODE_OPTIONS / NODE_EXTRA_CA_CERTS ignored;
 * - --inspect and SIGUSR1 ignored in release builds (test builds keep them: Playwright's _electron needs
 *   them; CMDBW_TEST_BUILD=1 npm run dist);
 * - the app loads only from app.asar, whose integrity is checked (macOS, Windows);
 * - file:// gets no extra privileges (the UI is served from app://); cookies are encrypted.
 * Check a build with `npx @electron/fuses read --app <packaged app>`.
 */
import type * as Fuses from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';

type FusesModule = typeof Fuses;

export function fuseSettings(fuses: FusesModule, opts: { testBuild: boolean }): Fuses.FuseConfig {
  const { FuseV1Options, FuseVersion } = fuses;
  return {
    version: FuseVersion.V1,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: opts.testBuild,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

export default async function afterPack(context: AfterPackContext): Promise<void> {
  let fuses: FusesModule;
  try {
    fuses = await import('@electron/fuses');
  } catch {
    console.log(
      '  • afterPack: @electron/fuses is not installed: Electron fuses NOT flipped (insecure build)',
    );
    return;
  }
  const testBuild = process.env.CMDBW_TEST_BUILD === '1';
  const config = fuseSettings(fuses, { testBuild });
  if (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas')
    config.resetAdHocDarwinSignature = true;
  await context.packager.addElectronFuses(context, config);
  console.log(
    `  • afterPack: fuses flipped (runAsNode, NODE_OPTIONS${testBuild ? '' : ', --inspect'} off; asar-only with integrity)${testBuild ? ' [test build: --inspect kept for Playwright]' : ''}`,
  );
}
