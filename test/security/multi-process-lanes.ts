/**
 * The lanes of the multi-process test (multi-process.test.ts): each lane is a user at a terminal
 * running the built `tokendesk` one command after the other, on a profile other lanes use at the
 * same time. A lane picks its next command from a seeded generator, acts only on the tokens it
 * created itself, and writes down what each command answered: the secrets a create or rotate
 * printed (the values `tokens get` must give back later), the tokens it revoked, and the tokens
 * whose fate it cannot know because the command was killed (SIGKILL) before it answered.
 */
import { spawn } from 'node:child_process';
import { CLI_ENTRY } from '../support/cli';
import type { Rng } from './support';

export type OpKind = 'create' | 'rotate' | 'revoke' | 'sync' | 'get' | 'edit' | 'audit';

/** Weights of the next command: creates and syncs most, since a sync straddling a create is the race that lost secrets. */
const WEIGHTS: Array<[OpKind, number]> = [
  ['create', 40],
  ['sync', 30],
  ['rotate', 10],
  // A get in the middle of the round sees a value dropped before a later sync can link it again.
  ['get', 10],
  ['revoke', 7],
  ['edit', 4],
  ['audit', 4],
];

export interface Profile {
  dataDir: string;
  keychainService: string;
  accountId: string;
  round: number;
}

/** What every lane of a round learnt, shared: the test checks it against the profile afterwards. */
export interface Ledger {
  /** Record id -> the value a create or rotate printed with stored:true (and nothing we did since ended it). */
  secrets: Map<string, { value: string; by: string }>;
  /** Record id -> who revoked it (or rotated it away: LogScale kills the old secret at once). */
  revoked: Map<string, string>;
  /** Records whose last command was killed before it answered: their state is not checked. */
  unknown: Set<string>;
  /** Commands that answered with a non-zero exit code without being killed. */
  failed: string[];
  kills: number;
}

export interface KillPlan {
  /** Index (in the lane's sequence) of the command to kill, and how long after its start. */
  op: number;
  afterMs: number;
}

interface Run {
  code: number | null;
  killed: boolean;
  stdout: string;
  stderr: string;
}

function runCli(profile: Profile, args: string[], killAfterMs: number | null): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI_ENTRY, '--data-dir', profile.dataDir, ...args], {
      env: { ...process.env, TOKENDESK_KEYCHAIN_SERVICE: profile.keychainService },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // A kill at a point in time: the invariants must hold wherever it lands (start-up, a request in
    // flight, a held profile lock, between the vault write and the store write).
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, killed: signal === 'SIGKILL', stdout, stderr });
    });
  });
}

function pickKind(rng: Rng): OpKind {
  let draw = rng.int(
    1,
    WEIGHTS.reduce((sum, [, w]) => sum + w, 0),
  );
  for (const [kind, weight] of WEIGHTS) {
    draw -= weight;
    if (draw <= 0) return kind;
  }
  return 'sync';
}

interface Held {
  id: string;
  name: string;
  confirm: string;
}

interface Answered {
  token: { id: string; name: string; confirmText: string } | null;
  secret?: string;
  stored: boolean;
}

/** The argument list of one command, or null when the lane has no token of its own to act on. */
function argsFor(kind: OpKind, profile: Profile, name: string, target: Held | undefined): string[] | null {
  switch (kind) {
    case 'create':
      return [
        'tokens',
        'create',
        '--account',
        profile.accountId,
        '--kind',
        'system',
        '--name',
        name,
        '--permission',
        'ReadHealthCheck',
        '--print-secret',
        '--json',
      ];
    case 'rotate':
      return target ? ['tokens', 'rotate', target.id, '--print-secret', '--json'] : null;
    case 'revoke':
      return target ? ['tokens', 'revoke', target.id, '--confirm', target.confirm, '--json'] : null;
    case 'get':
      return target ? ['tokens', 'get', target.id] : null;
    case 'sync':
      return ['tokens', 'sync'];
    case 'edit':
      // A change that needs no connection test: only the label.
      return ['accounts', 'edit', profile.accountId, '--label', `Multi ${name}`];
    case 'audit':
      return ['audit', 'verify'];
  }
}

/**
 * Runs one lane: `count` commands drawn from `rng`, one after the other. Returns its log, one
 * line per command (never a secret), for the failure message.
 */
export async function runLane(profile: Profile, lane: number, count: number, rng: Rng, ledger: Ledger, kill: KillPlan | null): Promise<string[]> {
  const log: string[] = [];
  const held: Held[] = [];
  for (let n = 0; n < count; n += 1) {
    let kind = pickKind(rng);
    const target = held.length ? rng.pick(held) : undefined;
    const name = `r${profile.round}-l${lane}-${n}`;
    let args = argsFor(kind, profile, name, target);
    if (!args) {
      kind = 'create';
      args = argsFor(kind, profile, name, undefined)!;
    }
    const killAt = kill && kill.op === n ? kill.afterMs : null;
    const started = Date.now();
    const run = await runCli(profile, args, killAt);
    const on = kind === 'create' ? ` ${name}` : kind === 'rotate' || kind === 'revoke' || kind === 'get' ? ` ${target!.name} (${target!.id})` : '';
    const what = `lane ${lane} #${n} [${Date.now() - started} ms] ${kind}${on}`;
    if (run.killed) {
      ledger.kills += 1;
      log.push(`${what}: KILLED after ${killAt} ms`);
      if (target && (kind === 'rotate' || kind === 'revoke')) {
        forget(ledger, target.id);
        held.splice(held.indexOf(target), 1);
      }
      continue;
    }
    if (run.code !== 0) {
      ledger.failed.push(`${what}: exit ${run.code}: ${run.stderr.trim()}`);
      log.push(`${what}: exit ${run.code}: ${run.stderr.trim()}`);
      continue;
    }
    log.push(`${what}: ${record(kind, run.stdout, what, target, held, ledger)}`);
  }
  return log;
}

function forget(ledger: Ledger, id: string): void {
  ledger.secrets.delete(id);
  ledger.unknown.add(id);
}

/** Writes down what a command that exited 0 answered; returns its log text. */
function record(kind: OpKind, stdout: string, by: string, target: Held | undefined, held: Held[], ledger: Ledger): string {
  if (kind !== 'create' && kind !== 'rotate' && kind !== 'revoke') return 'ok';
  if (kind === 'revoke') {
    ledger.secrets.delete(target!.id);
    ledger.revoked.set(target!.id, by);
    held.splice(held.indexOf(target!), 1);
    return 'revoked';
  }
  const answered = JSON.parse(stdout) as Answered;
  if (kind === 'rotate') {
    ledger.secrets.delete(target!.id);
    ledger.revoked.set(target!.id, by);
    held.splice(held.indexOf(target!), 1);
  }
  if (!answered.token) return `not recorded (stored ${answered.stored})`;
  // A secret the create said it could not store is the user's to keep: not the vault's promise.
  if (answered.stored && answered.secret) ledger.secrets.set(answered.token.id, { value: answered.secret, by });
  held.push({ id: answered.token.id, name: answered.token.name, confirm: answered.token.confirmText });
  return `${answered.token.id}${answered.stored ? ', stored' : ', NOT stored (the create said so)'}`;
}
