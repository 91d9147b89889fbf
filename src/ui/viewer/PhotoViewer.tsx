import {
  useCallback,
  useEffect,
  useEffectEvent,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type { PhotoDetails } from '../../core/library/librarySession';
import type { LibraryView } from '../../core/library/views';
import { dayHeading, dayLabel } from '../library/format';
import { useWorkerResult } from '../library/useWorkerResult';
import { ensureAnnouncer } from './announce';
import { Icon } from './icons';
import { useDelayed } from './useDelayed';
import { useNeighbours } from './useNeighbours';
import { usePreviews } from './usePreviews';
import { useViewerActions } from './useViewerActions';
import { ViewerBar } from './ViewerBar';
import { ViewerInfo } from './ViewerInfo';
import { viewerApi } from './viewerApi';
import { Spinner, ZoomableImage, type ZoomHandle } from './ZoomableImage';

interface PhotoViewerProps {
  view: LibraryView;
  photoId: string;
  onNavigate: (photoId: string) => void;
  onClose: () => void;
}

/** Whether the info panel is open: kept while the page lives, as the last viewer left it. */
let infoPreference = false;

const revoke = (url: string) => {
  URL.revokeObjectURL(url);
};

/** "Photo taken 11 June 2015, 10:29" (as the photo's tile says) and "Thursday 11 June 2015, 10:29". */
function labels(details: PhotoDetails | null | undefined) {
  if (!details) return { alt: 'Photo', title: '' };
  const [day = '', time = ''] = details.takenAt.local.split('T');
  const noun = details.kind === 'video' ? 'Video' : 'Photo';
  return {
    alt: `${noun} taken ${dayLabel(day)}, ${time.slice(0, 5)}`,
    title: `${dayHeading(day)}, ${time.slice(0, 5)}`,
  };
}

/**
 * The full-screen viewer over the library: the preview at once, the original when zoomed, a
 * video with its controls; arrows, swipes and keys between the photos of `view`; the info panel,
 * favourite, download and trash. A modal dialog: focus stays inside until it closes.
 */
export function PhotoViewer({ view, photoId, onNavigate, onClose }: PhotoViewerProps) {
  const details = useWorkerResult(`photo ${photoId}: details`, true, () =>
    viewerApi().photoDetails(photoId),
  );
  const neighbours = useNeighbours(view, photoId);
  const preview = usePreviews(photoId, [neighbours.previous?.id, neighbours.next?.id]);
  const kind = details.value?.kind ?? neighbours.entry?.kind ?? 'image';
  const video = useWorkerResult(
    `photo ${photoId}: video`,
    kind === 'video',
    async () => URL.createObjectURL(await viewerApi().photoImage(photoId, 'original')),
    revoke,
  );
  const [infoOpen, setInfoOpen] = useState(infoPreference);
  const [zoom, setZoom] = useState({ zoomed: false, zoomable: false });
  const zoomHandle = useRef<ZoomHandle>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const infoId = useId();

  const actions = useViewerActions({
    photoId,
    entryFavourite: details.value?.favourite ?? neighbours.entry?.favourite,
    afterTrash: async () => {
      const next = (await neighbours.adjacent(1)) ?? (await neighbours.adjacent(-1));
      return next?.id ?? null;
    },
    onTrashed: (next) => {
      neighbours.forget();
      if (next) onNavigate(next);
      else onClose();
    },
  });

  const go = async (step: 1 | -1) => {
    const entry = await neighbours.adjacent(step).catch(() => null);
    if (entry) onNavigate(entry.id);
  };
  const toggleInfo = () => {
    infoPreference = !infoOpen;
    setInfoOpen(infoPreference);
  };
  const onZoomChange = useCallback((next: { zoomed: boolean; zoomable: boolean }) => {
    setZoom(next);
  }, []);

  const onKey = useEffectEvent((event: globalThis.KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    // A focused video keeps its own keys (arrows seek, space plays).
    if (event.target instanceof HTMLVideoElement && event.key !== 'Escape') return;
    const commands: Record<string, (() => unknown) | undefined> = {
      Escape: onClose,
      ArrowRight: () => go(1),
      ArrowLeft: () => go(-1),
      f: actions.toggleFavourite,
      i: toggleInfo,
      Delete: actions.trash,
      '+': () => zoomHandle.current?.zoomIn(),
      '=': () => zoomHandle.current?.zoomIn(),
      '-': () => zoomHandle.current?.zoomOut(),
    };
    const command = commands[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!command) return;
    event.preventDefault();
    void command();
  });
  useEffect(() => {
    const listener = (event: globalThis.KeyboardEvent) => {
      onKey(event);
    };
    document.addEventListener('keydown', listener);
    return () => {
      document.removeEventListener('keydown', listener);
    };
  }, []);

  useEffect(() => {
    ensureAnnouncer();
    closeButton.current?.focus();
  }, []);
  // A focused control that went away (Next at the last photo): focus stays in the dialog.
  useLayoutEffect(() => {
    if (dialog.current && !dialog.current.contains(document.activeElement)) dialog.current.focus();
  });

  /** Tab and Shift+Tab cycle through the viewer's controls (the header behind is not inert). */
  const trapFocus = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || !dialog.current) return;
    const controls = [
      ...dialog.current.querySelectorAll<HTMLElement>(
        'button:not(:disabled), video, [tabindex="0"]',
      ),
    ];
    const [first, last] = [controls[0], controls[controls.length - 1]];
    if (!first || !last) return;
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === dialog.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const { alt, title } = labels(details.value);
  const original = details.value
    ? details.value.mime === 'image/gif'
      ? 'at-once'
      : 'on-zoom'
    : 'never';
  const size = details.value ?? neighbours.entry ?? null;
  const loading = preview.url === null && !preview.failed;
  const slow = useDelayed(loading || (kind === 'video' && !video.value && !video.failed));

  return (
    <div
      ref={dialog}
      role="dialog"
      aria-modal="true"
      aria-label="Photo viewer"
      aria-describedby={`${infoId}-title`}
      className={infoOpen ? 'viewer with-info' : 'viewer'}
      data-photo-id={photoId}
      tabIndex={-1}
      onKeyDown={trapFocus}
    >
      <div className="viewer-main">
        {kind === 'video' && video.value ? (
          <div className="viewer-stage">
            {/* Autoplay, as the click that opened it allows; the native controls do the rest. */}
            <video
              className="viewer-video"
              src={video.value}
              poster={preview.url ?? undefined}
              aria-label={alt}
              controls
              autoPlay
              playsInline
            />
          </div>
        ) : preview.url && kind === 'video' ? (
          <div className="viewer-stage">
            <img className="viewer-video" src={preview.url} alt={alt} />
          </div>
        ) : preview.url ? (
          <ZoomableImage
            key={photoId}
            ref={zoomHandle}
            photoId={photoId}
            previewUrl={preview.url}
            size={original === 'never' ? null : size}
            original={original}
            alt={alt}
            onZoomChange={onZoomChange}
            onSwipe={(outcome) => {
              if (outcome === 'close') onClose();
              else void go(outcome);
            }}
          />
        ) : null}
        {slow && <Spinner label="Loading" />}
        {(preview.failed || video.failed) && (
          <p className="viewer-error error">This photo could not be shown.</p>
        )}
        <ViewerBar
          closeButton={closeButton}
          titleId={`${infoId}-title`}
          title={title}
          zoom={kind === 'image' && zoom.zoomable ? zoom.zoomed : null}
          onZoom={() => zoomHandle.current?.toggle()}
          infoId={infoId}
          infoOpen={infoOpen}
          onInfo={toggleInfo}
          actions={actions}
          onClose={onClose}
        />
        <StepButton step={-1} neighbour={neighbours.previous} onStep={go} />
        <StepButton step={1} neighbour={neighbours.next} onStep={go} />
      </div>
      {infoOpen && <ViewerInfo id={infoId} details={details.value} failed={details.failed} />}
    </div>
  );
}

const stepButtons = {
  [-1]: { className: 'previous', label: 'Previous photo', key: 'ArrowLeft', title: 'Previous (←)' },
  [1]: { className: 'next', label: 'Next photo', key: 'ArrowRight', title: 'Next (→)' },
} as const;

/** Previous or next: absent at an end of the view (null), disabled while not known yet. */
function StepButton({
  step,
  neighbour,
  onStep,
}: {
  step: 1 | -1;
  neighbour: ReturnType<typeof useNeighbours>['next'];
  onStep: (step: 1 | -1) => Promise<void>;
}) {
  if (neighbour === null) return null;
  const { className, label, key, title } = stepButtons[step];
  return (
    <button
      type="button"
      className={`viewer-button viewer-nav ${className}`}
      aria-label={label}
      aria-keyshortcuts={key}
      title={title}
      disabled={neighbour === undefined}
      onClick={() => void onStep(step)}
    >
      <Icon name={step === 1 ? 'next' : 'previous'} />
    </button>
  );
}
