/**
 * The CORS rule a bucket needs so that this app, served from `origin`, can use it, written in
 * the forms people paste into their store's settings.
 */
import { escapeXml } from './responses';

export interface CorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

/**
 * Methods: GET/HEAD read, PUT writes objects and parts, POST creates and completes multipart
 * uploads, DELETE removes. Headers: any (we send If-None-Match, and Content-Type on some
 * requests). Exposed: ETag, which multipart completion needs, and Date, which lets
 * "Test connection" measure a clock error. One hour of preflight caching, since every
 * presigned URL is a new URL and gets its own preflight.
 */
export function corsRuleFor(origin: string): CorsRule {
  return {
    allowedOrigins: [new URL(origin).origin],
    allowedMethods: ['GET', 'PUT', 'HEAD', 'DELETE', 'POST'],
    allowedHeaders: ['*'],
    exposeHeaders: ['ETag', 'Date'],
    maxAgeSeconds: 3600,
  };
}

/** The JSON the AWS S3 console and the Cloudflare R2 dashboard take: an array of rules. */
export function corsJson(rule: CorsRule): string {
  return JSON.stringify([awsShape(rule)], null, 2);
}

/** The JSON of `aws s3api put-bucket-cors --cors-configuration file://cors.json`. */
export function corsCliJson(rule: CorsRule): string {
  return JSON.stringify({ CORSRules: [awsShape(rule)] }, null, 2);
}

/** Backblaze B2's own rules, for `b2 bucket update --cors-rules '…' BUCKET`. */
export function corsB2Json(rule: CorsRule): string {
  return JSON.stringify(
    [
      {
        corsRuleName: 'pinhole',
        allowedOrigins: rule.allowedOrigins,
        allowedOperations: rule.allowedMethods.map((m) => `s3_${m.toLowerCase()}`),
        allowedHeaders: rule.allowedHeaders,
        exposeHeaders: rule.exposeHeaders,
        maxAgeSeconds: rule.maxAgeSeconds,
      },
    ],
    null,
    2,
  );
}

/** The PutBucketCors body (S3 API), which Ceph, Garage, Wasabi, B2 and AWS all accept. */
export function corsXml(rule: CorsRule): string {
  const element = (name: string, values: readonly string[]): string[] =>
    values.map((v) => `    <${name}>${escapeXml(v)}</${name}>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    '  <CORSRule>',
    ...element('AllowedOrigin', rule.allowedOrigins),
    ...element('AllowedMethod', rule.allowedMethods),
    ...element('AllowedHeader', rule.allowedHeaders),
    ...element('ExposeHeader', rule.exposeHeaders),
    `    <MaxAgeSeconds>${String(rule.maxAgeSeconds)}</MaxAgeSeconds>`,
    '  </CORSRule>',
    '</CORSConfiguration>',
  ].join('\n');
}

function awsShape(rule: CorsRule): Record<string, unknown> {
  return {
    AllowedHeaders: rule.allowedHeaders,
    AllowedMethods: rule.allowedMethods,
    AllowedOrigins: rule.allowedOrigins,
    ExposeHeaders: rule.exposeHeaders,
    MaxAgeSeconds: rule.maxAgeSeconds,
  };
}
