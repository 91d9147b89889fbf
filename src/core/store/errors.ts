import { childText, parseXml } from './xml';

/** What went wrong with the store, in the terms a person can act on. */
export type StoreErrorKind =
  /** This device has no network. */
  | 'offline'
  /** The store could not be reached, or the connection broke (after retries). */
  | 'network'
  /** The bucket does not let this page's origin read its answers (CORS rule missing or short). */
  | 'cors'
  /** Wrong access key or secret. */
  | 'auth'
  /** This device's clock is too far from the store's for signatures to be accepted. */
  | 'clockSkew'
  /** A presigned URL was used after it expired. */
  | 'expired'
  /** The bucket does not exist (or lives at another endpoint). */
  | 'noBucket'
  /** The keys are right but lack the permission for this request. */
  | 'accessDenied'
  /** The account or bucket is out of space or over a cap. */
  | 'quota'
  /** The object or multipart upload does not exist. */
  | 'notFound'
  /** The store failed (5xx, 429) after retries. */
  | 'server'
  /** The store refused the request as invalid (another 4xx): a bug here or an odd store. */
  | 'rejected';

export interface StoreErrorDetails {
  /** e.g. "PUT photos/ab12" or "ListObjectsV2". */
  operation?: string;
  status?: number;
  /** The store's own error code and message, when its answer was readable. */
  code?: string;
  storeMessage?: string;
  /** How far this device's clock is ahead of the store's (negative: behind), when known. */
  clockSkewMs?: number;
  /** Other kinds the page could not rule out (a browser cannot always tell CORS from a missing bucket). */
  alsoPossible?: StoreErrorKind[];
  cause?: unknown;
}

export class StoreError extends Error {
  override name = 'StoreError';
  readonly kind: StoreErrorKind;
  readonly operation: string | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly storeMessage: string | undefined;
  readonly clockSkewMs: number | undefined;
  readonly alsoPossible: StoreErrorKind[];

  constructor(kind: StoreErrorKind, message: string, details: StoreErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.storeMessage = details.storeMessage;
    this.clockSkewMs = details.clockSkewMs;
    this.alsoPossible = details.alsoPossible ?? [];
  }
}

/** Clocks further apart than this break SigV4 (AWS allows 15 min; we warn earlier). */
export const clockSkewLimitMs = 5 * 60_000;

/** The `<Error>` document most S3 error answers carry; empty when there is none. */
export function parseErrorBody(body: string): { code?: string; message?: string } {
  if (!body.includes('<Error')) return {};
  try {
    const root = parseXml(body);
    if (root.name !== 'Error') return {};
    const message = childText(root, 'Message');
    return { code: childText(root, 'Code'), message: message === '' ? undefined : message };
  } catch {
    return {};
  }
}

export interface ErrorFacts {
  status: number;
  code?: string;
  message?: string;
  /** The store's Date header, when readable. */
  serverDate?: Date;
  /** When the failed request's URL was signed and for how long, by this device's clock. */
  signedAt?: Date;
  expiresSeconds?: number;
  now: Date;
}

/** Classifies a readable error answer. Statuses the caller expects (404 on GET...) never get here. */
export function classifyResponse(facts: ErrorFacts): StoreErrorKind {
  const { status, code = '', message = '' } = facts;
  const skew = facts.serverDate ? facts.now.getTime() - facts.serverDate.getTime() : undefined;
  if (code === 'NoSuchBucket') return 'noBucket';
  if (status === 404) return 'notFound';
  if (status === 429 || status >= 500) return 'server';
  if (code === 'RequestTimeTooSkewed') return 'clockSkew';
  if (/^(InvalidAccessKeyId|SignatureDoesNotMatch|AuthorizationQueryParametersError)$/.test(code)) {
    return 'auth';
  }
  if (/^(QuotaExceeded|InsufficientStorage)$/.test(code) || /quota|cap exceeded/i.test(message)) {
    return 'quota';
  }
  if (code === 'ExpiredToken' || (status === 403 && /expired/i.test(message))) {
    return urlExpiredByServerClock(facts) === false ? 'clockSkew' : 'expired';
  }
  if (status === 403 && (code === 'AccessDenied' || code === '')) {
    // radosgw answers an expired URL with a bare AccessDenied: tell it by the clocks.
    if (skew !== undefined && Math.abs(skew) > clockSkewLimitMs) return 'clockSkew';
    if (urlExpiredByServerClock(facts)) return 'expired';
    return 'accessDenied';
  }
  if (status === 401 || status === 403) return 'accessDenied';
  return 'rejected';
}

/** true when the store's clock says the URL had expired; undefined when unknown. */
function urlExpiredByServerClock(facts: ErrorFacts): boolean | undefined {
  if (!facts.serverDate || !facts.signedAt || facts.expiresSeconds === undefined) return undefined;
  // Date has a resolution of one second: allow it.
  const end = facts.signedAt.getTime() + facts.expiresSeconds * 1000;
  return facts.serverDate.getTime() >= end - 1000;
}

/** Plain-language messages, one per kind; `where` names the store or bucket. */
export function storeErrorMessage(kind: StoreErrorKind, where: string): string {
  switch (kind) {
    case 'offline':
      return 'This device is offline. Sync resumes when it is back online.';
    case 'network':
      return `Could not reach ${where}. Check the endpoint address and your connection.`;
    case 'cors':
      return `${where} does not allow this page to use it: the bucket needs a CORS rule for this site (see "Test connection").`;
    case 'auth':
      return `${where} did not accept the access key or secret. Check both; a secret copied with a space or a missing character fails too.`;
    case 'clockSkew':
      return `This device's clock is more than a few minutes off, so ${where} refuses its signatures. Set the date and time automatically and try again.`;
    case 'expired':
      return `A signed link to ${where} expired before it was used. Trying again signs a fresh one.`;
    case 'noBucket':
      return `The bucket ${where} does not exist at this endpoint. Check the bucket name, region and endpoint.`;
    case 'accessDenied':
      return `The keys are right but are not allowed to do this on ${where}. Give them read, write, list and delete on the bucket.`;
    case 'quota':
      return `${where} is full or over a limit set on the account. Free space or raise the limit.`;
    case 'notFound':
      return `The object is not in ${where}.`;
    case 'server':
      return `${where} is failing or overloaded right now. Sync tries again later.`;
    case 'rejected':
      return `${where} refused a request as invalid. This store may not support something Pinhole needs.`;
  }
}
