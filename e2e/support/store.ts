import type { S3Location } from '../../src/core/store/s3.ts';

export const e2eBucket = 'pinhole-e2e';

/** The bucket global-setup prepared on the local radosgw. */
export function e2eStoreLocation(): S3Location {
  const read = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: e2e/global-setup.ts starts the store`);
    return value;
  };
  return {
    endpoint: read('PINHOLE_S3_ENDPOINT'),
    region: read('PINHOLE_S3_REGION'),
    bucket: e2eBucket,
    accessKeyId: read('PINHOLE_S3_ACCESS_KEY'),
    secretAccessKey: read('PINHOLE_S3_SECRET_KEY'),
    pathStyle: true,
  };
}
