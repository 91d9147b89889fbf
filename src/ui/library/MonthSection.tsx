import { memo, useId, useRef, useState } from 'react';
import type { TimelineEntry } from '../../core/library/timeline';
import { getCryptoWorker } from '../workers/cryptoWorker';
import { dayHeading, monthHeading } from './format';
import type { GridMetrics } from './gridMetrics';
import { PhotoTile } from './PhotoTile';
import { useNearViewport } from './useNearViewport';
import { useWorkerResult } from './useWorkerResult';

/** Room for a day heading, to estimate a month not loaded yet. */
const DAY_HEADING_PX = 48;

interface MonthSectionProps {
  /** 'YYYY-MM' */
  month: string;
  /** How many photos it has, to estimate its height before it loads. */
  count: number;
  /** Changes whenever this month's photos do: once loaded, it reads its entries again. */
  revision: number;
  grid: GridMetrics;
  onOpen: (photoId: string, tile: HTMLElement) => void;
}

/**
 * One month of the timeline. Its entries are read when it nears the viewport; until then it is
 * as tall as its photos will be, about, so that the page scrolls the right distance. Memoised:
 * the timeline re-renders at every import progress event, a month only when it changes.
 */
export const MonthSection = memo(function MonthSection({
  month,
  count,
  revision,
  grid,
  onOpen,
}: MonthSectionProps) {
  const section = useRef<HTMLElement>(null);
  const near = useNearViewport(section);
  const headingId = useId();
  const { value: loaded } = useWorkerResult(`month ${month} (revision ${revision})`, near, () =>
    getCryptoWorker().viewMonth({ kind: 'timeline' }, month),
  );
  // While a changed month is read again (or if that fails), its earlier entries stay shown.
  const [entries, setEntries] = useState<TimelineEntry[] | null>(null);
  if (loaded && loaded !== entries) setEntries(loaded);

  const estimatePx = Math.ceil(count / grid.columns) * grid.rowPx + DAY_HEADING_PX;
  return (
    <section ref={section} className="month" aria-labelledby={headingId}>
      <h3 id={headingId}>{monthHeading(month)}</h3>
      {entries ? (
        byDay(entries).map(([day, dayEntries]) => (
          <div key={day} className="day">
            <h4>{dayHeading(day)}</h4>
            <div className="tile-grid">
              {dayEntries.map((entry) => (
                <PhotoTile key={entry.id} entry={entry} onOpen={onOpen} />
              ))}
            </div>
          </div>
        ))
      ) : (
        <div className="month-estimate" aria-busy="true" style={{ height: estimatePx }} />
      )}
    </section>
  );
});

/** Entries come newest first: consecutive runs of one day, in that order. */
function byDay(entries: TimelineEntry[]): [string, TimelineEntry[]][] {
  const days: [string, TimelineEntry[]][] = [];
  for (const entry of entries) {
    const last = days.at(-1);
    if (last?.[0] === entry.day) last[1].push(entry);
    else days.push([entry.day, [entry]]);
  }
  return days;
}
