import { useEffect, useState } from 'react';
import type { PublicStoreSettings } from '../../core/sync/syncController';
import { FormError } from '../FormError';
import { describeError } from '../errors';
import { useAsyncAction } from '../vault/useAsyncAction';
import { getCryptoWorker } from '../workers/cryptoWorker';
import { ConnectionTest } from './ConnectionTest';
import { DeviceSpace } from './DeviceSpace';
import { StoreFields } from './StoreFields';
import { devStore } from './devStore';
import {
  initialValues,
  settingsFromValues,
  valuesFromSaved,
  type StoreFormValues,
} from './storeForm';

/**
 * Settings > Storage: the bucket the library syncs with. The worker keeps the settings sealed
 * and never gives the secret back, so changing anything means typing the secret again.
 */
export function StorageSettings() {
  const [saved, setSaved] = useState<PublicStoreSettings | null | 'loading'>('loading');
  const [values, setValues] = useState<StoreFormValues>(initialValues);
  const [done, setDone] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, error, run, submit } = useAsyncAction();

  useEffect(() => {
    const left = new AbortController(); // the panel closed before the answer came
    void (async () => {
      try {
        const settings = await getCryptoWorker().storeSettings();
        if (left.signal.aborted) return;
        setSaved(settings);
        if (settings) setValues(valuesFromSaved(settings));
      } catch (caught) {
        if (!left.signal.aborted) setLoadError(describeError(caught));
      }
    })();
    return () => {
      left.abort();
    };
  }, []);

  const onSubmit = submit(
    () => {
      setDone(null);
      const settings = settingsFromValues(values);
      return typeof settings === 'string' ? settings : null;
    },
    async () => {
      const settings = settingsFromValues(values);
      if (typeof settings === 'string') return; // checked just before
      await getCryptoWorker().configureStore(settings);
      const { endpoint, region, bucket, accessKeyId, pathStyle } = settings.location;
      setSaved({
        prefix: settings.prefix,
        location: { endpoint, region, bucket, accessKeyId, pathStyle },
      });
      // Not kept on screen once saved (the dev store's is in the build anyway).
      if (!devStore()) setValues({ ...values, secretAccessKey: '' });
      setDone('Saved. Your library now syncs in the background; the status is at the top.');
    },
  );

  const turnOff = () =>
    run(async () => {
      setDone(null);
      await getCryptoWorker().configureStore(null);
      setSaved(null);
      setDone('Sync is off. Nothing was deleted from the bucket or from this browser.');
    });

  return (
    <>
      <form
        className="stack storage-settings"
        aria-labelledby="storage-heading"
        aria-busy={busy}
        onSubmit={onSubmit}
      >
        <h3 id="storage-heading">Storage</h3>
        <p className="hint">
          Sync your library, encrypted, to an S3-compatible bucket of your own, and open it on your
          other devices. The bucket only ever sees ciphertext under random names.
        </p>
        <FormError message={loadError} />
        {saved !== 'loading' && (
          <p>
            {saved
              ? `Syncing with the bucket "${saved.location.bucket}" at ${saved.location.endpoint}${saved.prefix ? `, folder ${saved.prefix}` : ''}.`
              : 'Sync is off: this library lives in this browser only.'}
          </p>
        )}
        <StoreFields
          values={values}
          onChange={setValues}
          secretHint={
            saved && saved !== 'loading'
              ? 'Saved and never shown again: type it again to change these settings.'
              : undefined
          }
        />
        <ConnectionTest settings={() => settingsFromValues(values)} preset={values.preset} />
        <FormError message={error} />
        {done && <p role="status">{done}</p>}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save and sync'}
          </button>
          {saved && saved !== 'loading' && (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => void turnOff()}
            >
              Turn off sync
            </button>
          )}
        </div>
      </form>
      {saved && saved !== 'loading' && <DeviceSpace />}
    </>
  );
}
