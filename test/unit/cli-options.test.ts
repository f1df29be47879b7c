/**
 * The CLI's option parsing and token ids: an id is 32 characters of base64url, so one in 64 begins
 * with "-". CI met one (`tokens get -PqPOm88…` refused as "Unknown option '-P'"): such an id is
 * taken as the argument it is, wherever it stands, and a real unknown option is still refused.
 */
import { describe, expect, it } from 'vitest';
import { options } from '../../main/cli/options';
import { UsageError } from '../../main/cli/io';

const DASHED = '-PqPOm88YonN74B85IKjYr6PcRjSH6f_';

describe('CLI options and ids that begin with "-"', () => {
  it('an id as a positional, in its place among the others', () => {
    expect(options([DASHED], {}).positionals).toEqual([DASHED]);
    expect(options(['first', DASHED, 'last', '--json'], {})).toMatchObject({ positionals: ['first', DASHED, 'last'], values: { json: true } });
  });

  it('an id as the value of an option, alone or repeated', () => {
    expect(options(['--token', DASHED], { token: { type: 'string' } }).values.token).toBe(DASHED);
    expect(options(['--token', DASHED, '--token', 'plain-id'], { token: { type: 'string', multiple: true } }).values.token).toEqual([DASHED, 'plain-id']);
  });

  it('still refuses what is not an id: an unknown option, a cluster of unknown short options, a long option', () => {
    expect(() => options(['-P'], {})).toThrow(UsageError);
    expect(() => options(['-PqPOm88'], {})).toThrow(/Unknown option '-P'/);
    expect(() => options([`${DASHED}x`], {})).toThrow(UsageError); // 33 characters: not an id
    expect(() => options(['--PqPOm88YonN74B85IKjYr6PcRjSH6f_'], {})).toThrow(UsageError);
  });
});
