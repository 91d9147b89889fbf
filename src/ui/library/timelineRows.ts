/**
 * The timeline as rows of known height, for a virtualised list: per month a heading, then either
 * one estimated block (the month is not read yet: only its count is known) or its day headings
 * and rows of tiles. Heights are computed, never measured, so the full scroll height exists as
 * soon as the months' counts do, and a month of 6,000 photos is ~800 light rows, not one block.
 */
import type { TimelineEntry, TimelineMonth } from '../../core/library/timeline';
import type { GridMetrics } from './gridMetrics';

/** Keep in step with .timeline-month and .timeline-day in styles.css. */
export const MONTH_HEADING_PX = 56;
export const DAY_HEADING_PX = 40;

interface RowBase {
  /** Stable across re-layouts; see rowsOfMonth for why a month's first block shares one key. */
  key: string;
  month: string;
  height: number;
}

export type TimelineRow =
  | (RowBase & { kind: 'month' })
  /** A month not read yet, as tall as its photos will be, about. */
  | (RowBase & { kind: 'estimate'; count: number })
  /** A day heading; `entries` is the whole day (to select it all). */
  | (RowBase & { kind: 'day'; day: string; entries: readonly TimelineEntry[] })
  | (RowBase & { kind: 'tiles'; day: string; entries: readonly TimelineEntry[] });

export interface TimelineLayout {
  rows: TimelineRow[];
  /** Where each row starts, from the top of the timeline; starts[rows.length] is the total. */
  starts: Float64Array;
  /** Where each month (in the order given) starts, for the scrubber. */
  monthStarts: number[];
  total: number;
}

/** The loaded months' entries, newest first, by 'YYYY-MM'. */
export type MonthEntries = ReadonlyMap<string, readonly TimelineEntry[]>;

/**
 * About how tall an unread month is: its photos in rows, plus room for its days (unknown until
 * read: roughly 1.5 per √photos, at most 31) and the half-empty last row each day ends with.
 */
export function estimateMonthPx(count: number, grid: GridMetrics): number {
  const days = Math.max(1, Math.min(count, 31, Math.round(1.5 * Math.sqrt(count))));
  const rows = Math.ceil(count / grid.columns) + Math.floor(days / 2);
  return days * DAY_HEADING_PX + rows * grid.rowPx;
}

/** Entries come newest first: consecutive runs of one day, in that order. */
export function byDay(entries: readonly TimelineEntry[]): [string, TimelineEntry[]][] {
  const days: [string, TimelineEntry[]][] = [];
  for (const entry of entries) {
    const last = days.at(-1);
    if (last?.[0] === entry.day) last[1].push(entry);
    else days.push([entry.day, [entry]]);
  }
  return days;
}

/**
 * One month's rows. Its body's first row has the key `r:<month>:0` whether it is the estimate
 * or the first row of tiles, and later tile rows count on (`r:<month>:1`…): when a month is read
 * and its estimate replaced, the virtualiser (anchorTo: 'end') finds the row the viewport was on
 * under the same key and keeps it in place, so the page does not jump.
 */
export function rowsOfMonth(
  month: string,
  count: number,
  entries: readonly TimelineEntry[] | undefined,
  grid: GridMetrics,
): TimelineRow[] {
  const rows: TimelineRow[] = [
    { kind: 'month', key: `m:${month}`, month, height: MONTH_HEADING_PX },
  ];
  if (!entries) {
    const height = estimateMonthPx(count, grid);
    rows.push({ kind: 'estimate', key: `r:${month}:0`, month, count, height });
    return rows;
  }
  let tileRow = 0;
  for (const [day, dayEntries] of byDay(entries)) {
    rows.push({
      kind: 'day',
      key: `d:${day}`,
      month,
      day,
      entries: dayEntries,
      height: DAY_HEADING_PX,
    });
    for (let at = 0; at < dayEntries.length; at += grid.columns) {
      rows.push({
        kind: 'tiles',
        key: `r:${month}:${tileRow++}`,
        month,
        day,
        entries: dayEntries.slice(at, at + grid.columns),
        height: grid.rowPx,
      });
    }
  }
  return rows;
}

/** Rows of read months, by their entries array and column count: a re-layout reuses them. */
const monthCache = new WeakMap<
  readonly TimelineEntry[],
  { grid: GridMetrics; rows: TimelineRow[] }
>();

function cachedRowsOfMonth(
  { month, count }: TimelineMonth,
  entries: readonly TimelineEntry[] | undefined,
  grid: GridMetrics,
): TimelineRow[] {
  if (!entries) return rowsOfMonth(month, count, undefined, grid);
  const cached = monthCache.get(entries);
  if (cached?.grid === grid) return cached.rows;
  const rows = rowsOfMonth(month, count, entries, grid);
  monthCache.set(entries, { grid, rows });
  return rows;
}

/** Every month's rows, newest first, and where each starts. O(rows); read months are cached. */
export function layoutTimeline(
  months: readonly TimelineMonth[],
  loaded: MonthEntries,
  grid: GridMetrics,
): TimelineLayout {
  const rows: TimelineRow[] = [];
  const monthFirstRow: number[] = [];
  for (const month of months) {
    monthFirstRow.push(rows.length);
    const monthRows = cachedRowsOfMonth(month, loaded.get(month.month), grid);
    for (const row of monthRows) rows.push(row);
  }
  const starts = new Float64Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) starts[i + 1] = (starts[i] ?? 0) + (rows[i]?.height ?? 0);
  const total = starts[rows.length] ?? 0;
  return { rows, starts, monthStarts: monthFirstRow.map((i) => starts[i] ?? 0), total };
}

/** The index of the last value in `sorted` that is <= `value` (0 when none is). */
export function indexAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if ((sorted[mid] ?? 0) <= value) low = mid;
    else high = mid - 1;
  }
  return Math.max(0, low);
}

/**
 * The photo ids from `fromId` to `toId`, both included, in timeline order (newest first) over
 * the read months; null when either is not in them.
 */
export function idsBetween(
  months: readonly TimelineMonth[],
  loaded: MonthEntries,
  fromId: string,
  toId: string,
): string[] | null {
  const ids: string[] = [];
  for (const { month } of months) {
    for (const entry of loaded.get(month) ?? []) ids.push(entry.id);
  }
  const from = ids.indexOf(fromId);
  const to = ids.indexOf(toId);
  if (from === -1 || to === -1) return null;
  return ids.slice(Math.min(from, to), Math.max(from, to) + 1);
}
