import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fixturesDir } from '../src/core/testing/fixtures.ts';
import { readZip } from '../src/core/testing/readZip.ts';
import { expectThumbnailShown, waitForImported } from './support/import.ts';
import {
  act,
  expectShown,
  galleryFiles,
  galleryPhotos,
  select,
  show,
  tile,
  tiles,
} from './support/gallery.ts';

import { dumpStorage } from './support/storage-dump.ts';
import { argon2Timeout, createLibrary, lock, testPassword, unlock } from './support/library.ts';

/*
 * Albums, favourites, the archive and the trash through the real UI and crypto worker: what each
 * view shows after each action, that the changes outlive a lock, and that emptying the trash
 * really deletes the ciphertext from IndexedDB.
 */

test.describe.configure({ timeout: 240_000 });
// Tall enough that the timeline (virtualised: only rows near the window exist) draws every tile.
test.use({ viewport: { width: 1280, height: 2400 } });

/** How many sealed objects the library keeps in IndexedDB (from the storage dump's inventory). */
async function blobCount(page: Page): Promise<number> {
  const { inventory } = await dumpStorage(page);
  const line = inventory.find((entry) => entry.startsWith('pinhole/blobs:'));
  return Number(line?.split(':')[1]);
}

test('albums, favourites, downloads, archive and trash', async ({ page }) => {
  // No file picker: a test cannot answer the browser's own dialog.
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  await createLibrary(page, testPassword);
  const dir = fixturesDir();
  await page.getByTestId('import-files').setInputFiles(galleryFiles);
  await waitForImported(page, 4, 120_000);
  await expectShown(page, 'berkeley', 'rome', 'paris', 'czech');

  // A new album from a selection, renamed; a photo removed, put back with Undo, removed again.
  await select(page, 'berkeley', 'rome');
  await act(page, 'Add to album');
  const picker = page.getByRole('dialog', { name: 'Add 2 photos to an album' });
  await picker.getByRole('button', { name: 'New album…' }).click();
  const naming = page.getByRole('dialog', { name: 'New album' });
  await naming.getByLabel('Album name').fill('Trips');
  await naming.getByRole('button', { name: 'Create' }).click();
  await expect(naming).toBeHidden();
  await show(page, 'Albums');
  const card = page.getByRole('button', { name: /^Trips\s*2 photos$/ });
  await expect(card).toBeVisible();
  await card.click();
  await expect(page.getByRole('heading', { name: 'Trips' })).toBeVisible();
  await expectShown(page, 'berkeley', 'rome');
  await page.getByRole('button', { name: 'Rename' }).click();
  const renaming = page.getByRole('dialog', { name: 'Rename album' });
  await renaming.getByLabel('Album name').fill('Best trips');
  await renaming.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { name: 'Best trips' })).toBeVisible();
  await select(page, 'rome');
  await act(page, 'Remove from album');
  await expectShown(page, 'berkeley');
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expectShown(page, 'berkeley', 'rome');
  await select(page, 'rome');
  await act(page, 'Remove from album');
  await expectShown(page, 'berkeley');

  // Favourites.
  await show(page, 'Photos');
  await select(page, 'paris', 'rome');
  await act(page, 'Favourite');
  await show(page, 'Favourites');
  await expectShown(page, 'paris', 'rome');

  // Downloading a selection: one zip with both originals, byte for byte, under their names.
  // (Without a service worker yet and no file picker, the app builds it in memory; streaming
  // through the service worker is e2e/download.spec.ts.)
  await select(page, 'paris', 'rome');
  const [download] = await Promise.all([page.waitForEvent('download'), act(page, 'Download')]);
  expect(download.suggestedFilename()).toBe('Pinhole photos.zip');
  const entries = readZip(new Uint8Array(await readFile(await download.path())));
  expect(entries.map((entry) => entry.name).sort()).toEqual(
    [galleryPhotos.paris[0], galleryPhotos.rome[0]].sort(),
  );
  for (const entry of entries) {
    const original = await readFile(join(dir, entry.name));
    expect(Buffer.from(entry.bytes).equals(original), entry.name).toBe(true);
  }

  // The archive hides a photo from Photos only.
  await show(page, 'Photos');
  await select(page, 'czech');
  await act(page, 'Archive');
  await expectShown(page, 'berkeley', 'rome', 'paris');
  await show(page, 'Archive');
  await expectShown(page, 'czech');

  // Trash and restore.
  await show(page, 'Photos');
  await select(page, 'berkeley');
  await act(page, 'Move to trash');
  await expectShown(page, 'rome', 'paris');
  await show(page, 'Trash');
  await expectShown(page, 'berkeley');
  // Each tile says when it goes for good: 30 days from now.
  await expect(tile(page, 'berkeley')).toHaveAccessibleName(/, deleted for good in 30 days$/);
  await expect(tile(page, 'berkeley').locator('.tile-days-left')).toHaveText('30 days');
  await select(page, 'berkeley');
  await act(page, 'Restore');
  await expect(tiles(page)).toHaveCount(0);
  await show(page, 'Photos');
  await expectShown(page, 'berkeley', 'rome', 'paris');

  // Everything above survives a lock; the decrypted thumbnails do not. They are drawn on
  // canvases, with no blob: URL that could outlive the library, and the canvases go with it.
  await expectThumbnailShown(tile(page, 'berkeley'));
  const blobUrls = () =>
    page.evaluate(
      () =>
        [...document.querySelectorAll('img, video, a')].filter((e) => /blob:/.test(e.outerHTML))
          .length,
    );
  expect(await blobUrls()).toBe(0);
  await lock(page);
  expect(await page.locator('canvas').count()).toBe(0);
  await unlock(page, testPassword);
  await expect(tiles(page)).toHaveCount(3, { timeout: argon2Timeout });
  await show(page, 'Favourites');
  await expectShown(page, 'paris', 'rome');
  await show(page, 'Archive');
  await expectShown(page, 'czech');
  await show(page, 'Albums');
  await page.getByRole('button', { name: /^Best trips\s*1 photo$/ }).click();
  await expectShown(page, 'berkeley');

  // Deleting the album leaves its photos; emptying the trash deletes their ciphertext.
  await page.getByRole('button', { name: 'Delete album' }).click();
  await page
    .getByRole('dialog', { name: /^Delete the album Best trips/ })
    .getByRole('button', { name: 'Delete album' })
    .click();
  await expect(page.getByText('No albums yet.', { exact: false })).toBeVisible();
  await show(page, 'Photos');
  await expectShown(page, 'berkeley', 'rome', 'paris');
  const blobsBefore = await blobCount(page);
  await select(page, 'paris', 'berkeley');
  await act(page, 'Move to trash');
  await show(page, 'Trash');
  await expectShown(page, 'berkeley', 'paris');
  await page.getByRole('button', { name: 'Empty trash' }).click();
  await page
    .getByRole('dialog', { name: 'Empty the trash?' })
    .getByRole('button', { name: 'Empty trash' })
    .click();
  await expect(page.getByText('The trash is empty.')).toBeVisible();
  // Original, preview and thumbnail of each.
  expect(await blobCount(page)).toBe(blobsBefore - 6);
  await show(page, 'Favourites');
  await expectShown(page, 'rome');
});
