import { useRef, useState, type DragEvent } from 'react';
import { collectDropped, droppedItems, type CollectedFiles } from './droppedFiles';

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * Dropping files and folders onto an element: `dragging` while files are held over it (for the
 * overlay), `reading` while dropped folders are walked, then `onFiles` with what they held.
 */
export function useFileDrop(onFiles: (collected: CollectedFiles) => void) {
  const [dragging, setDragging] = useState(false);
  const [reading, setReading] = useState(false);
  // dragenter and dragleave fire for every child crossed: count them.
  const depth = useRef(0);

  const handlers = {
    onDragEnter(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current++;
      setDragging(true);
    },
    onDragOver(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault(); // allows the drop
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave(event: DragEvent) {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      const items = droppedItems(event.dataTransfer); // now: the items empty after this event
      setReading(true);
      void collectDropped(items)
        .then(onFiles)
        .finally(() => {
          setReading(false);
        });
    },
  };

  return { dragging, reading, handlers };
}
