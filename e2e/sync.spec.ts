import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Exifr from 'exifr';
import {
  expect,
  test,
  type Browser,
  type BrowserContext,
  type Page,
  type Route,
} from '@playwright/test';
import { startRadosgw, stopRadosgw } from '../scripts/radosgw.ts';
import { ensureBucket } from '../scripts/s3-bucket.ts';
import { ffmpeg } from '../src/core/testing/ffmpeg.ts';
import { seededRandom } from '../src/core/testing/seededRandom.ts';
import { expectThumbnailShown, waitForImported } from './support/import.ts';
import {
  act,
  expectShown,
  galleryFiles,
  select,
  show,
  tile,
  tiles,
  type GalleryPhoto,
} from './support/gallery.ts';

import {
  argon2Timeout,
  createLibrary,
  libraryHeading,
  testPassword,
  unlock,
} from './support/library.ts';
import { appOrigin, appPort } from './support/servers.ts';
import { e2eLocationOf, e2eStoreConfig } from './support/store.ts';
import {
  bucketClient,
  configureStorage,
  ensureSyncBucket,
  fillStoreFields,
  listBucket,
  localBlobs,
  openExistingLibrary,
  storageSettings,
  syncBadge,
  syncNow,
  syncStoreLocation,
  uniquePrefix,
  waitForSynced,
} from './support/sync.ts';

/*
 * Sync through the built app against the real Ceph radosgw. Two browser contexts are two
 * devices: one imports and syncs, the other opens the library from the bucket; both edit
 * offline and converge. Faults (aborted uploads, a reload mid-upload, a store restart) lose and
 * duplicate nothing; the bucket holds nothing readable; wrong keys are reported in words.
 * Each test has its own prefix in a bucket of this run's own (support/sync.ts says why).
 * An expired presigned URL is covered by e2e/store-client.spec.ts ("a wrong secret, a clock an
 * hour behind and an expired URL are told apart in the browser").
 */

test.describe.configure({ timeout: 420_000 });

test.beforeAll(ensureSyncBucket);

/**
 * exifr's ESM build, by path: its package entry is a UMD file that Playwright's loader turns
 * into an empty module.
 */
const exifrPath = 'exifr/dist/full.esm.mjs';
const loadExifr = async () => (await import(exifrPath)) as typeof Exifr;

const storeOrigin = () => new URL(syncStoreLocation().endpoint).origin;

async function newDevice(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  // Tall: the timeline draws only the rows in view, and each test photo has a day of its own.
  const context = await browser.newContext({
    baseURL: appOrigin,
    viewport: { width: 1280, height: 2000 },
  });
  return { context, page: await context.newPage() };
}

async function importPhotos(page: Page, files: string[]) {
  await page.getByTestId('import-files').setInputFiles(files);
  await waitForImported(page, files.length, 240_000);
}

const albumCard = (page: Page, name: string, count: number) =>
  page.getByRole('button', {
    name: new RegExp(`^${name}\\s*${String(count)} photos?$`),
  });

async function openAlbum(page: Page, name: string, count: number) {
  await show(page, 'Albums');
  await albumCard(page, name, count).click();
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
}

/** Adds the selected photos to a new album named `name`, or to the existing album `name`. */
async function addToAlbum(page: Page, name: string, { create = false } = {}) {
  await act(page, 'Add to album');
  const picker = page.getByRole('dialog', { name: /^Add \d+ photos? to an album$/ });
  if (create) {
    await picker.getByRole('button', { name: 'New album…' }).click();
    const naming = page.getByRole('dialog', { name: 'New album' });
    await naming.getByLabel('Album name').fill(name);
    await naming.getByRole('button', { name: 'Create' }).click();
    await expect(naming).toBeHidden();
  } else {
    await picker.getByRole('button', { name: new RegExp(`^${name} `) }).click();
  }
  await expect(picker).toBeHidden();
}

/** What a device shows in every view, as photo ids, plus the albums with their counts. */
async function viewsOf(
  page: Page,
  expected: Record<string, GalleryPhoto[]>,
  albums: [string, GalleryPhoto[]][],
) {
  const seen: Record<string, string[]> = {};
  for (const [section, names] of Object.entries(expected)) {
    await show(page, section as 'Photos');
    seen[section] = await expectShown(page, ...names);
  }
  for (const [album, names] of albums) {
    await openAlbum(page, album, names.length);
    seen[`album ${album}`] = await expectShown(page, ...names);
  }
  await show(page, 'Albums');
  await expect(page.locator('.album-card')).toHaveCount(albums.length);
  await show(page, 'Photos');
  return seen;
}

test.describe.serial('two devices', () => {
  const prefix = uniquePrefix('devices');
  let a: { context: BrowserContext; page: Page };
  let b: { context: BrowserContext; page: Page };
  let phrase: string[] = [];

  test.beforeAll(async ({ browser }) => {
    a = await newDevice(browser);
    b = await newDevice(browser);
  });

  test.afterAll(async () => {
    await a.context.close();
    await b.context.close();
  });

  test('A imports and syncs; B opens the library from the bucket and sees the same photos', async () => {
    phrase = await createLibrary(a.page, testPassword);
    await importPhotos(a.page, galleryFiles);
    await configureStorage(a.page, prefix);
    await waitForSynced(a.page);
    await expect(syncBadge(a.page)).toContainText(/\d+(\.\d)? (kB|MB) uploaded/);
    await expect(syncBadge(a.page)).toContainText('Last sync just now');
    const ids = await expectShown(a.page, 'berkeley', 'rome', 'paris', 'czech');

    // B: a wrong password is refused in words, then the right one opens everything.
    await openExistingLibrary(b.page, prefix, `${testPassword}-wrong`, { expectOpened: false });
    await expect(b.page.getByRole('alert')).toHaveText(
      /That password doesn't open the library in this bucket/,
      { timeout: argon2Timeout },
    );
    await b.page.getByLabel('Password of the library').fill(testPassword);
    await b.page.getByRole('button', { name: 'Open library' }).click();
    await expect(libraryHeading(b.page)).toBeVisible({ timeout: argon2Timeout });
    expect(await expectShown(b.page, 'berkeley', 'rome', 'paris', 'czech')).toEqual(ids);
    // The same dates, and thumbnails fetched from the bucket decrypt.
    const labels = async (page: Page) =>
      (await tiles(page).evaluateAll((found) => found.map((t) => t.getAttribute('aria-label'))))
        .map(String)
        .sort();
    expect(await labels(b.page)).toEqual(await labels(a.page));
    for (const tile of await tiles(b.page).all()) await expectThumbnailShown(tile);
    await waitForSynced(b.page);
  });

  test('offline edits on both devices converge when they sync again', async () => {
    const { page: pageA, context: contextA } = a;
    const { page: pageB, context: contextB } = b;
    // An album both devices know before going offline.
    await select(pageA, 'berkeley', 'rome');
    await addToAlbum(pageA, 'Trips', { create: true });
    await syncNow(pageA);
    await syncNow(pageB);
    await openAlbum(pageB, 'Trips', 2);
    await show(pageB, 'Photos');

    await contextA.setOffline(true);
    await contextB.setOffline(true);

    // A: rename the album, favourite Paris, trash the Czech photo.
    await openAlbum(pageA, 'Trips', 2);
    await pageA.getByRole('button', { name: 'Rename' }).click();
    const renaming = pageA.getByRole('dialog', { name: 'Rename album' });
    await renaming.getByLabel('Album name').fill('Best trips');
    await renaming.getByRole('button', { name: 'Rename' }).click();
    await expect(pageA.getByRole('heading', { name: 'Best trips' })).toBeVisible();
    await show(pageA, 'Photos');
    await select(pageA, 'paris');
    await act(pageA, 'Favourite');
    await select(pageA, 'czech');
    await act(pageA, 'Move to trash');
    await expectShown(pageA, 'berkeley', 'rome', 'paris');
    // Sync tries, finds no network, and says it will retry.
    await expect(syncBadge(pageA).getByRole('status')).toHaveText(
      /^(Offline, will retry|Sync failed: .+)$/,
      { timeout: 60_000 },
    );

    // B: Paris into the album, Rome out of it and into a new album, Berkeley a favourite.
    await select(pageB, 'paris');
    await addToAlbum(pageB, 'Trips');
    await openAlbum(pageB, 'Trips', 3);
    await select(pageB, 'rome');
    await act(pageB, 'Remove from album');
    await expectShown(pageB, 'berkeley', 'paris');
    await show(pageB, 'Photos');
    await select(pageB, 'berkeley');
    await act(pageB, 'Favourite');
    await select(pageB, 'rome');
    await addToAlbum(pageB, 'Family', { create: true });

    // Back online: sync resumes by itself; then each syncs twice, in turn.
    await contextA.setOffline(false);
    await contextB.setOffline(false);
    await waitForSynced(pageA);
    await waitForSynced(pageB);
    for (const page of [pageA, pageB, pageA, pageB]) await syncNow(page);

    const expected: Record<string, GalleryPhoto[]> = {
      Photos: ['berkeley', 'rome', 'paris'],
      Favourites: ['paris', 'berkeley'],
      Trash: ['czech'],
      Archive: [],
    };
    const albums: [string, GalleryPhoto[]][] = [
      ['Best trips', ['berkeley', 'paris']],
      ['Family', ['rome']],
    ];
    const seenA = await viewsOf(pageA, expected, albums);
    const seenB = await viewsOf(pageB, expected, albums);
    expect(seenB).toEqual(seenA);
  });

  test('the bucket holds nothing readable and names that tell nothing', async () => {
    const listed = await listBucket(prefix);
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const namePattern = new RegExp(`^${escaped}(pinhole-library|[odls]/[0-9a-f]{32})$`);
    for (const { key } of listed) expect(key).toMatch(namePattern);
    // 4 photos × (original, preview, thumbnail) minus nothing deleted for good, plus logs and
    // two device heads and the key bundle.
    expect(listed.filter(({ key }) => key.startsWith(`${prefix}o/`))).toHaveLength(12);
    expect(listed.filter(({ key }) => key.startsWith(`${prefix}d/`))).toHaveLength(2);

    const client = bucketClient();
    const contents: { key: string; bytes: Buffer }[] = [];
    for (const { key } of listed) {
      const blob = await client.getObject(key);
      expect(blob, key).not.toBeNull();
      contents.push({ key, bytes: Buffer.from(await (blob as Blob).arrayBuffer()) });
    }

    const needles = await secretsOf(galleryFiles);
    needles.push(
      { what: 'album name', bytes: Buffer.from('Best trips') },
      { what: 'album name', bytes: Buffer.from('Trips') },
      { what: 'album name', bytes: Buffer.from('Family') },
      { what: 'password', bytes: Buffer.from(testPassword) },
      { what: 'recovery phrase', bytes: Buffer.from(phrase.join(' ')) },
      { what: 'store secret', bytes: Buffer.from(syncStoreLocation().secretAccessKey) },
      { what: 'store access key', bytes: Buffer.from(syncStoreLocation().accessKeyId) },
    );
    expect(phrase).toHaveLength(24);
    const found: string[] = [];
    for (const { key, bytes } of contents) {
      for (const needle of needles) {
        if (bytes.includes(needle.bytes)) found.push(`${needle.what} in ${key}`);
        if (key.includes(needle.bytes.toString('latin1'))) found.push(`${needle.what} in a name`);
      }
    }
    expect(found).toEqual([]);
  });

  test('a photo deleted for good leaves the bucket once the other device has seen it go', async () => {
    const contentObjects = async () =>
      (await listBucket(prefix))
        .filter(({ key }) => key.startsWith(`${prefix}o/`))
        .map(({ key }) => key.slice(`${prefix}o/`.length));
    const before = await contentObjects();
    expect(before).toHaveLength(12);
    await show(a.page, 'Trash');
    await expectShown(a.page, 'czech');
    await a.page.getByRole('button', { name: 'Empty trash' }).click();
    await a.page
      .getByRole('dialog', { name: 'Empty the trash?' })
      .getByRole('button', { name: 'Empty trash' })
      .click();
    await expect(a.page.getByText('The trash is empty.')).toBeVisible();
    await syncNow(a.page);
    // B has not seen the delete and may still open the photo: the bucket keeps it, and says so.
    await expect(syncBadge(a.page)).toContainText(
      '3 deleted files kept in the bucket until your other devices sync',
    );
    expect(await contentObjects()).toHaveLength(12);

    // B syncs: the photo leaves its trash, and its own copies of the ciphertext go too.
    await syncNow(b.page);
    await show(b.page, 'Trash');
    await expect(b.page.getByText('The trash is empty.')).toBeVisible();
    // Then A's next round deletes the objects.
    await syncNow(a.page);
    await expect(syncBadge(a.page)).not.toContainText('kept in the bucket');
    const after = await contentObjects();
    expect(after).toHaveLength(9);
    const gone = before.filter((id) => !after.includes(id));
    for (const device of [a, b]) {
      const { blobs } = await localBlobs(device.page);
      expect(blobs.filter((id) => gone.includes(id))).toEqual([]);
    }
    await show(a.page, 'Photos');
    await show(b.page, 'Photos');
  });

  test('originals kept in the cloud only free this device and come back when opened', async () => {
    const { page } = a;
    expect((await localBlobs(page)).blobs).toHaveLength(9);
    await storageSettings(page);
    const space = page.getByRole('region', { name: 'Space on this device' });
    const summary = space.getByTestId('device-space');
    await expect(summary).toContainText('Originals on this device: 3 photos');
    await space.getByLabel('Keep originals in my storage only').check();
    await expect(space.getByRole('status')).toHaveText(
      'Originals now go to your storage only, once uploaded.',
    );
    await expect(summary).toContainText('Originals on this device: 0 photos');
    await expect(summary).toContainText('In your storage only: 3 photos');
    // Thumbnails and previews stay: 3 photos × 2.
    const kept = (await localBlobs(page)).blobs;
    expect(kept).toHaveLength(6);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();

    // Opening one at full size fetches its original from the bucket (and does not keep it).
    const fetched: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.method() === 'GET' && url.origin === storeOrigin()) {
        const name = /\/o\/([0-9a-f]{32})$/.exec(url.pathname);
        if (name?.[1]) fetched.push(name[1]);
      }
    });
    await tile(page, 'berkeley').click();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      viewer.getByRole('button', { name: 'Download original' }).click(),
    ]);
    const berkeley = galleryFiles[0] ?? '';
    expect(readFileSync(await download.path()).equals(readFileSync(berkeley))).toBe(true);
    expect(fetched.filter((id) => !kept.includes(id))).toHaveLength(1);
    await page.keyboard.press('Escape');
    await expect(viewer).toHaveCount(0);
    expect((await localBlobs(page)).blobs).toHaveLength(6);

    // Back to keeping them here: originals opened from now on stay.
    await storageSettings(page);
    const cloudOnly = space.getByLabel('Keep originals in my storage only');
    await expect(cloudOnly).toBeChecked(); // remembered
    await cloudOnly.uncheck();
    await expect(space.getByRole('status')).toHaveText(
      'New and opened originals stay on this device again.',
    );
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
  });
});

/** What the originals must never show in a bucket: byte windows, names, EXIF text, GPS. */
async function secretsOf(files: string[]): Promise<{ what: string; bytes: Buffer }[]> {
  const exifr = await loadExifr();
  const needles: { what: string; bytes: Buffer }[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    const name = file.slice(file.lastIndexOf('/') + 1);
    needles.push({ what: `file name ${name}`, bytes: Buffer.from(name) });
    needles.push({ what: `file name ${name}`, bytes: Buffer.from(name.replace(/\.[^.]+$/, '')) });
    for (const at of [256, bytes.length / 4, bytes.length / 2, (bytes.length * 3) / 4]) {
      const start = Math.floor(at);
      needles.push({
        what: `bytes ${String(start)} of ${name}`,
        bytes: bytes.subarray(start, start + 64),
      });
    }
    // Raw EXIF values: "2015:06:11 10:29:05", camera make and model.
    const tags = (await exifr.parse(bytes, { reviveValues: false, translateValues: false })) as
      Record<string, unknown> | undefined;
    for (const tag of ['Make', 'Model', 'DateTimeOriginal', 'Software', 'LensModel']) {
      const value = tags?.[tag];
      if (typeof value === 'string' && value.trim().length >= 4) {
        needles.push({ what: `EXIF ${tag} of ${name}`, bytes: Buffer.from(value.trim()) });
      }
    }
    const gps = (await exifr.gps(bytes)) as { latitude?: number; longitude?: number } | undefined;
    for (const value of [gps?.latitude, gps?.longitude]) {
      if (typeof value === 'number') {
        needles.push({ what: `GPS of ${name}`, bytes: Buffer.from(value.toFixed(4)) });
      }
    }
  }
  expect(needles.filter((n) => n.what.startsWith('GPS')).length).toBeGreaterThanOrEqual(8);
  expect(needles.filter((n) => n.what.startsWith('EXIF DateTimeOriginal')).length).toBe(4);
  return needles;
}

/** Every sealed blob of this device is in the bucket once, and nothing else is under o/. */
async function expectBucketHoldsExactly(page: Page, prefix: string, photoCount: number) {
  const local = await localBlobs(page);
  expect(local.outbox).toBe(0);
  expect(local.blobs).toHaveLength(photoCount * 3);
  const listed = await listBucket(prefix);
  const objects = listed.filter(({ key }) => key.startsWith(`${prefix}o/`));
  expect(objects.map(({ key }) => key.slice(`${prefix}o/`.length)).sort()).toEqual(
    [...local.blobs].sort(),
  );
  // A sealed object is at least its 47-byte header, its length and one chunk's tag.
  for (const { key, size } of objects) expect(size, key).toBeGreaterThan(47 + 8 + 17);
  expect(await bucketClient().listMultipartUploads(prefix)).toEqual([]);
}

/** Opens the library on a fresh device and checks every photo's thumbnail decrypts there. */
async function expectSecondDeviceSees(browser: Browser, prefix: string, photoCount: number) {
  const device = await newDevice(browser);
  try {
    await openExistingLibrary(device.page, prefix, testPassword);
    await expect(tiles(device.page)).toHaveCount(photoCount, { timeout: 120_000 });
    for (const tile of await tiles(device.page).all()) {
      await tile.scrollIntoViewIfNeeded();
      await expectThumbnailShown(tile);
    }
  } finally {
    await device.context.close();
  }
}

/** A test pattern under noise (so it does not compress): about 43 MB, above multipart's 32 MB. */
function makeLargeVideo(dir: string): string {
  const file = join(dir, 'large-noise.mp4');
  ffmpeg([
    ...['-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=30:duration=3,noise=alls=60:allf=t+u'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '4', '-pix_fmt', 'yuv420p'],
    ...['-movflags', '+faststart', file],
  ]);
  return file;
}

test('aborted uploads (single and multipart) and a reload mid-sync: every object arrives once', async ({
  browser,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'pinhole-sync-'));
  const video = makeLargeVideo(dir);
  expect(readFileSync(video).length).toBeGreaterThan(36 * 1024 * 1024);
  const prefix = uniquePrefix('faults');
  const seed = Date.now() % 100_000;
  test.info().annotations.push({ type: 'seed', description: String(seed) });
  const random = seededRandom(seed);
  const device = await newDevice(browser);
  const { page, context } = device;
  const counts = { puts: 0, parts: 0, abortedPuts: 0, abortedParts: 0 };
  const faults = async (route: Route) => {
    const request = route.request();
    if (request.method() !== 'PUT') return route.continue();
    const part = new URL(request.url()).searchParams.has('partNumber');
    const seen = ++counts[part ? 'parts' : 'puts'];
    // At random, and always the second of each kind if the first got through: a video of six
    // parts would otherwise go up whole 12% of the time (0.7^6), and nothing would be tested.
    const noneYet = (part ? counts.abortedParts : counts.abortedPuts) === 0;
    if (random() < 0.3 || (noneYet && seen >= 2)) {
      counts[part ? 'abortedParts' : 'abortedPuts']++;
      return route.abort('connectionreset');
    }
    return route.continue();
  };
  try {
    await createLibrary(page, testPassword);
    await context.route(`${storeOrigin()}/**`, faults);
    await configureStorage(page, prefix);
    await importPhotos(page, [...galleryFiles, video]);

    // The video goes up in parts: reload once some have gone, then unlock.
    await expect.poll(() => counts.parts, { timeout: 120_000 }).toBeGreaterThan(1);
    await page.reload();
    await unlock(page, testPassword);
    await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });
    await expect
      .poll(() => counts.abortedParts > 0 && counts.abortedPuts > 0, { timeout: 180_000 })
      .toBe(true);

    await context.unroute(`${storeOrigin()}/**`, faults);
    await syncNow(page, 240_000);
    await syncNow(page);
    test.info().annotations.push({ type: 'requests', description: JSON.stringify(counts) });
    console.log(`seed ${String(seed)}: ${JSON.stringify(counts)}`);
    await expectBucketHoldsExactly(page, prefix, 5);
    await expectSecondDeviceSees(browser, prefix, 5);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the store stopped and restarted mid-sync: every photo arrives once', async ({ browser }) => {
  test.skip(
    !process.env.CI && process.env.PINHOLE_E2E_RESTART_STORE !== '1',
    'stops the shared radosgw: set PINHOLE_E2E_RESTART_STORE=1 (CI runs it)',
  );
  const prefix = uniquePrefix('restart');
  const { page, context } = await newDevice(browser);
  let stopped = false;
  try {
    await createLibrary(page, testPassword);
    await configureStorage(page, prefix);
    await waitForSynced(page);
    let objectPuts = 0;
    context.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().includes(`/${prefix}o/`)) objectPuts++;
    });
    await importPhotos(page, galleryFiles);
    await expect.poll(() => objectPuts, { timeout: 60_000 }).toBeGreaterThan(0);
    await stopRadosgw();
    stopped = true;
    await expect(syncBadge(page).getByRole('status')).toHaveText(/^Sync failed: .+/, {
      timeout: 180_000,
    });
    await startRadosgw();
    stopped = false;
    await syncNow(page, 240_000);
    await expectBucketHoldsExactly(page, prefix, 4);
    await expectSecondDeviceSees(browser, prefix, 4);
  } finally {
    if (stopped) await startRadosgw();
    await context.close();
  }
});

test('wrong keys, a bucket without CORS and a prefix without a library are reported in words', async ({
  page,
  browser,
}) => {
  const prefix = uniquePrefix('wrong');
  await createLibrary(page, testPassword);
  const form = await storageSettings(page);
  const wrong = { ...syncStoreLocation(), secretAccessKey: 'not-the-secret-0123456789abcdef' };
  await fillStoreFields(form, wrong, prefix);
  await form.getByRole('button', { name: 'Test connection' }).click();
  const report = form.getByRole('region', { name: 'Connection test' });
  await expect(report).toContainText('did not accept the access key or secret', {
    timeout: 60_000,
  });
  await expect(report.getByRole('listitem').first()).toContainText('failed');
  await expect(report.locator('pre')).toHaveCount(0); // keys, not CORS: no rule to paste

  // Saved anyway, sync fails and says why.
  await form.getByRole('button', { name: 'Save and sync' }).click();
  await expect(syncBadge(page).getByRole('status')).toHaveText(
    /^Sync failed: .*did not accept the access key or secret/,
    { timeout: 120_000 },
  );

  // A bucket whose CORS rule names another site: the rule to paste, as JSON and XML.
  const noCorsBucket = `pinhole-nocors-sync-${String(appPort)}`;
  await ensureBucket(e2eStoreConfig(), noCorsBucket, ['https://elsewhere.example']);
  await fillStoreFields(form, e2eLocationOf(noCorsBucket), prefix);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(report).toContainText('Connection failed', { timeout: 60_000 });
  const blocks = report.locator('pre');
  await expect(blocks).toHaveCount(2);
  await expect(blocks.nth(0)).toContainText(`"${appOrigin}"`);
  await expect(blocks.nth(1)).toContainText(`<AllowedOrigin>${appOrigin}</AllowedOrigin>`);
  await expect(report.getByRole('button', { name: 'Copy JSON' })).toBeVisible();
  await expect(report.getByRole('button', { name: 'Copy XML' })).toBeVisible();
  await expect(report).toContainText('put-bucket-cors');

  // The right bucket passes every step.
  await fillStoreFields(form, syncStoreLocation(), prefix);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(report).toContainText('Connection works', { timeout: 60_000 });
  await expect(report.getByRole('listitem').filter({ hasText: /^ok / })).toHaveCount(7);

  // Another browser, a prefix with no library: said so.
  const other = await newDevice(browser);
  try {
    await openExistingLibrary(other.page, uniquePrefix('empty'), testPassword, {
      expectOpened: false,
    });
    await expect(other.page.getByRole('alert')).toHaveText(
      /There is no Pinhole library in this bucket with this prefix/,
      { timeout: 60_000 },
    );
  } finally {
    await other.context.close();
  }
});
