import { useEffect, useRef, useState } from 'react';

interface ThumbnailCanvasProps {
  /** The decrypted thumbnail file. */
  thumbnail: Blob;
  /** The photo's displayed size (after orientation): only its aspect is used. */
  width: number;
  height: number;
  /** The thumbnail could not be decoded. */
  onFailed: () => void;
}

/** Thumbnails are made at most this long (THUMBNAIL_LONG_SIDE): never decoded larger. */
const MAX_SIDE = 512;

/**
 * createImageBitmap's size for a thumbnail that covers a square of `side` device pixels: its
 * short side `side` (at most MAX_SIDE), the other from the photo's aspect; or undefined (its own
 * size) when the tile's size or the photo's aspect is unknown.
 */
function coverSize(side: number, width: number, height: number): ImageBitmapOptions | undefined {
  if (!(side > 0 && width > 0 && height > 0)) return undefined;
  const short = Math.min(Math.ceil(side), MAX_SIDE);
  return width >= height ? { resizeHeight: short } : { resizeWidth: short };
}

/**
 * A decrypted thumbnail drawn on a canvas, decoded at the size its tile shows it (off the main
 * thread: createImageBitmap of a Blob decodes on a background thread). Not an <img>: Chromium
 * keeps the decoded pixels of every image an <img> has shown, unlocked but resident, up to 1,000
 * entries (for a thumbnail shown smaller than it is: the full decode and a scaled copy, ~1 MB),
 * long after the <img> and its URL are gone; an import of 300 photos, each appearing at the top
 * of the timeline, grew the page by ~320 MB that way (Chromium's memory-infra dump,
 * cc/image_memory). A canvas's bitmap goes when its tile unmounts.
 */
export function ThumbnailCanvas({ thumbnail, width, height, onFailed }: ThumbnailCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [shown, setShown] = useState(false);
  const failed = useRef(onFailed);
  useEffect(() => {
    failed.current = onFailed;
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('bitmaprenderer');
    if (!canvas || !context) return;
    let current = true;
    const side = canvas.getBoundingClientRect().width * window.devicePixelRatio;
    const size = coverSize(side, width, height);
    const decoded = size
      ? createImageBitmap(thumbnail, { ...size, resizeQuality: 'high' })
      : createImageBitmap(thumbnail);
    decoded.then(
      (bitmap) => {
        if (!current) {
          bitmap.close();
          return;
        }
        canvas.width = bitmap.width;
        canvas.height = bitmap.height;
        context.transferFromImageBitmap(bitmap);
        setShown(true);
      },
      (error: unknown) => {
        if (!current) return;
        console.warn('a thumbnail could not be decoded', error);
        failed.current();
      },
    );
    return () => {
      current = false;
      setShown(false);
      context.transferFromImageBitmap(null); // its pixels go now, not when the canvas is collected
    };
  }, [thumbnail, width, height]);

  return <canvas ref={canvasRef} aria-hidden="true" className={shown ? 'shown' : undefined} />;
}
