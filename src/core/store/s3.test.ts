import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { objectUrl, presignObjectUrl, presignRequest, type S3Location } from './s3';

const location: S3Location = {
  endpoint: 'https://s3.amazonaws.com',
  region: 'us-east-1',
  bucket: 'examplebucket',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  pathStyle: false,
};

describe('objectUrl', () => {
  it('uses virtual-host style unless told otherwise', () => {
    expect(objectUrl(location, 'a/b c').href).toBe(
      'https://examplebucket.s3.amazonaws.com/a/b%20c',
    );
  });

  it('puts the bucket in the path for path-style stores', () => {
    const local = { ...location, endpoint: 'http://127.0.0.1:7480', pathStyle: true };
    expect(objectUrl(local, 'x/y').href).toBe('http://127.0.0.1:7480/examplebucket/x/y');
  });
});

describe('presignObjectUrl', () => {
  it('matches the presigned GET example of the AWS SigV4 documentation', async () => {
    // AWS S3 API reference, "Authenticating Requests: Using Query Parameters (AWS Signature
    // Version 4)": GET /test.txt, 2013-05-24T00:00:00Z, 86400 s.
    const url = await presignObjectUrl(
      location,
      'GET',
      'test.txt',
      86400,
      new Date('2013-05-24T00:00:00Z'),
    );
    expect(new URL(url).searchParams.get('X-Amz-Signature')).toBe(
      'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    );
  });
});

/**
 * SigV4 written again from the specification, with node:crypto, to check presignRequest
 * against something that shares no code with aws4fetch.
 */
const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();
const sha256 = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const enc = (s: string): string =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

function referenceSignature(input: {
  method: string;
  host: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  payloadHash: string;
  date: string;
  secret: string;
}): string {
  const query = Object.entries(input.query)
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = Object.entries({ host: input.host, ...input.headers })
    .map(([k, v]) => [k.toLowerCase(), v.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const canonical = [
    input.method,
    input.path.split('/').map(enc).join('/'),
    query,
    headers.map(([k, v]) => `${k}:${v}\n`).join(''),
    headers.map(([k]) => k).join(';'),
    input.payloadHash,
  ].join('\n');
  const scope = `${input.date.slice(0, 8)}/us-east-1/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', input.date, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${input.secret}`, input.date.slice(0, 8));
  for (const part of ['us-east-1', 's3', 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}

describe('the reference SigV4 used below', () => {
  it('reproduces the GET Bucket (List Objects) example of the AWS SigV4 header documentation', () => {
    // "Signature Calculations for the Authorization Header", example GET /?max-keys=2&prefix=J.
    const signature = referenceSignature({
      method: 'GET',
      host: 'examplebucket.s3.amazonaws.com',
      path: '/',
      query: { 'max-keys': '2', prefix: 'J' },
      headers: {
        'x-amz-content-sha256': sha256(''),
        'x-amz-date': '20130524T000000Z',
      },
      payloadHash: sha256(''),
      date: '20130524T000000Z',
      secret: location.secretAccessKey,
    });
    expect(signature).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });
});

describe('presignRequest', () => {
  const now = new Date('2026-03-01T12:34:56Z');
  const date = '20260301T123456Z';
  const local: S3Location = { ...location, endpoint: 'http://127.0.0.1:7480', pathStyle: true };

  async function check(
    where: S3Location,
    request: {
      method: 'GET' | 'PUT' | 'POST' | 'DELETE';
      key?: string;
      query?: Record<string, string>;
      headers?: Record<string, string>;
    },
    expectedPath: string,
  ): Promise<URL> {
    const url = new URL(await presignRequest(where, { ...request, expiresSeconds: 300, now }));
    expect(decodeURIComponent(url.pathname)).toBe(expectedPath);
    const signedHeaders = [
      'host',
      ...Object.keys(request.headers ?? {}).map((h) => h.toLowerCase()),
    ]
      .sort()
      .join(';');
    const query = {
      ...request.query,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${where.accessKeyId}/20260301/us-east-1/s3/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': '300',
      'X-Amz-SignedHeaders': signedHeaders,
    };
    const sent = Object.fromEntries(url.searchParams);
    const { 'X-Amz-Signature': signature, ...rest } = sent;
    expect(rest).toEqual(query);
    expect(signature).toBe(
      referenceSignature({
        method: request.method,
        host: url.host,
        path: expectedPath,
        query,
        headers: request.headers ?? {},
        payloadHash: 'UNSIGNED-PAYLOAD',
        date,
        secret: where.secretAccessKey,
      }),
    );
    return url;
  }

  it('signs ListObjectsV2 with prefix and a continuation token full of reserved characters', async () => {
    const url = await check(
      local,
      {
        method: 'GET',
        query: {
          'list-type': '2',
          prefix: 'a b/ü+~*',
          'continuation-token': '1Hp/+8zX=a==',
          'max-keys': '7',
        },
      },
      '/examplebucket',
    );
    // Sent as signed (RFC 3986), never form-encoded ('+' would read as a space on some stores).
    expect(url.search).toContain('prefix=a%20b%2F%C3%BC%2B~%2A');
    expect(url.search).toContain('continuation-token=1Hp%2F%2B8zX%3Da%3D%3D');
  });

  it('signs the bucket root in virtual-host style', async () => {
    const url = await check(
      location,
      { method: 'GET', query: { 'list-type': '2', prefix: '' } },
      '/',
    );
    expect(url.host).toBe('examplebucket.s3.amazonaws.com');
  });

  it('signs the multipart sub-resources', async () => {
    const create = await check(
      local,
      { method: 'POST', key: 'v/1', query: { uploads: '' } },
      '/examplebucket/v/1',
    );
    expect(create.search).toMatch(/^\?uploads=&/);
    await check(
      local,
      { method: 'PUT', key: 'v/1', query: { partNumber: '3', uploadId: '2~abc/DEF+g' } },
      '/examplebucket/v/1',
    );
    await check(
      local,
      { method: 'POST', key: 'v/1', query: { uploadId: '2~abc' } },
      '/examplebucket/v/1',
    );
    await check(
      local,
      { method: 'DELETE', key: 'v/1', query: { uploadId: '2~abc' } },
      '/examplebucket/v/1',
    );
  });

  it('signs If-None-Match so the URL only works as a create-only write', async () => {
    const url = await check(
      local,
      { method: 'PUT', key: 'c/x y', headers: { 'If-None-Match': '*' } },
      '/examplebucket/c/x y',
    );
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;if-none-match');
  });

  it('refuses expiries SigV4 stores refuse', async () => {
    await expect(
      presignRequest(local, { method: 'GET', key: 'k', expiresSeconds: 8 * 86400 }),
    ).rejects.toThrow(RangeError);
    await expect(
      presignRequest(local, { method: 'GET', key: 'k', expiresSeconds: 0 }),
    ).rejects.toThrow(RangeError);
  });
});
