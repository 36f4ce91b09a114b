/**
 * Picks the Bridge for this shell: the frozen `window.cmdbw` the Electron preload exposes, or the HTTP + SSE
 * shim for browser mode (`cmdbw serve`).
 */
import type { Bridge } from '../../src/api/contract.js';
import { createHttpBridge, takeTokenFromLocation, type BrowserBridgeExtras } from './http-bridge.js';

declare global {
  interface Window {
    cmdbw?: Bridge;
  }
}

export type AppBridge = Bridge & Partial<BrowserBridgeExtras>;

export function resolveBridge(): AppBridge {
  if (window.cmdbw) return window.cmdbw;
  let storage: Storage | undefined;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = undefined;
  }
  return createHttpBridge({ token: takeTokenFromLocation(window.location, storage) });
}
