import { describe, expect, it } from 'vitest';
import { objectUrl, presignObjectUrl, type S3Location } from './s3';

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
