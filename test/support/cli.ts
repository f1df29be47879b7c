/** Runs the built `tokendesk` CLI as a user would: a child process on a profile folder and a keychain service of the test's own. */
import { spawn } from 'node:child_process';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const CLI_ENTRY = 'bin/tokendesk.mjs';

export function cliRunner(dataDir: string, keychainService: string): (args: string[], stdin?: string) => Promise<CliRun> {
  return (args, stdin = '') =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, [CLI_ENTRY, '--data-dir', dataDir, ...args], { env: { ...process.env, TOKENDESK_KEYCHAIN_SERVICE: keychainService } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(stdin);
    });
}
