/**
 * `npm start`: builds the app, serves it with the production headers, and runs a local
 * S3-compatible dev store (s3rver) with a ready bucket, both on loopback. Ctrl-C stops both.
 *
 * s3rver is only a convenience: it does not check signatures or conditional writes. The tests
 * and benchmarks use a real Ceph radosgw (scripts/radosgw.sh).
 *
 * This build, and only this one, carries the dev store's address and (dummy) keys as
 * VITE_PINHOLE_DEV_STORE: Settings > Storage offers it filled in, so trying sync needs no typing.
 */
import { mkdir } from 'node:fs/promises';
import S3rver from 's3rver';
import { build, preview } from 'vite';

const host = '127.0.0.1';
const appPort = Number(process.env.PORT ?? 4173);
const storePort = Number(process.env.PINHOLE_DEV_STORE_PORT ?? 4569);
const storeDirectory = new URL('../.data/s3rver/', import.meta.url).pathname;
const devStoreBucket = 'pinhole';
/** s3rver's fixed credentials: it accepts any signature, so they guard nothing. */
const devStoreKey = 'S3RVER';

function corsRules(origin: string): string {
  return `<CORSConfiguration><CORSRule>
  <AllowedOrigin>${origin}</AllowedOrigin>
  <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>
  <AllowedMethod>POST</AllowedMethod><AllowedMethod>DELETE</AllowedMethod>
  <AllowedMethod>HEAD</AllowedMethod>
  <AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>
  <MaxAgeSeconds>3600</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;
}

// Read by Vite from process.env at build time (src/ui/sync/devStore.ts); never set by `npm run build`.
process.env.VITE_PINHOLE_DEV_STORE = JSON.stringify({
  endpoint: `http://${host}:${String(storePort)}`,
  region: 'us-east-1',
  bucket: devStoreBucket,
  accessKeyId: devStoreKey,
  secretAccessKey: devStoreKey,
  pathStyle: true,
});

console.log('Building Pinhole…');
await build({ logLevel: 'warn' });
const app = await preview({ preview: { host, port: appPort, strictPort: false } });
const appUrl = app.resolvedUrls?.local[0] ?? `http://${host}:${appPort}/`;

await mkdir(storeDirectory, { recursive: true });
const store = new S3rver({
  address: host,
  port: storePort,
  directory: storeDirectory,
  silent: true,
  configureBuckets: [{ name: devStoreBucket, configs: [corsRules(new URL(appUrl).origin)] }],
});
await store.run();

console.log(`
  Pinhole is running at   ${appUrl}
  Local dev store (S3):   http://${host}:${storePort}  bucket "${devStoreBucket}",
                          access key ${devStoreKey}, secret ${devStoreKey}, path-style; data in .data/s3rver
                          (Settings > Storage offers it as "Local dev store": press Save and sync)
  Press Ctrl-C to stop.
`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Pinhole and the dev store…');
  await Promise.allSettled([app.close(), store.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
