// Builds the single-page app in web/ into dist/web, which the Fastify server serves at `/` (src/http/web-app.ts).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompress } from './precompress.js';

const API_TARGET = process.env.CRM_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // scripts/check-bundle-size.mjs reads the manifest to sum what the first page load fetches.
    manifest: true,
    target: 'es2022',
    // The budget that matters is the first load, checked by scripts/check-bundle-size.mjs; one chunk may be large.
    chunkSizeWarningLimit: 500,
  },
  server: {
    // `npm run dev:web`: Vite serves the app with hot reload and forwards the API to a running `npm run dev`.
    proxy: {
      '/api': {
        target: API_TARGET,
        changeOrigin: true,
        // The server refuses unsafe requests whose Origin is not its own (CSRF rule); through this proxy the
        // browser's Origin is Vite's, so it is rewritten to the API's.
        configure: (proxy) => proxy.on('proxyReq', (request) => request.setHeader('origin', API_TARGET)),
      },
    },
  },
});
