/**
 * The architecture as a test (VS Code's enforced layering), with no allowances:
 *
 *   renderer ──types──▶ preload/contract ──types──▶ main/core/model ◀── main/core
 *   main/electron ──▶ main/ipc ──▶ main/core          main/cli ──▶ main/core, main/ipc
 *
 * main/core never imports Electron, preload/ or main/ipc; main/core/model imports nothing outside
 * itself; the renderer imports preload/ only; the preload bundle holds no main code; a platform's
 * folder (main/core/providers/<platform>/) is imported only from inside main/core/providers/; and
 * no import circle anywhere (type-only imports included: a circle of types is a circle to read).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte|js|mjs|cjs)$/.test(name) && !name.endsWith('.config.ts') ? [path] : [];
  });
}

const IMPORT_PATTERNS = [
  /^\s*import\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm,
  /^\s*export\s+(type\s+)?[^'";]*?\s+from\s+['"]([^'"]+)['"]/gm,
  /\bimport\(\s*()['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*()['"]([^'"]+)['"]\s*\)/g,
];

/** Every module a file names, with whether the import is erased at build time (type-only). */
export function importsOf(source: string): Array<{ module: string; typeOnly: boolean }> {
  const found: Array<{ module: string; typeOnly: boolean }> = [];
  for (const pattern of IMPORT_PATTERNS) for (const match of source.matchAll(pattern)) found.push({ module: match[2]!, typeOnly: Boolean(match[1]) });
  return found;
}

/** Every module a file loads at run time (type-only imports are erased and do not count). */
export function runtimeImports(source: string): string[] {
  return importsOf(source)
    .filter((i) => !i.typeOnly)
    .map((i) => i.module);
}

/** Where each import of the files under `dir` lands: a repository path for relative imports, else the package name. */
function edges(dir: string): Array<{ file: string; target: string; typeOnly: boolean }> {
  return sourceFiles(dir).flatMap((file) =>
    importsOf(readFileSync(file, 'utf8')).map(({ module, typeOnly }) => ({
      file,
      target: module.startsWith('.') ? relative('.', join(file, '..', module)) : module,
      typeOnly,
    })),
  );
}

/** The repository file a relative import lands on (`./x` is `x.ts`, `x.svelte`, `x/index.ts`), or undefined. */
function resolveFile(target: string): string | undefined {
  const candidates = [target, `${target}.ts`, `${target}.svelte`, `${target}.js`, `${target}.mjs`, join(target, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** One import circle among the files under `dirs` (as a path a → b → … → a), or undefined. */
export function findCircle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file];
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    path.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of graph.keys()) {
    const circle = visit(file);
    if (circle) return circle;
  }
  return undefined;
}

function importGraph(dirs: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const dir of dirs)
    for (const { file, target } of edges(dir)) {
      const resolved = resolveFile(target);
      graph.set(file, [...(graph.get(file) ?? []), ...(resolved ? [resolved] : [])]);
    }
  return graph;
}

const isElectron = (target: string): boolean =>
  target === 'electron' || target.startsWith('electron/') || target === 'electron-store' || target === 'electron-log' || target.startsWith('electron-log/');
const offenders = (list: Array<{ file: string; target: string }>): string[] => list.map((e) => `${e.file} -> ${e.target}`);

describe('layering', () => {
  it('the import scanner sees static, dynamic, require and type-only imports', () => {
    const sample = [
      "import { app } from 'electron';",
      "import type { IpcMain } from 'electron';",
      "const e = await import('electron');",
      "const k = require('electron');",
      "import './side-effect';",
      "export type * from './model';",
    ].join('\n');
    expect(runtimeImports(sample)).toEqual(['electron', './side-effect', 'electron', 'electron']);
    expect(
      importsOf(sample)
        .filter((i) => i.typeOnly)
        .map((i) => i.module),
    ).toEqual(['electron', './model']);
  });

  it('main/core imports neither Electron, preload/, main/ipc, main/electron nor main/cli (not even for types)', () => {
    const bad = edges('main/core').filter((e) => isElectron(e.target) || /^(preload|renderer|main\/(ipc|electron|cli))(\/|$)/.test(e.target));
    expect(offenders(bad)).toEqual([]);
  });

  it('main/core/model holds types only and imports nothing outside itself', () => {
    const bad = edges('main/core/model').filter((e) => !e.typeOnly || !e.target.startsWith('main/core/model'));
    expect(offenders(bad)).toEqual([]);
  });

  it('the handler table (main/ipc) knows no Electron: the shell and the harness register the same table', () => {
    const bad = edges('main/ipc').filter((e) => isElectron(e.target) || /^(renderer|main\/(electron|cli))(\/|$)/.test(e.target));
    expect(offenders(bad)).toEqual([]);
  });

  it('the CLI (main/cli) runs in plain Node on the core, the handler table and the contract', () => {
    const bad = edges('main/cli').filter(
      (e) => isElectron(e.target) || /^(renderer|main\/electron)(\/|$)/.test(e.target) || (e.target.startsWith('preload') && e.target !== 'preload/contract'),
    );
    expect(offenders(bad)).toEqual([]);
  });

  it('the renderer imports preload/ only, never main/', () => {
    const bad = edges('renderer/src').filter(
      (e) =>
        e.target.startsWith('main') ||
        isElectron(e.target) ||
        (e.target.startsWith('preload') && e.target !== 'preload/contract' && e.target !== 'preload/bridge'),
    );
    expect(offenders(bad)).toEqual([]);
  });

  it('the preload holds no main code: the contract takes types from main/core/model only', () => {
    const bad = edges('preload').filter((e) => {
      if (e.target.startsWith('main/core/model')) return !e.typeOnly;
      if (e.target.startsWith('main') || e.target.startsWith('renderer')) return true;
      return !['electron', 'valibot', 'preload/bridge', 'preload/contract'].includes(e.target);
    });
    expect(offenders(bad)).toEqual([]);
  });

  it('a platform folder is reached only through main/core/providers/ (the registry and the module)', () => {
    const outside = ['main', 'preload', 'renderer/src'].flatMap(edges).filter((e) => !e.file.startsWith('main/core/providers/'));
    const bad = outside.filter((e) => /^main\/core\/providers\/[^/]+\//.test(e.target));
    expect(offenders(bad)).toEqual([]);
  });

  it('the circle finder finds a circle and passes a tree', () => {
    const tree = new Map([
      ['a', ['b', 'c']],
      ['b', ['c']],
      ['c', []],
    ]);
    expect(findCircle(tree)).toBeUndefined();
    const looped = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(findCircle(looped)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('no import circle in main/, preload/ or the renderer (type-only imports included)', () => {
    const circle = findCircle(importGraph(['main', 'preload', 'renderer/src']));
    expect(circle?.join(' -> ')).toBeUndefined();
  });
});
