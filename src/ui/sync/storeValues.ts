/** The bucket form's values, and the settings they make (no build-time input: testable in Node). */
import type { StorePresetId } from '../../core/store/presets';
import type { StoreSettings } from '../../core/sync/syncController';

/** The preset of `npm start`'s dev store (see devStore.ts). */
export const devStorePresetId = 'devStore';

export type FormPresetId = StorePresetId | typeof devStorePresetId;

export interface StoreFormValues {
  preset: FormPresetId;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  /** Never read back from the worker: typed again whenever the settings change. */
  secretAccessKey: string;
  pathStyle: boolean;
}

/** The settings the worker takes, or a sentence naming the first thing to fix. */
export function settingsFromValues(values: StoreFormValues): StoreSettings | string {
  const endpoint = values.endpoint.trim().replace(/\/+$/, '');
  if (!endpoint) return 'Enter the endpoint: the address of your storage service.';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `"${endpoint}" is not a web address. An endpoint looks like https://s3.eu-west-1.amazonaws.com.`;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return 'The endpoint must start with https:// (plain http:// only for a store on this computer).';
  }
  const region = values.region.trim();
  const bucket = values.bucket.trim();
  const accessKeyId = values.accessKeyId.trim();
  const secretAccessKey = values.secretAccessKey.trim();
  if (!region) return 'Enter the region (see the hint under it).';
  if (!bucket) return 'Enter the name of the bucket.';
  if (!accessKeyId) return 'Enter the access key ID.';
  if (!secretAccessKey) return 'Enter the secret access key (it is never shown again once saved).';
  return {
    location: {
      endpoint,
      region,
      bucket,
      accessKeyId,
      secretAccessKey,
      // A bucket name with dots breaks virtual-host TLS (a certificate covers one label).
      pathStyle: values.pathStyle || bucket.includes('.'),
    },
    prefix: values.prefix.trim(),
  };
}
