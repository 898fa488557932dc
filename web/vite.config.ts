/**
 * Builds the web console into dist/web, which Sluice serves on its own port (src/server/console).
 * `npm run build` runs it; `npx vite --config web/vite.config.ts` serves it with hot reload, sending the API calls
 * to a Sluice on 127.0.0.1:4599.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** This folder (the app's root), whatever the working directory. */
const here = decodeURIComponent(new URL('.', import.meta.url).pathname);
const sluice = 'http://127.0.0.1:4599';

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${here}../dist/web`,
    emptyOutDir: true,
    sourcemap: true,
    // One small app: dagre and React make one chunk of ~120 kB gzipped, which is fine for a local tool.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/_sluice': sluice,
      '/2015-03-31': sluice,
      // AWS JSON calls are POSTs to `/`; pages and modules are GETs the dev server answers itself.
      '/': { target: sluice, bypass: (req) => (req.method === 'POST' ? undefined : req.url) },
    },
  },
});
