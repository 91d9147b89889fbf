/**
 * Decrypted thumbnails for the tiles on screen. A tile asks when it mounts (the virtualised
 * timeline mounts only the rows in view and a few around) and lets go when it unmounts:
 *
 * - Requests wait in a queue, a few at a time to the crypto worker: tiles in the window first,
 *   then those mounted last (the rows just scrolled to), in the order they mounted. A request
 *   let go before it started is never sent: the worker call itself cannot be aborted, so
 *   scrolling past a screen of tiles must not leave a screen of calls.
 * - While the window scrolls, a tile waits SETTLE_MS before it asks: a drag across twenty years
 *   or a fast wheel mounts screens of tiles that are gone a frame later, and decrypting,
 *   decoding and drawing their thumbnails only took the CPU from the frames (2 cores).
 * - A result that arrives after its tile left is dropped.
 * - Results are decrypted thumbnail files (Blobs, ~30 kB), counted by the tiles showing them;
 *   each tile decodes its own at its size (ThumbnailCanvas.tsx). Unused ones stay a while (a row
 *   scrolled back into view, or remounted when its month is read again, shows at once), at most
 *   KEEP_UNUSED of them; older ones are let go, so memory stays bounded however far one scrolls.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { getCryptoWorker } from '../workers/cryptoWorker';

/** Worker calls at once: enough to keep the worker busy, few enough to stop quickly. */
const MAX_RUNNING = 4;
/** Thumbnails kept after their tiles went (about two screens of 2560 px). */
const KEEP_UNUSED = 300;
/** How long a tile mounted while the window scrolls waits before it asks (ms). */
const SETTLE_MS = 120;

type Listener = (thumbnail: Blob | null) => void;

interface Job {
  photoId: string;
  listeners: Set<Listener>;
  started: boolean;
  /** A tile showing it is in the window (not only in the rows drawn around it). */
  inView: boolean;
  /** The task it was asked in (tiles mounted together share one); later ones go first. */
  batch: number;
  /** Not started before this time (performance.now()). */
  notBefore: number;
}

interface Kept {
  thumbnail: Blob;
  users: number;
}

const waiting = new Map<string, Job>();
const running = new Map<string, Job>();
/** Insertion order is the order of last use: the first unused one goes first. */
const kept = new Map<string, Kept>();
let pumping = false;
let batch = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
let timerAt = Infinity;

/** When the window last scrolled (performance.now()); watched from the first request on. */
let lastScrollAt = -Infinity;
let watchingScroll = false;
function watchScroll(): void {
  if (watchingScroll || typeof window === 'undefined') return;
  watchingScroll = true;
  window.addEventListener(
    'scroll',
    () => {
      lastScrollAt = performance.now();
    },
    { passive: true },
  );
}

/** Whether `a` should start before `b`. */
function before(a: Job, b: Job): boolean {
  if (a.inView !== b.inView) return a.inView;
  return a.batch > b.batch; // same batch: the first asked (Map order) stays first
}

function pump(): void {
  if (pumping) return;
  pumping = true;
  // After the current task: a tile that mounts and unmounts at once (StrictMode, a fast scroll)
  // has let go by then and costs nothing.
  queueMicrotask(() => {
    pumping = false;
    batch++;
    startDue();
  });
}

function startDue(): void {
  const now = performance.now();
  while (running.size < MAX_RUNNING) {
    let best: Job | null = null;
    for (const job of waiting.values()) {
      if (job.notBefore <= now && (!best || before(job, best))) best = job;
    }
    if (!best) break;
    waiting.delete(best.photoId);
    start(best);
  }
  // The earliest one still waiting for its tile to settle: look again then.
  let next = Infinity;
  for (const job of waiting.values()) if (job.notBefore > now) next = Math.min(next, job.notBefore);
  if (next === Infinity || next >= timerAt) return;
  if (timer) clearTimeout(timer);
  timerAt = next;
  timer = setTimeout(
    () => {
      timer = null;
      timerAt = Infinity;
      startDue();
    },
    next - now + 1,
  );
}

function start(job: Job): void {
  job.started = true;
  running.set(job.photoId, job);
  getCryptoWorker()
    .photoImage(job.photoId, 'thumbnail')
    .then((thumbnail) => {
      if (job.listeners.size === 0) return;
      kept.set(job.photoId, { thumbnail, users: 0 });
      for (const listener of job.listeners) listener(thumbnail);
    })
    .catch((error: unknown) => {
      console.warn(`photo ${job.photoId}: its thumbnail did not load`, error);
      for (const listener of job.listeners) listener(null);
    })
    .finally(() => {
      running.delete(job.photoId);
      startDue();
    });
}

function hold(photoId: string): Blob | null {
  const entry = kept.get(photoId);
  if (!entry) return null;
  entry.users++;
  kept.delete(photoId); // to the end: most recently used
  kept.set(photoId, entry);
  return entry.thumbnail;
}

function release(photoId: string): void {
  const entry = kept.get(photoId);
  if (!entry) return;
  entry.users--;
  let unused = 0;
  for (const item of kept.values()) if (item.users === 0) unused++;
  for (const [id, item] of kept) {
    if (unused <= KEEP_UNUSED) break;
    if (item.users > 0) continue;
    kept.delete(id);
    unused--;
  }
}

/**
 * Forgets every thumbnail: the library left the screen (it locked). Nothing here holds a
 * decrypted thumbnail after this: requests waiting are dropped and results still running are
 * dropped when they arrive (the tiles, and their canvases, are gone with the library).
 */
export function forgetThumbnails(): void {
  for (const job of [...waiting.values(), ...running.values()]) job.listeners.clear();
  waiting.clear();
  kept.clear();
}

/** What a tile holds while it wants a thumbnail. */
export interface ThumbnailRequest {
  /** The tile came into the window or left it (for the queue's order). */
  setInView: (inView: boolean) => void;
  /** The thumbnail is no longer shown (or no longer wanted). */
  release: () => void;
}

/**
 * Asks for a photo's thumbnail; `onThumbnail` gets it (or null when it failed), unless the
 * request was released first. Release it when the thumbnail is no longer shown.
 */
export function requestThumbnail(
  photoId: string,
  onThumbnail: Listener,
  inView = true,
): ThumbnailRequest {
  let holding = false;
  const listener: Listener = (thumbnail) => {
    if (thumbnail) holding = hold(photoId) !== null;
    onThumbnail(thumbnail);
  };
  const ready = hold(photoId);
  if (ready) {
    onThumbnail(ready);
    return {
      setInView: () => undefined,
      release: () => {
        release(photoId);
      },
    };
  }
  watchScroll();
  let job = waiting.get(photoId) ?? running.get(photoId);
  if (!job) {
    const now = performance.now();
    const scrolling = now - lastScrollAt < SETTLE_MS;
    job = {
      photoId,
      listeners: new Set(),
      started: false,
      inView,
      batch,
      notBefore: scrolling ? now + SETTLE_MS : now,
    };
    waiting.set(photoId, job);
  } else if (!job.started) {
    waiting.delete(photoId); // to the end: asked for again, so wanted soonest
    waiting.set(photoId, job);
    job.batch = batch;
    job.inView ||= inView;
  }
  const own = job;
  own.listeners.add(listener);
  pump();
  return {
    setInView: (now) => {
      if (own.started || own.inView === now) return;
      own.inView = now;
      if (now) pump();
    },
    release: () => {
      own.listeners.delete(listener);
      if (!own.started && own.listeners.size === 0) waiting.delete(photoId);
      if (holding) release(photoId);
    },
  };
}

/**
 * The decrypted thumbnail (null before), and whether it failed. `inView`: the tile is in the
 * window, not only drawn around it; such tiles are served first.
 */
export function useThumbnail(
  photoId: string,
  inView = true,
): { thumbnail: Blob | null; failed: boolean } {
  const [result, setResult] = useState<{ photoId: string; thumbnail: Blob | null } | null>(null);
  const request = useRef<ThumbnailRequest | null>(null);
  const latestInView = useRef(inView);
  // A layout effect: the request goes out with the commit that mounts the tile, before it is
  // painted with its placeholder, not a frame later.
  useLayoutEffect(() => {
    const asked = requestThumbnail(
      photoId,
      (thumbnail) => {
        setResult({ photoId, thumbnail });
      },
      latestInView.current,
    );
    request.current = asked;
    return () => {
      request.current = null;
      asked.release();
    };
  }, [photoId]);
  useEffect(() => {
    latestInView.current = inView;
    request.current?.setInView(inView);
  }, [inView]);
  const current = result?.photoId === photoId ? result : null;
  return {
    thumbnail: current?.thumbnail ?? null,
    failed: current !== null && current.thumbnail === null,
  };
}
