import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type MouseEvent,
  type PointerEvent,
  type RefObject,
} from 'react';
import {
  canZoom,
  fitted,
  isZoomed,
  panBy,
  pinch,
  swipeOutcome,
  toggleZoom,
  wheelFactor,
  zoomBy,
  type Point,
  type Size,
  type ZoomState,
} from './zoom';

interface Gesture {
  pointers: Map<number, Point>;
  pinch?: { start: ZoomState; from: [Point, Point] };
  drag?: { start: ZoomState; origin: Point; at: number; moved: boolean; type: string };
  lastTap?: { at: number; point: Point };
  lastType: string;
}

interface ZoomOptions {
  /** False while there is nothing to zoom (a video, nothing loaded yet). */
  enabled: boolean;
  /** A swipe at fit: to the next (1, older) or previous (-1) photo, or down to close. */
  onSwipe: (outcome: 1 | -1 | 'close') => void;
}

const DOUBLE_TAP_MS = 300;
const TAP_SLOP_PX = 8;

/**
 * Zoom and pan of `image` (its upright size in image pixels) in `stage`: wheel, pinch, double tap
 * or double click, drag to pan; one finger at fit swipes instead. Pointer events, so mouse, pen
 * and touch share one path; the stage has `touch-action: none` and takes every gesture itself.
 */
export function useZoom(
  stage: RefObject<HTMLElement | null>,
  image: Size | null,
  options: ZoomOptions,
) {
  const [stageSize, setStageSize] = useState<Size>({ width: 0, height: 0 });
  /** null: fitted (also after a resize); else a zoomed state. */
  const [zoom, setZoom] = useState<ZoomState | null>(null);
  const [swipe, setSwipe] = useState<Point | null>(null);
  const gesture = useRef<Gesture>({ pointers: new Map(), lastType: 'mouse' });

  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      setStageSize({ width: element.clientWidth, height: element.clientHeight });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [stage]);

  const size = image ?? { width: 0, height: 0 };
  const zoomable = options.enabled && image !== null && canZoom(size, stageSize);
  const state = zoom && zoomable ? zoom : fitted(size, stageSize);
  const zoomed = isZoomed(state, size, stageSize);

  /** Stores a new state; back at fit it is null again, so a resize refits. */
  const apply = useCallback(
    (next: (current: ZoomState) => ZoomState) => {
      if (!image) return;
      setZoom((previous) => {
        const result = next(previous ?? fitted(image, stageSize));
        return isZoomed(result, image, stageSize) ? result : null;
      });
    },
    [image, stageSize],
  );

  /** A point of a pointer or mouse event, relative to the stage's centre. */
  const pointOf = (event: { clientX: number; clientY: number }): Point => {
    const rect = stage.current?.getBoundingClientRect();
    if (!rect) return { x: 0, y: 0 };
    return {
      x: event.clientX - rect.left - rect.width / 2,
      y: event.clientY - rect.top - rect.height / 2,
    };
  };

  useEffect(() => {
    const element = stage.current;
    if (!element || !zoomable) return;
    // Not a React handler: React's wheel listeners are passive and cannot stop the page scrolling.
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const point = {
        x: event.clientX - rect.left - rect.width / 2,
        y: event.clientY - rect.top - rect.height / 2,
      };
      // A trackpad pinch arrives as a ctrl+wheel with small deltas.
      const delta = event.ctrlKey ? event.deltaY * 3 : event.deltaY;
      apply((current) =>
        zoomBy(current, wheelFactor(delta, event.deltaMode), point, image, stageSize),
      );
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      element.removeEventListener('wheel', onWheel);
    };
  }, [stage, zoomable, image, stageSize, apply]);

  const onPointerDown = (event: PointerEvent) => {
    const g = gesture.current;
    g.lastType = event.pointerType;
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    try {
      event.currentTarget.setPointerCapture(event.pointerId);
    } catch {
      // A synthetic event's pointer cannot be captured; the gesture works without it.
    }
    const point = pointOf(event);
    g.pointers.set(event.pointerId, point);
    if (g.pointers.size === 2 && zoomable) {
      const [a, b] = [...g.pointers.values()] as [Point, Point];
      g.pinch = { start: state, from: [a, b] };
      g.drag = undefined;
      setSwipe(null);
    } else if (g.pointers.size === 1) {
      g.drag = {
        start: state,
        origin: point,
        at: event.timeStamp,
        moved: false,
        type: event.pointerType,
      };
    }
  };

  const onPointerMove = (event: PointerEvent) => {
    const g = gesture.current;
    if (!g.pointers.has(event.pointerId)) return;
    const point = pointOf(event);
    g.pointers.set(event.pointerId, point);
    if (g.pinch && g.pointers.size >= 2 && image) {
      const [a, b] = [...g.pointers.values()] as [Point, Point];
      const { start, from } = g.pinch;
      apply(() => pinch(start, from, [a, b], image, stageSize));
      return;
    }
    const drag = g.drag;
    if (!drag) return;
    const [dx, dy] = [point.x - drag.origin.x, point.y - drag.origin.y];
    if (Math.hypot(dx, dy) > TAP_SLOP_PX) drag.moved = true;
    if (!drag.moved) return;
    if (image && isZoomed(drag.start, image, stageSize)) {
      apply(() => panBy(drag.start, dx, dy, image, stageSize));
    } else if (drag.type !== 'mouse') {
      setSwipe({ x: dx, y: Math.max(0, dy) });
    }
  };

  const onPointerEnd = (event: PointerEvent) => {
    const g = gesture.current;
    if (!g.pointers.delete(event.pointerId)) return;
    if (g.pinch) {
      if (g.pointers.size < 2) g.pinch = undefined;
      // The finger left on the glass pans on from here, without a jump.
      const rest = [...g.pointers.values()][0];
      if (rest)
        g.drag = { start: state, origin: rest, at: event.timeStamp, moved: true, type: 'touch' };
      return;
    }
    const drag = g.drag;
    g.drag = undefined;
    setSwipe(null);
    if (!drag || event.type === 'pointercancel') return;
    const point = pointOf(event);
    if (drag.moved) {
      if (image && isZoomed(drag.start, image, stageSize)) return;
      const outcome = swipeOutcome(
        point.x - drag.origin.x,
        point.y - drag.origin.y,
        event.timeStamp - drag.at,
        stageSize,
      );
      if (outcome !== null && drag.type !== 'mouse') options.onSwipe(outcome);
      return;
    }
    if (drag.type === 'mouse') return; // a mouse double click arrives as dblclick
    const tap = g.lastTap;
    if (
      tap &&
      event.timeStamp - tap.at < DOUBLE_TAP_MS &&
      Math.hypot(point.x - tap.point.x, point.y - tap.point.y) < 40
    ) {
      g.lastTap = undefined;
      if (zoomable) apply((current) => toggleZoom(current, point, image, stageSize));
    } else {
      g.lastTap = { at: event.timeStamp, point };
    }
  };

  const onDoubleClick = (event: MouseEvent) => {
    // Touch double taps are handled above; some browsers send a dblclick for them as well.
    if (gesture.current.lastType !== 'mouse' || !zoomable) return;
    const point = pointOf(event);
    apply((current) => toggleZoom(current, point, image, stageSize));
  };

  const centre = { x: 0, y: 0 };
  return {
    state,
    stageSize,
    zoomed,
    zoomable,
    swipe,
    zoomIn: () => {
      if (zoomable) apply((current) => zoomBy(current, 2, centre, image, stageSize));
    },
    zoomOut: () => {
      if (zoomable) apply((current) => zoomBy(current, 0.5, centre, image, stageSize));
    },
    toggle: () => {
      if (zoomable) apply((current) => toggleZoom(current, centre, image, stageSize));
    },
    handlers: {
      onPointerDown,
      onPointerMove,
      onPointerUp: onPointerEnd,
      onPointerCancel: onPointerEnd,
      onDoubleClick,
    },
  };
}
