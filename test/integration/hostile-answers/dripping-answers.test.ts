/**
 * A server that sends its headers and then one byte every 200 ms forever must not hang a sync: the
 * request's deadline covers the body too, and holds when garbage collections run while the body is
 * read (an inline `AbortSignal.timeout` is dropped by a collection and never fires). vitest's
 * workers cannot be given --expose-gc per file, so each case runs drip-child.mts in its own
 * `node --expose-gc`, which collects every 20 ms while it waits. The bound below only turns a hang
 * into a failure; the assertion is on how the call ended.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./drip-child.mts', import.meta.url));
const HANG_BOUND_MS = 20_000;

/** The child's one JSON line, or 'hung' when it printed nothing before HANG_BOUND_MS. */
function runChild(provider: 'logscale' | 'ovh', deadlineMs: number): Promise<{ settled: string; message?: string } | 'hung'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, provider, String(deadlineMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const bound = setTimeout(() => child.kill('SIGKILL'), HANG_BOUND_MS);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(bound);
      const line = out.trim().split('\n').pop();
      if (line) resolve(JSON.parse(line) as { settled: string; message?: string });
      else if (err.trim()) reject(new Error(`the child failed: ${err.trim().slice(0, 500)}`));
      else resolve('hung');
    });
  });
}

describe('a dripping answer meets the deadline, garbage collections or not', () => {
  it('LogScale: the listing fails with "no answer within 1 s"', { timeout: HANG_BOUND_MS + 10_000 }, async () => {
    const outcome = await runChild('logscale', 1_000);
    expect(outcome).toEqual({
      settled: 'rejected',
      name: 'AppError',
      message: expect.stringMatching(/^Could not reach LogScale at http:\/\/127\.0\.0\.1:\d+ to list tokens: no answer within 1 s\.$/),
    });
  });

  it('OVHcloud: the listing fails with "no answer within 1 second" (after its bounded retries)', { timeout: HANG_BOUND_MS + 10_000 }, async () => {
    const outcome = await runChild('ovh', 1_000);
    expect(outcome).toEqual({
      settled: 'rejected',
      name: 'OvhRequestError',
      message: expect.stringMatching(/^Could not reach the OVHcloud API at 127\.0\.0\.1:\d+ \(no answer within 1 second\)\./),
    });
  });
});
