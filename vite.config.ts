import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// One config, three targets. `vite build` builds the renderer (also served in web mode);
// `--mode electron-main` and `--mode electron-preload` build the Electron shell as CommonJS,
// because a sandboxed preload cannot be an ES module.
const root = __dirname;
const nodeExternals = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

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
