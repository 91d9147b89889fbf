import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fixturesDir } from '../src/core/testing/fixtures.ts';
import {
  detailsOf,
  expectImageLoaded,
  expectThumbnailShown,
  importPanel,
  waitForImported,
} from './support/import.ts';
import { createLibrary, testPassword } from './support/library.ts';

/*
 * The library screen end to end: pick files, watch the import through the real worker pipeline,
 * see the tiles' thumbnails and a photo's details, and the file the import skipped.
 */

test.describe.configure({ timeout: 180_000 });

test('import two photos and a bad file from the picker, then open a photo', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });

  await createLibrary(page, testPassword);
  await expect(
    page.getByText(
      'Your library has no photos yet. Drop photos or folders here, or use Add photos.',
    ),
  ).toBeVisible();

  const dir = fixturesDir();
  await page
    .getByTestId('import-files')
    .setInputFiles(
      [
        'exif-gps-berkeley-canon600d-2015.jpg',
        'exif-gps-rome-iphone4-2011.jpg',
        'bad-text.jpg',
      ].map((name) => join(dir, name)),
    );

  await waitForImported(page, 2, 60_000);
  const panel = importPanel(page);
  await expect(panel.getByRole('list', { name: 'Skipped files' }).getByRole('listitem')).toHaveText(
    [/^bad-text\.jpg — /],
  );
  await expect(panel.getByText(/^Using [\d.]+ MB of [\d.]+ GB/)).toBeVisible();

  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByRole('heading', { level: 3 })).toHaveText([
    'June 2015',
    'January 2011',
  ]);
  await expect(timeline.getByRole('heading', { name: 'Thursday 11 June 2015' })).toBeVisible();
  const tiles = timeline.locator('button.tile');
  await expect(tiles).toHaveCount(2);
  for (const tile of await tiles.all()) await expectThumbnailShown(tile);

  const berkeley = timeline.getByRole('button', { name: 'Photo taken 11 June 2015, 10:29' });
  expect(await detailsOf(page, berkeley, { keepOpen: true })).toMatchObject({
    Camera: 'Canon EOS 600D',
    Place: '37.87109, -122.25678',
    Size: '1394 × 930',
    File: 'exif-gps-berkeley-canon600d-2015.jpg',
  });
  const dialog = page.getByRole('dialog', { name: 'Photo viewer' });
  await expectImageLoaded(dialog.locator('.viewer-stage img'));

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(berkeley).toBeFocused();

  expect(errors).toEqual([]);
});

test('a picked folder keeps its paths; a drop shows the overlay and skips duplicates', async ({
  page,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'pinhole-import-ui-'));
  try {
    const dir = fixturesDir();
    mkdirSync(join(folder, 'Trip', 'Day 1'), { recursive: true });
    copyFileSync(
      join(dir, 'exif-gps-rome-iphone4-2011.jpg'),
      join(folder, 'Trip', 'Day 1', 'rome.jpg'),
    );
    writeFileSync(join(folder, 'Trip', 'notes.txt'), 'not a photo');

    await createLibrary(page, testPassword);
    await page.getByTestId('import-folder').setInputFiles(join(folder, 'Trip'));
    await waitForImported(page, 1, 60_000);
    const panel = importPanel(page);
    await expect(
      panel.getByRole('list', { name: 'Skipped files' }).getByRole('listitem'),
    ).toHaveText([/^Trip\/notes\.txt — /]);

    const rome = page.getByRole('button', { name: /^Photo taken 13 January 2011/ });
    expect((await detailsOf(page, rome)).File).toBe('Trip/Day 1/rome.jpg');
    await expect(rome).toBeFocused();

    // A drop of the same photo again and a new one: the overlay shows while it is held.
    const names = ['exif-gps-rome-iphone4-2011.jpg', 'exif-gps-berkeley-canon600d-2015.jpg'];
    // A Uint8Array crosses to the page as one (a Buffer would arrive as a plain object).
    const files = names.map((name) => ({
      name,
      bytes: new Uint8Array(readFileSync(join(dir, name))),
    }));
    const dataTransfer = await page.evaluateHandle((dropped) => {
      const transfer = new DataTransfer();
      for (const { name, bytes } of dropped)
        transfer.items.add(new File([bytes], name, { type: 'image/jpeg' }));
      return transfer;
    }, files);
    const library = page.getByTestId('library');
    await library.dispatchEvent('dragenter', { dataTransfer });
    await expect(page.getByTestId('drop-overlay')).toBeVisible();
    await library.dispatchEvent('dragover', { dataTransfer });
    await library.dispatchEvent('drop', { dataTransfer });
    await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
    await waitForImported(page, 1, 60_000);
    await expect(
      panel.getByText('1 file was already in your library and was not added again.'),
    ).toBeVisible();
    await expect(page.locator('button.tile')).toHaveCount(2);

    await panel.getByRole('button', { name: 'Dismiss' }).click();
    await expect(panel.getByText('Imported 1 photo.')).toHaveCount(0);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
