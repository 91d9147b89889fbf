import { AwsV4Signer } from 'aws4fetch';

/** Where a library lives: any S3-compatible bucket, reached with the user's own credentials. */
export interface S3Location {
  /** e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:7480 */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style (endpoint/bucket/key) for MinIO, Ceph, Garage; virtual-host style otherwise. */
  pathStyle: boolean;
}

export type PresignMethod = 'GET' | 'PUT' | 'HEAD' | 'DELETE';

/** Presigned URLs should live minutes, not the 7-day maximum: a leaked URL soon stops working. */
export const defaultPresignSeconds = 15 * 60;

/** The plain (unsigned) URL of an object, in the addressing style the store wants. */
export function objectUrl(location: S3Location, key: string): URL {
  const endpoint = new URL(location.endpoint);
  const path = key.split('/').map(encodeURIComponent).join('/');
  if (location.pathStyle) {
    const base = endpoint.pathname.replace(/\/+$/, '');
    return new URL(`${endpoint.protocol}//${endpoint.host}${base}/${location.bucket}/${path}`);
  }
  return new URL(`${endpoint.protocol}//${location.bucket}.${endpoint.host}/${path}`);
}

/**
 * A SigV4 query-signed URL for one request on one object, signed here in the browser so the
 * credentials never travel. The body is not signed (UNSIGNED-PAYLOAD): integrity comes from
 * our own authenticated encryption, not from the store.
 */
export async function presignObjectUrl(
  location: S3Location,
  method: PresignMethod,
  key: string,
  expiresSeconds: number = defaultPresignSeconds,
  now: Date = new Date(),
): Promise<string> {
  const url = objectUrl(location, key);
  url.searchParams.set('X-Amz-Expires', String(Math.round(expiresSeconds)));
  const signer = new AwsV4Signer({
    url: url.href,
    method,
    accessKeyId: location.accessKeyId,
    secretAccessKey: location.secretAccessKey,
    region: location.region,
    service: 's3',
    signQuery: true,
    datetime: now.toISOString().replace(/[:-]|\.\d{3}/g, ''),
  });
  const signed = await signer.sign();
  return signed.url.href;
}
