import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Builds the harness bridge as one classic script (it reads document.currentScript).
export default defineConfig({
  build: {
    outDir: resolve('out/harness'),
    emptyOutDir: true,
    minify: false,
    lib: { entry: resolve('test/harness/browser-bridge.ts'), formats: ['iife'], name: 'TokendeskHarnessBridge', fileName: () => 'bridge.js' },
  },
});
