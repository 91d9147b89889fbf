import { FormError } from '../FormError';
import type { ImportProgress, SkippedFile, StorageStatus } from '../../core/import/types';
import { count, filePath, gigabytes, megabytes, timeLeftLabel, wasOrWere } from './format';

interface ImportPanelProps {
  progress: ImportProgress | null;
  /** Files the page could not read out of a dropped folder, shown with the worker's skipped. */
  unreadable: SkippedFile[];
  storage: StorageStatus | null;
  /** Dropped folders are still being walked. */
  reading: boolean;
  error: string | null;
  onPause: () => void;
  onResume: () => void;
  onCancel: () => void;
  onDismiss: () => void;
}

/** The import under way or just finished, what it skipped, and the browser storage it uses. */
export function ImportPanel(props: ImportPanelProps) {
  const { progress, unreadable, storage, reading, error } = props;
  const skipped = [...unreadable, ...(progress?.skipped ?? [])];
  const phase = progress?.phase ?? 'idle';

  return (
    <section role="region" aria-label="Import" className="import-panel">
      <FormError message={error} />
      {reading && <p role="status">Reading the dropped files and folders…</p>}
      {progress && (phase === 'running' || phase === 'paused') && (
        <ImportUnderWay
          progress={progress}
          onPause={props.onPause}
          onResume={props.onResume}
          onCancel={props.onCancel}
        />
      )}
      {progress && phase !== 'running' && phase !== 'paused' && phase !== 'idle' && (
        <ImportOutcome progress={progress} onDismiss={props.onDismiss} />
      )}
      {phase === 'idle' && unreadable.length > 0 && (
        <button type="button" className="secondary" onClick={props.onDismiss}>
          Dismiss
        </button>
      )}
      {skipped.length > 0 && <SkippedFiles skipped={skipped} />}
      {storage && <StorageUsage storage={storage} />}
    </section>
  );
}

interface UnderWayProps {
  progress: ImportProgress;
  onPause: () => void;
  onResume: () => void;
  onCancel: () => void;
}

function ImportUnderWay({ progress, onPause, onResume, onCancel }: UnderWayProps) {
  const paused = progress.phase === 'paused';
  const { doneFiles, totalFiles, doneBytes, totalBytes } = progress;
  return (
    <div className="import-status">
      <p>
        <strong>{paused ? 'Import paused' : 'Importing'}</strong>: {doneFiles} of {totalFiles} files
      </p>
      <p className="hint">
        {megabytes(doneBytes)} of {megabytes(totalBytes)}
        {!paused && (
          <>
            {' · '}
            {megabytes(progress.bytesPerSecond)}/s{' · '}
            {timeLeftLabel(progress.secondsLeft)}
          </>
        )}
      </p>
      <progress
        aria-label="Import progress"
        value={totalBytes > 0 ? doneBytes : doneFiles}
        max={totalBytes > 0 ? totalBytes : Math.max(1, totalFiles)}
      />
      <div className="actions">
        {paused ? (
          <button type="button" onClick={onResume}>
            Resume
          </button>
        ) : (
          <button type="button" className="secondary" onClick={onPause}>
            Pause
          </button>
        )}
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** What a finished, cancelled, failed or interrupted import came to. */
function ImportOutcome({
  progress,
  onDismiss,
}: {
  progress: ImportProgress;
  onDismiss: () => void;
}) {
  const { phase, importedFiles, duplicateFiles, unreadFiles } = progress;
  return (
    <div className="import-status">
      {phase === 'done' && <p role="status">Imported {count(importedFiles, 'photo')}.</p>}
      {phase === 'cancelled' && (
        <p role="status">
          Import cancelled. {count(importedFiles, 'photo')} imported before that stay in your
          library.
        </p>
      )}
      {phase === 'failed' && (
        <>
          <FormError message={progress.error ?? 'The import stopped.'} />
          <p role="status">
            {count(importedFiles, 'photo')} {wasOrWere(importedFiles)} imported before it stopped.
          </p>
        </>
      )}
      {phase === 'interrupted' && (
        <p role="status">
          An import was interrupted: {count(unreadFiles, 'file')} {wasOrWere(unreadFiles)} not read
          before the tab closed. Add the same files or folder again to finish — files already
          imported are recognised and not added twice.
        </p>
      )}
      {(phase === 'done' || phase === 'cancelled') && duplicateFiles > 0 && (
        <p>
          {count(duplicateFiles, 'file')} {wasOrWere(duplicateFiles)} already in your library and{' '}
          {wasOrWere(duplicateFiles)} not added again.
        </p>
      )}
      <button type="button" className="secondary" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

function SkippedFiles({ skipped }: { skipped: SkippedFile[] }) {
  return (
    <>
      <h3 className="skipped-heading">Not imported: {count(skipped.length, 'file')}</h3>
      {/* Scrolls when long; focusable so that keyboard users can scroll it too. */}
      <ul aria-label="Skipped files" className="skipped" tabIndex={0}>
        {skipped.map(({ name, folder, reason }, index) => (
          // Names repeat across folders and imports, and the list only grows: key by position.
          <li key={index}>
            {filePath(folder, name)} — {reason}
          </li>
        ))}
      </ul>
    </>
  );
}

function StorageUsage({ storage }: { storage: StorageStatus }) {
  return (
    <p className="hint storage">
      Using {megabytes(storage.usageBytes)} of {gigabytes(storage.quotaBytes)} of this
      browser&apos;s storage.{' '}
      {storage.persisted
        ? 'Storage is persistent: the browser will not clear it to free space.'
        : 'Storage is not persistent: the browser may clear it when space runs low.'}
    </p>
  );
}
