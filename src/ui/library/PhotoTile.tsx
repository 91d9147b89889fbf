import { memo, useState, type MouseEvent } from 'react';
import type { TimelineEntry } from '../../core/library/timeline';
import { count, dayLabel, daysLeft, durationLabel, purgeLabel } from './format';
import { placeholderColour, usePlaceholder } from './placeholder';
import { ThumbnailCanvas } from './ThumbnailCanvas';
import { useThumbnail } from './thumbnails';
import { useHour } from './useHour';

/** How a tile was clicked: on the photo or on its check circle, with Shift or not. */
export interface TileClick {
  photoId: string;
  tile: HTMLElement;
  check: boolean;
  shift: boolean;
}

interface PhotoTileProps {
  entry: TimelineEntry;
  selected: boolean;
  /** Something is selected: a click on the photo selects instead of opening. */
  selecting: boolean;
  /** In the window, not only drawn around it: its thumbnail is asked for first. */
  inView: boolean;
  onClick: (click: TileClick) => void;
}

/**
 * "Photo taken 11 June 2015, 10:29"; videos say so, and how long they are; in the trash, when
 * the photo goes for good.
 */
export function tileLabel(entry: TimelineEntry, nowMs: number): string {
  const taken = `taken ${dayLabel(entry.day)}, ${entry.time}`;
  const label =
    entry.kind !== 'video'
      ? `Photo ${taken}`
      : entry.durationS === null
        ? `Video ${taken}`
        : `Video ${taken}, length ${durationLabel(entry.durationS)}`;
  return typeof entry.purgeMs === 'number'
    ? `${label}, ${purgeLabel(entry.purgeMs, nowMs)}`
    : label;
}

/** "12 days", "today": what a trash tile shows in its corner. */
function daysLeftBadge(purgeMs: number, nowMs: number): string {
  const days = daysLeft(purgeMs, nowMs);
  return days === 0 ? 'today' : count(days, 'day');
}

/**
 * One square of the timeline: the ThumbHash placeholder (a CSS background: its average colour at
 * once, its image a moment later: placeholder.ts), the decrypted thumbnail as soon as the queue
 * gets to it (thumbnails.ts, drawn by ThumbnailCanvas.tsx), and a check circle (shown
 * on hover or focus, always while selecting). The tile mounts only while its row is in or near
 * view, so asking for the thumbnail on mount is asking when near the viewport.
 */
function PhotoTileView({ entry, selected, selecting, inView, onClick }: PhotoTileProps) {
  const { thumbnail, failed } = useThumbnail(entry.id, inView);
  const [undecodable, setUndecodable] = useState<Blob | null>(null);
  /** The thumbnail did not come, or came but could not be decoded. */
  const broken = failed || (thumbnail !== null && undecodable === thumbnail);
  const placeholder = usePlaceholder(entry.placeholder);
  const colour = placeholderColour(entry.placeholder);
  const nowMs = useHour();
  const label = tileLabel(entry, nowMs);
  const click = (check: boolean) => (event: MouseEvent<HTMLButtonElement>) => {
    const tile = event.currentTarget.parentElement?.querySelector<HTMLElement>('.tile');
    onClick({ photoId: entry.id, tile: tile ?? event.currentTarget, check, shift: event.shiftKey });
  };

  return (
    <div className={selected ? 'tile-cell tile-selected' : 'tile-cell'}>
      <button
        type="button"
        className={broken ? 'tile tile-failed' : 'tile'}
        data-photo-id={entry.id}
        aria-label={label}
        // While selecting, a click toggles: the tile is then a toggle button.
        aria-pressed={selecting ? selected : undefined}
        // Set through the CSSOM by React, which style-src 'self' allows (unlike a <style> tag).
        // The hash's average colour at once, its image when the worker has made it.
        style={
          colour === null
            ? undefined
            : {
                backgroundColor: colour,
                backgroundImage: placeholder ? `url("${placeholder}")` : undefined,
              }
        }
        onClick={click(false)}
      >
        {thumbnail && !broken && (
          <ThumbnailCanvas
            thumbnail={thumbnail}
            width={entry.width}
            height={entry.height}
            onFailed={() => {
              setUndecodable(thumbnail);
            }}
          />
        )}
        {entry.kind === 'video' && entry.durationS !== null && (
          <span className="tile-duration" aria-hidden="true">
            {durationLabel(entry.durationS)}
          </span>
        )}
        {typeof entry.purgeMs === 'number' && (
          <span className="tile-days-left" aria-hidden="true">
            {daysLeftBadge(entry.purgeMs, nowMs)}
          </span>
        )}
        {entry.favourite && (
          <span className="tile-favourite" aria-hidden="true">
            ♥
          </span>
        )}
      </button>
      <button
        type="button"
        role="checkbox"
        aria-checked={selected}
        className="tile-check"
        aria-label={`Select ${label.charAt(0).toLowerCase()}${label.slice(1)}`}
        onClick={click(true)}
      />
    </div>
  );
}

/** Two renders that draw the same tile (a month read again returns new objects for them all). */
function sameTile(a: PhotoTileProps, b: PhotoTileProps): boolean {
  const [x, y] = [a.entry, b.entry];
  return (
    a.onClick === b.onClick &&
    a.selected === b.selected &&
    a.selecting === b.selecting &&
    a.inView === b.inView &&
    x.id === y.id &&
    x.kind === y.kind &&
    x.day === y.day &&
    x.time === y.time &&
    x.placeholder === y.placeholder &&
    x.width === y.width &&
    x.height === y.height &&
    x.durationS === y.durationS &&
    x.favourite === y.favourite &&
    x.purgeMs === y.purgeMs
  );
}

/**
 * Memoised: during an import, a month that gains photos is read again at every index flush (new
 * objects for all its entries), and re-rendering its unchanged tiles cost the page's main thread
 * ~35 ms per imported photo (npm run bench).
 */
export const PhotoTile = memo(PhotoTileView, sameTile);
