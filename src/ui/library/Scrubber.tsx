import {
  memo,
  useEffect,
  useEffectEvent,
  useLayoutEffect,
  useMemo,
  useRef,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import type { TimelineMonth } from '../../core/library/timeline';
import { monthHeading } from './format';
import { indexAtOrBefore } from './timelineRows';
import type { TimelineScroller } from './useTimelineScroll';

interface ScrubberProps {
  months: readonly TimelineMonth[];
  /** Where each month starts in the timeline (px from its top), as months. */
  monthStarts: readonly number[];
  /** The timeline's top in the document (px). */
  top: number;
  /** Moves the window (through the timeline's virtualiser, which must know of every jump). */
  scroller: TimelineScroller;
}

/** Pixels at each end of the bar that stand for the very start and end. */
const EDGE_PX = 4;
/** Year labels closer than this (px) to the one above are left out. */
const LABEL_SPACING_PX = 18;

/**
 * How far down the timeline the window is, 0–1, and the reverse: the scrubber's height stands for
 * the timeline's whole scroll range, so dragging it to the bottom reaches the oldest photo.
 */
function scrollRange(top: number): number {
  const max = document.documentElement.scrollHeight - window.innerHeight - top;
  return Math.max(1, max);
}

/**
 * A date bar on the side: every year at its place along the timeline, a thumb where the window
 * is, and the month under the pointer. Drag (or click) to jump, even across twenty years in one
 * go; from the keyboard it is a slider (arrows: a month, Page Up/Down: a year, Home/End).
 * It moves the window's scroll only, through `scroller`: a month jumped to (or the end) stays at
 * the top while the months around it are read, until the person scrolls some other way.
 * Positions are written straight to the DOM on scroll, so scrolling renders nothing here.
 */
export const Scrubber = memo(function Scrubber({
  months,
  monthStarts,
  top,
  scroller,
}: ScrubberProps) {
  const bar = useRef<HTMLDivElement>(null);
  const thumb = useRef<HTMLDivElement>(null);
  const bubble = useRef<HTMLDivElement>(null);
  /** The bar's box, frozen during a drag: it moves as the page scrolls under the pointer. */
  const dragBox = useRef<DOMRect | null>(null);
  const pendingY = useRef<number | null>(null);

  // Current with the commit, not after the paint: the virtualiser moves the scroll position as
  // it commits (a month read above the window), and a key pressed in between must find the
  // months where that position is.
  const latest = useRef({ months, monthStarts, top });
  useLayoutEffect(() => {
    latest.current = { months, monthStarts, top };
  });

  // Years, at the start of their newest month, as a fraction of the scroll range (set on render).
  const years = useMemo(() => {
    const list: { year: string; start: number }[] = [];
    months.forEach(({ month }, index) => {
      const year = month.slice(0, 4);
      if (list.at(-1)?.year !== year) list.push({ year, start: monthStarts[index] ?? 0 });
    });
    return list;
  }, [months, monthStarts]);

  const monthAt = (offset: number): number => indexAtOrBefore(latest.current.monthStarts, offset);

  /** Puts the bar and thumb where the window is; names the month at the top. */
  const place = () => {
    const element = bar.current;
    if (!element) return;
    const { top: timelineTop, months: list } = latest.current;
    element.style.top = `${String(Math.max(0, timelineTop - window.scrollY))}px`;
    const offset = Math.max(0, window.scrollY - timelineTop);
    const fraction = Math.min(1, offset / scrollRange(timelineTop));
    thumb.current?.style.setProperty('top', `${(fraction * 100).toFixed(3)}%`);
    const month = list[monthAt(offset)]?.month;
    element.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
    if (month) element.setAttribute('aria-valuetext', monthHeading(month));
  };

  /** Labels: their places depend on the scroll range, known only in the DOM. */
  const placeLabels = () => {
    const element = bar.current;
    if (!element) return;
    const range = scrollRange(latest.current.top);
    const height = element.clientHeight;
    let lastPx = -Infinity;
    for (const label of element.querySelectorAll<HTMLElement>('.scrubber-year')) {
      const fraction = Math.min(1, Number(label.dataset.start) / range);
      label.style.top = `${(fraction * 100).toFixed(3)}%`;
      const px = fraction * height;
      label.hidden = px - lastPx < LABEL_SPACING_PX;
      if (!label.hidden) lastPx = px;
    }
  };

  // Everything that reads the page's height waits for the next frame, once however often it was
  // asked for: read right after a commit, it forced a layout that the frame then did again.
  const frame = useRef(0);
  /** A new layout since the last frame: the labels move too. */
  const relaid = useRef(false);
  const placeInFrame = useEffectEvent(() => {
    frame.current = 0;
    if (relaid.current) {
      relaid.current = false;
      placeLabels();
    }
    place();
  });
  const placeSoon = useEffectEvent(() => {
    frame.current ||= requestAnimationFrame(() => {
      placeInFrame();
    });
  });
  useEffect(() => {
    const onScroll = () => {
      placeSoon();
    };
    const onResize = () => {
      relaid.current = true; // the bar's height, so the labels' spacing
      placeSoon();
    };
    placeSoon();
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onResize);
    return () => {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onResize);
    };
  }, []);
  // A new layout moves the thumb and labels too.
  useEffect(() => {
    relaid.current = true;
    placeSoon();
  }, [years, monthStarts, top]);
  // Scrolling some other way lets go of the month (or end) jumped to.
  useEffect(() => {
    const unpin = (event: Event) => {
      if (event.target instanceof Node && bar.current?.contains(event.target)) return;
      scroller.release();
    };
    const events = ['wheel', 'keydown', 'pointerdown', 'touchstart'] as const;
    for (const name of events) window.addEventListener(name, unpin, { passive: true });
    return () => {
      for (const name of events) window.removeEventListener(name, unpin);
    };
  }, [scroller]);

  /** Scrolls to the place `clientY` stands for, at most once per frame. */
  const scrollTo = (clientY: number) => {
    const box = dragBox.current ?? bar.current?.getBoundingClientRect();
    if (!box) return;
    const first = pendingY.current === null;
    pendingY.current = clientY;
    const show = (y: number) => {
      // The last few pixels at either end are the end: a finger or pointer cannot be exact.
      const fraction = Math.min(
        1,
        Math.max(0, (y - box.top - EDGE_PX) / (box.height - 2 * EDGE_PX)),
      );
      const { top: timelineTop, months: list } = latest.current;
      const offset = fraction * scrollRange(timelineTop);
      // The ends are held: months read there change the page's height (end) or could move it.
      const first = list[0]?.month;
      if (fraction === 1) scroller.toEnd();
      else if (fraction === 0 && first) scroller.toMonth(first);
      else scroller.toOffset(timelineTop + offset);
      const month = list[monthAt(offset)]?.month;
      if (bubble.current && month) {
        bubble.current.textContent = monthHeading(month);
        bubble.current.style.top = `${String(y - box.top)}px`;
      }
    };
    if (!first) return;
    requestAnimationFrame(() => {
      const y = pendingY.current;
      pendingY.current = null;
      if (y !== null) show(y);
    });
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus();
    dragBox.current = event.currentTarget.getBoundingClientRect();
    event.currentTarget.classList.add('dragging');
    scrollTo(event.clientY);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (dragBox.current) scrollTo(event.clientY);
  };
  const onPointerEnd = (event: PointerEvent<HTMLDivElement>) => {
    dragBox.current = null;
    event.currentTarget.classList.remove('dragging');
  };

  /** Scrolls so that the month `index` (clamped) starts at the top, and stays there. */
  const goToMonth = (index: number) => {
    const list = latest.current.months;
    const month = list[Math.min(Math.max(0, index), list.length - 1)]?.month;
    if (month) scroller.toMonth(month);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = monthAt(Math.max(0, window.scrollY - top) + 1);
    const yearOf = (index: number) => Number(months[index]?.month.slice(0, 4));
    /** The newest month of the nearest year below (older) or above (newer) the current one. */
    const nextYear = (older: boolean) => {
      const year = yearOf(current);
      const beyond = older
        ? months.findIndex((_, index) => yearOf(index) < year)
        : months.findLastIndex((_, index) => yearOf(index) > year);
      if (beyond === -1) return older ? months.length - 1 : 0;
      return months.findIndex((_, index) => yearOf(index) === yearOf(beyond));
    };
    const moves: Record<string, () => number> = {
      ArrowDown: () => current + 1,
      ArrowUp: () => current - 1,
      PageDown: () => nextYear(true),
      PageUp: () => nextYear(false),
      Home: () => 0,
    };
    if (event.key === 'End') {
      event.preventDefault();
      scroller.toEnd();
      return;
    }
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    goToMonth(move());
  };

  return (
    <div
      ref={bar}
      className="scrubber"
      role="slider"
      tabIndex={0}
      aria-label="Scroll by date"
      aria-orientation="vertical"
      aria-valuemin={0}
      aria-valuemax={100}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
      onKeyDown={onKeyDown}
    >
      {years.map(({ year, start }) => (
        <span key={year} className="scrubber-year" data-start={start} aria-hidden="true">
          {year}
        </span>
      ))}
      <div ref={thumb} className="scrubber-thumb" aria-hidden="true" />
      <div ref={bubble} className="scrubber-bubble" aria-hidden="true" />
    </div>
  );
});
