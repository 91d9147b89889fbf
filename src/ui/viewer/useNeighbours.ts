import { useCallback, useEffect, useState } from 'react';
import type { TimelineEntry } from '../../core/library/timeline';
import type { LibraryView } from '../../core/library/views';
import { viewerApi } from './viewerApi';

type Step = 1 | -1;
type Adjacent = TimelineEntry | null;

/** Asks once per (view, photo, step); each answer also tells us the entry it names. */
class NeighbourCache {
  private readonly asked = new Map<string, Promise<Adjacent>>();
  /** Every entry seen, by id: kind, size and favourite of photos the viewer has shown. */
  readonly entries = new Map<string, TimelineEntry>();

  adjacent(view: LibraryView, photoId: string, step: Step): Promise<Adjacent> {
    const key = `${JSON.stringify(view)} ${photoId} ${String(step)}`;
    let answer = this.asked.get(key);
    if (!answer) {
      answer = viewerApi()
        .adjacentPhoto(view, photoId, step)
        .then((entry) => {
          if (entry) this.entries.set(entry.id, entry);
          return entry;
        });
      // A failed question is asked again next time.
      answer.catch(() => this.asked.delete(key));
      this.asked.set(key, answer);
    }
    return answer;
  }

  /** After the library changed (a photo trashed): the order may have too. */
  forget(): void {
    this.asked.clear();
  }
}

interface Known {
  photoId: string;
  previous: Adjacent | undefined;
  next: Adjacent | undefined;
}

/**
 * The photos before and after `photoId` in `view` (undefined until known, null at an end), and
 * the current photo's own entry: found through a neighbour, since the viewer is opened with an id
 * only (the neighbour's neighbour back is this photo).
 */
export function useNeighbours(view: LibraryView, photoId: string) {
  const [cache] = useState(() => new NeighbourCache());
  const [known, setKnown] = useState<Known>({ photoId, previous: undefined, next: undefined });
  const [, setEntriesVersion] = useState(0);
  const viewKey = JSON.stringify(view);

  useEffect(() => {
    const run = { live: true };
    const parsed = JSON.parse(viewKey) as LibraryView;
    const settle = (step: Step, entry: Adjacent) => {
      if (!run.live) return;
      setKnown((previous) => {
        const base =
          previous.photoId === photoId
            ? previous
            : { photoId, previous: undefined, next: undefined };
        return step === 1 ? { ...base, next: entry } : { ...base, previous: entry };
      });
    };
    void (async () => {
      try {
        const [next, previous] = await Promise.all([
          cache.adjacent(parsed, photoId, 1).then((entry) => (settle(1, entry), entry)),
          cache.adjacent(parsed, photoId, -1).then((entry) => (settle(-1, entry), entry)),
        ]);
        if (cache.entries.has(photoId)) return;
        if (next) await cache.adjacent(parsed, next.id, -1);
        else if (previous) await cache.adjacent(parsed, previous.id, 1);
        if (run.live) setEntriesVersion((version) => version + 1);
      } catch (error) {
        console.warn(`photo ${photoId}: its neighbours did not load`, error);
      }
    })();
    return () => {
      run.live = false;
    };
  }, [cache, viewKey, photoId]);

  const current = known.photoId === photoId ? known : null;
  const adjacent = useCallback(
    (step: Step) => cache.adjacent(JSON.parse(viewKey) as LibraryView, photoId, step),
    [cache, viewKey, photoId],
  );
  const forget = useCallback(() => {
    cache.forget();
  }, [cache]);
  return {
    previous: current?.previous,
    next: current?.next,
    /** The entry of a photo the viewer has seen through adjacentPhoto, if any. */
    entry: cache.entries.get(photoId),
    adjacent,
    forget,
  };
}
