import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fixturesDir } from '../src/core/testing/fixtures.ts';
import type { DerivativesReply, DerivativesRequest } from './support/derivatives.worker.ts';
import { devOrigin } from './support/servers.ts';

/** Every decodable test photo with its displayed size (MANIFEST.md, swapped for orientation 6/8). */
const DISPLAYED: Record<string, [number, number]> = {
  'avif-plain.avif': [800, 533],
  'exif-gps-berkeley-canon600d-2015.jpg': [1394, 930],
  'exif-gps-czech-pixel-2018.jpg': [1012, 759],
  'exif-gps-helsinki-nokia83-2022-wide.jpg': [4608, 1976],
  'exif-gps-kenya-kodak-cx7530-2005.jpg': [100, 78],
  'exif-gps-norway-oppo-r7plus-2018-13mp.jpg': [3120, 4160],
  'exif-gps-paris-fujifilm-s2pro-2002.jpg': [600, 400],
  'exif-gps-rome-iphone4-2011.jpg': [1296, 968],
  'exif-gps-seattle-iphone5-2012-orient3.jpg': [3264, 2448],
  'exif-gps-tuscany-nikon-p6000-2008.jpg': [640, 480],
  'exif-large-16mp-kodak-fz201-2014.jpg': [4608, 3456],
  'exif-orient6-samsung-j327-2019.jpg': [1932, 2576],
  'exif-orient8-canon-a85-2005.jpg': [2272, 1704],
  'face-alex-lacamoire-1.png': [424, 394],
  'face-alex-lacamoire-2.jpg': [874, 1200],
  'face-biden-1.jpg': [1200, 1200],
  'face-biden-2.jpg': [970, 2204],
  'face-grace-hopper.gif': [128, 128],
  'face-kit-harington-1.jpg': [1200, 599],
  'face-kit-harington-2.jpg': [630, 374],
  'face-kit-harington-3.jpg': [768, 1154],
  'face-obama-1.jpg': [910, 1137],
  'face-obama-2.jpg': [626, 1200],
  'face-obama-3.jpg': [1480, 832],
  'face-rose-leslie-1.jpg': [1280, 799],
  'face-rose-leslie-2.jpg': [577, 880],
  'faces-kit-harington-rose-leslie.jpg': [501, 700],
  'faces-obama-biden-1.jpg': [1126, 661],
  'faces-obama-biden-2.jpg': [2000, 1428],
  'gif-animated.gif': [320, 240],
  'group-5-faces.jpg': [940, 464],
  'panorama-360-equirect.jpg': [2048, 1024],
  'tiny-1x1-exif-gps.png': [1, 1],
  'tiny-1x1-iphonexr-gps.jpg': [1, 1],
  'webp-exif-gps-milan-htc-2011.webp': [776, 909],
};

/**
 * HEIC, decoded by libheif in the worker: upright per the file's irot (heic-orient6 is stored
 * 4032x3024 with irot 270 and EXIF orientation 6, and must not be turned twice).
 */
const HEIC: Record<string, [number, number]> = {
  'heic-gps-exif-at-eof-iphone11pro-2020.heic': [3024, 4032],
  'heic-gps-guangzhou-iphone8-2018.heic': [4032, 3024],
  'heic-orient6-iphone13promax-2022.heic': [3024, 4032],
};

/** The size a long side of `longSide` gives, never upscaled (as derivatives.ts rounds it). */
function fit(width: number, height: number, longSide: number): [number, number] {
  const scale = Math.min(1, longSide / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

const FIXTURE_PATH = '/__fixtures/';

/** A page at the dev server whose worker runs derivatives.worker.ts; fixtures served by route. */
async function openWorkerPage(page: Page): Promise<void> {
  const dir = fixturesDir();
  await page.route(`${devOrigin}${FIXTURE_PATH}*`, async (route) => {
    const name = decodeURIComponent(
      new URL(route.request().url()).pathname.slice(FIXTURE_PATH.length),
    );
    await route.fulfill({
      body: await readFile(join(dir, name)),
      contentType: 'application/octet-stream',
    });
  });
  await page.goto(devOrigin);
  await page.evaluate(() => {
    const worker = new Worker('/e2e/support/derivatives.worker.ts', { type: 'module' });
    (globalThis as unknown as { derivativesWorker: Worker }).derivativesWorker = worker;
  });
}

async function ask(
  page: Page,
  name: string,
  options: Omit<DerivativesRequest, 'name' | 'bytes'> = {},
): Promise<DerivativesReply> {
  return page.evaluate(
    async ({ name, options, path }) => {
      const bytes = await (await fetch(path + encodeURIComponent(name))).arrayBuffer();
      const worker = (globalThis as unknown as { derivativesWorker: Worker }).derivativesWorker;
      return new Promise<DerivativesReply>((resolve) => {
        worker.addEventListener(
          'message',
          (event: MessageEvent<DerivativesReply>) => {
            // A Blob cannot cross to Node: the page keeps the thumbnail to draw it.
            const { thumbnail, ...rest } = event.data as DerivativesReply & { thumbnail?: Blob };
            (globalThis as unknown as { lastThumbnail?: Blob }).lastThumbnail = thumbnail;
            resolve(rest);
          },
          { once: true },
        );
        worker.postMessage({ name, bytes, ...options } satisfies DerivativesRequest, [bytes]);
      });
    },
    { name, options, path: FIXTURE_PATH },
  );
}

/** Draws the thumbnail the page kept from the last reply into a canvas#thumbnail. */
async function drawLastThumbnail(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const thumbnail = (globalThis as unknown as { lastThumbnail?: Blob }).lastThumbnail;
    if (thumbnail === undefined) throw new Error('no thumbnail');
    const bitmap = await createImageBitmap(thumbnail);
    const canvas = document.createElement('canvas');
    canvas.id = 'thumbnail';
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    document.body.replaceChildren(canvas);
  });
}

test('every decodable photo: displayed size, thumbnail and preview sizes, placeholder', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openWorkerPage(page);
  const timings: Record<string, string> = {};
  for (const [name, [width, height]] of Object.entries({ ...DISPLAYED, ...HEIC })) {
    const reply = await ask(page, name);
    if (!('thumbnailWidth' in reply)) throw new Error(`${name}: ${JSON.stringify(reply)}`);
    timings[name] = `${reply.ms} ms, ${reply.thumbnailType}`;
    expect({ name, width: reply.width, height: reply.height }).toEqual({ name, width, height });
    const [thumbnailWidth, thumbnailHeight] = fit(width, height, 512);
    const [previewWidth, previewHeight] = fit(width, height, 2048);
    expect({ name, w: reply.thumbnailWidth, h: reply.thumbnailHeight }).toEqual({
      name,
      w: thumbnailWidth,
      h: thumbnailHeight,
    });
    expect({ name, w: reply.previewWidth, h: reply.previewHeight }).toEqual({
      name,
      w: previewWidth,
      h: previewHeight,
    });
    expect(Math.max(reply.thumbnailWidth, reply.thumbnailHeight)).toBe(
      Math.min(512, Math.max(width, height)),
    );
    expect(Math.max(reply.previewWidth, reply.previewHeight)).toBe(
      Math.min(2048, Math.max(width, height)),
    );
    expect(['image/webp', 'image/jpeg']).toContain(reply.thumbnailType);
    expect(reply.previewType).toBe('image/jpeg');
    expect(reply.thumbnailSize).toBeGreaterThan(0);
    expect(reply.placeholderLength).toBeGreaterThan(10);
    expect(reply.placeholderLength).toBeLessThan(50);
  }
  console.log('derivatives ms per photo:', JSON.stringify(timings, null, 1));
});

test('a truncated JPEG or HEIC, or a corrupt HEIC, is rejected as damaged', async ({ page }) => {
  await openWorkerPage(page);
  const probe = await ask(page, 'bad-truncated.jpg', { probe: true });
  console.log('Chromium alone on bad-truncated.jpg:', JSON.stringify(probe));

  const damaged = 'The photo is damaged or incomplete and could not be read.';
  expect(await ask(page, 'bad-truncated.jpg')).toEqual({
    name: 'bad-truncated.jpg',
    errorName: 'UndecodableFileError',
    message: damaged,
  });
  const heic = 'heic-gps-guangzhou-iphone8-2018.heic';
  // libheif alone draws missing or corrupt tiles blank and only warns: heic.ts must catch it.
  for (const options of [
    { keep: 100 }, // the header only
    { keep: 750_000 }, // half the tiles
    { keep: 1_499_792 }, // all but the last 100 bytes (one tile cut short)
    { scramble: [600_000, 700_000] as [number, number] }, // tile data overwritten
  ]) {
    const reply = await ask(page, heic, options);
    expect({ options, reply }).toEqual({
      options,
      reply: { name: heic, errorName: 'UndecodableFileError', message: damaged },
    });
  }
});

test('HEIC: the decoder loads on first use only, and decodes upright', async ({ page }) => {
  const libheifRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('libheif')) libheifRequests.push(request.url());
  });
  await openWorkerPage(page);
  await ask(page, 'exif-gps-rome-iphone4-2011.jpg');
  expect(libheifRequests).toEqual([]);

  const timings: number[] = [];
  for (let round = 0; round < 3; round++) {
    // The first round includes fetching and compiling the wasm.
    const reply = await ask(page, 'heic-gps-guangzhou-iphone8-2018.heic', { timeHeic: true });
    if (!('heicMs' in reply)) throw new Error(JSON.stringify(reply));
    expect([reply.width, reply.height]).toEqual([4032, 3024]);
    timings.push(reply.heicMs);
  }
  // The wasm itself, fetched once (the dev server also serves a `?import&url` module for it).
  expect(libheifRequests.filter((url) => url.endsWith('.wasm'))).toHaveLength(1);
  console.log('decodeHeic ms, 12 MP heic-gps-guangzhou (first with loading):', timings);

  const reply = await ask(page, 'heic-orient6-iphone13promax-2022.heic', { wantThumbnail: true });
  if (!('thumbnailWidth' in reply)) throw new Error(JSON.stringify(reply));
  expect([reply.width, reply.height, reply.thumbnailWidth, reply.thumbnailHeight]).toEqual([
    3024, 4032, 384, 512,
  ]);
  const path = process.env.PINHOLE_HEIC_SCREENSHOT;
  if (path) {
    await drawLastThumbnail(page);
    await page.locator('#thumbnail').screenshot({ path });
  }
});

test('orientation 6: the thumbnail is portrait and drawn upright', async ({ page }) => {
  await openWorkerPage(page);
  const reply = await ask(page, 'exif-orient6-samsung-j327-2019.jpg', { wantThumbnail: true });
  if (!('thumbnailWidth' in reply)) throw new Error(JSON.stringify(reply));
  expect([reply.thumbnailWidth, reply.thumbnailHeight]).toEqual([384, 512]);
  await drawLastThumbnail(page);
  await expect(page.locator('#thumbnail')).toHaveJSProperty('width', 384);
  const path = process.env.PINHOLE_SCREENSHOT;
  if (path) await page.locator('#thumbnail').screenshot({ path });
});
