import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy, withMetaPolicy } from './main/electron/csp';

/**
 * `npm run dev` only (Vite's `serve`): the page's CSP <meta> allows the dev server's live-reload
 * socket and injected styles, for that server's origin. `build` never runs this plugin, so the
 * packaged page keeps renderer/index.html's strict policy (test/unit/desktop/csp-dev.test.ts).
 */
export function devServerCsp(): Plugin {
  return {
    name: 'tokendesk:dev-server-csp',
    apply: 'serve',
    transformIndexHtml(html, context) {
      const origin = context.server?.resolvedUrls?.local[0];
      if (!origin) throw new Error('tokendesk:dev-server-csp: the dev server has no local URL yet');
      return withMetaPolicy(html, contentSecurityPolicy({ devServer: origin }));
    },
  };
}

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
    plugins: [svelte({ configFile: resolve('renderer/svelte.config.js') }), devServerCsp()],
    build: {
      outDir: resolve('out/renderer'),
      // No data: URIs: the CSP allows images and fonts from 'self' only.
      assetsInlineLimit: 0,
      minify: true,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
