import { memo, useRef } from 'react';
import type { TimelineMonth } from '../../core/library/timeline';
import { useGridMetrics } from './gridMetrics';
import { MonthSection } from './MonthSection';
import type { MonthRevisions } from './useLibrary';

interface TimelineProps {
  /** Newest first; null until the worker has said. */
  months: TimelineMonth[] | null;
  /** Each month's revision: bumped when its photos change (0 when never). */
  revisions: MonthRevisions;
  onOpen: (photoId: string, tile: HTMLElement) => void;
}

/**
 * Every photo by month and day, newest first. Not virtualized yet: months load as they near the
 * viewport and then stay in the page, which suits thousands of photos, not 100,000. Memoised: the
 * page re-renders at every import progress event, the timeline only when the library changes.
 */
export const Timeline = memo(function Timeline({ months, revisions, onOpen }: TimelineProps) {
  const timeline = useRef<HTMLElement>(null);
  const grid = useGridMetrics(timeline);

  return (
    <section ref={timeline} aria-label="Timeline" className="timeline">
      {months?.length === 0 && (
        <p className="empty-library">
          Your library has no photos yet. Drop photos or folders here, or use Add photos.
        </p>
      )}
      {months?.map(({ month, count }) => (
        <MonthSection
          key={month}
          month={month}
          count={count}
          revision={revisions.get(month) ?? 0}
          grid={grid}
          onOpen={onOpen}
        />
      ))}
    </section>
  );
});
