import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { jsBudget } from './build/js-budget.ts';

/** Initial JS (entry and static imports, gzip): the build fails above it. Lazy chunks do not count. */
const INITIAL_JS_BUDGET_KB = 150;

/** Where `npm run start` listens; the dev server forwards the API and the live stream there. */
const SERVER = 'http://127.0.0.1:61100';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: '../../public',
  plugins: [react(), jsBudget(INITIAL_JS_BUDGET_KB)],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/,
            },
            // Only the charts use it, loaded when first opened: kept out of the shared vendor chunk.
            { name: 'uplot', test: /node_modules[\\/]uplot[\\/]/ },
            // Only the Application page's table: loaded with that page.
            { name: 'virtual', test: /node_modules[\\/]@tanstack[\\/](react-)?virtual/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: SERVER },
      '/socket.io': { target: SERVER, ws: true },
    },
  },
});
