import type { PhotoDetails } from '../../core/library/librarySession';
import {
  cameraLabel,
  durationLabel,
  exposureLabel,
  filePath,
  megabytes,
  takenLabel,
} from '../library/format';

/** The facts a file gave about a photo, as label and value; only those it recorded. */
export function photoFacts(details: PhotoDetails): [string, string][] {
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
  return facts;
}

interface ViewerInfoProps {
  id: string;
  /** undefined while loading; null when the photo is no longer in the library. */
  details: PhotoDetails | null | undefined;
  failed: boolean;
}

/** The info panel: date, place, camera, lens, exposure, dimensions and file of the shown photo. */
export function ViewerInfo({ id, details, failed }: ViewerInfoProps) {
  return (
    <aside id={id} className="viewer-info" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Info</h2>
      {details && (
        <dl className="photo-facts">
          {photoFacts(details).map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {details === undefined && !failed && <p className="hint">Reading…</p>}
      {details === null && <p>This photo is no longer in the library.</p>}
      {failed && <p className="error">This photo’s details could not be read.</p>}
    </aside>
  );
}
