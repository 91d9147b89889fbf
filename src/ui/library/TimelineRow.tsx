import { memo, type CSSProperties } from 'react';
import { dayHeading, monthHeading } from './format';
import type { GridMetrics } from './gridMetrics';
import { PhotoTile, type TileClick } from './PhotoTile';
import type { TimelineRow as Row } from './timelineRows';

interface TimelineRowProps {
  row: Row;
  /** Its top in the rows' box (px). */
  top: number;
  grid: GridMetrics;
  /** In the window, not only in the rows drawn around it (overscan). */
  inView: boolean;
  selected: ReadonlySet<string>;
  onTileClick: (click: TileClick) => void;
  onDayClick: (photoIds: readonly string[], select: boolean) => void;
}

/**
 * One row of the virtualised timeline, absolutely placed at its computed top with its computed
 * height (see timelineRows.ts): a month heading, a day heading with its check, a row of tiles,
 * or the tile-patterned block of a month not read yet.
 */
export const TimelineRow = memo(function TimelineRow({
  row,
  top,
  grid,
  inView,
  selected,
  onTileClick,
  onDayClick,
}: TimelineRowProps) {
  const style: CSSProperties = { transform: `translateY(${String(top)}px)`, height: row.height };
  switch (row.kind) {
    case 'month':
      return (
        <div className="timeline-row timeline-month" style={style}>
          <h3>{monthHeading(row.month)}</h3>
        </div>
      );
    case 'estimate':
      return (
        <div
          className="timeline-row month-estimate"
          aria-busy="true"
          style={{ ...style, backgroundSize: `${String(grid.rowPx)}px ${String(grid.rowPx)}px` }}
        />
      );
    case 'day': {
      const count = row.entries.reduce((n, entry) => n + (selected.has(entry.id) ? 1 : 0), 0);
      const all = count === row.entries.length;
      const heading = dayHeading(row.day);
      return (
        <div
          className={
            count > 0 ? 'timeline-row timeline-day day-selecting' : 'timeline-row timeline-day'
          }
          style={style}
        >
          <button
            type="button"
            role="checkbox"
            className="day-check"
            aria-checked={all ? true : count > 0 ? 'mixed' : false}
            aria-label={`Select all photos of ${heading}`}
            onClick={() => {
              onDayClick(
                row.entries.map((entry) => entry.id),
                !all,
              );
            }}
          />
          <h4>{heading}</h4>
        </div>
      );
    }
    case 'tiles': {
      const selecting = selected.size > 0;
      return (
        <div
          className="timeline-row tile-row"
          style={{
            ...style,
            gridTemplateColumns: `repeat(${String(grid.columns)}, ${String(grid.tilePx)}px)`,
            gridAutoRows: `${String(grid.tilePx)}px`,
          }}
        >
          {row.entries.map((entry) => (
            <PhotoTile
              key={entry.id}
              entry={entry}
              selected={selecting && selected.has(entry.id)}
              selecting={selecting}
              inView={inView}
              onClick={onTileClick}
            />
          ))}
        </div>
      );
    }
  }
});
