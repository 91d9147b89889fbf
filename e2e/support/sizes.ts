/**
 * The size a derivative should have, worked out on the test side (not with the app's fitWithin,
 * so a mistake there cannot hide itself): a long side of `longSide`, never upscaled, rounded.
 */
export function fit(width: number, height: number, longSide: number): [number, number] {
  const scale = Math.min(1, longSide / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}
