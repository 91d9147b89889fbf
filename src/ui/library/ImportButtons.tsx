import { useRef, type ChangeEvent } from 'react';
import type { ImportFile } from '../../core/import/types';
import { pickedFiles } from './droppedFiles';

const ACCEPT = 'image/*,video/*,.heic,.heif';

/** "Add photos" and "Add a folder": each opens the browser's picker through a hidden input. */
export function ImportButtons({ onFiles }: { onFiles: (files: ImportFile[]) => void }) {
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const picked = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    if (input.files && input.files.length > 0) onFiles(pickedFiles(input.files));
    input.value = ''; // so that picking the same files again is a change too
  };

  return (
    <>
      <button type="button" onClick={() => filesInput.current?.click()}>
        Add photos
      </button>
      <button type="button" className="secondary" onClick={() => folderInput.current?.click()}>
        Add a folder
      </button>
      <input
        ref={filesInput}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        data-testid="import-files"
        onChange={picked}
      />
      <input
        ref={(input) => {
          folderInput.current = input;
          // Not in React's types: set as the DOM property, which reflects to the attribute.
          if (input) input.webkitdirectory = true;
        }}
        type="file"
        hidden
        data-testid="import-folder"
        onChange={picked}
      />
    </>
  );
}
