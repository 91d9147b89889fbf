import { expect, test, type JSHandle, type Page } from '@playwright/test';
import { fixturesDir } from '../src/core/testing/fixtures.ts';
import type { DerivativesReply, DerivativesRequest } from './support/derivatives.worker.ts';
import { displayedSize, readManifest } from './support/manifest.ts';
import { devOrigin } from './support/servers.ts';
import { fit } from './support/sizes.ts';
import { askTestWorker, keptBlob, serveFolder, startTestWorker } from './support/test-worker.ts';

/**
 * Every decodable test photo with its displayed size (MANIFEST.md, swapped for orientation 5-8).
 * HEIC is decoded by libheif in the worker: upright per the file's irot (heic-orient6 is stored
 * 4032x3024 with irot 270 and EXIF orientation 6, and must not be turned twice).
 */
const DISPLAYED: Record<string, [number, number]> = Object.fromEntries(
  readManifest()
    .filter((photo) => !photo.bad)
    .map((photo) => [photo.file, displayedSize(photo)]),
);

const FIXTURE_PATH = '/__fixtures/';

/** A page at the dev server whose worker runs derivatives.worker.ts; fixtures served by route. */
async function openWorkerPage(page: Page): Promise<void> {
  await serveFolder(page, fixturesDir(), FIXTURE_PATH);
  await page.goto(devOrigin);
  await startTestWorker(page, 'derivatives');
}

/** The worker's reply for the fixture `name`, fetched by the page and transferred to the worker. */
async function ask(
  page: Page,
  name: string,
  options: Omit<DerivativesRequest, 'name' | 'bytes'> = {},
): Promise<DerivativesReply> {
  const bytes = await page.evaluateHandle(
    async (url) => (await fetch(url)).arrayBuffer(),
    FIXTURE_PATH + encodeURIComponent(name),
  );
  return askTestWorker<DerivativesRequest, DerivativesReply>(page, { name, bytes, ...options });
}

/** Draws the thumbnail the page kept from the last reply into a canvas#thumbnail. */
async function drawLastThumbnail(page: Page): Promise<void> {
  await page.evaluate(
    async (thumbnail) => {
      const bitmap = await createImageBitmap(thumbnail);
      const canvas = document.createElement('canvas');
      canvas.id = 'thumbnail';
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
      document.body.replaceChildren(canvas);
    },
    await keptBlob(page, 'thumbnail'),
  );
}

test('every decodable photo: displayed size, thumbnail and preview sizes, placeholder', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openWorkerPage(page);
  const timings: Record<string, string> = {};
  for (const [name, [width, height]] of Object.entries(DISPLAYED)) {
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

/**
 * A 4000x3000 JPEG (four coloured quadrants, one corner marked) made by the page's canvas, with
 * an EXIF APP1 segment holding only `orientation` put after its SOI marker.
 */
async function bigJpegWithOrientation(
  page: Page,
  orientation: number,
): Promise<JSHandle<ArrayBuffer>> {
  return page.evaluateHandle(async (orientation) => {
    const canvas = new OffscreenCanvas(4000, 3000);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    const colours = ['#d03030', '#30a030', '#3040d0', '#e0c020'];
    colours.forEach((colour, quadrant) => {
      context.fillStyle = colour;
      context.fillRect((quadrant % 2) * 2000, Math.floor(quadrant / 2) * 1500, 2000, 1500);
    });
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, 600, 300); // tells a flip from a turn
    const jpeg = new Uint8Array(
      await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer(),
    );
    // APP1: "Exif\0\0", a big-endian TIFF header, IFD0 with one entry (0x0112, SHORT, 1 value).
    const exif = [0xff, 0xe1, 0x00, 0x22, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00];
    exif.push(0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01);
    exif.push(0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00);
    exif.push(0x00, 0x00, 0x00, 0x00);
    const bytes = new Uint8Array(jpeg.length + exif.length);
    bytes.set(jpeg.subarray(0, 2));
    bytes.set(exif, 2);
    bytes.set(jpeg.subarray(2), 2 + exif.length);
    return bytes.buffer;
  }, orientation);
}

test('a 12-MP JPEG is decoded at half size: a 2000 px preview, upright in all 8 orientations', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openWorkerPage(page);
  for (let orientation = 1; orientation <= 8; orientation++) {
    const name = `4000x3000, orientation ${orientation}`;
    const bytes = await bigJpegWithOrientation(page, orientation);
    const reply = await askTestWorker<DerivativesRequest, DerivativesReply>(page, {
      name,
      bytes,
      comparePreview: true,
    });
    if (!('previewWidth' in reply)) throw new Error(`${name}: ${JSON.stringify(reply)}`);
    const portrait = orientation >= 5;
    expect({ name, width: reply.width, height: reply.height }).toEqual({
      name,
      width: portrait ? 3000 : 4000,
      height: portrait ? 4000 : 3000,
    });
    expect({ name, w: reply.previewWidth, h: reply.previewHeight }).toEqual({
      name,
      w: portrait ? 1500 : 2000,
      h: portrait ? 2000 : 1500,
    });
    expect({ name, w: reply.thumbnailWidth, h: reply.thumbnailHeight }).toEqual({
      name,
      w: portrait ? 384 : 512,
      h: portrait ? 512 : 384,
    });
    // A wrong turn or flip moves whole quadrants: differences of ~100 and more.
    expect(reply.previewDifference, name).toBeLessThan(4);
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
