#!/usr/bin/env node
// The `tokendesk` command. Its code is built by `npm run build` into out/cli/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../out/cli/tokendesk.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('tokendesk: not built yet. Run `npm run build` in the Tokendesk folder first.');
  process.exit(2);
}
await import(entry);
