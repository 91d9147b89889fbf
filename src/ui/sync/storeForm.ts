/**
 * The bucket form's values and the rules between them: a preset fills the endpoint, region and
 * addressing; what the person typed becomes StoreSettings, or a sentence saying what is missing.
 */
import { presetEndpoint, storePresets } from '../../core/store/presets';
import type { PublicStoreSettings } from '../../core/sync/syncController';
import { devStore } from './devStore';
import { devStorePresetId, type FormPresetId, type StoreFormValues } from './storeValues';

export { settingsFromValues, type FormPresetId, type StoreFormValues } from './storeValues';

export interface PresetChoice {
  id: FormPresetId;
  name: string;
  regionHint: string;
  corsHowTo: string;
}

/** The presets the select offers: the build's dev store first, when `npm start` made it. */
export function presetChoices(): PresetChoice[] {
  const dev = devStore();
  const choices: PresetChoice[] = storePresets.map(({ id, name, regionHint, corsHowTo }) => ({
    id,
    name,
    regionHint,
    corsHowTo,
  }));
  if (!dev) return choices;
  return [
    {
      id: devStorePresetId,
      name: 'Local dev store (npm start)',
      regionHint:
        'Filled in by npm start. This dev store (s3rver) ignores If-None-Match, so "Test connection" stops at "Refuse to overwrite it"; sync works all the same.',
      corsHowTo: 'npm start gives its dev store the CORS rule for this page already.',
    },
    ...choices,
  ];
}

/** The endpoint a preset suggests for a region, or '' when the person must type it. */
export function suggestedEndpoint(preset: FormPresetId, region: string): string {
  if (preset === devStorePresetId) return devStore()?.endpoint ?? '';
  const found = storePresets.find((p) => p.id === preset);
  if (!found) return '';
  try {
    return presetEndpoint(found, { region: region || found.defaultRegion });
  } catch {
    return ''; // R2's account id, a self-hosted server's address: only the person knows them
  }
}

/** What the endpoint field shows while empty: the preset's template, placeholders in words. */
export function endpointPlaceholder(preset: FormPresetId): string {
  const found = storePresets.find((p) => p.id === preset);
  if (!found || found.endpointTemplate === '') return 'https://s3.example.com';
  return found.endpointTemplate.replace('{accountId}', 'ACCOUNT_ID').replace('{region}', 'REGION');
}

/** Every field as the preset has it; the bucket, keys and prefix kept from `previous`. */
export function valuesForPreset(preset: FormPresetId, previous?: StoreFormValues): StoreFormValues {
  const dev = preset === devStorePresetId ? devStore() : null;
  if (dev) {
    return {
      preset,
      endpoint: dev.endpoint,
      region: dev.region,
      bucket: dev.bucket,
      prefix: previous?.prefix ?? '',
      accessKeyId: dev.accessKeyId,
      secretAccessKey: dev.secretAccessKey,
      pathStyle: dev.pathStyle,
    };
  }
  const found = storePresets.find((p) => p.id === preset) ?? storePresets[0];
  const region = found?.defaultRegion ?? '';
  // Coming from the dev store, its bucket and keys mean nothing elsewhere.
  const keep = previous && previous.preset !== devStorePresetId ? previous : undefined;
  return {
    preset,
    endpoint: suggestedEndpoint(preset, region),
    region,
    bucket: keep?.bucket ?? '',
    prefix: keep?.prefix ?? '',
    accessKeyId: keep?.accessKeyId ?? '',
    secretAccessKey: keep?.secretAccessKey ?? '',
    pathStyle: found?.pathStyle ?? true,
  };
}

/** The form's first values: the dev store when the build has one, else the first preset. */
export function initialValues(): StoreFormValues {
  return valuesForPreset(devStore() ? devStorePresetId : 'aws');
}

/** The saved settings (no secret) back in the form, under the preset whose endpoint they use. */
export function valuesFromSaved(saved: PublicStoreSettings): StoreFormValues {
  const { location, prefix } = saved;
  const dev = devStore();
  const preset: FormPresetId =
    dev && dev.endpoint === location.endpoint && dev.bucket === location.bucket
      ? devStorePresetId
      : (storePresets.find(
          (p) =>
            p.endpointTemplate !== '' &&
            suggestedEndpoint(p.id, location.region) === location.endpoint,
        )?.id ?? 'selfHosted');
  return {
    preset,
    endpoint: location.endpoint,
    region: location.region,
    bucket: location.bucket,
    prefix,
    accessKeyId: location.accessKeyId,
    secretAccessKey: preset === devStorePresetId && dev ? dev.secretAccessKey : '',
    pathStyle: location.pathStyle,
  };
}
