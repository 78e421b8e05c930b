import { describe, expect, it } from 'vitest';
import { dueStatus, dueWindow, scheduleProblems, type Schedule } from './schedule';
import { fromLocal, toLocal } from './zoned-time';

const daily: Schedule = { frequency: 'daily', dueWithinDays: 0, dueBy: '08:00' };
const H = 3600_000;

describe('due windows in the department time zone', () => {
  it('a daily QC is due until 08:00 local time, overdue after, done once recorded that day', () => {
    const tz = 'Europe/Berlin';
    const at = (h: number, m = 0) => fromLocal({ year: 2026, month: 11, day: 23, hour: h, minute: m }, tz);
    expect(dueStatus(daily, [], at(7, 59), tz)).toBe('due');
    expect(dueStatus(daily, [], at(8, 0), tz)).toBe('overdue');
    expect(dueStatus(daily, [at(7, 10)], at(15), tz)).toBe('done');
    // Yesterday's QC does not count today.
    expect(dueStatus(daily, [at(7) - 24 * H], at(9), tz)).toBe('overdue');
    expect(at(8)).toBe(Date.UTC(2026, 10, 23, 7)); // CET = UTC+1
  });

  it('the same instant is a different day in Tokyo and in New York', () => {
    const now = Date.UTC(2026, 10, 23, 20); // 05:00 next day in Tokyo, 15:00 in New York
    expect(dueWindow(daily, now, 'Asia/Tokyo').period).toBe('2026-11-24');
    expect(dueWindow(daily, now, 'America/New_York').period).toBe('2026-11-23');
    expect(dueStatus(daily, [Date.UTC(2026, 10, 23, 13)], now, 'America/New_York')).toBe('done');
    expect(dueStatus(daily, [Date.UTC(2026, 10, 23, 13)], now, 'Asia/Tokyo')).toBe('due');
  });

  it('spring forward: the 23-hour day still ends at local midnight and 08:00 stays 08:00', () => {
    const tz = 'Europe/Berlin';
    const day = { year: 2026, month: 3, day: 29 };
    const w = dueWindow(daily, fromLocal({ ...day, hour: 12, minute: 0 }, tz), tz);
    expect(w.end - w.start).toBe(23 * H);
    expect(w.deadline).toBe(Date.UTC(2026, 2, 29, 6)); // 08:00 CEST
    expect(toLocal(w.deadline, tz)).toMatchObject({ hour: 8, minute: 0 });
    // A skipped wall time lands after the gap.
    expect(toLocal(fromLocal({ ...day, hour: 2, minute: 30 }, tz), tz)).toMatchObject({ hour: 3, minute: 30 });
  });

  it('fall back: the 25-hour day, and a QC at 23:30 of it counts for that day', () => {
    const tz = 'America/New_York';
    const day = { year: 2026, month: 11, day: 1 };
    const w = dueWindow(daily, fromLocal({ ...day, hour: 12, minute: 0 }, tz), tz);
    expect(w.end - w.start).toBe(25 * H);
    const lateQc = fromLocal({ ...day, hour: 23, minute: 30 }, tz);
    expect(dueStatus(daily, [lateQc], lateQc + 10 * 60_000, tz)).toBe('done');
    // The repeated 01:30 is its first occurrence (EDT).
    expect(fromLocal({ ...day, hour: 1, minute: 30 }, tz)).toBe(Date.UTC(2026, 10, 1, 5, 30));
  });

  it('weekly from Monday, monthly and yearly periods with their windows', () => {
    const tz = 'Europe/London';
    const weekly: Schedule = { frequency: 'weekly', dueWithinDays: 2, dueBy: '17:00' };
    const thu = Date.UTC(2026, 10, 26, 12);
    expect(dueWindow(weekly, thu, tz).period).toBe('2026-11-23');
    expect(dueWindow(weekly, thu, tz).deadline).toBe(Date.UTC(2026, 10, 25, 17));
    expect(dueStatus(weekly, [], Date.UTC(2026, 10, 24, 9), tz)).toBe('due');
    expect(dueStatus(weekly, [], thu, tz)).toBe('overdue');
    const monthly: Schedule = { frequency: 'monthly', dueWithinDays: 9, dueBy: '23:59' };
    expect(dueWindow(monthly, Date.UTC(2026, 11, 31, 12), tz)).toMatchObject({
      period: '2026-12-01',
      end: Date.UTC(2027, 0, 1),
      deadline: Date.UTC(2026, 11, 10, 23, 59),
    });
    const yearly: Schedule = { frequency: 'yearly', dueWithinDays: 364, dueBy: '23:59' };
    expect(dueWindow(yearly, Date.UTC(2026, 6, 1), tz).period).toBe('2026-01-01');
  });

  it('names the field of a schedule typed wrong', () => {
    expect(scheduleProblems({ frequency: 'weekly', dueWithinDays: 9, dueBy: '8:00' }).map((p) => p.field)).toEqual([
      'dueWithinDays',
      'dueBy',
    ]);
    expect(scheduleProblems(daily)).toEqual([]);
  });
});
