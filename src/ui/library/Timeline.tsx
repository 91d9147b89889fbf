import { useWindowVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import type { TimelineEntry, TimelineMonth } from '../../core/library/timeline';
import { viewKey, type LibraryView } from '../../core/library/views';
import { useGridMetrics } from './gridMetrics';
import type { TileClick } from './PhotoTile';
import { Scrubber } from './Scrubber';
import { TimelineRow } from './TimelineRow';
import { warmUpPlaceholders } from './placeholder';
import { idsBetween, layoutTimeline, type MonthEntries } from './timelineRows';
import type { MonthRevisions } from './useLibrary';
import { useMonthEntries } from './useMonthEntries';
import { useSelection, type Selection } from './useSelection';
import { useTimelineScroll } from './useTimelineScroll';

interface TimelineProps {
  /** Which photos: the timeline, favourites, archive, trash or an album (default: timeline). */
  view?: LibraryView;
  /** The view's months, newest first; null until the worker has said. */
  months: TimelineMonth[] | null;
  /** Each month's revision: bumped when its photos change (0 when never). */
  revisions: MonthRevisions;
  /** The page's selection (useSelection); without one, the timeline keeps its own. */
  selection?: Selection;
  onOpen: (photoId: string, tile: HTMLElement) => void;
}

const TIMELINE: LibraryView = { kind: 'timeline' };
/** Rows drawn beyond each edge of the window: thumbnails there are asked for ahead of time. */
const OVERSCAN_ROWS = 3;

const emptyText: Record<LibraryView['kind'], string> = {
  timeline: 'Your library has no photos yet. Drop photos or folders here, or use Add photos.',
  favourites: 'No favourites yet.',
  archive: 'Nothing is archived.',
  trash: 'The trash is empty.',
  album: 'This album has no photos yet.',
};

/**
 * Every photo of a view by month and day, newest first, virtualised by rows (timelineRows.ts):
 * only the rows in and near the window are in the DOM, whatever the library's size or a month's.
 * Memoised: the page re-renders at every import progress event, the timeline only when the
 * view, its months or the selection change. Each view starts afresh (months read, selection).
 */
export const Timeline = memo(function Timeline({
  view = TIMELINE,
  selection,
  ...props
}: TimelineProps) {
  const own = useSelection();
  const chosen = selection ?? own;
  const key = viewKey(view);
  const clear = chosen.clear;
  // A selection belongs to the view it was made in.
  useEffect(() => {
    clear();
  }, [key, clear]);
  return <TimelineView key={key} view={view} selection={chosen} {...props} />;
});

/** The element's top in the document, kept current as what is above it changes size. */
function useDocumentTop(ref: RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      setTop(Math.round(element.getBoundingClientRect().top + window.scrollY));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => {
      observer.disconnect();
    };
  }, [ref]);
  return top;
}

/** The month each photo of the read months is in. */
function monthOfPhoto(entries: MonthEntries, photoId: string): string | null {
  for (const [month, list] of entries) if (list.some((e) => e.id === photoId)) return month;
  return null;
}

/** What a click handler reads of the timeline's latest props. */
interface Latest {
  months: TimelineMonth[] | null;
  entries: MonthEntries;
  selection: Selection;
  onOpen: TimelineProps['onOpen'];
  ensure: (months: readonly string[]) => Promise<MonthEntries>;
}

/** Selects every photo from `from` to `to`, reading the months between first if need be. */
async function selectRange(
  { months, entries, selection, ensure }: Latest,
  from: string,
  to: string,
) {
  const order = (months ?? []).map(({ month }) => month);
  const ends = [monthOfPhoto(entries, from), monthOfPhoto(entries, to)].map((month) =>
    month === null ? -1 : order.indexOf(month),
  );
  const [first = -1, last = -1] = ends.sort((a, b) => a - b);
  let all = entries;
  if (first !== -1) {
    const between = await ensure(order.slice(first, last + 1));
    all = new Map<string, readonly TimelineEntry[]>([...entries, ...between]);
  }
  const ids = idsBetween(months ?? [], all, from, to);
  if (ids) selection.setMany(ids, true, to);
  else selection.toggle(to);
}

function TimelineView({
  view,
  months,
  revisions,
  selection,
  onOpen,
}: TimelineProps & { view: LibraryView; selection: Selection }) {
  const rowsBox = useRef<HTMLDivElement>(null);
  const grid = useGridMetrics(rowsBox);
  const top = useDocumentTop(rowsBox);
  const { entries, want, ensure } = useMonthEntries(view, revisions);
  const layout = useMemo(
    () => layoutTimeline(months ?? [], entries, grid),
    [months, entries, grid],
  );

  // Heights are known, never measured: no measureElement, and a new layout is a new key function
  // (which makes the virtualiser lay out again). anchorTo 'end': when rows come or go (a month
  // read), the row at the top of the window stays where it is (see rowsOfMonth for its key).
  const getItemKey = useCallback((index: number) => layout.rows[index]?.key ?? index, [layout]);
  const estimateSize = useCallback((index: number) => layout.rows[index]?.height ?? 0, [layout]);
  const virtualizer = useWindowVirtualizer({
    count: layout.rows.length,
    getItemKey,
    estimateSize,
    scrollMargin: top,
    overscan: OVERSCAN_ROWS,
    anchorTo: 'end',
    // Not inside the scroll event: React then draws once for several scroll events when frames
    // run late (a scrubber drag, a fast wheel on a busy machine) instead of once per event.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  /** The rows in the window itself, without the overscan: their thumbnails come first. */
  const shown = virtualizer.range;
  // Called after the virtualiser: its layout effects must run first (see useTimelineScroll).
  const scroller = useTimelineScroll(virtualizer, months, layout.monthStarts, top);

  // The worker the first tiles need, started while the months are being read.
  useEffect(() => {
    warmUpPlaceholders();
  }, []);

  // Read the months in and near the window (not yet read, or changed since), top first.
  const inView: string[] = [];
  for (const item of items) {
    const month = layout.rows[item.index]?.month;
    if (month !== undefined && inView.at(-1) !== month) inView.push(month);
  }
  const inViewKey = inView.join(' ');
  // A layout effect: the read goes out with this commit, not after the next paint.
  useLayoutEffect(() => {
    want(inViewKey ? inViewKey.split(' ') : []);
  }, [inViewKey, want]);

  // Handlers read the latest props through a ref, so that rows and tiles keep their memo.
  const latest = useRef<Latest>({ months, entries, selection, onOpen, ensure });
  useLayoutEffect(() => {
    latest.current = { months, entries, selection, onOpen, ensure };
  });

  const onTileClick = useCallback(({ photoId, tile, check, shift }: TileClick) => {
    const current = latest.current;
    if (!check && !shift && current.selection.selected.size === 0) {
      current.onOpen(photoId, tile);
      return;
    }
    const anchor = current.selection.anchor;
    if (shift && anchor !== null && anchor !== photoId && current.selection.selected.has(anchor)) {
      void selectRange(current, anchor, photoId);
      return;
    }
    current.selection.toggle(photoId);
  }, []);

  const onDayClick = useCallback((photoIds: readonly string[], select: boolean) => {
    latest.current.selection.setMany(photoIds, select);
  }, []);

  return (
    <section
      aria-label="Timeline"
      aria-busy={months === null}
      className={selection.selected.size > 0 ? 'timeline timeline-selecting' : 'timeline'}
    >
      {months?.length === 0 && <p className="empty-library">{emptyText[view.kind]}</p>}
      <div ref={rowsBox} className="timeline-rows" style={{ height: layout.total }}>
        {items.map((item) => {
          const row = layout.rows[item.index];
          if (!row) return null;
          return (
            <TimelineRow
              key={item.key}
              row={row}
              top={layout.starts[item.index] ?? 0}
              grid={grid}
              inView={
                row.kind === 'tiles' &&
                shown !== null &&
                item.index >= shown.startIndex &&
                item.index <= shown.endIndex
              }
              selected={selection.selected}
              onTileClick={onTileClick}
              onDayClick={onDayClick}
            />
          );
        })}
      </div>
      {months && months.length > 0 && (
        <Scrubber months={months} monthStarts={layout.monthStarts} top={top} scroller={scroller} />
      )}
    </section>
  );
}
