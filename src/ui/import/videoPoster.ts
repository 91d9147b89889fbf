import { UNDECODABLE_REASONS, UndecodableFileError } from '../../core/media/errors';

/** How long a video may take to show its poster frame before it counts as unplayable. */
const POSTER_TIMEOUT_MS = 15_000;
/** The poster is the frame at min(POSTER_AT_S, POSTER_AT_FRACTION × duration): past a fade-in. */
const POSTER_AT_S = 1;
const POSTER_AT_FRACTION = 0.1;

/** HTMLMediaElement.HAVE_CURRENT_DATA: the frame at the current position is decoded. */
const HAVE_CURRENT_DATA = 2;

/**
 * A video's poster frame, upright (Chromium applies the MP4/MOV rotation matrix when it draws a
 * video), at full size. On the main thread because only a <video> element decodes video without
 * a demuxer of our own; the bitmap is then transferred to a worker for derivativesFromBitmap.
 *
 * Throws UndecodableFileError (reason `video`) when the browser cannot play the file (an unknown
 * codec such as HEVC on Chromium without it, a damaged file, only an audio track it can play) or
 * shows no frame within `timeoutMs`; the cause says which. Rejects with `signal.reason` when
 * aborted. Each call holds one media player: run them one or two at a time.
 */
export async function videoPosterFrame(
  file: Blob,
  signal?: AbortSignal,
  timeoutMs = POSTER_TIMEOUT_MS,
): Promise<ImageBitmap> {
  signal?.throwIfAborted();
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'metadata';
  const done = new AbortController(); // removes the listeners and the timer
  try {
    // Every wait below races this one promise, which only ever rejects.
    const failed = new Promise<never>((_resolve, reject) => {
      const listen = { signal: done.signal };
      video.addEventListener(
        'error',
        () => {
          const error = video.error;
          reject(undecodable(`media error ${error?.code ?? '?'}: ${error?.message ?? ''}`));
        },
        listen,
      );
      const timer = setTimeout(() => {
        reject(undecodable(`no video frame within ${timeoutMs} ms`));
      }, timeoutMs);
      done.signal.addEventListener('abort', () => {
        clearTimeout(timer);
      });
      signal?.addEventListener(
        'abort',
        () => {
          reject(signal.reason as Error);
        },
        listen,
      );
    });
    const step = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, failed]);

    const loaded = nextEvent(video, 'loadeddata', done.signal);
    video.src = url;
    await step(loaded);
    // A file whose audio plays but whose video codec is unknown loads with no picture.
    if (video.videoWidth === 0 || video.videoHeight === 0) {
      throw undecodable('no video track the browser can decode');
    }

    const duration = video.duration;
    const at = Number.isFinite(duration) ? Math.min(POSTER_AT_S, POSTER_AT_FRACTION * duration) : 0;
    const seeked = nextEvent(video, 'seeked', done.signal);
    video.currentTime = at;
    await step(seeked);
    // 'seeked' fires once the new position's frame is decoded; make sure it is before drawing.
    if (video.readyState < HAVE_CURRENT_DATA) {
      await step(nextEvent(video, ['loadeddata', 'canplay'], done.signal));
    }

    const drawn = createImageBitmap(video);
    let bitmap: ImageBitmap;
    try {
      bitmap = await step(drawn);
    } catch (error) {
      // Aborted or timed out while drawing: close the bitmap if it still comes.
      drawn.then(
        (late) => {
          late.close();
        },
        () => undefined,
      );
      throw error;
    }
    if (bitmap.width === 0 || bitmap.height === 0) {
      bitmap.close();
      throw undecodable('the poster frame is empty');
    }
    return bitmap;
  } finally {
    done.abort();
    // Detach the source so the media player and its decoder are released now, not at GC.
    video.removeAttribute('src');
    video.load();
    video.remove();
    URL.revokeObjectURL(url);
  }
}

function undecodable(cause: string): UndecodableFileError {
  const error = new UndecodableFileError(UNDECODABLE_REASONS.video);
  error.cause = new Error(cause);
  return error;
}

/** Resolves at the first of `types` to fire on `target`; `signal` removes the listeners. */
function nextEvent(
  target: EventTarget,
  types: string | string[],
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    for (const type of typeof types === 'string' ? [types] : types) {
      target.addEventListener(
        type,
        () => {
          resolve();
        },
        { once: true, signal },
      );
    }
  });
}
