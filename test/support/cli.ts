/**
 * The built `tokendesk` binary run as a user would: a child process on a profile folder and a
 * keychain service of its own, with stdin, stdout, stderr and the exit code.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const CLI_ENTRY = 'bin/tokendesk.mjs';

export function cliRunner(dataDir: string, keychainService: string): (args: string[], stdin?: string) => Promise<CliRun> {
  if (!existsSync('out/cli/tokendesk.js')) throw new Error('out/cli/tokendesk.js is missing: run `npm run build` first (npm test does).');
  return (args, stdin = '') =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, [CLI_ENTRY, '--data-dir', dataDir, ...args], {
        env: { ...process.env, TOKENDESK_KEYCHAIN_SERVICE: keychainService },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(stdin);
    });
}
