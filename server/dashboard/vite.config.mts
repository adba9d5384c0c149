import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The county dashboard: its own Vue app, built to server/dashboard/dist and served by the county
// server under /dashboard/ (same origin as its API, so the session cookie can be SameSite=Strict).
const root = import.meta.dirname;

export default defineConfig({
  root,
  base: '/dashboard/',
  publicDir: false,
  plugins: [vue()],
  server: { host: '127.0.0.1' },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'chrome110',
    chunkSizeWarningLimit: 1500,
  },
});
