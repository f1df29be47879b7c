import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: resolve('main/electron/index.ts'), formats: ['es'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require node_modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      lib: { entry: resolve('preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  },
  renderer: {
    root: resolve('renderer'),
    // Relative asset URLs: the same build is served from app://tokendesk/ and from the harness's /s/<secret>/.
    base: './',
    plugins: [svelte({ configFile: resolve('renderer/svelte.config.js') })],
    build: {
      outDir: resolve('out/renderer'),
      // No data: URIs: the CSP allows images and fonts from 'self' only.
      assetsInlineLimit: 0,
      minify: true,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
