import { describe, expect, it } from 'vitest';
import {
  classifyResponse,
  storeErrorMessage,
  type ErrorFacts,
  type StoreErrorKind,
} from './errors';

const now = new Date('2026-01-01T12:00:00Z');
const minutes = (n: number): Date => new Date(now.getTime() + n * 60_000);

describe('classifyResponse', () => {
  it.each<[string, Omit<ErrorFacts, 'now'>, StoreErrorKind]>([
    ['missing bucket', { status: 404, code: 'NoSuchBucket' }, 'noBucket'],
    ['missing key', { status: 404, code: 'NoSuchKey' }, 'notFound'],
    ['missing upload', { status: 404, code: 'NoSuchUpload' }, 'notFound'],
    ['wrong secret', { status: 403, code: 'SignatureDoesNotMatch' }, 'auth'],
    ['unknown key id', { status: 403, code: 'InvalidAccessKeyId' }, 'auth'],
    ['AWS clock error', { status: 403, code: 'RequestTimeTooSkewed' }, 'clockSkew'],
    ['radosgw quota', { status: 403, code: 'QuotaExceeded' }, 'quota'],
    ['B2 cap', { status: 403, code: 'AccessDenied', message: 'Storage cap exceeded.' }, 'quota'],
    [
      'AWS expiry',
      { status: 403, code: 'AccessDenied', message: 'Request has expired' },
      'expired',
    ],
    ['policy', { status: 403, code: 'AccessDenied', serverDate: now }, 'accessDenied'],
    [
      'radosgw expiry (bare AccessDenied, store clock past the end)',
      {
        status: 403,
        code: 'AccessDenied',
        serverDate: minutes(0),
        signedAt: minutes(-10),
        expiresSeconds: 300,
      },
      'expired',
    ],
    [
      'bare AccessDenied from a store an hour away',
      {
        status: 403,
        code: 'AccessDenied',
        serverDate: minutes(60),
        signedAt: now,
        expiresSeconds: 300,
      },
      'clockSkew',
    ],
    [
      '"expired" while our own clock says it was not',
      {
        status: 403,
        code: 'AccessDenied',
        message: 'Request has expired',
        serverDate: minutes(4),
        signedAt: minutes(0),
        expiresSeconds: 300,
      },
      'clockSkew',
    ],
    ['slow down', { status: 503, code: 'SlowDown' }, 'server'],
    ['too many', { status: 429 }, 'server'],
    ['bad part', { status: 400, code: 'InvalidPart' }, 'rejected'],
    ['too small', { status: 400, code: 'EntityTooSmall' }, 'rejected'],
  ])('%s', (_, facts, kind) => {
    expect(classifyResponse({ ...facts, now })).toBe(kind);
  });
});

describe('storeErrorMessage', () => {
  it('has a sentence for every kind, naming the store', () => {
    const kinds: StoreErrorKind[] = [
      'offline',
      'network',
      'cors',
      'auth',
      'clockSkew',
      'expired',
      'noBucket',
      'accessDenied',
      'quota',
      'notFound',
      'server',
      'rejected',
    ];
    for (const kind of kinds) {
      const text = storeErrorMessage(kind, 'STORE');
      expect(text).toMatch(/\.$/);
      if (kind !== 'offline') expect(text).toContain('STORE');
    }
  });
});
