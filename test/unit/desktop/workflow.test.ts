/**
 * .github/workflows/desktop.yml, read as GitHub Actions reads it (a YAML parser): it parses, runs on
 * the three OSes, and every command it runs exists here: each `npm run X` / `npm test` names a script
 * of package.json, each `npx X` a binary installed in node_modules/.bin, each `node F` / `bash F` a
 * file of the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}
const workflow = parse(readFileSync('.github/workflows/desktop.yml', 'utf8')) as {
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; strategy: { matrix: { os: string[] } }; steps: Step[] }>;
};
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const job = Object.values(workflow.jobs)[0]!;
const commands = job.steps
  .flatMap((s) => (s.run ?? '').split('\n'))
  .map((l) => l.replace(/#.*$/, '').trim())
  .filter(Boolean);

/** The commands a shell line runs: split on &&, ||, ;, and what wrappers (xvfb-run, sudo, with-keyring.sh) run. */
function invocations(line: string): string[][] {
  return line
    .split(/&&|\|\||;/)
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0]);
}

describe('the desktop workflow', () => {
  it('parses, and runs one job on Linux, macOS and Windows', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['desktop']);
    expect(job.strategy.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it('installs, type-checks, builds, unit-tests, runs the Electron smoke test and builds the packages, in that order', () => {
    const order = [
      'npm ci',
      'npx --no install-electron',
      'npm run typecheck',
      'npm run build',
      'npm run test:unit',
      'npm run test:electron',
      'npm run package',
    ];
    const at = order.map((c) => commands.findIndex((line) => line.includes(c)));
    expect(
      at.every((i) => i >= 0),
      `missing: ${order.filter((_, i) => at[i]! < 0).join(', ')}`,
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Linux: the smoke test under Xvfb, inside a private Secret Service.
    expect(commands).toContain('xvfb-run -a bash scripts/with-keyring.sh npm run test:electron');
  });

  it('names only scripts that exist in package.json, binaries that npm installed, and files of the repository', () => {
    const problems: string[] = [];
    for (const line of commands) {
      for (let words of invocations(line)) {
        while (['sudo', 'xvfb-run', '-a'].includes(words[0]!)) words = words.slice(1);
        if (words[0] === 'bash' && words[1]?.startsWith('scripts/')) {
          if (!existsSync(words[1])) problems.push(`${line}: no ${words[1]}`);
          words = words.slice(2);
        }
        const [command, first, second] = words;
        if (command === 'npm' && first === 'run' && !(second! in scripts)) problems.push(`${line}: no script "${second}"`);
        if (command === 'npm' && ['test', 'start'].includes(first!) && !(first! in scripts)) problems.push(`${line}: no script "${first}"`);
        if (command === 'npx') {
          const bin = words.slice(1).find((w) => !w.startsWith('-'))!;
          if (!existsSync(`node_modules/.bin/${bin}`)) problems.push(`${line}: no installed binary "${bin}"`);
        }
        if (command === 'node' && !existsSync(first!)) problems.push(`${line}: no ${first}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the smoke-test script runs the Electron spec', () => {
    for (const script of ['typecheck', 'build', 'test:unit', 'test:electron', 'package']) expect(scripts[script], script).toBeTruthy();
    expect(scripts['test:electron']).toContain('test/e2e/electron-smoke.spec.ts');
  });
});
