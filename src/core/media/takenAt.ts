/** Capture dates as photos (EXIF) and videos (containers) record them, into one TakenAt. */
import type { TakenAt } from './metadata';

/** No zone is further than 14 hours from UTC. */
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * A calendar date and time as written ('2009', '09', '09', '20', '27', '09') → local
 * 'YYYY-MM-DDTHH:MM:SS' and that wall-clock time read as UTC; undefined for an impossible date
 * (Date.UTC rolls Feb 30th or "0000:00:00" over: the round trip catches them).
 */
export function wallClock(
  fields: readonly string[],
): { local: string; wallClockMs: number } | undefined {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields.map(Number);
  const wallClockMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const local = `${fields.slice(0, 3).join('-')}T${fields.slice(3, 6).join(':')}`;
  return new Date(wallClockMs).toISOString().startsWith(local) ? { local, wallClockMs } : undefined;
}

/** '+', '03', '00' → 180; null when out of range. */
export function offsetMinutesOf(sign: string, hours: string, minutes: string): number | null {
  const total = Number(hours) * 60 + Number(minutes);
  if (Number(minutes) >= 60 || total > MAX_OFFSET_MINUTES) return null;
  return sign === '-' && total !== 0 ? -total : total;
}

/** A recorded date: the instant is known only with the offset. */
export function recordedTakenAt(
  date: { local: string; wallClockMs: number },
  offsetMinutes: number | null,
): TakenAt {
  const utcMs = offsetMinutes === null ? null : date.wallClockMs - offsetMinutes * 60_000;
  return { local: date.local, offsetMinutes, utcMs, source: 'exif' };
}

/**
 * An instant with no zone (a file's date, a video container's UTC time): the UTC wall-clock time
 * stands in as local, offset 0. The instant is right; the hour shown may not be the camera's.
 */
export function utcTakenAt(utcMs: number, source: TakenAt['source']): TakenAt {
  const local = new Date(utcMs).toISOString().slice(0, 'YYYY-MM-DDTHH:MM:SS'.length);
  return { local, offsetMinutes: 0, utcMs, source };
}
