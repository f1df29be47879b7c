import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// The CLI runs on plain Node: one ESM file, dependencies left to node_modules.
export default defineConfig({
  define: { __TOKENDESK_VERSION__: JSON.stringify(version) },
  build: {
    outDir: resolve('out/cli'),
    emptyOutDir: true,
    ssr: resolve('main/cli/main.ts'),
    target: 'node20',
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'tokendesk.js' } },
  },
});
