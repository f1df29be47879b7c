/**
 * IPC fuzzing: 10,000 generated payloads across every channel of the contract, sent through the
 * real handler table (`dispatch`, as the harness and any caller from outside do) over a real core
 * with one LogScale and one OVHcloud account added against the emulators, tokens synced and one
 * created. Payloads go through structuredClone first, as Electron's IPC would carry them.
 *
 * Promises checked:
 *  - 0 crashes: every call resolves (no rejection, no hang) to a Result envelope;
 *  - every payload the contract schema refuses gets `{ ok: false, error: { code: 'invalid-input',
 *    message, issues } }`, and no answer repeats a value it received;
 *  - 0 state changes: store file, keychain items, audit log, clipboard, opened links and
 *    Object.prototype are the same before and after. Channels that change state when their input
 *    is valid only get payloads the contract schema refuses (each one proven invalid by the
 *    schema before it is sent); read-only channels also get valid ones, which must answer a
 *    well-formed Result that is not `internal`.
 *
 * Seeded (FUZZ_SEED, default 20260115): a failure names its seed, channel and case number.
 *
 * Bounded in count and time, so a broken contract fails fast instead of hanging the suite: a
 * state-changing channel gets at most MAX_TRIES mutations per case to find one its schema refuses
 * (a schema loosened to accept anything fails here at once, with the payload and seed), a payload
 * the schema refuses but the handler accepts fails at once, and the whole run stops with a failure
 * past BUDGET_MS (the synchronous generation loop would otherwise block vitest's own timeout).
 */
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers';
import { channels, contract, type Channel } from '../../preload/contract';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../emulators/ovh';
import { createTestCore, type TestCore } from '../support/core';
import { prng, table, type Rng } from './support';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20260115);
const TOTAL = 10_000;
/** Mutations tried per case to find a payload the schema refuses, before calling the schema loose. */
const MAX_TRIES = 50;
/** A generous ceiling (a normal run takes a fraction of it), below the test's own timeout. */
const BUDGET_MS = 100_000;
/** A value that must never come back in any answer (validation messages never echo input). */
const MARK = 'FUZZMARK7d1f0c9e2b';

/** Channels whose valid input changes nothing stored (they may read the network or files). */
const READ_ONLY = new Set<Channel>([
  'app:info',
  'accounts:list',
  'tokens:list',
  'tokens:syncStatus',
  'tokens:createOptions',
  'accounts:test',
  'audit:verify',
  'audit:export',
  'settings:get',
  'accounts:check',
  'tokens:detail',
  'audit:search',
  'lock:status',
]);

const ERROR_CODES = new Set([
  'invalid-input',
  'unknown-channel',
  'forbidden-sender',
  'keychain-unavailable',
  'keychain-failed',
  'vault-entry-unreadable',
  'not-found',
  'conflict',
  'policy',
  'auth',
  'forbidden',
  'busy',
  'rate-limited',
  'unreachable',
  'provider',
  'timeout',
  'internal',
]);

// Pre-built big strings (building a MiB per case would dominate the run).
const HUGE = [65, 101, 201, 257, 2_049, 4_097, 16_385, 100_000, 1_048_576].map((n) => 'A'.repeat(n));
const HUGE_UNICODE = '𝕏'.repeat(70_000);
const STRINGS = [
  '',
  ' ',
  '   \t\n',
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C',
  '\u200B',
  '\uD800',
  '\uDFFF\uD800',
  'e\u0301',
  '🙂🙂🙂',
  'Ω≈ç√∫',
  'ﷺ',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'https://evil.example/',
  'http://127.0.0.1:1/',
  'app://tokendesk/index.html',
  'data:text/html,<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  '${jndi:ldap://evil/x}',
  '%00%2e%2e%2f',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'ok',
  'ovh',
  'logscale',
  'system',
  'NaN',
  '-1',
  '1e309',
  `${MARK}-secret~${'s'.repeat(40)}`,
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  1.5,
  -1.5,
  4,
  5,
  301,
  1_000_001,
  Number.NaN,
  Infinity,
  -Infinity,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_VALUE,
  1e308,
  -1e308,
  2 ** 31,
  -(2 ** 53),
];
/**
 * Unknown keys ARE named back in `issues` ("extra: is not an allowed field"), on purpose: the admin
 * must see which field is wrong. So keys carry their own marker, and only values carry MARK.
 */
const ODD_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  ' ',
  '\u0000',
  'extra',
  'FUZZKEY',
  'then',
  'length',
  '0',
];

/** Something of any type a structured clone can carry, with a depth limit. */
function junk(r: Rng, depth = 0): unknown {
  const kind = r.int(0, depth > 3 ? 5 : 12);
  switch (kind) {
    case 0:
      return r.pick([undefined, null, true, false]);
    case 1:
    case 2:
      return r.pick(NUMBERS);
    case 3:
    case 4:
      return r.pick(STRINGS);
    case 5:
      return r.chance(0.5) ? r.pick(HUGE) : HUGE_UNICODE;
    case 6:
      return BigInt(r.int(-5, 5)) * 10n ** 30n;
    case 7:
      return r.pick([new Date(Number.NaN), new Date(0), new Map([['id', 'x']]), new Set([1]), new Uint8Array([1, 2, 3]), /x/g]);
    case 8:
      return Array.from({ length: r.int(0, 4) }, () => junk(r, depth + 1));
    case 9: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(0, 4); i > 0; i -= 1) ownKey(o, r.pick(ODD_KEYS), junk(r, depth + 1));
      return o;
    }
    case 10:
      return nest(r.int(20, 200), r.chance(0.5));
    case 11:
      return JSON.parse('{"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted":true}}}');
    default:
      return Object.assign(Object.create(null) as object, { id: r.pick(STRINGS) });
  }
}

function nest(depth: number, arrays: boolean): unknown {
  let value: unknown = MARK;
  for (let i = 0; i < depth; i += 1) value = arrays ? [value] : { a: value };
  return value;
}

/** An OWN property, even for `__proto__` (what JSON.parse and the structured clone produce). */
function ownKey(target: Record<string, unknown>, key: string, value: unknown): void {
  try {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } catch {
    // Arrays' `length` and typed arrays' indexes cannot be redefined; any other key will do.
    Object.defineProperty(target, `x${key}`, { value, enumerable: true, writable: true, configurable: true });
  }
}

type Path = string[];

/** Plain objects and arrays only: typed arrays, dates, maps and sets are leaves. */
function isContainer(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

function paths(value: unknown, prefix: Path = []): Path[] {
  if (!isContainer(value)) return [];
  const out: Path[] = [];
  for (const key of Object.keys(value)) {
    const path = [...prefix, key];
    out.push(path, ...paths((value as Record<string, unknown>)[key], path));
  }
  return out;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node && typeof node === 'object' ? node : undefined;
}

/** One to three mutations of a valid template. */
function mutate(r: Rng, template: unknown): unknown {
  let payload: unknown = structuredClone(template);
  for (let n = r.int(1, 3); n > 0; n -= 1) {
    const all = paths(payload);
    const objects = [[], ...all].filter((p) => {
      return isContainer(p.length === 0 ? payload : parentOf(payload, p)?.[p.at(-1)!]);
    });
    const op = r.int(0, 9);
    if (op === 0 || (all.length === 0 && op < 5)) {
      payload = junk(r);
    } else if (op === 1 && all.length) {
      const path = r.pick(all);
      const parent = parentOf(payload, path)!;
      const key = String(path.at(-1));
      if (Array.isArray(parent) && /^\d+$/.test(key)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if ((op === 2 || op === 3) && all.length) {
      const path = r.pick(all);
      parentOf(payload, path)![path.at(-1)!] = junk(r);
    } else if (op === 4 && objects.length) {
      const path = r.pick(objects);
      const node = (path.length === 0 ? payload : parentOf(payload, path)![path.at(-1)!]) as Record<string, unknown>;
      ownKey(node, r.pick(ODD_KEYS), junk(r, 2));
    } else if (op === 5 && all.length) {
      const path = r.pick(all);
      const parent = parentOf(payload, path)!;
      const old = parent[path.at(-1)!];
      parent[path.at(-1)!] =
        typeof old === 'string'
          ? r.pick([...HUGE, HUGE_UNICODE, `${old}\u0000`, ` ${old} `, old.toUpperCase(), old + MARK])
          : typeof old === 'number'
            ? r.pick(NUMBERS)
            : r.pick(STRINGS);
    } else if (op === 6) {
      payload = r.chance(0.5) ? [payload] : { input: payload };
    } else if (op === 7 && payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
      // The classic: a JSON body carrying __proto__ / constructor.prototype as own keys.
      const text = JSON.stringify(payload, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)) ?? '{}';
      payload = JSON.parse(text.replace(/^\{/, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},').replace(/,}$/, '}'));
    } else if (op === 8 && all.length) {
      const path = r.pick(all);
      parentOf(payload, path)![path.at(-1)!] = nest(r.int(10, 150), r.chance(0.5));
    } else {
      payload = junk(r);
    }
  }
  return payload;
}

const isValid = (channel: Channel, payload: unknown): boolean => v.safeParse(contract[channel].input as v.GenericSchema, payload).success;

/** A payload for a failure message: JSON, long strings cut, bigints spelled, at most 600 characters. */
function show(payload: unknown): string {
  const text =
    JSON.stringify(payload, (_k, x: unknown) =>
      typeof x === 'bigint' ? `${x}n` : typeof x === 'string' && x.length > 80 ? `${x.slice(0, 40)}…(${x.length} chars)` : x,
    ) ?? String(payload);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** Stops the run at once: the message names the seed, the case and the payload, to replay it. */
function stop(where: string, what: string, payload: unknown): never {
  throw new Error(`${where}: ${what}\npayload: ${show(payload)}\nreplay with FUZZ_SEED=${SEED}`);
}

describe('IPC fuzzing through the handler table', () => {
  let ovh: OvhEmulator;
  let logscale: LogScaleEmulator;
  let t: TestCore;
  let handlers: Handlers;
  let templates: Record<Channel, unknown[]>;
  /** Real secrets the templates carry (credentials, a LogScale value, an LDP value): never in an answer. */
  let realSecrets: string[] = [];

  beforeAll(async () => {
    ovh = await startOvhEmulator({ knobs: { operationDelayMs: 20 } });
    logscale = await startLogScaleEmulator();
    t = await createTestCore();
    handlers = createHandlers(t.core, t.platform);
    const service = ovh.addService({ tokens: 2, clusters: 1 });
    const ovhAdd = { provider: 'ovh', label: 'OVH fuzz', endpoint: 'custom', customBaseUrl: ovh.baseUrl, auth: ovh.consumerKeyAuth() };
    const lsAdd = { provider: 'logscale', label: 'LogScale fuzz', baseUrl: logscale.baseUrl, token: logscale.adminToken };
    const ovhAccount = await handlers['accounts:add'](ovhAdd);
    const lsAccount = await handlers['accounts:add'](lsAdd);
    if (!ovhAccount.ok || !lsAccount.ok) throw new Error('setup: accounts not added');
    const lsRequest = {
      provider: 'logscale',
      kind: 'system',
      name: 'fuzz-target',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'duration', amount: 30, unit: 'days' },
    };
    const created = await handlers['tokens:create']({ accountId: lsAccount.value.id, request: lsRequest });
    if (!created.ok) throw new Error('setup: token not created');
    await handlers['tokens:sync'](undefined);
    const tokens = t.core.tokens.list();
    const ldp = tokens.find((x) => x.provider === 'ovh')!;
    const ldpValue = (await t.secret(`token:${ldp.id}`))!;
    const leak = await handlers['leak:check']({ text: `curl -u token:${ldpValue} https://x` });
    const caseId = leak.ok && leak.value.found ? leak.value.caseId : 'no-case';
    const ids = [ovhAccount.value.id, lsAccount.value.id];
    realSecrets = [
      logscale.adminToken.split('~')[1]!,
      ovh.credentials.applicationSecret,
      ovh.credentials.consumerKey,
      ovh.credentials.clientSecret,
      created.value.secret.split('~')[1]!,
      ldpValue,
    ];
    const tokenIds = tokens.map((x) => ({ id: x.id, confirmName: x.name }));
    templates = {
      'app:info': [undefined],
      'app:forgetLostValues': [undefined],
      'app:openLink': [{ link: 'ovh-create-app-eu' }, { link: 'logscale-api-tokens' }],
      'accounts:list': [undefined],
      'accounts:add': [
        lsAdd,
        ovhAdd,
        { ...ovhAdd, label: 'Other', auth: { mode: 'oauth2', clientId: ovh.credentials.clientId, clientSecret: ovh.credentials.clientSecret } },
        { ...ovhAdd, label: 'EU', endpoint: 'ovh-eu', customBaseUrl: undefined },
      ],
      'accounts:remove': ids.map((id) => ({ id })),
      'accounts:test': ids.map((id) => ({ id })),
      'accounts:ovhRequestKey': [
        {
          label: 'Guided',
          endpoint: 'custom',
          customBaseUrl: ovh.baseUrl,
          applicationKey: ovh.credentials.applicationKey,
          applicationSecret: ovh.credentials.applicationSecret,
        },
      ],
      'accounts:ovhFinishKey': [{ pendingId: 'pending-1' }],
      'accounts:ovhCancelKey': [{ pendingId: 'pending-1' }],
      'tokens:list': [undefined],
      'tokens:sync': [undefined, {}, { accountId: ids[0] }],
      'tokens:syncStatus': [undefined],
      'tokens:createOptions': ids.map((accountId) => ({ accountId })),
      'tokens:create': [
        { accountId: ids[0], request: { provider: 'ovh', serviceName: service.serviceName, name: 'fuzz-created' } },
        { accountId: ids[1], request: { ...lsRequest, name: 'fuzz-created', viewIds: ['x'], ipFilterId: 'f' } },
        { accountId: ids[1], request: { ...lsRequest, expiry: { kind: 'date', at: '2030-01-01T00:00:00Z' } } },
      ],
      'tokens:rotate': tokenIds.map(({ id }) => ({ id })),
      'tokens:revoke': tokenIds,
      'tokens:copy': tokenIds.map(({ id }) => ({ id })),
      'tokens:reveal': tokenIds.map(({ id }) => ({ id })),
      'tokens:verify': tokenIds.map(({ id }) => ({ id })),
      'leak:check': [{ text: `curl -u token:${ldpValue} https://x` }, { text: created.value.secret }],
      'leak:revoke': [{ caseId, confirmName: ldp.name }],
      'leak:prove': [{ caseId }],
      'audit:export': [{ format: 'json' }, { format: 'csv' }],
      'audit:verify': [undefined],
      'settings:get': [undefined],
      'settings:set': [
        { clipboardClearSeconds: 30 },
        { alertThresholdsDays: [14, 7, 1], syncIntervalMinutes: 15, maxInFlightPerAccount: 4, lockIdleMinutes: 5, lockOnScreenLock: false },
      ],
      'accounts:check': [
        { target: 'new', account: lsAdd },
        { target: 'existing', id: ids[1], change: { label: 'Renamed', credentials: { provider: 'logscale', token: logscale.adminToken } } },
      ],
      'accounts:update': [{ id: ids[0], change: { label: 'Renamed', endpoint: 'custom', customBaseUrl: ovh.baseUrl } }],
      'accounts:ovhRenewKey': ids.map((id) => ({ id })),
      'tokens:detail': tokenIds.map(({ id }) => ({ id })),
      'audit:search': [{ text: 'created' }, { tokenId: tokenIds[0]!.id, limit: 10 }],
      'lock:status': [undefined],
      'lock:setup': [
        { method: 'pin', secret: '123456' },
        { method: 'passphrase', secret: 'correct horse battery', current: '123456' },
      ],
      'lock:disable': [{ secret: '123456' }],
      'lock:lock': [undefined],
      'lock:unlock': [{ secret: '123456' }],
      'lock:unlockBiometric': [undefined],
      'tokens:setParser': [...tokenIds.map(({ id }) => ({ id, parser: 'kv' })), { id: tokenIds[0]!.id, parser: null }],
      'scan:pickFolder': [undefined],
      'scan:run': [{ paths: ['/nonexistent/tokendesk-fuzz'] }, { paths: ['/nonexistent/a', '/nonexistent/b'], git: true, gitignore: true, maxFileBytes: 1024 }],
    };
    // Start from a quiet clipboard and platform record.
    await t.core.shutdown();
  });

  afterAll(async () => {
    await t?.cleanup();
    await ovh?.close();
    await logscale?.close();
  });

  it('has a template for every channel, and every template is valid (so mutations start close to the contract)', () => {
    expect(Object.keys(templates).sort()).toEqual([...channels].sort());
    for (const channel of channels) for (const template of templates[channel]) expect(isValid(channel, template), channel).toBe(true);
  });

  it(
    `answers ${TOTAL} generated payloads: 0 crashes, structured errors for every invalid one, 0 state changes`,
    async () => {
      const r = prng(SEED);
      const before = await t.snapshot();
      const platformBefore = JSON.stringify({ recorded: t.platform.recorded, clipboard: t.platform.clipboardText() });
      const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

      type Stats = { sent: number; invalid: number; validReadOnly: number; regenerated: number; ok: number; codes: Record<string, number> };
      const stats = new Map<Channel, Stats>(channels.map((c) => [c, { sent: 0, invalid: 0, validReadOnly: 0, regenerated: 0, ok: 0, codes: {} }]));
      const problems: string[] = [];
      let crashes = 0;

      const deadline = performance.now() + BUDGET_MS;
      for (let i = 0; i < TOTAL; i += 1) {
        const channel = channels[i % channels.length]!;
        const s = stats.get(channel)!;
        const where = `seed ${SEED}, case ${i}, ${channel}`;
        const template = r.pick(templates[channel]);
        // Read-only channels also get their valid templates as they are (real account and token ids).
        let payload = READ_ONLY.has(channel) && r.chance(0.05) ? structuredClone(template) : mutate(r, template);
        let valid = isValid(channel, payload);
        // State-changing channels get invalid payloads only, each proven invalid by the schema.
        for (let tries = 1; valid && !READ_ONLY.has(channel); tries += 1) {
          if (tries > MAX_TRIES)
            stop(where, `the schema accepted ${MAX_TRIES} mutated payloads in a row, the last one below: it accepts what it should refuse`, payload);
          s.regenerated += 1;
          payload = tries < MAX_TRIES / 2 ? mutate(r, template) : junk(r);
          valid = isValid(channel, payload);
        }
        if (performance.now() > deadline) stop(where, `still running after ${BUDGET_MS / 1000} s (${i} of ${TOTAL} cases sent)`, payload);
        const wire = structuredClone(payload); // what ipcRenderer.invoke would deliver
        let result: unknown;
        try {
          let timer: NodeJS.Timeout | undefined;
          result = await Promise.race([
            dispatch(handlers, channel, wire).finally(() => clearTimeout(timer)),
            new Promise((resolve) => (timer = setTimeout(() => resolve('HANG'), 15_000))),
          ]);
        } catch (error) {
          crashes += 1;
          problems.push(`${where}: rejected with ${String(error)}`);
          continue;
        }
        s.sent += 1;
        if (result === 'HANG') {
          crashes += 1;
          problems.push(`${where}: no answer within 15 s`);
          continue;
        }
        const text = JSON.stringify(result, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)) ?? '';
        if (text.includes(MARK)) problems.push(`${where}: the answer repeats received input: ${text.slice(0, 200)}`);
        for (const secret of realSecrets) if (text.includes(secret)) problems.push(`${where}: the answer holds a secret`);
        const answer = result as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown; issues?: unknown } };
        if (answer.ok === true) {
          s.ok += 1;
          if (!valid) stop(where, 'the handler accepted a payload the schema refuses', payload);
        } else if (answer.ok === false && answer.error && typeof answer.error.message === 'string' && ERROR_CODES.has(String(answer.error.code))) {
          const code = String(answer.error.code);
          s.codes[code] = (s.codes[code] ?? 0) + 1;
          if (!valid) {
            if (code !== 'invalid-input') problems.push(`${where}: invalid input answered ${code}`);
            if (!answer.error.message.startsWith('The request was not valid: ')) problems.push(`${where}: message ${answer.error.message}`);
            if (!Array.isArray(answer.error.issues) || answer.error.issues.length === 0) problems.push(`${where}: no issues listed`);
          } else if (code === 'internal' || code === 'invalid-input') {
            problems.push(`${where}: valid read-only input answered ${code}: ${answer.error.message}`);
          }
        } else {
          crashes += 1;
          problems.push(`${where}: not a Result envelope: ${text.slice(0, 200)}`);
        }
        if (valid) s.validReadOnly += 1;
        else s.invalid += 1;
      }

      // Payloads for channels that do not exist (lookups of inherited names included).
      const unknown = [
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        'valueOf',
        '',
        ':',
        'tokens:',
        'Accounts:List',
        'accounts:add\u0000',
        'x'.repeat(100_000),
        'secrets:dump',
      ];
      let unknownRefused = 0;
      for (const name of unknown) {
        const result = await dispatch(handlers, name, junk(r));
        if (!result.ok && result.error.code === 'unknown-channel' && result.error.message.length < 200) unknownRefused += 1;
        else problems.push(`unknown channel ${name.slice(0, 20)}: ${JSON.stringify(result).slice(0, 200)}`);
      }

      const after = await t.snapshot();
      const rows = channels.map((c) => {
        const s = stats.get(c)!;
        return [
          c,
          READ_ONLY.has(c) ? 'read-only' : 'changes state',
          String(s.sent),
          String(s.invalid),
          String(s.validReadOnly),
          String(s.regenerated),
          Object.entries(s.codes)
            .map(([k, n]) => `${k}:${n}`)
            .join(' ') + (s.ok ? ` ok:${s.ok}` : ''),
        ];
      });
      const totals = [...stats.values()].reduce(
        (a, s) => ({ sent: a.sent + s.sent, invalid: a.invalid + s.invalid, valid: a.valid + s.validReadOnly, regen: a.regen + s.regenerated }),
        { sent: 0, invalid: 0, valid: 0, regen: 0 },
      );
      console.log(
        `\nIPC fuzz (seed ${SEED}): ${totals.sent} payloads over ${channels.length} channels; ${totals.invalid} invalid (all proven by the schema), ${totals.valid} valid on read-only channels, ${totals.regen} valid mutations of state-changing channels discarded before sending; ${unknownRefused}/${unknown.length} unknown channels refused; crashes ${crashes}; problems ${problems.length}\n` +
          table(['channel', 'kind', 'sent', 'invalid', 'valid', 'discarded', 'answers'], rows),
      );

      expect(problems.slice(0, 20)).toEqual([]);
      expect(crashes).toBe(0);
      expect(totals.sent).toBe(TOTAL);
      expect(totals.invalid).toBeGreaterThan(TOTAL * 0.8);
      for (const c of channels) expect(stats.get(c)!.invalid, c).toBeGreaterThan(100);
      expect(after).toEqual(before);
      expect(JSON.stringify({ recorded: t.platform.recorded, clipboard: t.platform.clipboardText() })).toBe(platformBefore);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
    },
    BUDGET_MS + 20_000,
  );
});
