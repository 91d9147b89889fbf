import { useEffect, useId, useRef, useState } from 'react';
import type { TimelineEntry, TimelineMonth } from '../../core/library/timeline';
import { getCryptoWorker } from '../workers/cryptoWorker';
import { dayHeading, monthHeading } from './format';
import type { GridMetrics } from './gridMetrics';
import { PhotoTile } from './PhotoTile';
import { useNearViewport } from './useNearViewport';

/** Room for a day heading, to estimate a month not loaded yet. */
const DAY_HEADING_PX = 48;

interface MonthSectionProps {
  month: TimelineMonth;
  /** Changes whenever the library does: a loaded month reads its entries again. */
  revision: number;
  grid: GridMetrics;
  onOpen: (photoId: string, tile: HTMLElement) => void;
}

/**
 * One month of the timeline. Its entries are read when it nears the viewport; until then it is
 * as tall as its photos will be, about, so that the page scrolls the right distance.
 */
export function MonthSection({ month, revision, grid, onOpen }: MonthSectionProps) {
  const section = useRef<HTMLElement>(null);
  const near = useNearViewport(section);
  const [entries, setEntries] = useState<TimelineEntry[] | null>(null);
  const headingId = useId();

  useEffect(() => {
    if (!near) return;
    let live = true;
    getCryptoWorker()
      .timelineMonth(month.month)
      .then(
        (loaded) => {
          if (live) setEntries(loaded);
        },
        (error: unknown) => {
          console.error(`month ${month.month} did not load`, error);
        },
      );
    return () => {
      live = false;
    };
  }, [near, month.month, revision]);

  const estimatePx = Math.ceil(month.count / grid.columns) * grid.rowPx + DAY_HEADING_PX;
  return (
    <section ref={section} className="month" aria-labelledby={headingId}>
      <h3 id={headingId}>{monthHeading(month.month)}</h3>
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
}

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
