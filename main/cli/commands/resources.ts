/** Read-only views of an account: `services list` (OVHcloud), `ip-filters list`, `views list`, `policies show` (LogScale). */
import type { KindPolicy } from '../../core/model';
import { describeDuration } from '../../core/durations';
import { EXIT } from '../exit-codes';
import { table, UsageError } from '../io';
import { json, options, required, type Command } from '../options';
import { findAccount } from '../resolve';

const account = async (core: Parameters<Command>[0], given: string | undefined) => findAccount(await core.accounts.list(), required(given, '--account'));

const services: Command = async (core, args, io) => {
  const { values } = options(args, { account: { type: 'string' } });
  const found = await core.resources.services((await account(core, values.account)).id);
  if (values.json) return (json(io, found), EXIT.ok);
  io.stdout.write(
    table(
      found.map((s) => ({
        service: s.serviceName,
        name: s.displayName,
        state: s.state,
        plan: s.plan,
        iam: s.iamEnabled ? 'IAM' : 'legacy tokens',
        clusters: s.clusters.map((c) => `${c.hostname}${c.isDefault ? ' (default)' : ''}`).join(', '),
      })),
      ['service', 'name', 'state', 'plan', 'iam', 'clusters'],
    ) || 'No Logs Data Platform service on this account.\n',
  );
  return EXIT.ok;
};

const ipFilters: Command = async (core, args, io) => {
  const { values } = options(args, { account: { type: 'string' } });
  const found = await core.resources.ipFilters((await account(core, values.account)).id);
  if (values.json) return (json(io, found), EXIT.ok);
  io.stdout.write(
    table(
      found.map((f) => ({ id: f.id, name: f.name, rules: f.rules.split('\n').join('; ') })),
      ['id', 'name', 'rules'],
    ) || 'No IP filter.\n',
  );
  return EXIT.ok;
};

const views: Command = async (core, args, io) => {
  const { values } = options(args, { account: { type: 'string' } });
  const found = await core.resources.views((await account(core, values.account)).id);
  if (values.json) return (json(io, found), EXIT.ok);
  io.stdout.write(
    table(
      found.map((v) => ({ id: v.id, name: v.name, type: v.type, parsers: v.parsers?.join(', ') ?? '' })),
      ['id', 'name', 'type', 'parsers'],
    ) || 'No view or repository visible.\n',
  );
  return EXIT.ok;
};

const describe = (p: KindPolicy): Record<string, string> => ({
  enabled: p.enabled ? 'yes' : 'NO',
  'max expiry': p.maxExpiryMs === null ? 'none' : describeDuration(p.maxExpiryMs),
  'forced ip filter': p.forcedIpFilter ? `${p.forcedIpFilter.name} (${p.forcedIpFilter.id})` : 'none',
  'permission updates': p.permissionUpdatesAllowed === null ? '-' : p.permissionUpdatesAllowed ? 'allowed' : 'off',
});

/** The organization's token security policy, per token kind (`--kind` for one). */
const policies: Command = async (core, args, io) => {
  const { values } = options(args, { account: { type: 'string' }, kind: { type: 'string' } });
  const found = await core.resources.policies((await account(core, values.account)).id);
  if (found === null) {
    io.stderr.write('This account’s token may not read the organization’s token security policies.\n');
    return values.json ? (json(io, null), EXIT.failed) : EXIT.failed;
  }
  const kinds = (Object.keys(found) as Array<keyof typeof found>).filter((k) => !values.kind || k === values.kind);
  if (kinds.length === 0) throw new UsageError('--kind must be system, organization, view or personal.');
  if (values.json) return (json(io, Object.fromEntries(kinds.map((k) => [k, found[k]]))), EXIT.ok);
  io.stdout.write(
    table(
      kinds.map((k) => ({ kind: k, ...describe(found[k]) })),
      ['kind', 'enabled', 'max expiry', 'forced ip filter', 'permission updates'],
    ),
  );
  return EXIT.ok;
};

export const RESOURCE_COMMANDS: Record<string, Command> = {
  'services list': services,
  'ip-filters list': ipFilters,
  'views list': views,
  'policies show': policies,
};
