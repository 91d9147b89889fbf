import { useRef } from 'react';
import type { TimelineMonth } from '../../core/library/timeline';
import { useGridMetrics } from './gridMetrics';
import { MonthSection } from './MonthSection';

interface TimelineProps {
  /** Newest first; null until the worker has said. */
  months: TimelineMonth[] | null;
  revision: number;
  onOpen: (photoId: string, tile: HTMLElement) => void;
}

/**
 * Every photo by month and day, newest first. Not virtualized yet: months load as they near the
 * viewport and then stay in the page, which suits thousands of photos, not 100,000.
 */
export function Timeline({ months, revision, onOpen }: TimelineProps) {
  const timeline = useRef<HTMLElement>(null);
  const grid = useGridMetrics(timeline);

  return (
    <section ref={timeline} aria-label="Timeline" className="timeline">
      {months?.length === 0 && (
        <p className="empty-library">
          Your library has no photos yet. Drop photos or folders here, or use Add photos.
        </p>
      )}
      {months?.map((month) => (
        <MonthSection
          key={month.month}
          month={month}
          revision={revision}
          grid={grid}
          onOpen={onOpen}
        />
      ))}
    </section>
  );
}
