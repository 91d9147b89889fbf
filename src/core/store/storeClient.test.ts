import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultRetryPolicy, retryAfterMs, type RetryPolicy } from './retry';
import { StoreClient } from './storeClient';
import type { S3Location } from './s3';

const location: S3Location = {
  endpoint: 'http://store.test:7480',
  region: 'us-east-1',
  bucket: 'b',
  accessKeyId: 'AK',
  secretAccessKey: 'SK',
  pathStyle: true,
};

type Answer = Response | Error | ((url: URL, init?: RequestInit) => Response | Error);

/** A scripted fetch: answers in order, and records each request. Probes get a readable 404. */
function scripted(answers: Answer[]) {
  const calls: { url: URL; init?: RequestInit }[] = [];
  const fetcher = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.pathname.includes('.pinhole-probe')) {
      return Promise.resolve(xml(404, '<Error><Code>NoSuchKey</Code></Error>'));
    }
    calls.push({ url, init });
    let answer = answers.shift();
    if (typeof answer === 'function') answer = answer(url, init);
    if (answer === undefined) return Promise.reject(new Error('unexpected request'));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return { fetch: fetcher, calls };
}

function xml(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/xml', ...headers } });
}

function harness(answers: Answer[], retry: Partial<RetryPolicy> = {}) {
  const { fetch, calls } = scripted(answers);
  const delays: number[] = [];
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const client = new StoreClient(location, {
    fetch,
    // Each reading a second later, so each presigned URL differs.
    now: () => new Date((clock += 1000)),
    retry: {
      random: () => 0.5,
      sleep: (ms, signal) => {
        delays.push(ms);
        signal?.throwIfAborted();
        return Promise.resolve();
      },
      ...retry,
    },
  });
  return { client, calls, delays };
}

describe('backoffDelay', () => {
  it('is full jitter under an exponential ceiling with a cap', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
    const at = (random: number) =>
      [0, 1, 2, 3, 4, 5].map((n) => backoffDelay({ ...policy, random: () => random }, n));
    expect(at(0.5)).toEqual([50, 100, 200, 400, 500, 500]);
    expect(at(0)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(at(0.999)).toEqual([99, 199, 399, 799, 999, 999]);
    // Retry-After is a floor, itself capped.
    expect(backoffDelay({ ...policy, random: () => 0 }, 0, 700)).toBe(700);
    expect(backoffDelay({ ...policy, random: () => 0 }, 0, 60_000)).toBe(1000);
  });

  it('reads Retry-After as seconds or a date', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs(null, now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBe(0);
  });
});

describe('StoreClient retries', () => {
  it('retries 5xx and SlowDown with backoff, each time with a freshly signed URL', async () => {
    const { client, calls, delays } = harness([
      xml(503, '<Error><Code>SlowDown</Code></Error>'),
      xml(500, '<Error><Code>InternalError</Code></Error>'),
      new Response(null, { status: 200, headers: { ETag: '"e"' } }),
    ]);
    expect(await client.putObject('k', new Blob(['x']))).toBe('created');
    expect(delays).toEqual([150, 300]);
    const dates = calls.map((c) => c.url.searchParams.get('X-Amz-Date'));
    expect(new Set(dates).size).toBe(3);
  });

  it('honours Retry-After on 429', async () => {
    const { client, delays } = harness([
      new Response('', { status: 429, headers: { 'Retry-After': '2' } }),
      new Response('data'),
    ]);
    expect(await (await client.getObject('k'))?.text()).toBe('data');
    expect(delays).toEqual([2000]);
  });

  it('retries a network error once the probes show the store answers', async () => {
    const { client, calls, delays } = harness([
      new TypeError('Failed to fetch'),
      new Response('ok'),
    ]);
    expect(await (await client.getObject('k'))?.text()).toBe('ok');
    expect(calls).toHaveLength(2);
    expect(delays).toEqual([150]);
  });

  it('gives up after the bounded number of retries', async () => {
    const answers = Array.from({ length: 3 }, () =>
      xml(503, '<Error><Code>SlowDown</Code></Error>'),
    );
    const { client, calls, delays } = harness(answers, { retries: 2 });
    await expect(client.getObject('k')).rejects.toMatchObject({
      kind: 'server',
      code: 'SlowDown',
      status: 503,
    });
    expect(calls).toHaveLength(3);
    expect(delays).toEqual([150, 300]);
  });

  it('retries a 409 conflict on a create-only PUT, then reads 412 as "exists"', async () => {
    const { client, calls } = harness([
      xml(409, '<Error><Code>ConditionalRequestConflict</Code></Error>'),
      xml(412, '<Error><Code>PreconditionFailed</Code></Error>'),
    ]);
    expect(await client.putObject('k', new Blob(['x']), { ifNoneMatch: true })).toBe('exists');
    expect(calls).toHaveLength(2);
    // Not an unconditional write's 409: that is an error to report.
    const plain = harness([xml(409, '<Error><Code>OperationAborted</Code></Error>')]);
    await expect(plain.client.putObject('k', new Blob(['x']))).rejects.toMatchObject({
      status: 409,
    });
    expect(plain.calls).toHaveLength(1);
  });

  it('does not retry 4xx', async () => {
    const { client, calls, delays } = harness([
      xml(403, '<Error><Code>SignatureDoesNotMatch</Code></Error>'),
    ]);
    const error = await client.putObject('k', new Blob(['x'])).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'StoreError',
      kind: 'auth',
      code: 'SignatureDoesNotMatch',
    });
    expect((error as Error).message).toMatch(/access key or secret/);
    expect(calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('stops when the signal aborts, during a backoff', async () => {
    const controller = new AbortController();
    const { client, calls } = harness([xml(503, ''), xml(503, '')], {
      sleep: () => {
        controller.abort();
        return Promise.reject(controller.signal.reason as Error);
      },
    });
    await expect(client.getObject('k', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(calls).toHaveLength(1);
  });
});

describe('StoreClient answers', () => {
  it('treats 412 on a create-only PUT as "exists" and signs If-None-Match', async () => {
    const { client, calls } = harness([xml(412, '<Error><Code>PreconditionFailed</Code></Error>')]);
    expect(await client.putObject('k', new Blob(['x']), { ifNoneMatch: true })).toBe('exists');
    expect(calls[0]?.url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;if-none-match');
    expect(new Headers(calls[0]?.init?.headers).get('If-None-Match')).toBe('*');
  });

  it('reads 404 as absent, except a missing bucket', async () => {
    const { client } = harness([
      xml(404, '<Error><Code>NoSuchKey</Code></Error>'),
      new Response(null, { status: 404 }),
      xml(404, '<Error><Code>NoSuchKey</Code></Error>'),
      xml(404, '<Error><Code>NoSuchBucket</Code></Error>'),
    ]);
    expect(await client.getObject('k')).toBeNull();
    expect(await client.headObject('k')).toBeNull();
    await client.deleteObject('k');
    await expect(client.getObject('k')).rejects.toMatchObject({ kind: 'noBucket' });
  });

  it('follows continuation tokens', async () => {
    const page = (keys: string[], token?: string) =>
      xml(
        200,
        `<ListBucketResult><IsTruncated>${String(token !== undefined)}</IsTruncated>${keys.map((k) => `<Contents><Key>${k}</Key><Size>1</Size><ETag>"e"</ETag></Contents>`).join('')}${token ? `<NextContinuationToken>${token}</NextContinuationToken>` : ''}</ListBucketResult>`,
      );
    const { client, calls } = harness([page(['p/a', 'p/b'], 't+1/='), page(['p/c'])]);
    expect((await client.listAll('p/', { pageSize: 2 })).map((o) => o.key)).toEqual([
      'p/a',
      'p/b',
      'p/c',
    ]);
    expect(calls.map((c) => c.url.searchParams.get('continuation-token'))).toEqual([null, 't+1/=']);
    expect(calls[0]?.url.searchParams.get('max-keys')).toBe('2');
    expect(calls[0]?.url.pathname).toBe('/b');
  });

  it('fails a completion whose 200 carries an error', async () => {
    const { client } = harness([
      xml(200, '<Error><Code>InternalError</Code><Message>boom</Message></Error>'),
    ]);
    await expect(
      client.completeMultipartUpload('k', 'u', [{ partNumber: 1, etag: '"e"', size: 1 }]),
    ).rejects.toMatchObject({
      kind: 'server',
      code: 'InternalError',
    });
  });

  it('asks for the ETag header to be exposed when a part answer lacks it', async () => {
    const { client } = harness([new Response(null, { status: 200 })]);
    await expect(client.uploadPart('k', 'u', 1, new Blob(['x']))).rejects.toMatchObject({
      kind: 'cors',
    });
  });
});
