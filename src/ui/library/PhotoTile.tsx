import { memo, useMemo, useRef, useState } from 'react';
import type { TimelineEntry } from '../../core/library/timeline';
import { dayLabel, durationLabel } from './format';
import { placeholderUrl } from './placeholder';
import { useNearViewport } from './useNearViewport';
import { usePhotoUrl } from './usePhotoUrl';

interface PhotoTileProps {
  entry: TimelineEntry;
  onOpen: (photoId: string, tile: HTMLElement) => void;
}

/** "Photo taken 11 June 2015, 10:29"; videos say so, and how long they are. */
export function tileLabel(entry: TimelineEntry): string {
  const taken = `taken ${dayLabel(entry.day)}, ${entry.time}`;
  if (entry.kind !== 'video') return `Photo ${taken}`;
  return entry.durationS === null
    ? `Video ${taken}`
    : `Video ${taken}, length ${durationLabel(entry.durationS)}`;
}

/**
 * One square of the timeline: the ThumbHash placeholder at once (a CSS background, so the only
 * <img> is the real thumbnail), the decrypted thumbnail once the tile nears the viewport.
 */
function PhotoTileView({ entry, onOpen }: PhotoTileProps) {
  const tile = useRef<HTMLButtonElement>(null);
  const near = useNearViewport(tile);
  const { url, failed } = usePhotoUrl(entry.id, 'thumbnail', near);
  const [shown, setShown] = useState(false);
  const placeholder = useMemo(() => placeholderUrl(entry.placeholder), [entry.placeholder]);

  return (
    <button
      ref={tile}
      type="button"
      className={failed ? 'tile tile-failed' : 'tile'}
      data-photo-id={entry.id}
      aria-label={tileLabel(entry)}
      // Set through the CSSOM by React, which style-src 'self' allows (unlike a <style> tag).
      style={placeholder ? { backgroundImage: `url("${placeholder}")` } : undefined}
      onClick={(event) => {
        onOpen(entry.id, event.currentTarget);
      }}
    >
      {url && (
        <img
          src={url}
          alt=""
          decoding="async"
          className={shown ? 'shown' : undefined}
          onLoad={() => {
            setShown(true);
          }}
        />
      )}
      {entry.kind === 'video' && entry.durationS !== null && (
        <span className="tile-duration" aria-hidden="true">
          {durationLabel(entry.durationS)}
        </span>
      )}
    </button>
  );
}

/** Two entries that draw the same tile (a month read again returns new objects for them all). */
function sameTile(a: PhotoTileProps, b: PhotoTileProps): boolean {
  const [x, y] = [a.entry, b.entry];
  return (
    a.onOpen === b.onOpen &&
    x.id === y.id &&
    x.kind === y.kind &&
    x.day === y.day &&
    x.time === y.time &&
    x.placeholder === y.placeholder &&
    x.durationS === y.durationS &&
    x.favourite === y.favourite
  );
}

/**
 * Memoised: during an import, a month that gains photos is read again at every index flush (new
 * objects for all its entries), and re-rendering its unchanged tiles cost the page's main thread
 * ~35 ms per imported photo (npm run bench).
 */
export const PhotoTile = memo(PhotoTileView, sameTile);
