/**
 * Run by dripping-answers.test.ts as `node --expose-gc --import tsx drip-child.mts <provider> <deadline ms>`:
 * a server on 127.0.0.1 that sends its headers and then one byte every 200 ms forever, and a client
 * (the app's own) asked to list through it, while a full garbage collection runs every 20 ms. Prints
 * one JSON line, how the call ended, and exits. A call that never ends prints nothing: the test's
 * own bound then kills this process and fails.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogScaleClient } from '../../../main/core/providers/logscale';
import { createOvhClient } from '../../../main/core/providers/ovh';

const [provider, deadline] = process.argv.slice(2);
const timeoutMs = Number(deadline);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url === '/1.0/auth/time') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(String(Math.floor(Date.now() / 1000)));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{');
    const drip = setInterval(() => res.write(' '), 200);
    res.on('close', () => clearInterval(drip));
  });
});
server.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const collector = setInterval(gc, 20);
const call =
  provider === 'logscale'
    ? createLogScaleClient({ baseUrl: origin, token: 'drip-test-bearer-0123456789', timeoutMs }).tokens.list()
    : createOvhClient({
        endpoint: { baseUrl: `${origin}/1.0` },
        auth: { mode: 'consumer-key', applicationKey: 'drip-ak', applicationSecret: 'drip-as', consumerKey: 'drip-ck' },
        requestTimeoutMs: timeoutMs,
        retry: { baseDelayMs: 1, maxDelayMs: 2 },
      }).listServiceNames();
const outcome = await call.then(
  () => ({ settled: 'resolved' }),
  (error: Error) => ({ settled: 'rejected', name: error.name, message: error.message }),
);
clearInterval(collector);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
process.exit(0);
