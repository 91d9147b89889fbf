import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Download, type Page } from '@playwright/test';
import { build } from 'vite';
import type * as PhotoZip from '../src/core/export/photoZip.ts';
import { readZip } from '../src/core/testing/readZip.ts';
import { fixturesDir } from '../src/core/testing/fixtures.ts';
import type * as SaveStream from '../src/ui/download/saveStream.ts';
import { appOutDir } from './support/servers.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';

/*
 * Zip downloads end to end, in the built app with its production headers (CSP, COOP/COEP) and
 * its generated service worker (which imports public/download-sw.js).
 *
 * Test-only path: the crypto worker's zipPhotos and the selection bar's Download are not wired
 * yet, so the page runs the real photoZip and saveStream from a bundle of those two modules
 * placed next to the built app (same origin, so the production CSP allows it), over Files made
 * from the fixture photos. That also lets two photos share a name, which an import would not
 * give (the fixtures have no such pair, and the same bytes twice are imported once).
 */

type SaveStreamModule = typeof SaveStream;
type PhotoZipModule = typeof PhotoZip;

/** The photos zipped, as [name in the library, fixture file]: two are both IMG_0001.JPG. */
const PHOTOS: [string, string][] = [
  ['IMG_0001.JPG', 'exif-gps-berkeley-canon600d-2015.jpg'],
  ['IMG_0001.JPG', 'exif-gps-rome-iphone4-2011.jpg'],
  ['heic-orient6-iphone13promax-2022.heic', 'heic-orient6-iphone13promax-2022.heic'],
  ['exif-large-16mp-kodak-fz201-2014.jpg', 'exif-large-16mp-kodak-fz201-2014.jpg'],
  ['gif-animated.gif', 'gif-animated.gif'],
];
const NAMES_IN_ZIP = [
  'IMG_0001.JPG',
  'IMG_0001 (2).JPG',
  'heic-orient6-iphone13promax-2022.heic',
  'exif-large-16mp-kodak-fz201-2014.jpg',
  'gif-animated.gif',
];

const builtApp = appOutDir;
let bundle: string;
let site: string;
let server: StaticServer | undefined;

test.beforeAll(async () => {
  bundle = await mkdtemp(join(tmpdir(), 'pinhole-download-bundle-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: bundle,
      emptyOutDir: true,
      minify: false,
      target: 'es2023',
      lib: {
        entry: {
          saveStream: 'src/ui/download/saveStream.ts',
          photoZip: 'src/core/export/photoZip.ts',
        },
        formats: ['es'],
      },
    },
  });
});

test.afterAll(async () => {
  await rm(bundle, { recursive: true, force: true });
});

// Each test gets its own copy of the build (its own origin, so no service worker carries over).
test.beforeEach(async () => {
  site = await mkdtemp(join(tmpdir(), 'pinhole-download-site-'));
  await cp(builtApp, site, { recursive: true });
  await cp(bundle, join(site, 'e2e-download'), { recursive: true });
  await mkdir(join(site, 'e2e-fixtures'));
  for (const [, fixture] of PHOTOS) {
    await cp(join(fixturesDir(), fixture), join(site, 'e2e-fixtures', fixture));
  }
  server = await serveStatic(site);
});

test.afterEach(async () => {
  await server?.close();
  await rm(site, { recursive: true, force: true });
});

/** Opens the app and waits until its service worker controls the page (the second load). */
async function openControlled(page: Page): Promise<void> {
  await page.goto(server?.url ?? '');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/**
 * In the page: zips PHOTOS (photo ids p0…; `failAt` makes that photo's original "missing") and
 * saves the zip with saveStream. Resolves with the method it used, or the error it rejected with.
 * `stallAt`: that photo's original never opens, so the download waits there until cancelled.
 * `picker`: Chromium's own file picker is a native dialog a test cannot answer, and
 * page.evaluate counts as a user activation, so it is replaced: by nothing (a browser without
 * it) or by one that picks a file in the origin-private file system, read back afterwards.
 */
async function zipAndSave(
  page: Page,
  {
    failAt = -1,
    stallAt = -1,
    picker = 'none',
  }: { failAt?: number; stallAt?: number; picker?: 'none' | 'opfs' } = {},
) {
  return page.evaluate(
    async ({ photos, failAt, stallAt, picker, modules }) => {
      const root = await navigator.storage.getDirectory();
      const pick = () => root.getFileHandle('picked.zip', { create: true });
      Object.defineProperty(window, 'showSaveFilePicker', {
        value: picker === 'opfs' ? pick : undefined,
        configurable: true,
      });
      const { saveStream, downloadMethod } = (await import(modules.saveStream)) as SaveStreamModule;
      const { photoZip, photoZipLength } = (await import(modules.photoZip)) as PhotoZipModule;
      const files = await Promise.all(
        photos.map(async ([name, fixture], index) => {
          const bytes = await (await fetch(`./e2e-fixtures/${fixture}`)).blob();
          return new File([bytes], name, { lastModified: Date.UTC(2020, 0, 1 + index, 12) });
        }),
      );
      const ids = files.map((_, index) => `p${String(index)}`);
      const openFile = (photoId: string) => {
        const index = Number(photoId.slice(1));
        const file = files[index];
        if (index === stallAt) return new Promise<File>(() => undefined);
        return index === failAt || !file
          ? Promise.reject(new Error('the original is missing'))
          : Promise.resolve(file);
      };
      const nameOf = (photoId: string) =>
        Promise.resolve(files[Number(photoId.slice(1))]?.name ?? null);
      const method = downloadMethod();
      try {
        await saveStream(
          'Pinhole photos.zip',
          photoZip(ids, openFile, { nameOf }),
          photoZipLength(files),
        );
        return { method, error: null };
      } catch (error) {
        return { method, error: error instanceof Error ? `${error.name}: ${error.message}` : '' };
      }
    },
    {
      photos: PHOTOS,
      failAt,
      stallAt,
      picker,
      // Passed in, so the type checker does not look for these files in the repository.
      modules: {
        saveStream: './e2e-download/saveStream.js',
        photoZip: './e2e-download/photoZip.js',
      },
    },
  );
}

/** The file the OPFS picker of zipAndSave wrote, or null when there is none. */
async function pickedFile(page: Page): Promise<Uint8Array | null> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const handle = await root.getFileHandle('picked.zip').catch(() => null);
    return handle ? new Uint8Array(await (await handle.getFile()).arrayBuffer()) : null;
  });
}

async function downloaded(download: Download): Promise<Uint8Array> {
  expect(download.suggestedFilename()).toBe('Pinhole photos.zip');
  expect(await download.failure()).toBeNull();
  return new Uint8Array(await readFile(await download.path()));
}

function expectOriginals(zip: Uint8Array): void {
  const entries = readZip(zip);
  expect(entries.map((entry) => entry.name)).toEqual(NAMES_IN_ZIP);
  for (const [index, entry] of entries.entries()) {
    const original = readFileSync(join(fixturesDir(), PHOTOS[index]?.[1] ?? ''));
    expect(Buffer.from(entry.bytes).equals(original), entry.name).toBe(true);
  }
}

test('a zip streams through the service worker and holds every original byte for byte', async ({
  page,
}) => {
  await openControlled(page);
  const [download, result] = await Promise.all([page.waitForEvent('download'), zipAndSave(page)]);

  expect(result).toEqual({ method: 'service-worker', error: null });
  expect(download.url()).toMatch(/\/download\/[0-9a-f-]{36}\/Pinhole%20photos\.zip$/);
  expectOriginals(await downloaded(download));
  // Decrypted photos must not stay behind in any cache.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
  expect(cached.filter((url) => url.includes('/download/'))).toEqual([]);
});

test('a photo that cannot be opened fails the download, naming the photo', async ({ page }) => {
  await openControlled(page);
  const [download, result] = await Promise.all([
    page.waitForEvent('download'),
    zipAndSave(page, { failAt: 3 }),
  ]);

  expect(result).toEqual({
    method: 'service-worker',
    error:
      'DownloadError: "exif-large-16mp-kodak-fz201-2014.jpg" could not be added to the zip: the original is missing',
  });
  // The browser marks the download failed: no shorter zip is left looking complete.
  expect(await download.failure()).not.toBeNull();
});

test('a download the user cancels stops the zip and says so', async ({ page }) => {
  await openControlled(page);
  const saving = zipAndSave(page, { stallAt: 2 });
  const download = await page.waitForEvent('download');
  await download.cancel();
  expect(await saving).toEqual({
    method: 'service-worker',
    error: 'AbortError: The download was cancelled.',
  });
});

test('without a service worker yet, the zip streams into a file the user picks', async ({
  page,
}) => {
  await page.goto(server?.url ?? '');
  // The first visit: the worker installs, but this page stays uncontrolled.
  expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
  expect(await zipAndSave(page, { picker: 'opfs' })).toEqual({
    method: 'save-picker',
    error: null,
  });
  const picked = await pickedFile(page);
  expect(picked).not.toBeNull();
  expectOriginals(picked ?? new Uint8Array());
});

test('a failed zip leaves no picked file behind', async ({ page }) => {
  await page.goto(server?.url ?? '');
  expect(await zipAndSave(page, { picker: 'opfs', failAt: 2 })).toEqual({
    method: 'save-picker',
    error:
      'DownloadError: "heic-orient6-iphone13promax-2022.heic" could not be added to the zip: the original is missing',
  });
  expect(await pickedFile(page)).toBeNull();
});

test('without a service worker or a file picker, the zip is built in memory and saved', async ({
  page,
}) => {
  await page.goto(server?.url ?? '');
  const [download, result] = await Promise.all([page.waitForEvent('download'), zipAndSave(page)]);

  expect(result).toEqual({ method: 'memory', error: null });
  expect(download.url()).toMatch(/^blob:/);
  expectOriginals(await downloaded(download));
});
