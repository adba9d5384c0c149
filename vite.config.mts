import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// One config, three targets. `vite build` builds the renderer (also served in web mode);
// `--mode electron-main` and `--mode electron-preload` build the Electron shell as CommonJS,
// because a sandboxed preload cannot be an ES module.
const root = import.meta.dirname;
const nodeExternals = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
// The kiosk shows its version in web mode too (renderer/src/bridge reads __KIOSK_VERSION__).
const appVersion = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }).version;

function electronEntry(name: 'main' | 'preload'): UserConfig {
  return {
    root,
    publicDir: false,
    build: {
      outDir: resolve(root, 'dist/electron'),
      emptyOutDir: false,
      minify: false,
      sourcemap: false,
      target: 'node20',
      lib: {
        entry: resolve(root, `electron/${name}.ts`),
        formats: ['cjs'],
        fileName: () => `${name}.cjs`,
      },
      rollupOptions: { external: nodeExternals },
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'electron-main') return electronEntry('main');
  if (mode === 'electron-preload') return electronEntry('preload');
  return {
    root: resolve(root, 'renderer'),
    base: './',
    publicDir: false,
    plugins: [vue()],
    define: { __KIOSK_VERSION__: JSON.stringify(appVersion) },
    worker: { format: 'es' },
    server: { host: '127.0.0.1' },
    build: {
      outDir: resolve(root, 'dist/renderer'),
      emptyOutDir: true,
      target: 'chrome120',
      chunkSizeWarningLimit: 1500,
    },
  };
});
