/**
 * `npm run bench`: measures the app's speed in headless Chromium with a persistent on-disk profile
 * (in-memory profiles would flatter IndexedDB), next to the ceilings of this machine measured in
 * the same run. Writes bench-results.json (a flat object of named figures) and prints a table.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { createServer } from 'vite';
import type { S3Location } from '../src/core/store/s3.ts';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.ts';
import { startRadosgw, stopRadosgw } from '../scripts/radosgw.ts';
import { ensureBucket } from '../scripts/s3-bucket.ts';
import { callBench } from './callBench.ts';
import { cryptoCpuBench } from './cryptoCpuBench.ts';
import { galleryBench } from './galleryBench.ts';
import { importBench } from './importBench.ts';
import { syncBench } from './syncBench.ts';
import { viewerBench } from './viewerBench.ts';
import type { Figures } from './page.ts';

const benchBucket = 'pinhole-bench';
/** Photos in the import bench: PINHOLE_BENCH_IMPORT_COUNT, else the 1,000 the goal names. */
const importCount = Number(process.env.PINHOLE_BENCH_IMPORT_COUNT || 1000);

/** What every suite gets: the bench page, its browser context and origin, the store. */
export interface BenchContext {
  context: BrowserContext;
  page: Page;
  /** The dev server's origin: the bench page and the app are both served from it. */
  origin: string;
  /** The browser profile's folder (to find the bench's own Chromium processes). */
  profile: string;
  location: S3Location;
  /** The figures of the suites run so far (a suite compares with a ceiling measured before it). */
  results: Readonly<Figures>;
}

/** `group` is what PINHOLE_BENCH_ONLY names (a comma-separated list) to run only some suites. */
type Suite = { name: string; group: string; run: (bench: BenchContext) => Promise<Figures> };

const suites: Suite[] = [
  {
    name: 'secretstream limit',
    group: 'crypto',
    run: ({ page }) => callBench(page, 'secretstreamLimit'),
  },
  { name: 'argon2id limit', group: 'crypto', run: ({ page }) => callBench(page, 'argon2idLimit') },
  {
    name: 'jpeg decode limit',
    group: 'limits',
    run: ({ page }) => callBench(page, 'jpegDecodeLimit'),
  },
  {
    name: 'indexeddb limit',
    group: 'limits',
    run: ({ page }) => callBench(page, 'idbPutBlobLimit'),
  },
  { name: 'crypto (app path)', group: 'crypto', run: ({ page }) => callBench(page, 'crypto') },
  {
    name: 'crypto CPU',
    group: 'crypto',
    run: ({ page, profile }) => cryptoCpuBench(page, profile),
  },
  {
    name: 's3 put limit',
    group: 'limits',
    run: ({ page, location }) => callBench(page, 's3PutLimit', location),
  },
  {
    name: `import (${String(importCount)} photos)`,
    group: 'import',
    run: ({ page }) => importBench(page, importCount),
  },
  { name: 'viewer (12-MP photos)', group: 'viewer', run: viewerBench },
  { name: 'gallery (100,000 photos)', group: 'gallery', run: galleryBench },
  // After the limits: sync.upload_ratio is against limit.s3_put_mb_s of the same run.
  { name: 'sync (upload, second device)', group: 'sync', run: syncBench },
];

/** Seconds since `started` (a performance.now()), to one decimal. */
const secondsSince = (started: number): string => ((performance.now() - started) / 1000).toFixed(1);

function unitOf(name: string): string {
  if (name.endsWith('_mb_s')) return 'MB/s';
  if (name.endsWith('_ms')) return 'ms';
  if (name.endsWith('_bytes')) return 'bytes';
  if (name.endsWith('_ratio')) return 'x limit';
  if (name.endsWith('_per_s')) return 'photos/s';
  if (name.endsWith('_mb')) return 'MB';
  return '';
}

function printTable(results: Figures): void {
  const width = Math.max(...Object.keys(results).map((name) => name.length));
  console.log(`\n${'figure'.padEnd(width)}  ${'value'.padStart(10)}  unit`);
  for (const [name, value] of Object.entries(results)) {
    const shown = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
    console.log(`${name.padEnd(width)}  ${shown.padStart(10)}  ${unitOf(name)}`);
  }
}

const setupStarted = performance.now();
const { store, startedHere } = await startRadosgw();
const server = await createServer({
  server: { host: '127.0.0.1', port: 5199, strictPort: false },
  logLevel: 'warn',
});
await server.listen();
const origin = new URL(server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5199/').origin;
await ensureBucket(store, benchBucket, [origin]);
const location: S3Location = { ...store, bucket: benchBucket, pathStyle: true };

const profile = await mkdtemp(join(tmpdir(), 'pinhole-bench-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath(),
  args: chromiumArgs,
  headless: true,
});
const results: Figures = {};
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => {
    console.error('bench page error:', error);
  });
  await page.goto(`${origin}/bench/index.html`);
  await page.waitForFunction(() => window.pinholeBench !== undefined);
  process.stderr.write(`set up in ${secondsSince(setupStarted)} s\n`);
  // PINHOLE_BENCH_ONLY=import,gallery runs only those groups, for quick runs.
  const only = process.env.PINHOLE_BENCH_ONLY?.split(',').map((group) => group.trim());
  const bench: BenchContext = { context, page, origin, profile, location, results };
  for (const suite of suites) {
    if (only && !only.includes(suite.group)) continue;
    const started = performance.now();
    Object.assign(results, await suite.run(bench));
    process.stderr.write(`measured ${suite.name} in ${secondsSince(started)} s\n`);
  }
} finally {
  await context.close();
  await server.close();
  await rm(profile, { recursive: true, force: true });
  if (startedHere) await stopRadosgw();
}

await writeFile('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
printTable(results);
console.log('\nWritten to bench-results.json');
