import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnose';
import type { S3Location } from './s3';

const location: S3Location = {
  endpoint: 'http://store.test',
  region: 'us-east-1',
  bucket: 'b',
  accessKeyId: 'AK',
  secretAccessKey: 'right',
  pathStyle: true,
};

interface Store {
  reachable: boolean;
  bucket: boolean;
  /** The bucket has a CORS rule for the page's origin. */
  cors: boolean;
  secret: string;
  /** The store's clock. */
  time: number;
}

/**
 * What a page's fetch sees of a store that behaves as Ceph radosgw 16 did when we measured it:
 * a wrong signature, an expired URL and a missing bucket are answered without CORS headers
 * (so the page gets a TypeError); an anonymous request to an existing bucket is refused with
 * them. A simulation of the browser's view, for the decision tree; e2e/store-client.spec.ts
 * runs the real thing.
 */
function browserView(store: Store): typeof fetch {
  return ((input: string | URL, init?: RequestInit) => {
    const url = new URL(input);
    if (!store.reachable) return Promise.reject(new TypeError('Failed to fetch'));
    if (init?.mode === 'no-cors') return Promise.resolve(new Response(null, { status: 200 }));
    const hidden = (): Promise<Response> => Promise.reject(new TypeError('Failed to fetch'));
    if (!store.bucket) return hidden();
    const signature = url.searchParams.get('X-Amz-Signature');
    const readable = (status: number, code: string): Promise<Response> =>
      store.cors
        ? Promise.resolve(new Response(`<Error><Code>${code}</Code></Error>`, { status }))
        : hidden();
    if (signature === null) return readable(403, 'AccessDenied');
    const date = url.searchParams.get('X-Amz-Date') ?? '';
    const start = Date.parse(
      date.replace(/(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/, '$1-$2-$3T$4:$5:$6Z'),
    );
    const end = start + Number(url.searchParams.get('X-Amz-Expires')) * 1000;
    // radosgw accepted URLs dated in the future; it refuses them once expired.
    if (store.secret !== location.secretAccessKey || store.time > end) return hidden();
    return readable(404, 'NoSuchKey');
  }) as typeof fetch;
}

const realNow = Date.parse('2026-05-01T10:00:00Z');
const healthy: Store = {
  reachable: true,
  bucket: true,
  cors: true,
  secret: 'right',
  time: realNow,
};

async function run(store: Partial<Store>, clockOffsetMs = 0) {
  return diagnose(location, {
    fetch: browserView({ ...healthy, ...store }),
    now: () => new Date(realNow + clockOffsetMs),
    probeKey: 'probe',
  });
}

describe('diagnose (as a page sees radosgw)', () => {
  it('says ok when signed requests work', async () => {
    expect((await run({})).kind).toBe('ok');
  });
  it('tells a wrong secret from missing CORS', async () => {
    expect((await run({ secret: 'wrong' })).kind).toBe('auth');
  });
  it('tells a clock an hour behind from wrong keys', async () => {
    expect((await run({}, -3600_000)).kind).toBe('clockSkew');
  });
  it('says CORS when the endpoint answers but nothing is readable', async () => {
    expect(await run({ cors: false })).toEqual({ kind: 'cors', alsoPossible: ['noBucket'] });
  });
  it('cannot tell a missing bucket from missing CORS, and says so', async () => {
    expect(await run({ bucket: false })).toEqual({ kind: 'cors', alsoPossible: ['noBucket'] });
  });
  it('says network when the endpoint does not answer at all', async () => {
    expect((await run({ reachable: false })).kind).toBe('network');
  });
  it('under cross-origin isolation, tells CORS from no answer, or says what it cannot rule out', async () => {
    const scope = globalThis as { crossOriginIsolated?: boolean };
    scope.crossOriginIsolated = true;
    const isolated = (store: Partial<Store>, policy: string) =>
      diagnose(location, {
        fetch: browserView({ ...healthy, ...store }),
        now: () => new Date(realNow),
        probeKey: 'probe',
        embedderPolicy: () => Promise.resolve(policy),
      });
    try {
      // COEP credentialless, as the app is served: the no-cors probe gets its opaque answer.
      expect(await isolated({ cors: false }, 'credentialless')).toEqual({
        kind: 'cors',
        alsoPossible: ['noBucket'],
      });
      expect(await isolated({ reachable: false }, 'credentialless')).toEqual({ kind: 'network' });
      // Under require-corp no opaque answer arrives: unreachable and CORS missing look alike.
      expect(await isolated({ reachable: false }, 'require-corp')).toEqual({
        kind: 'cors',
        alsoPossible: ['noBucket', 'network'],
      });
      expect((await isolated({ secret: 'wrong' }, 'credentialless')).kind).toBe('auth');
    } finally {
      delete scope.crossOriginIsolated;
    }
  });
});
