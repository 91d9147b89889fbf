/**
 * ThumbHash placeholders for the tiles. Decoding one into a PNG data URL takes ~0.1-0.2 ms of
 * JavaScript, and a jump of the scrubber mounts ~80 tiles, each its own photo: done on the main
 * thread, that was ~10-20 ms per frame. So the main thread takes only the hash's average colour
 * (a few operations), and the image is made in a worker (workers/placeholder.worker.ts), asked in
 * batches and kept; tiles show it when it comes (usePlaceholder).
 */
import { useSyncExternalStore } from 'react';
import { thumbHashToAverageRGBA } from 'thumbhash';
import type { PlaceholderService } from '../../../workers/placeholder.worker';
import { optionalWorker } from '../workers/optionalWorker';

/** Data URLs made (null: the hash was damaged), most recently used last. */
const made = new Map<string, string | null>();
const KEEP = 2000;
const colours = new Map<string, string | null>();

const asked = new Set<string>();
let batch: string[] = [];
const listeners = new Map<string, Set<() => void>>();

/** null when it could not start: no placeholder images then, only their average colour. */
const worker = optionalWorker<PlaceholderService>(
  () =>
    new Worker(new URL('../../../workers/placeholder.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pinhole-placeholders',
    }),
);

function bytesOf(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function remember(base64: string, url: string | null): void {
  made.set(base64, url);
  if (made.size > KEEP) made.delete(made.keys().next().value ?? '');
  for (const listener of listeners.get(base64) ?? []) listener();
}

/** Asks the worker for `base64`'s image, with the others asked in the same task. */
function ask(base64: string): void {
  if (asked.has(base64)) return;
  asked.add(base64);
  batch.push(base64);
  if (batch.length > 1) return;
  queueMicrotask(() => {
    const hashes = batch;
    batch = [];
    const remote = worker();
    const done = remote ? remote.dataUrls(hashes) : Promise.resolve(hashes.map(() => null));
    void done
      .catch(() => hashes.map(() => null))
      .then((urls) => {
        hashes.forEach((hash, index) => {
          asked.delete(hash);
          remember(hash, urls[index] ?? null);
        });
      });
  });
}

/** Starts the worker ahead of the first tiles (the timeline calls it as it mounts). */
export function warmUpPlaceholders(): void {
  worker();
}

/** The image for a ThumbHash (base64) if made already; else asks for it and returns null. */
export function placeholderUrl(base64: string): string | null {
  if (!base64) return null;
  const known = made.get(base64);
  if (known !== undefined) return known;
  ask(base64);
  return null;
}

/** The hash's average colour as CSS, at once; null when missing or damaged. */
export function placeholderColour(base64: string): string | null {
  if (!base64) return null;
  let colour = colours.get(base64);
  if (colour === undefined) {
    try {
      const { r, g, b } = thumbHashToAverageRGBA(bytesOf(base64));
      const byte = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 255);
      colour = `rgb(${String(byte(r))} ${String(byte(g))} ${String(byte(b))})`;
    } catch {
      colour = null;
    }
    colours.set(base64, colour);
    if (colours.size > KEEP) colours.delete(colours.keys().next().value ?? '');
  }
  return colour;
}

/** A tile's placeholder image: null until the worker has made it (or when there is none). */
export function usePlaceholder(base64: string): string | null {
  return useSyncExternalStore(
    (onChange) => {
      let set = listeners.get(base64);
      if (!set) listeners.set(base64, (set = new Set()));
      set.add(onChange);
      return () => {
        set.delete(onChange);
        if (set.size === 0) listeners.delete(base64);
      };
    },
    () => placeholderUrl(base64),
  );
}
