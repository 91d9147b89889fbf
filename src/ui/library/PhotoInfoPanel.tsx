import { FormError } from '../FormError';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { PhotoDetails } from '../../core/library/librarySession';
import { getCryptoWorker } from '../workers/cryptoWorker';
import {
  cameraLabel,
  durationLabel,
  exposureLabel,
  filePath,
  megabytes,
  takenLabel,
} from './format';
import { usePhotoUrl } from './usePhotoUrl';
import { useWorkerResult } from './useWorkerResult';

interface PhotoInfoPanelProps {
  photoId: string;
  onClose: () => void;
}

/** A photo's preview and what its file says about it. Esc or Close closes it. */
export function PhotoInfoPanel({ photoId, onClose }: PhotoInfoPanelProps) {
  // value: undefined while loading or when it failed; null when the photo is gone.
  const details = useWorkerResult(`photo ${photoId}: details`, true, () =>
    getCryptoWorker().photoDetails(photoId),
  );
  const preview = usePhotoUrl(photoId, 'preview');
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    closeButton.current?.focus();
  }, []);
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [onClose]);

  // The Close button is the dialog's only control: Tab stays on it (the page behind is inert).
  const keepFocus = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    event.preventDefault();
    closeButton.current?.focus();
  };

  const name = details.value ? filePath(details.value.folder, details.value.fileName) : '';
  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Photo details"
        className="photo-info"
        onKeyDown={keepFocus}
      >
        <div className="photo-info-bar">
          <h2>{details.value?.fileName ?? 'Photo'}</h2>
          <button ref={closeButton} type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
        <div className="photo-info-preview">
          {preview.url && <img src={preview.url} alt={`Preview of ${name || 'the photo'}`} />}
          {preview.failed && <p className="error">The preview could not be shown.</p>}
        </div>
        {details.value && <PhotoFacts details={details.value} />}
        {details.value === null && <p>This photo is no longer in the library.</p>}
        {details.failed && <FormError message="This photo's details could not be read." />}
      </div>
    </div>
  );
}

function PhotoFacts({ details }: { details: PhotoDetails }) {
  const { takenAt, gps, camera, lens, exposure } = details;
  const facts: [string, string][] = [['Taken', takenLabel(takenAt)]];
  if (gps) facts.push(['Place', `${gps.latitude.toFixed(5)}, ${gps.longitude.toFixed(5)}`]);
  const cameraName = camera ? cameraLabel(camera.make, camera.model) : '';
  if (cameraName) facts.push(['Camera', cameraName]);
  if (lens) facts.push(['Lens', lens]);
  const settings = exposure ? exposureLabel(exposure) : '';
  if (settings) facts.push(['Exposure', settings]);
  if (details.durationS !== null) facts.push(['Length', durationLabel(details.durationS)]);
  facts.push(['Size', `${details.width} × ${details.height}`]);
  facts.push(['File', filePath(details.folder, details.fileName)]);
  facts.push(['File size', megabytes(details.size)]);

  return (
    <dl className="photo-facts">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
