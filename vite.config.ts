import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The renderer: one React app served by Electron (app:// protocol) and by `cmdbw serve` (browser mode).
 * Both serve it under a CSP of `script-src 'self'`, so the build must not emit inline scripts: Vite's
 * module preload polyfill is the only inline code Vite would add, and it is switched off. `base: './'`
 * keeps every asset URL relative, so the same files load from app://, http://127.0.0.1:PORT/ or a subpath.
 */
export default defineConfig({
  root: path.join(here, 'renderer'),
  base: './',
  plugins: [react()],
  // The graph layout worker is an ES module worker (new Worker(url, { type: 'module' })), allowed by worker-src 'self'.
  worker: { format: 'es' },
  build: {
    outDir: path.join(here, 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    modulePreload: { polyfill: false },
    // No data: URIs for fonts or images: they would need `img-src data:` / `font-src data:`.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    port: 5173,
    strictPort: false,
    // `npm run dev:renderer` proxies the API to a running `cmdbw serve` (CMDBW_SERVE=http://127.0.0.1:PORT).
    proxy: process.env.CMDBW_SERVE
      ? { '/api': { target: process.env.CMDBW_SERVE, changeOrigin: false } }
      : undefined,
  },
});
