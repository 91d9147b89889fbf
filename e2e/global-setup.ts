import { ensureBucket } from '../scripts/s3-bucket.ts';
import { startRadosgw, stopRadosgw } from '../scripts/radosgw.ts';
import { appOrigin, devOrigin } from './support/servers.ts';
import { e2eBucket } from './support/store.ts';

/**
 * Starts a real Ceph radosgw for the sync tests (never a mock: signatures, expiry, conditional
 * writes and CORS must behave as in production) and creates the e2e bucket with CORS rules for
 * both test servers. Returns the teardown, which stops the store if this run started it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const { store, startedHere } = await startRadosgw();
  await ensureBucket(store, e2eBucket, [appOrigin, devOrigin]);
  process.env.PINHOLE_S3_ENDPOINT = store.endpoint;
  process.env.PINHOLE_S3_REGION = store.region;
  process.env.PINHOLE_S3_ACCESS_KEY = store.accessKeyId;
  process.env.PINHOLE_S3_SECRET_KEY = store.secretAccessKey;
  return async () => {
    if (startedHere && !process.env.PINHOLE_KEEP_STORE) await stopRadosgw();
  };
}
