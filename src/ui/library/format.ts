/**
 * Words and numbers as the library shows them: dates in British English ("Thursday 11 June 2015"),
 * sizes in decimal megabytes, durations as m:ss. Dates are formatted in UTC because what the
 * timeline gives is a calendar date ('YYYY-MM-DD'), not an instant: the camera's own date.
 */
import type { Exposure, TakenAt } from '../../core/media/metadata';

const LOCALE = 'en-GB';

const monthFormat = new Intl.DateTimeFormat(LOCALE, {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayFormat = new Intl.DateTimeFormat(LOCALE, {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const weekdayFormat = new Intl.DateTimeFormat(LOCALE, { weekday: 'long', timeZone: 'UTC' });

/** 'YYYY-MM' or 'YYYY-MM-DD' as a UTC date (the calendar date itself, whatever the zone). */
function calendarDate(text: string): Date {
  const [year = 1970, month = 1, day = 1] = text.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

/** '2015-06' → "June 2015". */
export function monthHeading(month: string): string {
  return monthFormat.format(calendarDate(month));
}

/** '2015-06-11' → "11 June 2015". */
export function dayLabel(day: string): string {
  return dayFormat.format(calendarDate(day));
}

/** '2015-06-11' → "Thursday 11 June 2015". */
export function dayHeading(day: string): string {
  const date = calendarDate(day);
  return `${weekdayFormat.format(date)} ${dayFormat.format(date)}`;
}

/** 75.4 → "1:15"; 3725 → "1:02:05". */
export function durationLabel(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const s = String(total % 60).padStart(2, '0');
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}:${s}`;
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${s}`;
}

/** 1, 'photo' → "1 photo"; 3, 'photo' → "3 photos". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The verb after count(n, …): "1 file was", "3 files were". */
export function wasOrWere(n: number): string {
  return n === 1 ? 'was' : 'were';
}

/** Bytes in decimal megabytes, "12.3 MB". */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Bytes in decimal gigabytes, "150 GB" (one decimal under 10 GB). */
export function gigabytes(bytes: number): string {
  const gb = bytes / 1e9;
  return `${gb < 10 ? gb.toFixed(1) : Math.round(gb)} GB`;
}

/** Seconds left as words: "About 40 s left", "About 3 min left", "About 1 h 5 min left". */
export function timeLeftLabel(seconds: number | null): string {
  if (seconds === null) return 'Estimating time left…';
  if (seconds < 60) return `About ${Math.max(1, Math.round(seconds))} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `About ${minutes} min left`;
  return `About ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

/** "2015-06-11 10:29:15 (UTC+03:00)"; the offset only when the file gave one. */
export function takenLabel(takenAt: TakenAt): string {
  const local = takenAt.local.replace('T', ' ');
  if (takenAt.offsetMinutes === null) return local;
  const sign = takenAt.offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(takenAt.offsetMinutes);
  const hh = String(Math.floor(offset / 60)).padStart(2, '0');
  const mm = String(offset % 60).padStart(2, '0');
  return `${local} (UTC${sign}${hh}:${mm})`;
}

/** "1/800 s · f/5.6 · ISO 100 · 50 mm": whichever settings the file recorded, or ''. */
export function exposureLabel(exposure: Exposure): string {
  const parts: string[] = [];
  const { exposureTimeS, fNumber, iso, focalLengthMm } = exposure;
  if (exposureTimeS !== undefined) parts.push(`${shutterTime(exposureTimeS)} s`);
  if (fNumber !== undefined) parts.push(`f/${trimNumber(fNumber)}`);
  if (iso !== undefined) parts.push(`ISO ${Math.round(iso)}`);
  if (focalLengthMm !== undefined) parts.push(`${trimNumber(focalLengthMm)} mm`);
  return parts.join(' · ');
}

function shutterTime(seconds: number): string {
  if (seconds >= 1) return trimNumber(seconds);
  return `1/${Math.round(1 / seconds)}`;
}

/** At most one decimal, none when whole: 5.6 → "5.6", 50 → "50", 4.25 → "4.3". */
function trimNumber(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** "Canon EOS 600D", not "Canon Canon EOS 600D": the model often repeats the make. */
export function cameraLabel(make: string, model: string): string {
  if (!make) return model;
  if (!model) return make;
  return model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`;
}

/** 'Holiday/Day 1' + 'a.jpg' → "Holiday/Day 1/a.jpg". */
export function filePath(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

const DAY_MS = 24 * 3600_000;

/**
 * Whole days until a photo in the trash is deleted for good at `purgeMs` (ms since 1970).
 * Rounded: a photo trashed a moment ago has 30, whatever the hour `nowMs` lags by.
 */
export function daysLeft(purgeMs: number, nowMs: number): number {
  return Math.max(0, Math.round((purgeMs - nowMs) / DAY_MS));
}

/** "deleted for good in 12 days", "deleted for good today". */
export function purgeLabel(purgeMs: number, nowMs: number): string {
  const days = daysLeft(purgeMs, nowMs);
  return days === 0 ? 'deleted for good today' : `deleted for good in ${count(days, 'day')}`;
}
