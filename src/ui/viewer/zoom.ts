/**
 * The viewer's zoom and pan as pure functions. Sizes are CSS pixels; an image's size is its
 * displayed (upright) size in image pixels, so `scale` is CSS px per image px and 1 is 1:1.
 * `x`, `y` place the image's centre relative to the stage's centre. Points are relative to the
 * stage's centre too.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface ZoomState {
  scale: number;
  x: number;
  y: number;
}

/** What a double tap or the zoom button zooms to, as a multiple of the fitted scale (then 1:1 at most). */
export const TOGGLE_ZOOM = 3;
/** Wheel pixels per doubling of the scale. */
const WHEEL_PX_PER_DOUBLING = 300;
/** Below this ratio to the fitted scale, a photo counts as not zoomed (float noise, a pinch let go). */
const ZOOMED_EPSILON = 1.001;

/** The scale that shows the whole image; never above 1:1, so a small photo stays sharp. */
export function fitScale(image: Size, stage: Size): number {
  if (image.width <= 0 || image.height <= 0 || stage.width <= 0 || stage.height <= 0) return 1;
  return Math.min(stage.width / image.width, stage.height / image.height, 1);
}

/** Zoom goes up to 1:1 of the original (one image pixel per CSS pixel). */
export function maxScale(image: Size, stage: Size): number {
  return Math.max(1, fitScale(image, stage));
}

export function fitted(image: Size, stage: Size): ZoomState {
  return { scale: fitScale(image, stage), x: 0, y: 0 };
}

export function isZoomed(state: ZoomState, image: Size, stage: Size): boolean {
  return state.scale > fitScale(image, stage) * ZOOMED_EPSILON;
}

/** Whether zooming can do anything: the photo is larger than the stage. */
export function canZoom(image: Size, stage: Size): boolean {
  return maxScale(image, stage) > fitScale(image, stage) * ZOOMED_EPSILON;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Keeps the image covering the stage where it is larger, centred where it is smaller. */
export function clampPan(state: ZoomState, image: Size, stage: Size): ZoomState {
  const limitX = Math.max(0, (image.width * state.scale - stage.width) / 2);
  const limitY = Math.max(0, (image.height * state.scale - stage.height) / 2);
  return {
    scale: state.scale,
    x: clamp(state.x, -limitX, limitX),
    y: clamp(state.y, -limitY, limitY),
  };
}

/** Scales to `scale` (clamped) keeping the image point under `point` where it is. */
export function zoomTo(
  state: ZoomState,
  scale: number,
  point: Point,
  image: Size,
  stage: Size,
): ZoomState {
  const next = clamp(scale, fitScale(image, stage), maxScale(image, stage));
  const ratio = next / state.scale;
  return clampPan(
    {
      scale: next,
      x: point.x - (point.x - state.x) * ratio,
      y: point.y - (point.y - state.y) * ratio,
    },
    image,
    stage,
  );
}

export function zoomBy(
  state: ZoomState,
  factor: number,
  point: Point,
  image: Size,
  stage: Size,
): ZoomState {
  return zoomTo(state, state.scale * factor, point, image, stage);
}

export function panBy(
  state: ZoomState,
  dx: number,
  dy: number,
  image: Size,
  stage: Size,
): ZoomState {
  return clampPan({ scale: state.scale, x: state.x + dx, y: state.y + dy }, image, stage);
}

/** A wheel event's zoom factor: up zooms in. deltaMode 1 counts lines (about 16 px each). */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return 2 ** (-pixels / WHEEL_PX_PER_DOUBLING);
}

/** Double tap or double click: zoomed → back to fit; else zoom in on `point`. */
export function toggleZoom(state: ZoomState, point: Point, image: Size, stage: Size): ZoomState {
  if (isZoomed(state, image, stage)) return fitted(image, stage);
  return zoomTo(state, fitScale(image, stage) * TOGGLE_ZOOM, point, image, stage);
}

const middle = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * Two fingers: the scale follows their distance and the image point under their midpoint
 * follows the midpoint, both from where the pinch began (no drift from summing small steps).
 */
export function pinch(
  start: ZoomState,
  from: readonly [Point, Point],
  to: readonly [Point, Point],
  image: Size,
  stage: Size,
): ZoomState {
  const startDistance = distance(...from);
  if (startDistance < 1) return start;
  const [a, b] = [middle(...from), middle(...to)];
  const scale = clamp(
    (start.scale * distance(...to)) / startDistance,
    fitScale(image, stage),
    maxScale(image, stage),
  );
  const ratio = scale / start.scale;
  return clampPan(
    { scale, x: b.x - (a.x - start.x) * ratio, y: b.y - (a.y - start.y) * ratio },
    image,
    stage,
  );
}

/**
 * The CSS transform of an image laid out at the fitted size and centred in the stage (so the
 * browser's layout never depends on the zoom).
 */
export function transformOf(state: ZoomState, image: Size, stage: Size): string {
  const relative = state.scale / fitScale(image, stage);
  return `translate(${state.x}px, ${state.y}px) scale(${relative})`;
}

/** A finished one-finger swipe at fit: 1 (to the next, older photo), -1, 'close' or null. */
export function swipeOutcome(
  dx: number,
  dy: number,
  elapsedMs: number,
  stage: Size,
): 1 | -1 | 'close' | null {
  const speed = Math.hypot(dx, dy) / Math.max(1, elapsedMs);
  const fast = speed > 0.5 && Math.max(Math.abs(dx), Math.abs(dy)) > 30;
  if (Math.abs(dx) > Math.abs(dy)) {
    if (Math.abs(dx) > stage.width * 0.25 || fast) return dx < 0 ? 1 : -1;
    return null;
  }
  if (dy > stage.height * 0.25 || (fast && dy > 0)) return 'close';
  return null;
}
