/**
 * Decrypted thumbnails for the tiles on screen. A tile asks when it mounts (the virtualised
 * timeline mounts only the rows in view and a few around) and lets go when it unmounts:
 *
 * - Requests wait in a queue, a few at a time to the crypto worker, newest first (the tiles just
 *   scrolled to). A request let go before it started is never sent: the worker call itself
 *   cannot be aborted, so scrolling past a screen of tiles must not leave a screen of calls.
 * - A result that arrives after its tile left is dropped without ever becoming an object URL.
 * - Object URLs are counted by the tiles showing them. Unused ones stay a while (a row scrolled
 *   back into view, or remounted when its month is read again, shows at once), at most
 *   KEEP_UNUSED of them; older ones are revoked, so memory stays bounded however far one scrolls.
 */
import { useEffect, useState } from 'react';
import { getCryptoWorker } from '../workers/cryptoWorker';

/** Worker calls at once: enough to keep the worker busy, few enough to stop quickly. */
const MAX_RUNNING = 4;
/** Object URLs kept after their tiles went (about two screens of 2560 px). */
const KEEP_UNUSED = 300;

type Listener = (url: string | null) => void;

interface Job {
  photoId: string;
  listeners: Set<Listener>;
  started: boolean;
}

interface Kept {
  url: string;
  users: number;
}

const waiting = new Map<string, Job>();
const running = new Map<string, Job>();
/** Insertion order is the order of last use: the first unused one goes first. */
const kept = new Map<string, Kept>();
let pumping = false;

function pump(): void {
  if (pumping) return;
  pumping = true;
  // After the current task: a tile that mounts and unmounts at once (StrictMode, a fast scroll)
  // has let go by then and costs nothing.
  queueMicrotask(() => {
    pumping = false;
    while (running.size < MAX_RUNNING && waiting.size > 0) {
      const job = [...waiting.values()].at(-1);
      if (!job) break;
      waiting.delete(job.photoId);
      start(job);
    }
  });
}

function start(job: Job): void {
  job.started = true;
  running.set(job.photoId, job);
  getCryptoWorker()
    .photoImage(job.photoId, 'thumbnail')
    .then(
      (blob) => {
        if (job.listeners.size === 0) return;
        const url = URL.createObjectURL(blob);
        kept.set(job.photoId, { url, users: 0 });
        for (const listener of job.listeners) listener(url);
      },
      (error: unknown) => {
        console.warn(`photo ${job.photoId}: its thumbnail did not load`, error);
        for (const listener of job.listeners) listener(null);
      },
    )
    .finally(() => {
      running.delete(job.photoId);
      pump();
    });
}

function hold(photoId: string): string | null {
  const entry = kept.get(photoId);
  if (!entry) return null;
  entry.users++;
  kept.delete(photoId); // to the end: most recently used
  kept.set(photoId, entry);
  return entry.url;
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
    URL.revokeObjectURL(item.url);
    kept.delete(id);
    unused--;
  }
}

/**
 * Asks for a photo's thumbnail; `onUrl` gets its object URL (or null when it failed), unless
 * the returned function was called first. Call that function when the URL is no longer shown.
 */
export function requestThumbnail(photoId: string, onUrl: Listener): () => void {
  let holding = false;
  const listener: Listener = (url) => {
    if (url) holding = hold(photoId) !== null;
    onUrl(url);
  };
  const ready = hold(photoId);
  if (ready) {
    holding = true;
    onUrl(ready);
    return () => {
      release(photoId);
    };
  }
  let job = waiting.get(photoId) ?? running.get(photoId);
  if (!job) {
    job = { photoId, listeners: new Set(), started: false };
    waiting.set(photoId, job);
  } else if (!job.started) {
    waiting.delete(photoId); // to the end: asked for again, so wanted soonest
    waiting.set(photoId, job);
  }
  const own = job;
  own.listeners.add(listener);
  pump();
  return () => {
    own.listeners.delete(listener);
    if (!own.started && own.listeners.size === 0) waiting.delete(photoId);
    if (holding) release(photoId);
  };
}

/** The thumbnail's object URL once decrypted (null before), and whether it failed. */
export function useThumbnail(photoId: string): { url: string | null; failed: boolean } {
  const [result, setResult] = useState<{ photoId: string; url: string | null } | null>(null);
  useEffect(
    () =>
      requestThumbnail(photoId, (url) => {
        setResult({ photoId, url });
      }),
    [photoId],
  );
  const current = result?.photoId === photoId ? result : null;
  return { url: current?.url ?? null, failed: current !== null && current.url === null };
}
