/**
 * sync.*: the app's own sync (dev server, Settings > Storage and "Open an existing library")
 * against the local radosgw the runner started, each device a headless Chromium of its own with a
 * new on-disk profile. Everything goes under one prefix of the bench bucket, new for each run and
 * deleted at the end.
 *
 * - sync.upload_mb_s: `sync.upload_photos` distinct 12-MP JPEGs of about 4 MB are imported with
 *   sync off (not timed). Then Settings > Storage is filled in, and the clock runs in the page
 *   from the form's submit ("Save and sync") to the header's badge saying "Synced" with nothing
 *   pending. The bytes are what the bucket holds under the prefix afterwards (listed from Node):
 *   the sealed originals, previews and thumbnails, plus the log segment, the device head and the
 *   key bundle (`sync.upload_bytes`, `sync.upload_objects`). sync.upload_ratio is that speed over
 *   limit.s3_put_mb_s of the same run (measured here when the limits suite did not run).
 * - sync.second_device_ready_ms: a synthetic library of `sync.second_device_photos` photos
 *   (e2e/support/syntheticLibrary.ts) is unlocked on one device and synced to the bucket (not
 *   timed). A second device (a new, empty profile) opens it through "Open an existing library"
 *   with the bucket's settings and the password; the clock runs in the page from the form's
 *   submit ("Open library") to the first timeline thumbnail painted (a tile's canvas drawn and
 *   shown, then one animation frame); the median of SECOND_DEVICE_RUNS opens, each on a new
 *   device (`sync.second_device_ready_max_ms` the worst). On the way:
 *   `sync.second_device_library_ms` to the library screen (key bundle fetched, Argon2id,
 *   unlocked; the timeline still empty) and `sync.second_device_tiles_ms` to the first tile in
 *   the DOM (the log pulled, merged and the timeline index written; placeholders). Goal: under 5 s plus limit.argon2id_256mib_ms (taken
 *   from the crypto suite of the same run, else measured here).
 *
 * PINHOLE_BENCH_SYNC_PHOTOS and PINHOLE_BENCH_SYNC_LIBRARY change the two counts (200 and 10,000)
 * for quick runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { waitForImported } from '../e2e/support/import.ts';
import {
  argon2Timeout,
  createLibrary,
  libraryHeading,
  testPassword,
  unlock,
} from '../e2e/support/library.ts';
import {
  configureStorage,
  fillStoreFields,
  openExistingLibrary,
  storageSettings,
  waitForSynced,
} from '../e2e/support/sync.ts';
import { createSyntheticLibrary, syntheticDefaults } from '../e2e/support/syntheticLibrary.ts';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.ts';
import type { S3Location } from '../src/core/store/s3.ts';
import { StoreClient } from '../src/core/store/storeClient.ts';
import { callBench } from './callBench.ts';
import { median } from './measure.ts';
import type { Figures } from './page.ts';
import type { BenchContext } from './run.ts';

const MB = 1e6;
/** Photos uploaded: PINHOLE_BENCH_SYNC_PHOTOS, else the 200 the goal names. */
const uploadPhotos = Number(process.env.PINHOLE_BENCH_SYNC_PHOTOS || 200);
/** Photos in the library the second device opens: PINHOLE_BENCH_SYNC_LIBRARY, else 10,000. */
const libraryPhotos = Number(process.env.PINHOLE_BENCH_SYNC_LIBRARY || 10_000);
/** Opens of the library on a new device; the figures are their medians. */
const SECOND_DEVICE_RUNS = 3;
/** What a phone's 12-MP JPEG weighs, about. */
const PHOTO_BYTES = 4 * MB;
/** Generous: on the shared two-core machine an import of 200 photos takes minutes. */
const IMPORT_TIMEOUT = 30 * 60_000;
/** For a sync round, so that a stuck one fails the suite before long. */
const SYNC_TIMEOUT = 10 * 60_000;

/** What the probe below keeps in each device's page, in performance.now() ms. */
interface SyncProbe {
  /** The last form submitted ("Save and sync", "Open library"); the rest is reset then. */
  submittedAt: number | null;
  /** The badge first said "Synced" with nothing pending. */
  syncedAt: number | null;
  /** The badge's text when it last said the sync failed. */
  failure: string | null;
  /** The library screen (unlocked) appeared. */
  libraryAt: number | null;
  /** A timeline tile appeared (its placeholder). */
  firstTileAt: number | null;
  /** A tile's thumbnail was shown and one frame drawn after it; -1 while waiting for the frame. */
  firstThumbnailAt: number | null;
}
type ProbeWindow = Window & { pinholeSyncProbe?: SyncProbe };

/**
 * Installed before the app's scripts in every page of a device: the moments the figures span,
 * seen by a MutationObserver, so Playwright's polling adds nothing to them.
 */
function installSyncProbe(): void {
  const probe: SyncProbe = {
    submittedAt: null,
    syncedAt: null,
    failure: null,
    libraryAt: null,
    firstTileAt: null,
    firstThumbnailAt: null,
  };
  (window as ProbeWindow).pinholeSyncProbe = probe;
  // Capture: before React's handler starts the work.
  window.addEventListener(
    'submit',
    () => {
      Object.assign(probe, {
        submittedAt: performance.now(),
        syncedAt: null,
        failure: null,
        libraryAt: null,
        firstTileAt: null,
        firstThumbnailAt: null,
      });
    },
    true,
  );
  // Inline, not a named function: tsx names functions with a helper the page does not have.
  const observer = new MutationObserver(() => {
    if (probe.submittedAt === null) return;
    const now = performance.now();
    probe.libraryAt ??= document.querySelector('[data-testid="library"]') ? now : null;
    probe.firstTileAt ??= document.querySelector('.tile') ? now : null;
    if (probe.firstThumbnailAt === null && document.querySelector('.tile canvas.shown')) {
      probe.firstThumbnailAt = -1;
      requestAnimationFrame(() => {
        probe.firstThumbnailAt = performance.now();
      });
    }
    const badge = document.querySelector<HTMLElement>('[data-testid="sync-status"]');
    if (!badge) return;
    const state = badge.querySelector('.sync-state')?.textContent ?? '';
    if (badge.dataset.state === 'failed') probe.failure = state;
    const synced = badge.dataset.state === 'idle' && badge.dataset.pending === '0';
    if (synced && state === 'Synced') probe.syncedAt ??= now;
  });
  document.addEventListener('DOMContentLoaded', () => {
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
}

const readProbe = (page: Page): Promise<SyncProbe> =>
  page.evaluate(() => {
    const probe = (window as ProbeWindow).pinholeSyncProbe;
    if (!probe) throw new Error('no sync probe in the page');
    return { ...probe };
  });

/** Waits until the probe's `moment` is set (a failed sync stops the wait with its message). */
async function waitForMoment(
  page: Page,
  moment: 'syncedAt' | 'firstThumbnailAt',
  timeout: number,
): Promise<number> {
  await page.waitForFunction(
    (moment) => {
      const probe = (window as ProbeWindow).pinholeSyncProbe;
      if (!probe) return false;
      return (probe[moment] ?? -1) > 0 || probe.failure !== null;
    },
    moment,
    { timeout, polling: 200 },
  );
  const probe = await readProbe(page);
  if (probe.failure !== null) throw new Error(`sync failed: ${probe.failure}`);
  if (probe.submittedAt === null) throw new Error('no form was submitted');
  return (probe[moment] ?? Number.NaN) - probe.submittedAt;
}

/** A device: a headless Chromium with a new, empty on-disk profile, on the dev server's origin. */
interface Device {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

async function newDevice(name: string, origin: string): Promise<Device> {
  const profile = await mkdtemp(join(tmpdir(), `pinhole-bench-sync-${name}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    headless: true,
    baseURL: origin, // e2e/support/sync.ts's helpers go to '/'
    viewport: { width: 1280, height: 800 },
  });
  await context.addInitScript(installSyncProbe);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => {
    process.stderr.write(`sync bench (${name}) page error: ${String(error)}\n`);
  });
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The bench's 12-MP JPEG (bench/limits.ts) encoded again at the quality that brings it nearest
 * `targetBytes`, made on the bench page, as bytes for Node.
 */
async function photoOfAbout(benchPage: Page, targetBytes: number): Promise<Buffer> {
  const bytes = await benchPage.evaluate(async (target) => {
    const path = '/bench/limits.ts'; // served by the dev server, like the bench page itself
    const limits = (await import(/* @vite-ignore */ path)) as { makeTestJpeg: () => Promise<Blob> };
    const source = await createImageBitmap(await limits.makeTestJpeg());
    const canvas = new OffscreenCanvas(source.width, source.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('OffscreenCanvas 2d context unavailable');
    context.drawImage(source, 0, 0);
    source.close();
    let [low, high] = [0.5, 1];
    let best: Blob | null = null;
    for (let step = 0; step < 8; step++) {
      const quality = (low + high) / 2;
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
      if (!best || Math.abs(blob.size - target) < Math.abs(best.size - target)) best = blob;
      if (blob.size < target) low = quality;
      else high = quality;
    }
    if (!best) throw new Error('no JPEG made');
    return new Uint8Array(await best.arrayBuffer());
  }, targetBytes);
  return Buffer.from(bytes);
}

/** Everything under `prefix`: how many objects and bytes, and their sizes. */
async function listed(location: S3Location, prefix: string) {
  const objects = await new StoreClient(location).listAll(prefix);
  const sizes = objects.map((object) => object.size);
  return { objects: sizes.length, bytes: sizes.reduce((sum, size) => sum + size, 0), sizes };
}

/** Deletes every object under `prefix`, eight at a time. */
async function deletePrefix(location: S3Location, prefix: string): Promise<number> {
  const client = new StoreClient(location);
  const keys = (await client.listAll(prefix)).map((object) => object.key);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let key = keys[next++]; key !== undefined; key = keys[next++]) {
      await client.deleteObject(key);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return keys.length;
}

/** Bytes in decimal units, for the log lines. */
const megabytes = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/** sync.upload_*: imports `count` photos with sync off, then times "Save and sync". */
async function uploadSuite(
  { page: benchPage, origin, location, results }: BenchContext,
  prefix: string,
  count: number,
): Promise<Figures> {
  const jpeg = await photoOfAbout(benchPage, PHOTO_BYTES);
  const folder = await mkdtemp(join(tmpdir(), 'pinhole-bench-sync-photos-'));
  const device = await newDevice('upload', origin);
  let seconds: number;
  let badgeText: string;
  try {
    const paths: string[] = [];
    for (let index = 0; index < count; index++) {
      const path = join(folder, `IMG_${String(index).padStart(4, '0')}.jpg`);
      // Bytes after the JPEG's end-of-image marker make each file distinct to the content hash.
      await writeFile(path, Buffer.concat([jpeg, Buffer.from(`pinhole sync ${String(index)}`)]));
      paths.push(path);
    }
    const { page } = device;
    await createLibrary(page, testPassword, { url: `${origin}/` });
    const importStarted = performance.now();
    await page.getByTestId('import-files').setInputFiles(paths);
    await waitForImported(page, count, IMPORT_TIMEOUT);
    process.stderr.write(
      `sync: imported ${String(count)} photos of ${megabytes(jpeg.length)} (sync off) in ${((performance.now() - importStarted) / 1000).toFixed(1)} s\n`,
    );
    await page.waitForTimeout(1000); // let the import's last writes settle before the clock
    const form = await storageSettings(page);
    await fillStoreFields(form, location, prefix);
    await form.getByRole('button', { name: 'Save and sync' }).click();
    seconds = (await waitForMoment(page, 'syncedAt', SYNC_TIMEOUT)) / 1000;
    const badgeParts = page.getByTestId('sync-status').locator('.sync-state, .sync-details > *');
    badgeText = (await badgeParts.allTextContents()).join(' · ');
  } finally {
    await device.close();
    await rm(folder, { recursive: true, force: true });
  }
  const bucket = await listed(location, prefix);
  const large = bucket.sizes.filter((size) => size >= MB);
  const middle = bucket.sizes.filter((size) => size >= 100_000 && size < MB);
  const small = bucket.sizes.filter((size) => size < 100_000);
  const sum = (sizes: number[]) => megabytes(sizes.reduce((total, size) => total + size, 0));
  process.stderr.write(
    [
      `sync: uploaded ${String(bucket.objects)} objects, ${megabytes(bucket.bytes)}, in ${seconds.toFixed(1)} s (load ${loadavg()[0]?.toFixed(1) ?? '?'})`,
      `  by size: ${String(large.length)} of >= 1 MB (${sum(large)}), ${String(middle.length)} of 100 kB-1 MB (${sum(middle)}), ${String(small.length)} smaller (${sum(small)})`,
      `  the badge said: ${badgeText}`,
    ].join('\n') + '\n',
  );

  const figures: Figures = {
    'sync.upload_photos': count,
    'sync.upload_photo_bytes': jpeg.length,
    'sync.upload_objects': bucket.objects,
    'sync.upload_bytes': bucket.bytes,
    'sync.upload_ms': seconds * 1000,
  };
  const uploadMbS = bucket.bytes / MB / seconds;
  figures['sync.upload_mb_s'] = uploadMbS;
  // The ceiling of the same run: the limits suite's, else measured now.
  let limit = results['limit.s3_put_mb_s'];
  if (limit === undefined) {
    const measured = await callBench(benchPage, 's3PutLimit', location);
    Object.assign(figures, measured);
    limit = measured['limit.s3_put_mb_s'];
  }
  if (limit !== undefined) {
    figures['sync.upload_ratio'] = uploadMbS / limit;
    process.stderr.write(
      `sync.upload_mb_s ${uploadMbS.toFixed(1)} against limit.s3_put_mb_s ${limit.toFixed(1)}\n`,
    );
  }
  return figures;
}

/** sync.second_device_*: a synthetic library synced up, then opened on a new device. */
async function secondDeviceSuite(
  { page: benchPage, origin, location, results }: BenchContext,
  prefix: string,
  photos: number,
): Promise<Figures> {
  const first = await newDevice('first', origin);
  try {
    const library = await createSyntheticLibrary(first.page, origin, {
      photos,
      // As full, for its size, as the 100,000-photo library's biggest month.
      bigMonth: {
        month: syntheticDefaults.bigMonth.month,
        photos: Math.round((photos * syntheticDefaults.bigMonth.photos) / syntheticDefaults.photos),
      },
    });
    process.stderr.write(
      `sync: synthetic library of ${String(library.photos)} photos made in ${(library.ms / 1000).toFixed(1)} s\n`,
    );
    await first.page.goto('/');
    await unlock(first.page, testPassword);
    await libraryHeading(first.page).waitFor({ timeout: argon2Timeout });
    const started = performance.now();
    await configureStorage(first.page, prefix, location);
    await waitForSynced(first.page, SYNC_TIMEOUT);
    const bucket = await listed(location, prefix);
    process.stderr.write(
      `sync: the first device uploaded ${String(bucket.objects)} objects, ${megabytes(bucket.bytes)}, in ${((performance.now() - started) / 1000).toFixed(1)} s (not counted)\n`,
    );
  } finally {
    await first.close();
  }

  // Each open on a new device of its own; the median of SECOND_DEVICE_RUNS.
  const runs: { library: number; tiles: number; ready: number }[] = [];
  for (let run = 0; run < SECOND_DEVICE_RUNS; run++) {
    const second = await newDevice('second', origin);
    try {
      const { page } = second;
      await openExistingLibrary(page, prefix, testPassword, { location });
      const ready = await waitForMoment(page, 'firstThumbnailAt', SYNC_TIMEOUT);
      const probe = await readProbe(page);
      const since = (moment: number | null) =>
        moment === null || probe.submittedAt === null ? Number.NaN : moment - probe.submittedAt;
      runs.push({ library: since(probe.libraryAt), tiles: since(probe.firstTileAt), ready });
      process.stderr.write(
        `sync: second device ${String(run + 1)}: library screen ${since(probe.libraryAt).toFixed(0)} ms, first tile ${since(probe.firstTileAt).toFixed(0)} ms, first thumbnail ${ready.toFixed(0)} ms\n`,
      );
      // The round that brought the library in ends cleanly (the thumbnails came from the bucket).
      await waitForSynced(page, SYNC_TIMEOUT);
    } finally {
      await second.close();
    }
  }
  const figures: Figures = {
    'sync.second_device_photos': photos,
    'sync.second_device_library_ms': median(runs.map((run) => run.library)),
    'sync.second_device_tiles_ms': median(runs.map((run) => run.tiles)),
    'sync.second_device_ready_ms': median(runs.map((run) => run.ready)),
    'sync.second_device_ready_max_ms': Math.max(...runs.map((run) => run.ready)),
  };

  let argon2Ms = results['limit.argon2id_256mib_ms'];
  if (argon2Ms === undefined) {
    const measured = await callBench(benchPage, 'argon2idLimit');
    Object.assign(figures, measured);
    argon2Ms = measured['limit.argon2id_256mib_ms'];
  }
  const goal =
    argon2Ms === undefined
      ? 'under 5000 ms + Argon2id'
      : `under ${(5000 + argon2Ms).toFixed(0)} ms: 5000 + limit.argon2id_256mib_ms ${argon2Ms.toFixed(0)}`;
  process.stderr.write(
    [
      `sync.second_device_ready_ms ${(figures['sync.second_device_ready_ms'] ?? Number.NaN).toFixed(0)} (goal ${goal}; load ${loadavg()[0]?.toFixed(1) ?? '?'})`,
      `  library screen after ${(figures['sync.second_device_library_ms'] ?? Number.NaN).toFixed(0)} ms, first tile after ${(figures['sync.second_device_tiles_ms'] ?? Number.NaN).toFixed(0)} ms`,
    ].join('\n') + '\n',
  );
  return figures;
}

export async function syncBench(bench: BenchContext): Promise<Figures> {
  // One folder of the shared bucket per run, so runs (and people) never see each other's objects.
  const prefix = `bench-sync-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}/`;
  try {
    return {
      ...(await uploadSuite(bench, `${prefix}upload/`, uploadPhotos)),
      ...(await secondDeviceSuite(bench, `${prefix}library/`, libraryPhotos)),
    };
  } finally {
    const deleted = await deletePrefix(bench.location, prefix).catch((error: unknown) => {
      process.stderr.write(`sync: could not delete ${prefix}: ${String(error)}\n`);
      return 0;
    });
    process.stderr.write(`sync: deleted ${String(deleted)} objects under ${prefix}\n`);
  }
}
