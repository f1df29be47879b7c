import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import type { OperationProgress } from '../../../main/core/providers/ovh';
import { consumerKeyClient, failure, steppedClock, useEmulator } from './helpers';

const emulator = useEmulator({ knobs: { operationDelayMs: 60 } });

describe('OVH client: token create and delete through asynchronous operations', () => {
  it('creates a token: POST once, follows the operation, reads tokenId from the finished operation, then GETs the token', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const client = consumerKeyClient(emu);
    const progress: OperationProgress[] = [];
    const token = await client.createToken(service.serviceName, { name: 'ci-reader' }, { onProgress: (p) => progress.push(p) });

    const posts = emu.apiRequests({ method: 'POST', path: `/dbaas/logs/${service.serviceName}/token` });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toBe('{"name":"ci-reader"}'); // clusterId is sent only when chosen
    expect(posts[0]!.headers['content-type']).toBe('application/json');

    const op = [...service.operations.values()][0]!;
    expect(op.state).toBe('SUCCESS');
    expect(progress.at(-1)).toMatchObject({ operationId: op.operationId, state: 'SUCCESS' });
    expect(progress.map((p) => p.state)).not.toContain('FAILURE');
    expect(emu.apiRequests({ method: 'GET', path: `/dbaas/logs/${service.serviceName}/token/${op.tokenId}` })).toHaveLength(1);

    const stored = service.tokens.get(token.tokenId)!;
    expect(token).toEqual({
      tokenId: stored.tokenId,
      name: 'ci-reader',
      value: stored.value,
      clusterId: service.clusters[0]!.clusterId,
      createdAt: stored.createdAt,
      updatedAt: null,
    });
  });

  it('attaches the token to a chosen cluster', async () => {
    const emu = await emulator.start();
    const service = emu.addService({ clusters: 2 });
    const cluster = service.clusters[1]!;
    const token = await consumerKeyClient(emu).createToken(service.serviceName, { name: 'dedicated', clusterId: cluster.clusterId });
    expect(JSON.parse(emu.apiRequests({ method: 'POST' })[0]!.body)).toEqual({ name: 'dedicated', clusterId: cluster.clusterId });
    expect(token.clusterId).toBe(cluster.clusterId);
  });

  it('keeps waiting through RETRY, which is not terminal', async () => {
    // The test moves the operation by hand (held RUNNING, then RETRY, then done), so the client sees
    // each state however late its polls come on a loaded machine.
    const emu = await emulator.start({ knobs: { holdOperations: true, operationDelayMs: 0 } });
    const service = emu.addService();
    const states: string[] = [];
    const token = await consumerKeyClient(emu).createToken(
      service.serviceName,
      { name: 'patient' },
      {
        onProgress: (p) => {
          states.push(p.state);
          if (p.state === 'RUNNING' && !states.includes('RETRY')) service.operations.get(p.operationId)!.state = 'RETRY';
          if (p.state === 'RETRY') emu.releaseOperations();
        },
      },
    );
    expect(states.slice(-3)).toEqual(['RUNNING', 'RETRY', 'SUCCESS']);
    expect(service.tokens.has(token.tokenId)).toBe(true);
  });

  it('deletes a token: DELETE once, waits for the operation, and the token is gone', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const victim = emu.addToken(service.serviceName, { name: 'leaked' });
    const result = await consumerKeyClient(emu).deleteToken(service.serviceName, victim.tokenId);
    expect(emu.apiRequests({ method: 'DELETE' }).map((r) => r.path)).toEqual([`/dbaas/logs/${service.serviceName}/token/${victim.tokenId}`]);
    expect(result).toEqual({ tokenId: victim.tokenId, operationId: [...service.operations.keys()][0] });
    expect(service.tokens.has(victim.tokenId)).toBe(false);
  });

  it.each(['FAILURE', 'REVOKED'] as const)('reports an operation that ends in %s, and nothing is created', async (state) => {
    const emu = await emulator.start();
    const service = emu.addService();
    emu.failNextOperations(1, state);
    const error = await failure<AppError>(consumerKeyClient(emu).createToken(service.serviceName, { name: 'doomed' }));
    const op = [...service.operations.values()][0]!;
    expect(error.code).toBe('provider');
    expect(error.message).toBe(
      `OVHcloud could not finish creating the token "doomed": operation ${op.operationId} ended in state ${state}. Nothing was changed by it; try again, and if it fails again contact OVHcloud support with the operation id.`,
    );
    expect(error.provider).toMatchObject({ provider: 'ovh', errorClass: state, status: 200 });
    expect(emu.requestLog.find((r) => r.queryId === error.provider?.requestId)?.path).toBe(`/dbaas/logs/${service.serviceName}/operation/${op.operationId}`);
    expect(service.tokens.size).toBe(0);
  });

  it('gives up waiting with a clear timeout error that names the operation and its state', async () => {
    const emu = await emulator.start({ knobs: { holdOperations: true, operationDelayMs: 10 } });
    const service = emu.addService();
    const client = consumerKeyClient(emu, { polling: { firstDelayMs: 10, minDelayMs: 10, maxDelayMs: 20, factor: 0.1, timeoutMs: 150 } });
    const error = await failure<AppError>(client.createToken(service.serviceName, { name: 'slow' }));
    const op = [...service.operations.values()][0]!;
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(
      `OVHcloud has not finished creating the token "slow" after 150 ms (operation ${op.operationId} is still RUNNING). It may still complete: refresh the list in a moment.`,
    );
    expect(emu.apiRequests({ method: 'POST' })).toHaveLength(1);
    // It did complete later: the list shows it, nothing was lost.
    emu.releaseOperations();
    const listing = await client.listTokens(service.serviceName);
    expect(listing.status === 'ok' && listing.tokens.map((t) => t.name)).toEqual(['slow']);
  });

  it('waits and sends again while the service is busy with another operation', async () => {
    const emu = await emulator.start({ knobs: { holdOperations: true, operationDelayMs: 10 } });
    const service = emu.addService();
    const client = consumerKeyClient(emu);
    let firstRunning!: () => void;
    const running = new Promise<void>((resolve) => (firstRunning = resolve));
    const first = client.createToken(service.serviceName, { name: 'first' }, { onProgress: (p) => p.state === 'RUNNING' && firstRunning() });
    await running;
    const busyWaits: number[] = [];
    const second = client.createToken(
      service.serviceName,
      { name: 'second' },
      {
        onBusy: ({ attempt }) => {
          busyWaits.push(attempt);
          if (attempt === 1) emu.setKnobs({ holdOperations: false }); // the first operation ends now
        },
      },
    );
    const [a, b] = await Promise.all([first, second]);
    expect([a.name, b.name]).toEqual(['first', 'second']);
    expect(busyWaits[0]).toBe(1);
    const posts = emu.apiRequests({ method: 'POST' }).map((r) => `${JSON.parse(r.body).name} ${r.status}`);
    expect(posts[0]).toBe('first 200');
    expect(posts.at(-1)).toBe('second 200');
    expect(posts.slice(1, -1).length).toBeGreaterThanOrEqual(1);
    expect(new Set(posts.slice(1, -1))).toEqual(new Set(['second 403']));
  });

  it('stops waiting for a busy service after the bound, with the Busy error', async () => {
    const emu = await emulator.start({ knobs: { holdOperations: true, operationDelayMs: 10 } });
    const service = emu.addService();
    const victim = emu.addToken(service.serviceName, { name: 'old' });
    let firstRunning!: () => void;
    const running = new Promise<void>((resolve) => (firstRunning = resolve));
    const first = consumerKeyClient(emu).createToken(service.serviceName, { name: 'first' }, { onProgress: (p) => p.state === 'RUNNING' && firstRunning() });
    await running;
    // 60 ms of waits on a clock that moves only by them: 3 or 4 DELETEs, however slow the machine.
    const client = consumerKeyClient(emu, { busy: { initialDelayMs: 10, maxDelayMs: 20, maxWaitMs: 60 }, clock: steppedClock() });
    const error = await failure<AppError>(client.deleteToken(service.serviceName, victim.tokenId));
    expect(error.code).toBe('busy');
    expect(error.message).toMatch(
      new RegExp(
        `^Another operation is running on ${service.serviceName} and OVHcloud runs one at a time\\. Tokendesk waited and retried, but it is still busy; try again in a minute\\. OVHcloud said: Client::Forbidden::Busy: "An operation is already running for this service: [0-9a-f-]{36}\\. Please retry later\\."\\. \\(HTTP 403, query id EU\\.emu-1\\.`,
      ),
    );
    const deletes = emu.apiRequests({ method: 'DELETE' });
    expect(deletes.length).toBeGreaterThan(1);
    expect(deletes.every((r) => r.status === 403)).toBe(true);
    expect(service.tokens.has(victim.tokenId)).toBe(true); // a failed revoke keeps the token
    emu.releaseOperations();
    await first;
  });

  it('refuses a duplicate name with 409 and starts no operation', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    emu.addToken(service.serviceName, { name: 'ci-reader' });
    const error = await failure<AppError>(consumerKeyClient(emu).createToken(service.serviceName, { name: 'ci-reader' }));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`A token with this name already exists on ${service.serviceName}. Choose another name.`);
    expect(error.provider).toMatchObject({
      status: 409,
      errorClass: 'Client::Conflict::TokenNameAlreadyUsed',
      message: `Token name 'ci-reader' already used by '${service.serviceName}'`,
    });
    expect(error.provider?.requestId).toBe(emu.apiRequests({ method: 'POST' })[0]!.queryId);
    expect(service.operations.size).toBe(0);
  });

  it('checks input before sending anything', async () => {
    const emu = await emulator.start();
    const service = emu.addService();
    const client = consumerKeyClient(emu);
    for (const input of [{ name: '' }, { name: '   ' }, { name: 'ok', clusterId: 'not-a-uuid' }]) {
      const error = await failure<AppError>(client.createToken(service.serviceName, input));
      expect(error.code).toBe('invalid-input');
      expect(error.issues?.[0]).toMatch(/^(name: is required|clusterId: must be a UUID)$/);
    }
    expect((await failure<AppError>(client.deleteToken(service.serviceName, ''))).code).toBe('invalid-input');
    expect(emu.apiRequests()).toHaveLength(0);
  });

  it('maps every refusal of a change to a clear error and changes nothing', async () => {
    const emu = await emulator.start();
    const disabled = emu.addService({ state: 'DISABLED' });
    const service = emu.addService({ clusters: 2 });
    service.clusters[1]!.accessDenied = true;
    const notMine = emu.addToken(service.serviceName, { name: 'someone-else', ownedByCaller: false });
    const client = consumerKeyClient(emu);
    const cases = [
      [
        () => client.createToken(disabled.serviceName, { name: 'x' }),
        'forbidden',
        'Client::Forbidden::ServiceUnavailable',
        403,
        `${disabled.serviceName} cannot be changed in its current state`,
      ],
      [
        () => client.createToken(service.serviceName, { name: 'x', clusterId: service.clusters[1]!.clusterId }),
        'forbidden',
        'Client::Forbidden::AccessDenied',
        403,
        'is not allowed to use that cluster',
      ],
      [
        () => client.createToken(service.serviceName, { name: 'x', clusterId: '0b2c6f8e-8f2a-4d0e-9a55-7e0c1a2b3c4d' }),
        'not-found',
        'Client::NotFound::ClusterDoesNotExists',
        404,
        'That cluster does not exist',
      ],
      [
        () => client.createToken(service.serviceName, { name: 'x'.repeat(200) }),
        'invalid-input',
        'Client::ValidationError::InvalidTokenName',
        400,
        'OVHcloud refused the token name',
      ],
      [
        () => client.deleteToken(service.serviceName, notMine.tokenId),
        'forbidden',
        'Client::Forbidden::OnlyOwnerCanPerformAction',
        403,
        'Only the owner of this token can do that.',
      ],
      [
        () => client.deleteToken(service.serviceName, '0b2c6f8e-8f2a-4d0e-9a55-7e0c1a2b3c4d'),
        'not-found',
        'Client::NotFound::TokenDoesNotExists',
        404,
        'This token no longer exists',
      ],
      [() => client.createToken('ldp-zz-00000', { name: 'x' }), 'not-found', 'Client::NotFound::ServiceDoesNotExists', 404, 'does not exist or is not visible'],
    ] as const;
    for (const [run, code, errorClass, status, sentence] of cases) {
      const error = await failure<AppError>(run());
      expect(error.code).toBe(code);
      expect(error.message).toContain(sentence);
      expect(error.provider).toMatchObject({ errorClass, status });
      expect(error.provider?.requestId).toMatch(/^EU\.emu-1\./);
    }
    expect(service.tokens.size).toBe(1);
    expect(service.operations.size + disabled.operations.size).toBe(0);
    // Each change was sent exactly once: refusals are not retried.
    expect(emu.apiRequests({ method: 'POST' })).toHaveLength(5);
    expect(emu.apiRequests({ method: 'DELETE' })).toHaveLength(2);
  });
});
