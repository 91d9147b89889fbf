/** Settings for the S3-compatible stores people are likely to use, and where each keeps CORS. */
import type { S3Location } from './s3';

export type StorePresetId = 'aws' | 'r2' | 'b2' | 'wasabi' | 'selfHosted';

export interface StorePreset {
  id: StorePresetId;
  name: string;
  /** With {region} and, for R2, {accountId} placeholders; empty when the user types it. */
  endpointTemplate: string;
  defaultRegion: string;
  /** What the region field means here, for the form. */
  regionHint: string;
  pathStyle: boolean;
  /** Where the CORS setting lives and how to set it, in one line. */
  corsHowTo: string;
}

export const storePresets: readonly StorePreset[] = [
  {
    id: 'aws',
    name: 'Amazon S3',
    endpointTemplate: 'https://s3.{region}.amazonaws.com',
    defaultRegion: 'us-east-1',
    regionHint: "The bucket's AWS Region, e.g. eu-west-1 (bucket → Properties).",
    pathStyle: false,
    corsHowTo:
      'S3 console → your bucket → Permissions → Cross-origin resource sharing (CORS) → Edit: paste the JSON, Save changes.',
  },
  {
    id: 'r2',
    name: 'Cloudflare R2',
    endpointTemplate: 'https://{accountId}.r2.cloudflarestorage.com',
    defaultRegion: 'auto',
    regionHint: 'Always "auto". The endpoint carries your account ID (R2 → Overview).',
    pathStyle: true,
    corsHowTo:
      'Cloudflare dashboard → R2 → your bucket → Settings → CORS Policy → Add CORS policy: paste the JSON, Save.',
  },
  {
    id: 'b2',
    name: 'Backblaze B2',
    endpointTemplate: 'https://s3.{region}.backblazeb2.com',
    defaultRegion: 'us-west-004',
    regionHint: 'From the bucket\'s "Endpoint" (s3.REGION.backblazeb2.com), e.g. eu-central-003.',
    pathStyle: false,
    corsHowTo:
      "The web UI's CORS choices cannot expose ETag: run `b2 bucket update --cors-rules '<B2 JSON>' BUCKET`, or PutBucketCors with the XML (e.g. `aws s3api put-bucket-cors --endpoint-url ENDPOINT --bucket BUCKET --cors-configuration file://cors.json`).",
  },
  {
    id: 'wasabi',
    name: 'Wasabi',
    endpointTemplate: 'https://s3.{region}.wasabisys.com',
    defaultRegion: 'us-east-1',
    regionHint: "The bucket's region, e.g. eu-central-1.",
    pathStyle: false,
    corsHowTo:
      'Set it through the S3 API: `aws s3api put-bucket-cors --endpoint-url ENDPOINT --bucket BUCKET --cors-configuration file://cors.json` with the CLI JSON (or PutBucketCors with the XML).',
  },
  {
    id: 'selfHosted',
    name: 'MinIO, Ceph or Garage (self-hosted)',
    endpointTemplate: '',
    defaultRegion: 'us-east-1',
    regionHint:
      'Whatever the server is configured with: often us-east-1; Garage defaults to "garage".',
    pathStyle: true,
    corsHowTo:
      'Ceph radosgw and Garage: `aws s3api put-bucket-cors --endpoint-url ENDPOINT --bucket BUCKET --cors-configuration file://cors.json` (or PutBucketCors with the XML). MinIO has no per-bucket CORS: it allows every origin unless MINIO_API_CORS_ALLOW_ORIGIN restricts it (then add this origin there).',
  },
];

export function storePreset(id: StorePresetId): StorePreset {
  const preset = storePresets.find((p) => p.id === id);
  if (!preset) throw new RangeError(`unknown store preset ${id}`);
  return preset;
}

/** The endpoint for a preset, its placeholders filled in. */
export function presetEndpoint(
  preset: StorePreset,
  values: { region?: string; accountId?: string; endpoint?: string },
): string {
  if (preset.endpointTemplate === '') {
    if (!values.endpoint) throw new RangeError(`${preset.name} needs the server's address`);
    return values.endpoint.replace(/\/+$/, '');
  }
  const fill = (name: 'region' | 'accountId', fallback?: string): string => {
    const value = (values[name] ?? fallback ?? '').trim();
    // Only DNS label characters: the value becomes part of a host name.
    if (!/^[a-z0-9][a-z0-9-]*$/i.test(value))
      throw new RangeError(`${preset.name}: ${name} is not valid`);
    return value;
  };
  return preset.endpointTemplate
    .replace('{region}', () => fill('region', preset.defaultRegion))
    .replace('{accountId}', () => fill('accountId'));
}

/** A location from a preset and what the person typed. */
export function presetLocation(
  preset: StorePreset,
  values: {
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    region?: string;
    accountId?: string;
    endpoint?: string;
  },
): S3Location {
  return {
    endpoint: presetEndpoint(preset, values),
    region: values.region?.trim() || preset.defaultRegion,
    bucket: values.bucket.trim(),
    accessKeyId: values.accessKeyId.trim(),
    secretAccessKey: values.secretAccessKey.trim(),
    // A bucket name with dots breaks virtual-host TLS (*.s3.amazonaws.com covers one label).
    pathStyle: preset.pathStyle || values.bucket.includes('.'),
  };
}
