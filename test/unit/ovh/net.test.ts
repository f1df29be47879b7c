import { describe, expect, it } from 'vitest';
import { backoffDelay, createLimiter, DEFAULT_RETRY_POLICY, parseRetryAfter, withRetry } from '../../../main/core/net';
import { verifyLdpToken } from '../../../main/core/providers/ovh';

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('limiter', () => {
  it('runs at most N tasks at once, in FIFO order', async () => {
    const limiter = createLimiter({ maxInFlight: 2 });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limiter.inFlight).toBe(2);
    expect(limiter.queued).toBe(2);
    gates[1]!.resolve();
    await runs[1];
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(limiter.inFlight).toBe(0);
  });

  it('starts urgent tasks (retries) before the ones already queued', async () => {
    const limiter = createLimiter({ maxInFlight: 1 });
    const gate = deferred();
    const order: string[] = [];
    const first = limiter.run(() => gate.promise);
    const runs = [
      limiter.run(async () => void order.push('new-1')),
      limiter.run(async () => void order.push('new-2')),
      limiter.run(async () => void order.push('retry'), undefined, { urgent: true }),
    ];
    gate.resolve();
    await Promise.all([first, ...runs]);
    expect(order).toEqual(['retry', 'new-1', 'new-2']);
  });

  it('defaults to 8 and frees the slot of a failing task', async () => {
    const limiter = createLimiter();
    expect(limiter.maxInFlight).toBe(8);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(limiter.inFlight).toBe(0);
  });

  it('drops a queued task whose signal is aborted', async () => {
    const limiter = createLimiter({ maxInFlight: 1 });
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const second = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(second).rejects.toThrow('cancelled');
    gate.resolve();
    await first;
    expect(ran).toBe(false);
  });

  /** A clock that moves only when the test says, and whose sleeps end only when the test says. */
  function handClock() {
    let t = 0;
    const sleeps: Array<{ ms: number; end: () => void }> = [];
    return {
      sleeps,
      advance: (ms: number) => void (t += ms),
      monotonic: () => t,
      sleep: (ms: number) => new Promise<void>((end) => void sleeps.push({ ms, end })),
    };
  }

  it('holds new starts during a pause (after a 429) and resumes when it ends', async () => {
    const clock = handClock();
    const limiter = createLimiter({ maxInFlight: 4, clock });
    limiter.pauseFor(2000);
    expect(clock.sleeps.map((s) => s.ms)).toEqual([2000]);
    let ran = false;
    const task = limiter.run(async () => {
      ran = true;
    });
    await Promise.resolve();
    expect(ran).toBe(false);
    expect(limiter.queued).toBe(1);
    clock.sleeps[0]!.end();
    await task;
    expect(ran).toBe(true);
  });

  it("measures pauses on the account's clock: a later, longer-ending pause replaces the first", async () => {
    const clock = handClock();
    const limiter = createLimiter({ maxInFlight: 1, clock });
    limiter.pauseFor(2000); // ends at 2000
    clock.advance(1500);
    limiter.pauseFor(1000); // ends at 2500 on this clock: it extends the pause
    limiter.pauseFor(500); // ends at 2000: shorter than the running pause, ignored
    expect(clock.sleeps.map((s) => s.ms)).toEqual([2000, 1000]);
    let ran = false;
    const task = limiter.run(async () => {
      ran = true;
    });
    clock.sleeps[0]!.end(); // the first pause is over, but the second still holds
    await new Promise((r) => setImmediate(r));
    expect(ran).toBe(false);
    clock.sleeps[1]!.end();
    await task;
    expect(ran).toBe(true);
  });
});

describe('retry', () => {
  it('retries what the classifier allows, with bounded jittered backoff', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('transient');
        return 'ok';
      },
      () => ({ retry: true }),
      { sleep: async (ms) => void waits.push(ms), random: () => 0.5, policy: { baseDelayMs: 100, maxDelayMs: 1000 } },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toEqual([75, 150]); // half the step + half of the other half
  });

  it('gives up after maxAttempts and rethrows the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw new Error(`fail ${calls}`);
        },
        () => ({ retry: true }),
        { sleep: async () => {}, policy: { maxAttempts: 3 } },
      ),
    ).rejects.toThrow('fail 3');
    expect(calls).toBe(3);
  });

  it('honours Retry-After, and does not retry when it is longer than allowed', async () => {
    const waits: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('429');
      },
      () => ({ retry: true, retryAfterMs: 2000 }),
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toEqual([2000]);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw new Error('429 long');
        },
        () => ({ retry: true, retryAfterMs: 120_000 }),
        { sleep: async () => {} },
      ),
    ).rejects.toThrow('429 long');
    expect(calls).toBe(1);
  });

  it('never retries what the classifier refuses', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw new Error('409');
        },
        () => ({ retry: false }),
      ),
    ).rejects.toThrow('409');
    expect(calls).toBe(1);
  });

  it('keeps backoff between half the step and the cap', () => {
    for (let i = 0; i < 10; i += 1) {
      const step = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** i);
      expect(backoffDelay(i, DEFAULT_RETRY_POLICY, () => 0)).toBe(step / 2);
      expect(backoffDelay(i, DEFAULT_RETRY_POLICY, () => 0.999999)).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
    }
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});

describe('request deadlines (AbortSignal.timeout, AbortSignal.any)', () => {
  /** A server that never answers: the fetch ends only when its signal is aborted. */
  const silent: typeof fetch = (_url, init) => new Promise((_, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)));
  const value = 'kujg9g227qv0123mav3s0q4pra4psqsi5leka6j7lc62qdef58q';

  it('a request with no answer before its deadline is reported as such', async () => {
    const result = await verifyLdpToken({ graylogUrl: 'https://gra2.logs.ovh.com/api', value, timeoutMs: 20 }, silent);
    expect(result.endpoints[0]).toMatchObject({ outcome: 'unreachable', detail: 'The Graylog API could not be reached (no answer within 20 ms).' });
  });

  it("passes the caller's abort through as is", async () => {
    const controller = new AbortController();
    const run = verifyLdpToken({ graylogUrl: 'https://gra2.logs.ovh.com/api', value, signal: controller.signal }, silent);
    controller.abort(new Error('user cancelled'));
    await expect(run).rejects.toThrow('user cancelled');
  });

  it('gives the answer of a request that finishes in time', async () => {
    const result = await verifyLdpToken(
      { graylogUrl: 'https://gra2.logs.ovh.com/api', value, timeoutMs: 60_000 },
      async () => new Response('[]', { status: 200 }),
    );
    expect(result).toMatchObject({ ok: true, endpoints: [{ outcome: 'ok', status: 200 }] });
  });
});
