import { describe, expect, it } from 'vitest';
import {
  canZoom,
  clampPan,
  fitScale,
  fitted,
  isZoomed,
  maxScale,
  pinch,
  swipeOutcome,
  toggleZoom,
  TOGGLE_ZOOM,
  transformOf,
  wheelFactor,
  zoomBy,
  zoomTo,
} from './zoom';

const photo = { width: 4000, height: 3000 }; // 12 MP
const stage = { width: 1000, height: 1000 };
const centre = { x: 0, y: 0 };

describe('fit and limits', () => {
  it('fits the whole photo, never above 1:1', () => {
    expect(fitScale(photo, stage)).toBe(0.25);
    expect(fitScale({ width: 3000, height: 4000 }, stage)).toBe(0.25);
    expect(fitScale({ width: 100, height: 78 }, stage)).toBe(1);
    expect(fitScale({ width: 0, height: 0 }, stage)).toBe(1);
  });

  it('zooms up to 1:1 of the original; a photo smaller than the stage does not zoom', () => {
    expect(maxScale(photo, stage)).toBe(1);
    expect(canZoom(photo, stage)).toBe(true);
    expect(canZoom({ width: 600, height: 400 }, stage)).toBe(false);
    expect(zoomTo(fitted(photo, stage), 5, centre, photo, stage).scale).toBe(1);
    expect(zoomTo(fitted(photo, stage), 0.01, centre, photo, stage).scale).toBe(0.25);
  });
});

describe('zooming about a point', () => {
  it('keeps the image point under the cursor where it is', () => {
    const point = { x: 200, y: -100 };
    const start = fitted(photo, stage);
    const zoomed = zoomBy(start, 2, point, photo, stage);
    // The image pixel under `point`, before and after.
    const under = (s: typeof start) => [(point.x - s.x) / s.scale, (point.y - s.y) / s.scale];
    expect(zoomed.scale).toBe(0.5);
    expect(under(zoomed)[0]).toBeCloseTo(under(start)[0] ?? 0);
    expect(under(zoomed)[1]).toBeCloseTo(under(start)[1] ?? 0);
    expect(isZoomed(zoomed, photo, stage)).toBe(true);
    expect(isZoomed(start, photo, stage)).toBe(false);
  });

  it('never pans past an edge, and centres a side smaller than the stage', () => {
    // At 0.5 the photo is 2000x1500: x within ±500, y within ±250.
    expect(clampPan({ scale: 0.5, x: 900, y: -900 }, photo, stage)).toEqual({
      scale: 0.5,
      x: 500,
      y: -250,
    });
    // At 0.3 it is 1200x900: 900 < 1000, so y is centred.
    expect(clampPan({ scale: 0.3, x: -50, y: 40 }, photo, stage)).toEqual({
      scale: 0.3,
      x: -50,
      y: 0,
    });
  });

  it('zooms back out to fit centred', () => {
    const zoomed = zoomBy(fitted(photo, stage), 4, { x: 400, y: 400 }, photo, stage);
    expect(zoomBy(zoomed, 1 / 8, { x: 400, y: 400 }, photo, stage)).toEqual(fitted(photo, stage));
  });
});

describe('gestures', () => {
  it('wheel: up zooms in, down out, 300 px per doubling; lines count 16 px', () => {
    expect(wheelFactor(-300, 0)).toBeCloseTo(2);
    expect(wheelFactor(300, 0)).toBeCloseTo(0.5);
    expect(wheelFactor(-3, 1)).toBeCloseTo(2 ** (48 / 300));
  });

  it('double tap zooms in on the point, a second one fits again', () => {
    const start = fitted(photo, stage);
    const zoomed = toggleZoom(start, { x: 100, y: 0 }, photo, stage);
    expect(zoomed.scale).toBeCloseTo(0.25 * TOGGLE_ZOOM);
    expect(zoomed.x).toBeCloseTo(100 - 100 * TOGGLE_ZOOM);
    expect(toggleZoom(zoomed, centre, photo, stage)).toEqual(start);
    // Already at 1:1 most: the toggle goes no further than 1:1.
    const small = { width: 1500, height: 1000 };
    expect(toggleZoom(fitted(small, stage), centre, small, stage).scale).toBe(1);
  });

  it('pinch: the scale follows the fingers, the point between them stays under them', () => {
    const start = fitted(photo, stage);
    const from = [
      { x: -50, y: 0 },
      { x: 50, y: 0 },
    ] as const;
    const to = [
      { x: -100, y: 20 },
      { x: 100, y: 20 },
    ] as const;
    const result = pinch(start, from, to, photo, stage);
    expect(result.scale).toBeCloseTo(0.5);
    expect(result.x).toBeCloseTo(0);
    expect(result.y).toBeCloseTo(20);
    // Fingers closing below fit stop at fit.
    expect(pinch(start, to, from, photo, stage).scale).toBe(0.25);
  });

  it('a swipe far or fast enough goes to the next or previous photo, down closes', () => {
    expect(swipeOutcome(-300, 10, 400, stage)).toBe(1);
    expect(swipeOutcome(300, 10, 400, stage)).toBe(-1);
    expect(swipeOutcome(-100, 0, 400, stage)).toBeNull();
    expect(swipeOutcome(-100, 0, 100, stage)).toBe(1); // a flick
    expect(swipeOutcome(10, 400, 400, stage)).toBe('close');
    expect(swipeOutcome(10, -400, 400, stage)).toBeNull();
  });
});

it('draws the zoom as a transform of the fitted layout', () => {
  expect(transformOf({ scale: 0.5, x: 10, y: -20 }, photo, stage)).toBe(
    'translate(10px, -20px) scale(2)',
  );
});
