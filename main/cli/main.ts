/** The CLI process entry (bundled to out/cli/tokendesk.js). */
import { run } from './index';

process.exitCode = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
