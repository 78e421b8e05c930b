// When an alarm sounds: at once for an alarm not heard before, then again every `repeatMs` while any
// alarm is still unacknowledged. Acknowledged alarms never sound again.
export const ALARM_REPEAT_MS = 30_000;

export function alarmShouldSound(
  unacknowledged: readonly string[],
  heard: ReadonlySet<string>,
  lastSoundAt: number | undefined,
  now: number,
  repeatMs = ALARM_REPEAT_MS,
): boolean {
  if (!unacknowledged.length) return false;
  if (unacknowledged.some((k) => !heard.has(k))) return true;
  return lastSoundAt === undefined || now - lastSoundAt >= repeatMs;
}
