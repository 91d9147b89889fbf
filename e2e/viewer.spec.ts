/**
 * The viewer over the real fixtures: every photo reached with the arrow keys and shown upright,
 * its info panel, zoom to the original, download byte for byte, favourite and trash, a phone's
 * swipe and pinch, and a video that plays.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { fixturesDir } from '../src/core/testing/fixtures.ts';
import { expectImageLoaded, waitForImported } from './support/import.ts';
import { createLibrary, testPassword } from './support/library.ts';
import { displayedSize, readManifest, type ManifestPhoto } from './support/manifest.ts';
import { appOrigin } from './support/servers.ts';
import { makeVideos, videoRecipe } from './support/videos.ts';

test.describe.configure({ mode: 'serial', timeout: 300_000 });

const goodPhotos = readManifest().filter((photo) => !photo.bad);
const importTimeout = 240_000;

const viewer = (page: Page) => page.getByRole('dialog', { name: 'Photo viewer' });
const shownImage = (page: Page) => viewer(page).locator('.viewer-stage img');
const tiles = (page: Page) =>
  page.getByRole('region', { name: 'Timeline' }).locator('button[data-photo-id]');

function manifestPhoto(file: string): ManifestPhoto {
  const photo = goodPhotos.find((candidate) => candidate.file === file);
  if (!photo) throw new Error(`${file} is not in MANIFEST.md`);
  return photo;
}

async function openTile(page: Page, tile: Locator) {
  await tile.scrollIntoViewIfNeeded();
  await tile.click();
  await expect(viewer(page)).toBeVisible();
  await expect(viewer(page).getByRole('button', { name: 'Close', exact: true })).toBeFocused();
}

/** The shown photo's id; the viewer carries it for tests and for focus on close. */
const shownId = async (page: Page) => (await viewer(page).getAttribute('data-photo-id')) ?? '';

/** Presses `key` and waits for the viewer to show another photo. */
async function step(page: Page, key: 'ArrowRight' | 'ArrowLeft') {
  const before = await shownId(page);
  await page.keyboard.press(key);
  await expect(viewer(page)).not.toHaveAttribute('data-photo-id', before);
}

/** The info panel's rows for the shown photo ({ Taken: '…', File: '…' }), opening it if need be. */
async function info(page: Page): Promise<Record<string, string>> {
  const button = viewer(page).getByRole('button', { name: 'Info', exact: true });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('i');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const panel = viewer(page).getByRole('complementary', { name: 'Info' });
  await expect(panel.locator('dd').first()).toBeVisible();
  const rows = await panel
    .locator('dt')
    .evaluateAll((terms): [string, string][] =>
      terms.map((term) => [term.textContent, term.nextElementSibling?.textContent ?? '']),
    );
  return Object.fromEntries(rows);
}

/** The file name in the info panel, without the folder it was imported in ("photos/"). */
const fileOf = (facts: Record<string, string>) => (facts.File ?? '').replace(/^.*\//, '');

/** Opens the first tile, then arrows on until the info panel names `file`. */
async function openPhoto(page: Page, file: string) {
  await openTile(page, tiles(page).first());
  for (let index = 0; index < goodPhotos.length; index++) {
    if (fileOf(await info(page)) === file) return;
    await step(page, 'ArrowRight');
  }
  throw new Error(`${file} was not found with the arrow keys`);
}

const naturalSize = (image: Locator) =>
  image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);

async function closeViewer(page: Page) {
  await page.keyboard.press('Escape');
  await expect(viewer(page)).toHaveCount(0);
}

async function expectNoSeriousViolations(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  expect(serious, `axe on the viewer, ${where}`).toEqual([]);
}

let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(importTimeout + 60_000);
  // A context of our own (axe needs one made by newContext), shared by the tests below.
  const context = await browser.newContext({ baseURL: appOrigin, acceptDownloads: true });
  page = await context.newPage();
  await createLibrary(page, testPassword);
  await page.getByTestId('import-folder').setInputFiles(fixturesDir());
  await waitForImported(page, goodPhotos.length, importTimeout);
});

test.afterAll(async () => {
  await page.context().close();
});

test('the arrow keys reach every photo once, each upright with its own info; the ends hide their arrow; Esc returns focus to its tile', async () => {
  await openTile(page, tiles(page).first());
  const view = viewer(page);
  await expect(view.getByRole('button', { name: 'Previous photo' })).toHaveCount(0);
  await expectNoSeriousViolations(page, 'at 1280 px');

  const seen: string[] = [];
  const rotated: string[] = [];
  for (let index = 0; index < goodPhotos.length; index++) {
    if (index > 0) await step(page, 'ArrowRight');
    const facts = await info(page);
    const file = fileOf(facts);
    const photo = manifestPhoto(file);
    seen.push(file);
    const [width, height] = displayedSize(photo);
    expect(facts.Size, file).toBe(`${String(width)} × ${String(height)}`);
    if (photo.taken) expect(facts.Taken, file).toContain(photo.taken);
    if (photo.gps) {
      expect(facts.Place, file).toBe(`${photo.gps[0].toFixed(5)}, ${photo.gps[1].toFixed(5)}`);
    }
    // The shown image (the preview; a GIF's original) is upright: as wide or tall as the photo.
    const image = shownImage(page);
    await expectImageLoaded(image, `${file} shown`);
    const [shownWidth = 0, shownHeight = 0] = await naturalSize(image);
    expect(Math.sign(shownWidth - shownHeight), `${file} upright`).toBe(Math.sign(width - height));
    if (photo.orientation !== 1) rotated.push(file);
  }
  expect(new Set(seen).size).toBe(goodPhotos.length);
  expect(rotated.sort()).toEqual([
    'exif-gps-seattle-iphone5-2012-orient3.jpg',
    'exif-orient6-samsung-j327-2019.jpg',
    'exif-orient8-canon-a85-2005.jpg',
    'heic-orient6-iphone13promax-2022.heic',
  ]);
  await expect(view.getByRole('button', { name: 'Next photo' })).toHaveCount(0);
  await page.keyboard.press('ArrowRight'); // at the end: nothing happens
  expect(fileOf(await info(page))).toBe(seen.at(-1));

  await step(page, 'ArrowLeft');
  expect(fileOf(await info(page))).toBe(seen.at(-2));
  await expect(view.getByRole('button', { name: 'Next photo' })).toBeVisible();

  // Known cameras, as their files name them.
  for (const [file, camera] of [
    ['exif-gps-berkeley-canon600d-2015.jpg', 'Canon EOS 600D'],
    ['exif-orient6-samsung-j327-2019.jpg', 'samsung SM-J327T1'],
  ] as const) {
    await closeViewer(page);
    await openPhoto(page, file);
    expect((await info(page)).Camera, file).toBe(camera);
  }

  // Closed on the second photo: focus goes to that photo's tile, not the one that opened it.
  await closeViewer(page);
  await openTile(page, tiles(page).first());
  await step(page, 'ArrowRight');
  const second = await shownId(page);
  await closeViewer(page);
  await expect(page.locator(`button.tile[data-photo-id="${second}"]`)).toBeFocused();
});

test('zooming loads the original, upright and full size; wheel, double click and the button zoom', async () => {
  for (const file of [
    'exif-orient6-samsung-j327-2019.jpg',
    'exif-orient8-canon-a85-2005.jpg',
    'exif-gps-seattle-iphone5-2012-orient3.jpg',
    // Chromium cannot show HEIC: its original is converted to a full-size JPEG in a worker.
    'heic-orient6-iphone13promax-2022.heic',
  ]) {
    await openPhoto(page, file);
    const image = shownImage(page);
    await expectImageLoaded(image);
    await expect(image).toHaveAttribute('data-size', 'preview');
    const previewSrc = await image.getAttribute('src');
    await viewer(page).getByRole('button', { name: 'Zoom in' }).click();
    await expect(viewer(page).getByRole('button', { name: 'Zoom out' })).toBeVisible();
    await expect(image).toHaveAttribute('data-size', 'original', { timeout: 30_000 });
    expect(await image.getAttribute('src')).not.toBe(previewSrc);
    expect(await naturalSize(image), file).toEqual(displayedSize(manifestPhoto(file)));
    await closeViewer(page);
  }

  // Wheel up over the photo zooms in; a double click fits it again.
  await openPhoto(page, 'exif-gps-berkeley-canon600d-2015.jpg');
  const box = await shownImage(page).boundingBox();
  if (!box) throw new Error('no photo shown');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await expect(viewer(page).getByRole('button', { name: 'Zoom out' })).toBeVisible();
  await expect(shownImage(page)).toHaveAttribute('data-size', 'original');
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
  await expect(viewer(page).getByRole('button', { name: 'Zoom in' })).toBeVisible();
  await closeViewer(page);
});

test('Download gives the original file, byte for byte, under its own name', async () => {
  for (const file of [
    'exif-gps-berkeley-canon600d-2015.jpg',
    'heic-orient6-iphone13promax-2022.heic',
  ]) {
    await openPhoto(page, file);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      viewer(page).getByRole('button', { name: 'Download original' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(file);
    const path = await download.path();
    expect(readFileSync(path).equals(readFileSync(join(fixturesDir(), file))), file).toBe(true);
    await closeViewer(page);
  }
});

test('on a 360 px phone: every control fits, a swipe goes to the next photo, a pinch zooms to the original', async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  try {
    await openTile(page, tiles(page).first());
    await expectImageLoaded(shownImage(page));
    for (const button of await viewer(page).getByRole('button').all()) {
      const box = await button.boundingBox();
      expect(box, (await button.getAttribute('aria-label')) ?? 'a button').not.toBeNull();
      if (!box) continue;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
    }
    await expectNoSeriousViolations(page, 'at 360 px');

    const first = await shownId(page);
    const stage = viewer(page).locator('.viewer-stage');
    // Synthetic touch pointers: what a finger sends (Playwright has no multi-touch gestures).
    const touch = (type: string, id: number, x: number, y: number) =>
      stage.dispatchEvent(type, {
        pointerId: id,
        pointerType: 'touch',
        isPrimary: id === 1,
        clientX: x,
        clientY: y,
        bubbles: true,
      });
    await touch('pointerdown', 1, 300, 370);
    await touch('pointermove', 1, 200, 372);
    await touch('pointermove', 1, 60, 375);
    await touch('pointerup', 1, 60, 375);
    await expect(viewer(page)).not.toHaveAttribute('data-photo-id', first);
    await expectImageLoaded(shownImage(page));
    await closeViewer(page);

    // A photo larger than the screen (the first ones may be small), the info panel closed.
    await openPhoto(page, 'exif-gps-berkeley-canon600d-2015.jpg');
    await page.keyboard.press('i');
    await expect(viewer(page).getByRole('complementary', { name: 'Info' })).toHaveCount(0);
    await expect(viewer(page).getByRole('button', { name: 'Zoom in' })).toBeVisible();
    await touch('pointerdown', 1, 150, 370);
    await touch('pointerdown', 2, 210, 370);
    await touch('pointermove', 1, 80, 370);
    await touch('pointermove', 2, 280, 370);
    await touch('pointerup', 1, 80, 370);
    await touch('pointerup', 2, 280, 370);
    await expect(viewer(page).getByRole('button', { name: 'Zoom out' })).toBeVisible();
    await expect(shownImage(page)).toHaveAttribute('data-size', 'original', { timeout: 30_000 });
    await closeViewer(page);
  } finally {
    await page.setViewportSize({ width: 1280, height: 720 });
  }
});

test('F toggles the favourite heart, which stays on the photo; Delete moves it to the trash and shows the next one', async () => {
  await openTile(page, tiles(page).first());
  const heart = viewer(page).getByRole('button', { name: 'Favourite' });
  await expect(heart).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('f');
  await expect(heart).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'Added to favourites' })).toBeVisible();
  await step(page, 'ArrowRight');
  await expect(heart).toHaveAttribute('aria-pressed', 'false');
  await step(page, 'ArrowLeft');
  await expect(heart).toHaveAttribute('aria-pressed', 'true');
  // Saved: a new viewer reads it back from the library.
  await closeViewer(page);
  await openTile(page, tiles(page).first());
  await expect(heart).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('f');
  await expect(heart).toHaveAttribute('aria-pressed', 'false');

  const trashed = await shownId(page);
  const second = await tiles(page).nth(1).getAttribute('data-photo-id');
  await page.keyboard.press('Delete');
  await expect(page.getByRole('status').filter({ hasText: 'Moved to trash' })).toBeVisible();
  await expect(viewer(page)).toHaveAttribute('data-photo-id', second ?? '');
  await closeViewer(page);
  await expect(page.locator(`button.tile[data-photo-id="${trashed}"]`)).toHaveCount(0);
});

test('a video plays in the viewer with its controls; trashing the only photo closes the viewer', async ({
  browser,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'pinhole-e2e-viewer-video-'));
  const videoContext = await browser.newContext({ baseURL: appOrigin });
  const videoPage = await videoContext.newPage();
  try {
    makeVideos(folder, [{ ...videoRecipe('h264-rot90.mp4'), file: 'holiday.mp4' }]);
    await createLibrary(videoPage, testPassword);
    await videoPage.getByTestId('import-files').setInputFiles(join(folder, 'holiday.mp4'));
    await waitForImported(videoPage, 1, importTimeout);
    await openTile(videoPage, tiles(videoPage).first());
    const video = viewer(videoPage).locator('video');
    await expect(video).toHaveAttribute('controls', '');
    await expect(video).toHaveAccessibleName('Video taken 1 June 2021, 12:00');
    // Autoplay may be refused without sound permission: then start it as its Play button would.
    await expect
      .poll(
        () =>
          video.evaluate((element: HTMLVideoElement) => {
            if (element.paused && element.readyState >= 2) {
              element.muted = true;
              void element.play();
            }
            return element.currentTime;
          }),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0.5);
    expect(await video.evaluate((element: HTMLVideoElement) => element.videoHeight)).toBe(320);
    expect((await info(videoPage)).Length).toBe('0:03');

    await viewer(videoPage).getByRole('button', { name: 'Move to trash' }).click();
    await expect(viewer(videoPage)).toHaveCount(0);
    await expect(videoPage.getByRole('status').filter({ hasText: 'Moved to trash' })).toBeVisible();
    await expect(tiles(videoPage)).toHaveCount(0);
  } finally {
    await videoContext.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
