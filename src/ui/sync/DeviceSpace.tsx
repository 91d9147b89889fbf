import { useId, useState } from 'react';
import type { LocalSpace } from '../../core/library/librarySession';
import { FormError } from '../FormError';
import { useWorkerResult } from '../library/useWorkerResult';
import { useAsyncAction } from '../vault/useAsyncAction';
import { getCryptoWorker } from '../workers/cryptoWorker';
import { count } from '../library/format';
import { bytesText } from './syncStatusText';

/** Where the originals are, in a sentence or two. */
function spaceText(space: LocalSpace): string {
  const { onDevice, freeable, cloudOnly } = space;
  const parts = [
    `Originals on this device: ${count(onDevice.photos, 'photo')}, ${bytesText(onDevice.bytes)}` +
      (freeable.photos > 0 && freeable.photos < onDevice.photos
        ? ` (${bytesText(freeable.bytes)} of them already in your storage).`
        : '.'),
  ];
  if (cloudOnly.photos > 0) {
    parts.push(
      `In your storage only: ${count(cloudOnly.photos, 'photo')}, ${bytesText(cloudOnly.bytes)}.`,
    );
  }
  return parts.join(' ');
}

/**
 * Settings > Storage > Space on this device: originals kept in the bucket only ("free up
 * space"), fetched again when one is opened at full size or downloaded. Shown while sync is on.
 */
export function DeviceSpace() {
  const loaded = useWorkerResult('local space', true, () => getCryptoWorker().localSpace());
  // Read again after each action, so what was freed shows at once.
  const [updated, setUpdated] = useState<LocalSpace | null>(null);
  const space = updated ?? loaded.value;
  const [done, setDone] = useState<string | null>(null);
  // The box ticks at once; dropping originals may take a moment.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const { busy, error, run } = useAsyncAction();
  const checkboxHint = useId();

  const freeUp = () =>
    run(async () => {
      setDone(null);
      const freed = await getCryptoWorker().freeUpSpace();
      setDone(
        freed.photos === 0
          ? 'Nothing to free: every original here is still waiting to upload.'
          : `Freed ${bytesText(freed.bytes)}: ${count(freed.photos, 'photo')} now have their original in your storage only.`,
      );
      setUpdated(await getCryptoWorker().localSpace());
    });

  const setCloudOnly = (cloudOnly: boolean) =>
    run(async () => {
      setDone(null);
      setChosen(cloudOnly);
      try {
        await getCryptoWorker().setOriginalsInCloudOnly(cloudOnly);
        setUpdated(await getCryptoWorker().localSpace());
      } finally {
        setChosen(null);
      }
      setDone(
        cloudOnly
          ? 'Originals now go to your storage only, once uploaded.'
          : 'New and opened originals stay on this device again.',
      );
    });

  return (
    <section className="stack device-space" aria-labelledby="device-space-heading" aria-busy={busy}>
      <h3 id="device-space-heading">Space on this device</h3>
      <FormError
        message={loaded.failed ? 'Could not read how much space the library uses.' : null}
      />
      {!space && !loaded.failed && <p>Reading how much space the library uses…</p>}
      {space && (
        <>
          <p data-testid="device-space">{spaceText(space)}</p>
          <div className="check">
            <label>
              <input
                type="checkbox"
                checked={chosen ?? space.originalsInCloudOnly}
                disabled={busy}
                aria-describedby={checkboxHint}
                onChange={(event) => void setCloudOnly(event.target.checked)}
              />{' '}
              Keep originals in my storage only
            </label>
            <p className="hint" id={checkboxHint}>
              Thumbnails and previews stay here, so the library still opens and browses offline. An
              original is downloaded when you zoom in on it or download it. Originals not yet
              uploaded are never removed.
            </p>
          </div>
          <FormError message={error} />
          {done && <p role="status">{done}</p>}
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={busy || space.freeable.photos === 0}
              onClick={() => void freeUp()}
            >
              {space.freeable.photos > 0
                ? `Free up ${bytesText(space.freeable.bytes)} now`
                : 'Free up space now'}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
