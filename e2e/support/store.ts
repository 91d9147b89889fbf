import type { StoreConfig } from '../../scripts/s3-bucket.ts';
import type { S3Location } from '../../src/core/store/s3.ts';

export const e2eBucket = 'pinhole-e2e';

/** The bucket global-setup prepared on the local radosgw. */
export function e2eStoreLocation(): S3Location {
  return e2eLocationOf(e2eBucket);
}

/** The store global-setup started, as a StoreConfig for scripts/s3-bucket.ts. */
export function e2eStoreConfig(): StoreConfig {
  const { endpoint, region, accessKeyId, secretAccessKey } = e2eLocationOf(e2eBucket);
  return { endpoint, region, accessKeyId, secretAccessKey };
}

/** Another bucket on the same store (a spec creates it with ensureBucket). */
export function e2eLocationOf(bucket: string): S3Location {
  const read = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: e2e/global-setup.ts starts the store`);
    return value;
  };
  return {
    endpoint: read('PINHOLE_S3_ENDPOINT'),
    region: read('PINHOLE_S3_REGION'),
    bucket,
    accessKeyId: read('PINHOLE_S3_ACCESS_KEY'),
    secretAccessKey: read('PINHOLE_S3_SECRET_KEY'),
    pathStyle: true,
  };
}
