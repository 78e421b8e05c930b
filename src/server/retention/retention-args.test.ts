// The retention command's arguments and the site setting: off unless set, the setting as the default
// age, an age below the setting refused, and every wrong argument named.
import { describe, expect, it } from 'vitest';
import { parseRetentionArgs } from './retention-args';

const parse = (args: string, env: NodeJS.ProcessEnv = {}) => parseRetentionArgs(args.split(' ').filter(Boolean), env);

describe('retention arguments', () => {
  it('reads the age, the mode and the dry run', () => {
    expect(parse('--older-than-days 365 --mode archive --dry-run')).toEqual({
      olderThanDays: 365,
      mode: 'archive',
      dryRun: true,
    });
    expect(parse('--mode erase --older-than-days 3650')).toEqual({ olderThanDays: 3650, mode: 'erase', dryRun: false });
  });

  it('is off by default: without the site setting, the age must be given', () => {
    expect(() => parse('--mode archive')).toThrow(/retention is off: set SCANCARD_RETENTION_DAYS/);
    expect(parse('--mode archive', { SCANCARD_RETENTION_DAYS: '730' })).toEqual({
      olderThanDays: 730,
      mode: 'archive',
      dryRun: false,
    });
  });

  it('refuses an age below the site setting, and ages that are not whole days', () => {
    expect(() => parse('--older-than-days 30 --mode erase', { SCANCARD_RETENTION_DAYS: '365' })).toThrow(
      /30 is below the site's retention age \(SCANCARD_RETENTION_DAYS=365\)/,
    );
    expect(parse('--older-than-days 400 --mode erase', { SCANCARD_RETENTION_DAYS: '365' }).olderThanDays).toBe(400);
    for (const bad of ['0', '-3', '1.5', 'ten'])
      expect(() => parse(`--older-than-days ${bad} --mode archive`)).toThrow(
        /--older-than-days must be a whole number/,
      );
    expect(() => parse('--mode archive', { SCANCARD_RETENTION_DAYS: 'a year' })).toThrow(
      /SCANCARD_RETENTION_DAYS must be/,
    );
  });

  it('names a wrong mode or an unknown argument', () => {
    expect(() => parse('--older-than-days 30')).toThrow(/--mode must be archive or erase/);
    expect(() => parse('--older-than-days 30 --mode delete')).toThrow(/--mode must be archive or erase/);
    expect(() => parse('--older-than-days 30 --mode erase --force')).toThrow(/unknown argument "--force"/);
    expect(() => parse('--older-than-days --mode erase')).toThrow(/--older-than-days needs a value/);
  });
});
