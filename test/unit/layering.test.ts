/**
 * The architecture as a test (VS Code's enforced layering): main/core never imports Electron, the
 * renderer reaches main only through types, and the preload imports only the contract.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** Every module a file loads at run time (type-only imports are erased and do not count). */
export function runtimeImports(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*import\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm,
    /^\s*export\s+(?!type\s)[^'";]*?\s+from\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

const imports = (file: string): string[] => runtimeImports(readFileSync(file, 'utf8'));

describe('layering', () => {
  it('the import scanner sees static, dynamic and require imports, and ignores type-only ones', () => {
    const sample = [
      "import { app } from 'electron';",
      "import type { IpcMain } from 'electron';",
      "const e = await import('electron');",
      "const k = require('electron');",
      "import './side-effect';",
    ].join('\n');
    expect(runtimeImports(sample)).toEqual(['electron', './side-effect', 'electron', 'electron']);
  });

  it('main/core never imports electron', () => {
    const offenders = sourceFiles('main/core').filter((file) => imports(file).some((m) => m === 'electron' || m.startsWith('electron/') || m === 'electron-store'));
    expect(offenders).toEqual([]);
  });

  it('the CLI (main/cli) runs on the core in plain Node: no electron', () => {
    const offenders = sourceFiles('main/cli').filter((file) => imports(file).some((m) => m === 'electron' || m === 'electron-store' || m.startsWith('../') && !m.startsWith('../core') && !m.startsWith('../../preload/contract')));
    expect(offenders).toEqual([]);
  });

  it('main/core never imports from the shell (main/*.ts) or the renderer', () => {
    const offenders = sourceFiles('main/core').flatMap((file) =>
      imports(file)
        .filter((m) => m.startsWith('.'))
        .map((m) => relative('.', join(file, '..', m)))
        .filter((target) => !target.startsWith('main/core') && !target.startsWith('preload/contract') && !target.startsWith('preload/bridge'))
        .map((target) => `${file} -> ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the renderer reaches main and preload through types only', () => {
    const offenders = sourceFiles('renderer/src').flatMap((file) =>
      imports(file)
        .filter((m) => m.includes('/main/') || m.includes('/preload/'))
        .map((m) => `${file} -> ${m}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the preload imports nothing but electron, its bridge and the contract', () => {
    const allowed = new Set(['electron', './bridge', './contract', 'valibot', '../main/core/links']);
    const offenders = sourceFiles('preload').flatMap((file) => imports(file).filter((m) => !allowed.has(m)).map((m) => `${file} -> ${m}`));
    expect(offenders).toEqual([]);
  });
});
