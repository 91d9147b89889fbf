import type { Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { TimelineMonth } from '../../core/library/timeline';

/** How the scrubber moves the timeline (see useTimelineScroll). */
export interface TimelineScroller {
  /** Puts the month's heading at the top of the window, and keeps it there as months are read. */
  toMonth: (month: string) => void;
  /** Scrolls the window to `offset` (px from the top of the document); nothing is held. */
  toOffset: (offset: number) => void;
  /** Scrolls to the very end, and keeps it there as months are read. */
  toEnd: () => void;
  /** The person scrolled some other way: stop holding a month or the end. */
  release: () => void;
}

/** What a jump holds until the person scrolls some other way. */
type Hold = { month: string } | 'end';

/** How far (px) the window may be from a held place and still be there: scroll offsets round. */
const AT_PX = 1.5;

interface Layout {
  months: readonly TimelineMonth[] | null;
  monthStarts: readonly number[];
  top: number;
}

/** Where a held place is now (px from the top of the document), as far as the page goes. */
function heldOffset(held: Hold, { months, monthStarts, top }: Layout): number | null {
  const max = document.documentElement.scrollHeight - window.innerHeight;
  if (held === 'end') return Math.max(0, max);
  const start = monthStarts[months?.findIndex(({ month }) => month === held.month) ?? -1];
  if (start === undefined) return null; // the month is gone (its photos moved or deleted)
  // Rounded up: a window a fraction of a pixel above the heading anchors to the month before.
  return Math.max(0, Math.min(max, Math.ceil(top + start)));
}

/**
 * The scrubber's scrolling, done through the virtualiser and held across re-layouts.
 *
 * Through the virtualiser: it keeps the window in place when rows above it change (a month read),
 * from the scroll position it last saw. A window.scrollTo of its own is seen only at the next
 * scroll event, a frame later; a month read landing in between was anchored to the position
 * before the jump and written back over it (the jump "bounced" back). The virtualiser's own
 * scroll commands hold that correction until their write has been read back.
 *
 * Held: a month's start is known only as well as the months above it, which are estimates until
 * read, and the virtualiser anchors to the row at the window's top edge, which for a position a
 * rounding error above a month heading is the month before (its estimate, whose key the month's
 * first row of tiles takes when read: the window moved by a day heading, not by the change).
 * So after every re-layout the held month is put back at the top, until the person scrolls some
 * other way (release, or any scroll that leaves it).
 */
export function useTimelineScroll(
  virtualizer: Virtualizer<Window, Element>,
  months: readonly TimelineMonth[] | null,
  monthStarts: readonly number[],
  top: number,
): TimelineScroller {
  const hold = useRef<Hold | null>(null);
  const latest = useRef<Layout>({ months, monthStarts, top });

  const scroller = useMemo<TimelineScroller>(() => {
    const go = (held: Hold) => {
      const offset = heldOffset(held, latest.current);
      hold.current = offset === null ? null : held;
      if (held === 'end') virtualizer.scrollToEnd();
      else if (offset !== null) virtualizer.scrollToOffset(offset);
    };
    return {
      toMonth: (month) => {
        go({ month });
      },
      toOffset: (offset) => {
        hold.current = null;
        virtualizer.scrollToOffset(offset);
      },
      toEnd: () => {
        go('end');
      },
      release: () => {
        hold.current = null;
      },
    };
  }, [virtualizer]);

  // After the virtualiser's own layout effect (this hook is called after it), so a correction it
  // wrote from a wrong anchor is overwritten before the browser paints.
  useLayoutEffect(() => {
    latest.current = { months, monthStarts, top };
    const held = hold.current;
    if (held === null) return;
    const offset = heldOffset(held, latest.current);
    if (offset === null) {
      hold.current = null;
      return;
    }
    if (Math.abs(window.scrollY - offset) <= AT_PX) return;
    if (held === 'end') virtualizer.scrollToEnd();
    else virtualizer.scrollToOffset(offset);
  }, [months, monthStarts, top, virtualizer]);

  // A scroll that leaves the held place is someone else's (the scroll bar, a focused tile, find
  // in page): stop holding. A re-layout puts the window back before its scroll event is sent.
  useEffect(() => {
    const onScroll = () => {
      const held = hold.current;
      if (held === null) return;
      const offset = heldOffset(held, latest.current);
      if (offset === null || Math.abs(window.scrollY - offset) > AT_PX) hold.current = null;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.removeEventListener('scroll', onScroll);
    };
  }, []);

  return scroller;
}
