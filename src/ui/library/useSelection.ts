import { useCallback, useEffect, useMemo, useState } from 'react';

/** The photos picked on the timeline (or any view drawn by it), for the selection's actions. */
export interface Selection {
  selected: ReadonlySet<string>;
  /** The photo last clicked on its own: where a shift-click range starts. */
  anchor: string | null;
  /** Selects the photo if it was not, else deselects it; it becomes the anchor. */
  toggle: (photoId: string) => void;
  /** Selects (or deselects) all of `photoIds` at once; `anchor`, when given, becomes the anchor. */
  setMany: (photoIds: readonly string[], selected: boolean, anchor?: string) => void;
  clear: () => void;
}

interface State {
  selected: ReadonlySet<string>;
  anchor: string | null;
}

const empty: State = { selected: new Set(), anchor: null };

/** A selection of photos, cleared by Esc (unless something else handled the key first). */
export function useSelection(): Selection {
  const [state, setState] = useState<State>(empty);

  const toggle = useCallback((photoId: string) => {
    setState(({ selected }) => {
      const next = new Set(selected);
      if (!next.delete(photoId)) next.add(photoId);
      return { selected: next, anchor: photoId };
    });
  }, []);

  const setMany = useCallback((photoIds: readonly string[], on: boolean, anchor?: string) => {
    setState((previous) => {
      const next = new Set(previous.selected);
      for (const id of photoIds) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return { selected: next, anchor: anchor ?? previous.anchor };
    });
  }, []);

  const clear = useCallback(() => {
    setState(empty);
  }, []);

  const selecting = state.selected.size > 0;
  useEffect(() => {
    if (!selecting) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // Esc in a dialog (the album picker, the viewer) closes that dialog, not the selection.
      if (event.target instanceof Element && event.target.closest('dialog, [role="dialog"]'))
        return;
      event.preventDefault();
      clear();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
    };
  }, [selecting, clear]);

  return useMemo(
    () => ({ selected: state.selected, anchor: state.anchor, toggle, setMany, clear }),
    [state, toggle, setMany, clear],
  );
}
