import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useWorkerResult } from '../library/useWorkerResult';
import { decodeImage } from './decodeImage';
import { useDelayed } from './useDelayed';
import { useZoom } from './useZoom';
import { viewerApi } from './viewerApi';
import { fitScale, transformOf, type Size } from './zoom';

export interface ZoomHandle {
  zoomIn: () => void;
  zoomOut: () => void;
  toggle: () => void;
}

interface ZoomableImageProps {
  ref: Ref<ZoomHandle>;
  photoId: string;
  previewUrl: string;
  /** The original's upright size (from its details or entry), when known. */
  size: Size | null;
  /**
   * When the original replaces the preview: once zoomed in; at once (an animated GIF: the preview
   * is a still); never (not known yet: zoom stops at 1:1 of the preview).
   */
  original: 'on-zoom' | 'at-once' | 'never';
  alt: string;
  onZoomChange: (zoom: { zoomed: boolean; zoomable: boolean }) => void;
  onSwipe: (outcome: 1 | -1 | 'close') => void;
}

const revoke = (url: string) => {
  URL.revokeObjectURL(url);
};

/**
 * One photo, fitted to the stage: the preview at once, the original once zoomed (decoded before
 * it replaces the preview, so the swap never flashes). Keyed by photo: each starts fitted.
 */
export function ZoomableImage(props: ZoomableImageProps) {
  const { ref, photoId, previewUrl, size, original, alt, onZoomChange, onSwipe } = props;
  const stage = useRef<HTMLDivElement>(null);
  const [previewSize, setPreviewSize] = useState<Size | null>(null);
  const image = original === 'never' ? previewSize : (size ?? previewSize);
  const zoom = useZoom(stage, image, { enabled: true, onSwipe });

  // Once zoomed in, the original stays wanted (zooming out and in again must not reload it).
  const [zoomedOnce, setZoomedOnce] = useState(false);
  if (zoom.zoomed && !zoomedOnce) setZoomedOnce(true);
  const wanted = original === 'at-once' || (original === 'on-zoom' && zoomedOnce);
  const full = useWorkerResult(
    `photo ${photoId}: original`,
    wanted,
    async () => {
      const url = URL.createObjectURL(await viewerApi().photoViewableOriginal(photoId));
      try {
        await decodeImage(url);
      } catch (error) {
        revoke(url);
        throw error;
      }
      return url;
    },
    revoke,
  );
  const spinner = useDelayed(wanted && full.value === undefined && !full.failed);

  useImperativeHandle(ref, () => ({
    zoomIn: zoom.zoomIn,
    zoomOut: zoom.zoomOut,
    toggle: zoom.toggle,
  }));
  const { zoomed, zoomable } = zoom;
  useEffect(() => {
    onZoomChange({ zoomed, zoomable });
  }, [onZoomChange, zoomed, zoomable]);

  const sized = image !== null && zoom.stageSize.width > 0;
  const fit = sized ? fitScale(image, zoom.stageSize) : 1;
  const swipe = zoom.swipe;
  const style = sized
    ? {
        width: `${image.width * fit}px`,
        height: `${image.height * fit}px`,
        transform:
          (swipe ? `translate(${swipe.x}px, ${swipe.y}px) ` : '') +
          transformOf(zoom.state, image, zoom.stageSize),
        opacity: swipe ? Math.max(0.4, 1 - swipe.y / 400) : undefined,
      }
    : undefined;

  return (
    <div
      ref={stage}
      className={`viewer-stage${zoom.zoomed ? ' zoomed' : zoom.zoomable ? ' zoomable' : ''}${swipe ? ' swiping' : ''}`}
      {...zoom.handlers}
    >
      <img
        src={full.value ?? previewUrl}
        alt={alt}
        data-size={full.value ? 'original' : 'preview'}
        className={sized ? 'viewer-image' : 'viewer-image unsized'}
        style={style}
        draggable={false}
        onLoad={(event) => {
          const { naturalWidth: width, naturalHeight: height } = event.currentTarget;
          if (!full.value) setPreviewSize({ width, height });
        }}
      />
      {spinner && <Spinner label="Loading the original" />}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div className="viewer-spinner" role="status">
      <span className="viewer-sr-only">{label}</span>
    </div>
  );
}
