/**
 * Import of the whole shared fixtures folder through the real UI and workers, checked against
 * MANIFEST.md: dates, places, orientation, skipped files, duplicates, a tab killed mid-import,
 * and IndexedDB scanned for anything in the clear.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fixturesDir } from '../src/core/testing/fixtures.ts';
import { detailsOf, expectThumbnailShown, importPanel, waitForImported } from './support/import.ts';
import { allTileIds, tileLabelFor } from './support/timeline.ts';
import { argon2Timeout, createLibrary, testPassword, unlock } from './support/library.ts';
import { appOrigin } from './support/servers.ts';
import { displayedSize, readManifest, type ManifestPhoto } from './support/manifest.ts';
import { dumpStorage, searchableForms } from './support/storage-dump.ts';
import { localBlobs } from './support/sync.ts';
import { makeVideos, videoRecipe } from './support/videos.ts';

test.describe.configure({ timeout: 300_000 });

const manifest = readManifest();
const goodPhotos = manifest.filter((photo) => !photo.bad);
/** Files in the folder that are not photos at all: skipped with a reason too. */
const notPhotos = ['MANIFEST.md', 'faces.json'];
const importTimeout = 240_000;
const filesInFolder = readdirSync(fixturesDir()).length;

async function importFolder(page: Page, folder = fixturesDir()) {
  await page.getByTestId('import-folder').setInputFiles(folder);
}

function tileLabelOf(photo: ManifestPhoto): string {
  if (!photo.taken) throw new Error(`${photo.file} has no date in the manifest`);
  return tileLabelFor(photo.taken);
}

test('drops the fixtures folder: every photo with its date, place and orientation; bad files skipped; a second drop adds nothing; nothing readable in IndexedDB', async ({
  page,
}) => {
  await createLibrary(page, testPassword);
  await importFolder(page);
  await waitForImported(page, goodPhotos.length, importTimeout);

  const skipped = page.getByRole('list', { name: 'Skipped files' }).getByRole('listitem');
  await expect(skipped).toHaveCount(3 + notPhotos.length);
  const skippedText = (await skipped.allTextContents()).join('\n');
  expect(skippedText).toMatch(/bad-empty\.jpg.*The file is empty\./);
  expect(skippedText).toMatch(/bad-text\.jpg.*not a photo or video/);
  expect(skippedText).toMatch(/bad-truncated\.jpg.*damaged or incomplete/);
  // Only those: HEIC, AVIF, WebP, PNG and GIF all imported (the tile count below proves it).
  for (const file of ['.heic', '.avif', '.webp', '.png', '.gif']) {
    expect(skippedText).not.toContain(file);
  }

  const ids = await allTileIds(page);
  expect(ids).toHaveLength(goodPhotos.length);
  expect(new Set(ids).size).toBe(goodPhotos.length);

  // Each photo with a date in the manifest: its tile, its details, its upright thumbnail.
  const checked: string[] = [];
  for (const photo of goodPhotos.filter((p) => p.taken)) {
    const label = tileLabelOf(photo);
    const details = await detailsOf(page, label);
    expect(details.Taken, photo.file).toContain(photo.taken ?? '');
    if (photo.offset) expect(details.Taken, photo.file).toContain(photo.offset);
    if (photo.gps) {
      expect(details.Place, photo.file).toBe(
        `${photo.gps[0].toFixed(5)}, ${photo.gps[1].toFixed(5)}`,
      );
    }
    const [width, height] = displayedSize(photo);
    expect(details.Size, photo.file).toBe(`${String(width)} × ${String(height)}`);
    const tile = page.getByRole('button', { name: label, exact: true });
    const [drawnWidth, drawnHeight] = await expectThumbnailShown(tile, `${photo.file} thumbnail`);
    expect(Math.sign(drawnWidth - drawnHeight), `${photo.file} upright`).toBe(
      Math.sign(width - height),
    );
    checked.push(photo.file);
  }
  expect(checked).toContain('exif-orient6-samsung-j327-2019.jpg');
  expect(checked).toContain('heic-orient6-iphone13promax-2022.heic');

  // The same folder again: everything is recognised, nothing is added.
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await importFolder(page);
  await expect(importPanel(page)).toContainText(
    `${String(goodPhotos.length)} files were already in your library`,
    { timeout: importTimeout },
  );
  expect(await allTileIds(page)).toHaveLength(goodPhotos.length);

  // IndexedDB: no photo bytes, names, EXIF strings, dates or places, in any encoding.
  const dump = await dumpStorage(page);
  const secrets: (string | Uint8Array)[] = [];
  for (const photo of goodPhotos) {
    secrets.push(photo.file, photo.file.replace(/\.[a-z]+$/, ''));
    const bytes = readFileSync(join(fixturesDir(), photo.file));
    for (const at of [0.25, 0.5, 0.75]) {
      const start = Math.floor(bytes.length * at);
      if (bytes.length > 64) secrets.push(bytes.subarray(start, start + 24));
    }
    if (photo.taken)
      secrets.push(photo.taken, photo.taken.replace(' ', 'T'), photo.taken.replace(/-/g, ':'));
    if (photo.gps) secrets.push(photo.gps[0].toFixed(4), photo.gps[1].toFixed(4));
  }
  secrets.push('Canon EOS 600D', 'iPhone 11 Pro', 'KODAK CX7530', 'HTC Desire', 'NIKON');
  for (const secret of secrets) {
    for (const form of searchableForms(secret)) {
      expect(dump.text.includes(form), `found ${String(secret)} as ${form.slice(0, 40)}`).toBe(
        false,
      );
    }
  }
  expect(dump.inventory.join('\n')).toMatch(/blobs: \d+/);
});

test('a tab closed mid-import: the next unlock finishes every file already read, the same folder again adds nothing twice', async ({
  page,
  context,
}) => {
  await createLibrary(page, testPassword);
  await importFolder(page);
  await expect(importPanel(page)).toContainText(
    new RegExp(`\\b([4-9]|[1-3]\\d) of ${String(filesInFolder)} files`),
    { timeout: importTimeout },
  );
  await page.close(); // the workers die with the tab

  const reopened = await context.newPage();
  await reopened.goto('/');
  await unlock(reopened, testPassword);
  const panel = importPanel(reopened);
  await expect(panel).toContainText(/An import was interrupted|Imported \d+ photo/, {
    timeout: importTimeout + argon2Timeout,
  });
  if ((await panel.textContent())?.includes('Imported') === true) {
    // Every file had been read (staged) before the tab closed: nothing is asked for again.
    expect(await allTileIds(reopened)).toHaveLength(goodPhotos.length);
  }
  await importFolder(reopened);
  await expect(panel).toContainText(/were already in your library/, { timeout: importTimeout });
  const ids = await allTileIds(reopened);
  expect(new Set(ids).size).toBe(goodPhotos.length);
  expect(ids).toHaveLength(goodPhotos.length);
});

/**
 * A new folder of `count` distinct small photos: copies of one fixture, each with bytes after the
 * JPEG's end that make it new to the content hash.
 */
function distinctCopies(label: string, count: number): string {
  const folder = mkdtempSync(join(tmpdir(), `pinhole-e2e-${label}-`));
  const paris = readFileSync(join(fixturesDir(), 'exif-gps-paris-fujifilm-s2pro-2002.jpg'));
  for (let index = 0; index < count; index++) {
    writeFileSync(
      join(folder, `paris-${String(index)}.jpg`),
      Buffer.concat([paris, Buffer.from(`copy ${String(index)}`)]),
    );
  }
  return folder;
}

test('cancelling an import keeps the photos already in the library and leaves nothing else behind', async ({
  page,
}) => {
  const count = 120;
  const folder = distinctCopies('cancel', count);
  try {
    await createLibrary(page, testPassword);
    await importFolder(page, folder);
    const panel = importPanel(page);
    // Cancel mid-way: staged originals, files in the workers and results being stored all exist.
    await expect(panel).toContainText(/Importing: ([1-9]\d) of 120 files/, {
      timeout: importTimeout,
    });
    await panel.getByRole('button', { name: 'Cancel' }).click();
    const outcome = panel.getByRole('status');
    await expect(outcome).toContainText(/Import cancelled\. \d+ photos? imported before/);
    // Results stored while the cancel went through are counted a moment later.
    await page.waitForTimeout(2000);
    const kept = Number(/cancelled\. (\d+)/.exec((await outcome.textContent()) ?? '')?.[1]);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(count);
    await expect.poll(async () => (await allTileIds(page)).length, { timeout: 30_000 }).toBe(kept);
    // Each photo kept has its original, preview and thumbnail; no staged original is left over.
    await expect.poll(async () => (await localBlobs(page)).blobs.length).toBe(3 * kept);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a tab closed with files never read: they are asked for again, and giving them again finishes the import exactly once', async ({
  page,
  context,
}) => {
  const count = 120;
  const folder = distinctCopies('unread', count);
  try {
    await createLibrary(page, testPassword);
    await importFolder(page, folder);
    await importPanel(page).getByRole('button', { name: 'Pause' }).click();
    await expect(importPanel(page).getByRole('button', { name: 'Resume' })).toBeVisible();
    await page.close();

    const reopened = await context.newPage();
    await reopened.goto('/');
    await unlock(reopened, testPassword);
    const panel = importPanel(reopened);
    await expect(panel).toContainText(/An import was interrupted: \d+ files? (was|were) not read/, {
      timeout: importTimeout + argon2Timeout,
    });
    const unread = Number(/interrupted: (\d+) file/.exec((await panel.textContent()) ?? '')?.[1]);
    expect(unread).toBeGreaterThan(0);
    expect(unread).toBeLessThan(count);
    const finishedAtUnlock = (await allTileIds(reopened)).length;
    expect(finishedAtUnlock).toBe(count - unread);

    await importFolder(reopened, folder);
    await waitForImported(reopened, unread, importTimeout);
    await expect(panel).toContainText(
      `${String(count - unread)} files were already in your library`,
    );
    // The timeline follows the index's last flush, a moment after the panel's last count.
    let ids: string[] = [];
    await expect
      .poll(async () => (ids = await allTileIds(reopened)).length, { timeout: 30_000 })
      .toBe(count);
    expect(new Set(ids).size).toBe(count);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a video imports with its poster, date, place and length; a video this browser cannot play is skipped with the reason', async ({
  page,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'pinhole-e2e-video-'));
  try {
    // 3 s, 320x240 coded: an H.264 MP4 rotated 90° with a date and a place, and an HEVC MOV.
    makeVideos(folder, [
      { ...videoRecipe('h264-rot90.mp4'), file: 'holiday.mp4' },
      { ...videoRecipe('hevc-silent.mov'), file: 'iphone.mov' },
    ]);

    await createLibrary(page, testPassword);
    await page
      .getByTestId('import-files')
      .setInputFiles([join(folder, 'holiday.mp4'), join(folder, 'iphone.mov')]);
    await waitForImported(page, 1, importTimeout);
    await expect(page.getByRole('list', { name: 'Skipped files' })).toContainText(
      /iphone\.mov.*could not be played in this browser/,
    );
    const label = 'Video taken 1 June 2021, 12:00, length 0:03';
    const details = await detailsOf(page, label);
    expect(details.Place).toBe('48.85830, 2.29450');
    expect(details.Size).toBe('240 × 320'); // rotated 90°: portrait
    expect(details.Length).toBe('0:03');
    // The poster frame is upright too: drawn 3:4, as the 240 x 320 video plays.
    const tile = page.getByRole('button', { name: label, exact: true });
    const [posterWidth, posterHeight] = await expectThumbnailShown(tile, 'poster frame');
    expect(posterWidth / posterHeight).toBeCloseTo(240 / 320, 1);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test.describe('a full disk', () => {
  // The disk may fill before the first timeline index is saved: the photos imported so far are
  // shown all the same (the index is kept in memory and saved later; localLibrary.test.ts).
  test('storage full: the import stops with a clear message, and what was imported is whole', async ({
    page,
    context,
  }) => {
    // Chromium's own quota, lowered for this origin: IndexedDB then refuses writes past it. Set
    // before the app opens its database: a connection opened earlier keeps the quota it saw.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: appOrigin, quotaSize: 15_000_000 });
    await createLibrary(page, testPassword);
    await importFolder(page);
    const panel = importPanel(page);
    await expect(panel.getByRole('alert')).toContainText('no more storage', {
      timeout: importTimeout,
    });
    const importedSoFar = async () =>
      Number(
        /(\d+) photos? (was|were) imported before it stopped/.exec(
          (await panel.textContent()) ?? '',
        )?.[1],
      );
    // A file a worker was finishing when the disk filled may still land: wait for the count to
    // settle, then the library must show exactly that many photos.
    let imported = -1;
    await expect
      .poll(
        async () => {
          const before = await importedSoFar();
          const tiles = (await allTileIds(page)).length;
          imported = await importedSoFar();
          return before === imported && tiles === imported;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    expect(imported).toBeGreaterThan(0);
    expect(imported).toBeLessThan(goodPhotos.length);
    // Every photo the library shows opens: its thumbnail decrypts.
    for (const tile of await page.locator('button.tile').all()) await expectThumbnailShown(tile);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: appOrigin });
  });
});
