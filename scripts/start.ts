/**
 * `npm start`: builds the app, serves it with the production headers, and runs a local
 * S3-compatible dev store (s3rver) with a ready bucket, both on loopback. Ctrl-C stops both.
 *
 * s3rver is only a convenience: it does not check signatures or conditional writes. The tests
 * and benchmarks use a real Ceph radosgw (scripts/radosgw.sh).
 */
import { mkdir } from 'node:fs/promises';
import S3rver from 's3rver';
import { build, preview } from 'vite';

const host = '127.0.0.1';
const appPort = Number(process.env.PORT ?? 4173);
const storePort = Number(process.env.PINHOLE_DEV_STORE_PORT ?? 4569);
const storeDirectory = new URL('../.data/s3rver/', import.meta.url).pathname;
const devStoreBucket = 'pinhole';

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
                          access key S3RVER, secret S3RVER, path-style; data in .data/s3rver
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
