import { useEffect, useMemo, useState, type RefObject } from 'react';

/** Square tiles of at least 160 px (3 across on a phone, ~15 on a 2560 px screen), 4 px apart. */
const TILE_MIN_PX = 160;
const TILE_GAP_PX = 4;
const NARROW_COLUMNS = 3;

export interface GridMetrics {
  columns: number;
  /** One tile's side. */
  tilePx: number;
  /** One row of tiles and the gap under it. */
  rowPx: number;
}

/** How many columns fit `widthPx`, and their size: minmax(min(160px, (100% - 2 gaps) / 3), 1fr). */
export function gridMetrics(widthPx: number): GridMetrics {
  const width = Math.max(widthPx, NARROW_COLUMNS);
  const gaps = TILE_GAP_PX * (NARROW_COLUMNS - 1);
  const minTile = Math.min(TILE_MIN_PX, (width - gaps) / NARROW_COLUMNS);
  const columns = Math.max(1, Math.floor((width + TILE_GAP_PX) / (minTile + TILE_GAP_PX)));
  const tilePx = (width - TILE_GAP_PX * (columns - 1)) / columns;
  return { columns, tilePx, rowPx: tilePx + TILE_GAP_PX };
}

/** The grid's columns and row height at the element's width: one object until the width changes. */
export function useGridMetrics(ref: RefObject<Element | null>): GridMetrics {
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([record]) => {
      if (record) setWidth(Math.round(record.contentRect.width));
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [ref]);
  return useMemo(() => gridMetrics(width), [width]);
}
