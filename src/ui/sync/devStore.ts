/**
 * The local dev store `npm start` runs (scripts/start.ts), baked into that build only as
 * VITE_PINHOLE_DEV_STORE, so a new user can try sync with nothing to type. Normal builds have
 * no such variable, hence no preset and no credentials.
 */
import type { S3Location } from '../../core/store/s3';

export { devStorePresetId } from './storeValues';

let parsed: S3Location | null | undefined;

/** The dev store's location, or null in a build without one. */
export function devStore(): S3Location | null {
  if (parsed !== undefined) return parsed;
  parsed = parse(import.meta.env.VITE_PINHOLE_DEV_STORE);
  return parsed;
}

function parse(json: string | undefined): S3Location | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as Partial<Record<keyof S3Location, unknown>>;
    const text = (name: keyof S3Location): string => {
      const field = value[name];
      if (typeof field !== 'string' || field === '') throw new TypeError(`no ${name}`);
      return field;
    };
    return {
      endpoint: text('endpoint'),
      region: text('region'),
      bucket: text('bucket'),
      accessKeyId: text('accessKeyId'),
      secretAccessKey: text('secretAccessKey'),
      pathStyle: value.pathStyle !== false,
    };
  } catch (error) {
    // A malformed variable is a broken start script, not the person's problem: no preset.
    console.error('VITE_PINHOLE_DEV_STORE is not valid', error);
    return null;
  }
}
