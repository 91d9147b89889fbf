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

export type PresignMethod = 'GET' | 'PUT' | 'HEAD' | 'DELETE' | 'POST';

/** Presigned URLs should live minutes, not the 7-day maximum: a leaked URL soon stops working. */
export const defaultPresignSeconds = 15 * 60;

/** SigV4 refuses presigned URLs that claim to live longer than this (AWS and compatibles). */
export const maxPresignSeconds = 7 * 24 * 3600;

/** The plain (unsigned) URL of an object, in the addressing style the store wants. */
export function objectUrl(location: S3Location, key: string): URL {
  const path = key.split('/').map(encodeURIComponent).join('/');
  const bucket = bucketUrl(location);
  return new URL(`${bucket.href.replace(/\/$/, '')}/${path}`);
}

/**
 * The URL of the bucket itself, for bucket-level requests (ListObjectsV2): `endpoint/bucket`
 * path-style, `bucket.endpoint/` virtual-host style.
 */
export function bucketUrl(location: S3Location): URL {
  const endpoint = new URL(location.endpoint);
  if (location.pathStyle) {
    const base = endpoint.pathname.replace(/\/+$/, '');
    return new URL(
      `${endpoint.protocol}//${endpoint.host}${base}/${encodeURIComponent(location.bucket)}`,
    );
  }
  return new URL(`${endpoint.protocol}//${location.bucket}.${endpoint.host}/`);
}

/** One request to presign. */
export interface PresignRequest {
  method: PresignMethod;
  /** The object's key; omitted for a bucket-level request. */
  key?: string;
  /**
   * Query parameters, all signed (`list-type`, `prefix`, `continuation-token`, `uploads`,
   * `partNumber`, `uploadId`...). An empty string gives a bare flag such as `?uploads=`.
   */
  query?: Readonly<Record<string, string>>;
  /**
   * Headers the request will carry that must be signed, e.g. `If-None-Match: *`: the URL then
   * only works with that header, so a leaked create-only URL cannot overwrite an object.
   */
  headers?: Readonly<Record<string, string>>;
  expiresSeconds?: number;
  now?: Date;
}

/**
 * A SigV4 query-signed URL for one request, signed here in the browser so the credentials
 * never travel. The body is not signed (UNSIGNED-PAYLOAD): integrity comes from our own
 * authenticated encryption, not from the store.
 */
export async function presignRequest(
  location: S3Location,
  request: PresignRequest,
): Promise<string> {
  const expires = Math.round(request.expiresSeconds ?? defaultPresignSeconds);
  if (!(expires >= 1 && expires <= maxPresignSeconds)) {
    throw new RangeError(`presign: expiry must be 1 s to 7 days, not ${String(expires)} s`);
  }
  const url = request.key === undefined ? bucketUrl(location) : objectUrl(location, request.key);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    url.searchParams.set(name, value);
  }
  url.searchParams.set('X-Amz-Expires', String(expires));
  const signer = new AwsV4Signer({
    url: url.href,
    method: request.method,
    headers: request.headers,
    accessKeyId: location.accessKeyId,
    secretAccessKey: location.secretAccessKey,
    region: location.region,
    service: 's3',
    signQuery: true,
    datetime: amzDate(request.now ?? new Date()),
  });
  const signed = (await signer.sign()).url;
  // URLSearchParams writes form encoding ('+' for a space, '*' bare, '~' as %7E), which is not
  // the RFC 3986 encoding SigV4 canonicalises; some stores read '+' literally. Rewrite the
  // query exactly as it was signed, so the store decodes back to the signed values.
  signed.search = [...signed.searchParams]
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .join('&');
  return signed.href;
}

/** A query-signed URL for one request on one object (see presignRequest). */
export async function presignObjectUrl(
  location: S3Location,
  method: PresignMethod,
  key: string,
  expiresSeconds: number = defaultPresignSeconds,
  now: Date = new Date(),
): Promise<string> {
  return presignRequest(location, { method, key, expiresSeconds, now });
}

/** YYYYMMDD'T'HHMMSS'Z', the form SigV4 wants. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/** Percent-encoding as SigV4 does it: everything but A-Z a-z 0-9 - _ . ~ */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
