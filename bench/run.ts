/**
 * `npm run bench`: measures the app's speed in headless Chromium with a persistent on-disk profile
 * (in-memory profiles would flatter IndexedDB), next to the ceilings of this machine measured in
 * the same run. Writes bench-results.json (a flat object of named figures) and prints a table.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createServer } from 'vite';
import type { S3Location } from '../src/core/store/s3.ts';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.ts';
import { startRadosgw, stopRadosgw } from '../scripts/radosgw.ts';
import { ensureBucket } from '../scripts/s3-bucket.ts';
import { importBench } from './importBench.ts';
import type { Figures, PinholeBench } from './page.ts';

const benchBucket = 'pinhole-bench';
/** Photos in the import bench: PINHOLE_BENCH_IMPORT_COUNT, else the 1,000 the goal names. */
const importCount = Number(process.env.PINHOLE_BENCH_IMPORT_COUNT || 1000);

type Suite = { name: string; run: (page: Page, location: S3Location) => Promise<Figures> };

function call(name: Exclude<keyof PinholeBench, 's3PutLimit' | 'importLimit'>) {
  return (page: Page): Promise<Figures> =>
    page.evaluate((suite) => {
      const bench = window.pinholeBench;
      if (!bench) throw new Error('bench page not loaded');
      return bench[suite]();
    }, name);
}

const suites: Suite[] = [
  { name: 'secretstream limit', run: call('secretstreamLimit') },
  { name: 'argon2id limit', run: call('argon2idLimit') },
  { name: 'jpeg decode limit', run: call('jpegDecodeLimit') },
  { name: 'indexeddb limit', run: call('idbPutBlobLimit') },
  { name: 'crypto (app path)', run: call('crypto') },
  {
    name: 's3 put limit',
    run: (page, location) =>
      page.evaluate((where) => {
        const bench = window.pinholeBench;
        if (!bench) throw new Error('bench page not loaded');
        return bench.s3PutLimit(where);
      }, location),
  },
];

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
  process.stderr.write(`set up in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s\n`);
  // PINHOLE_BENCH_ONLY=import measures the import alone (with its own ceiling), for quick runs.
  const only = process.env.PINHOLE_BENCH_ONLY;
  for (const suite of only === 'import' ? [] : suites) {
    const started = performance.now();
    Object.assign(results, await suite.run(page, location));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`measured ${suite.name} in ${seconds} s\n`);
  }
  const importStarted = performance.now();
  Object.assign(results, await importBench(context, page, origin, profile, importCount));
  const importSeconds = ((performance.now() - importStarted) / 1000).toFixed(1);
  process.stderr.write(`measured import (${String(importCount)} photos) in ${importSeconds} s\n`);
} finally {
  await context.close();
  await server.close();
  await rm(profile, { recursive: true, force: true });
  if (startedHere) await stopRadosgw();
}

await writeFile('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
printTable(results);
console.log('\nWritten to bench-results.json');
