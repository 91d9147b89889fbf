/**
 * Creates a bucket on an S3-compatible store and sets its CORS rules, so a page served from
 * the given origins can use presigned URLs on it.
 *
 *   npx tsx scripts/s3-bucket.ts <bucket> <origin> [<origin>...]
 *
 * The store comes from the PINHOLE_S3_* variables printed by `bash scripts/radosgw.sh start`.
 * Requests are normally signed (SigV4 headers) and path-style (`<endpoint>/<bucket>`), which
 * every S3-compatible store accepts without DNS set-up.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { AwsClient } from 'aws4fetch';

export interface StoreConfig {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Reads PINHOLE_S3_*; the defaults match those of scripts/radosgw.sh. */
function storeConfigFromEnv(): StoreConfig {
  const env = process.env;
  return {
    endpoint: env.PINHOLE_S3_ENDPOINT ?? 'http://127.0.0.1:7480',
    region: env.PINHOLE_S3_REGION ?? 'us-east-1',
    accessKeyId: env.PINHOLE_S3_ACCESS_KEY ?? 'pinhole-dev',
    secretAccessKey: env.PINHOLE_S3_SECRET_KEY ?? 'pinhole-dev-secret-not-for-production',
  };
}

const CORS_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'] as const;

/** Creates `bucket` if missing, then replaces its CORS rules with one rule for `corsOrigins`. */
export async function ensureBucket(
  store: StoreConfig,
  bucket: string,
  corsOrigins: string[],
): Promise<void> {
  if (corsOrigins.length === 0) throw new Error('ensureBucket: at least one CORS origin is needed');
  const client = new AwsClient({
    accessKeyId: store.accessKeyId,
    secretAccessKey: store.secretAccessKey,
    region: store.region,
    service: 's3', // aws4fetch cannot guess service and region from a non-AWS host name
    retries: 2, // the default (10, with backoff) turns a broken store into a minute of waiting
  });
  const bucketUrl = `${store.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(bucket)}`;

  // No CreateBucketConfiguration body: the store's default placement, which is what
  // us-east-1 means on AWS. A 409 means the bucket exists: BucketAlreadyOwnedByYou is fine;
  // if another user owns it, PutBucketCors below fails with AccessDenied.
  const created = await client.fetch(bucketUrl, { method: 'PUT' });
  if (!created.ok && created.status !== 409) {
    throw await storeError(`CreateBucket ${bucket}`, created);
  }
  await created.body?.cancel();

  const xml = corsXml(corsOrigins);
  const cors = await client.fetch(`${bucketUrl}?cors`, {
    method: 'PUT',
    body: xml,
    headers: {
      'Content-Type': 'application/xml',
      // PutBucketCors is one of the S3 calls that insists on a body checksum.
      'Content-MD5': createHash('md5').update(xml, 'utf8').digest('base64'),
    },
  });
  if (!cors.ok) throw await storeError(`PutBucketCors ${bucket}`, cors);
  await cors.body?.cancel();
}

function corsXml(origins: string[]): string {
  const lines = [
    ...origins.map((origin) => `<AllowedOrigin>${escapeXml(origin)}</AllowedOrigin>`),
    ...CORS_METHODS.map((method) => `<AllowedMethod>${method}</AllowedMethod>`),
    '<AllowedHeader>*</AllowedHeader>',
    // Without it a page cannot read the ETag it needs for conditional writes.
    '<ExposeHeader>ETag</ExposeHeader>',
    '<MaxAgeSeconds>3600</MaxAgeSeconds>',
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    '<CORSRule>',
    ...lines,
    '</CORSRule>',
    '</CORSConfiguration>',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function storeError(what: string, response: Response): Promise<Error> {
  const body = await response.text();
  return new Error(`${what} failed: HTTP ${response.status}\n${body}`);
}

async function main(args: string[]): Promise<void> {
  const [bucket, ...origins] = args;
  if (bucket === undefined || origins.length === 0) {
    console.error('usage: npx tsx scripts/s3-bucket.ts <bucket> <origin> [<origin>...]');
    process.exitCode = 64;
    return;
  }
  const store = storeConfigFromEnv();
  await ensureBucket(store, bucket, origins);
  console.error(`bucket ${bucket} ready on ${store.endpoint}; CORS for ${origins.join(', ')}`);
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
