/**
 * The timeline: the shared fixtures imported through the UI land in the right day groups, newest
 * first, and can be selected by click, shift-click and whole day; a synthetic library of 100,000
 * photos (e2e/support/syntheticLibrary.ts) opens with its full height and scrubber at once and
 * scrolls end to end by scrubber (and a long stretch by wheel), with a bounded number of tiles in
 * the DOM (the bench wheels through all of it: bench/galleryBench.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { fixturesDir } from '../src/core/testing/fixtures.ts';
import { MONTH_HEADING_PX } from '../src/ui/library/timelineRows.ts';
import { expectThumbnailShown, waitForImported } from './support/import.ts';
import {
  argon2Timeout,
  createLibrary,
  libraryHeading,
  testPassword,
  unlock,
} from './support/library.ts';
import { readManifest } from './support/manifest.ts';
import { devOrigin } from './support/servers.ts';
import { createSyntheticLibrary, syntheticDefaults } from './support/syntheticLibrary.ts';
import { daysInOrder, tileLabelFor } from './support/timeline.ts';

const timeline = (page: Page) => page.getByRole('region', { name: 'Timeline' });
const scrubber = (page: Page) => page.getByRole('slider', { name: 'Scroll by date' });
const checkedTiles = (page: Page) => page.locator('.tile-check[aria-checked="true"]');
const monthHeading = (page: Page, name: string) =>
  timeline(page).getByRole('heading', { level: 3, name, exact: true });

test.describe('over the fixtures', () => {
  test.describe.configure({ timeout: 300_000 });

  test('photos are grouped by day under their months, newest first; click, shift-click and a whole day select', async ({
    page,
  }) => {
    const photos = readManifest().filter((photo) => !photo.bad);
    await createLibrary(page, testPassword);
    await page.getByTestId('import-folder').setInputFiles(fixturesDir());
    await waitForImported(page, photos.length, 240_000);

    const days = await daysInOrder(page);
    const dates = days.map(({ day }) => Date.parse(day.replace(/^\S+ /, '')));
    expect(dates.every((date) => !Number.isNaN(date))).toBe(true);
    expect(dates, 'day headings newest first').toEqual([...dates].sort((a, b) => b - a));
    expect(new Set(dates).size, 'one heading per day').toBe(dates.length);
    expect(days.reduce((sum, { tiles }) => sum + tiles.length, 0)).toBe(photos.length);
    for (const photo of photos.filter((p) => p.taken)) {
      const label = tileLabelFor(photo.taken ?? '');
      const group = days.find(({ tiles }) => tiles.includes(label));
      expect(group?.day, photo.file).toContain(label.replace(/^Photo taken /, '').split(',')[0]);
    }
    const months = await page.evaluate(() => {
      window.scrollTo(0, 0);
      return document.querySelectorAll('.timeline-month h3').length;
    });
    expect(months).toBeGreaterThan(0);

    // Selection: the check circle, then plain clicks toggle; shift-click takes the range.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    const tiles = timeline(page).locator('.tile');
    await expect(tiles.first()).toBeVisible();
    const firstLabel = (await tiles.nth(0).getAttribute('aria-label')) ?? '';
    const firstCheck = timeline(page).locator('.tile-check').first();
    await expect(firstCheck).toHaveAccessibleName(
      `Select ${firstLabel.charAt(0).toLowerCase()}${firstLabel.slice(1)}`,
    );
    await tiles.nth(0).hover();
    await expect(firstCheck).toHaveCSS('opacity', '1');
    await firstCheck.click();
    await expect(tiles.nth(0)).toHaveAttribute('aria-pressed', 'true');
    await expect(checkedTiles(page)).toHaveCount(1);
    // From the first (the anchor) to the fifth in timeline order, across day groups.
    await tiles.nth(4).click({ modifiers: ['Shift'] });
    await expect(checkedTiles(page)).toHaveCount(5);
    for (let n = 0; n < 5; n++) await expect(tiles.nth(n)).toHaveAttribute('aria-pressed', 'true');
    await expect(tiles.nth(5)).toHaveAttribute('aria-pressed', 'false');
    await tiles.nth(1).click(); // selecting: a click toggles instead of opening
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(checkedTiles(page)).toHaveCount(4);
    await expect(tiles.nth(1)).toHaveAttribute('aria-pressed', 'false');
    await tiles.nth(1).click();
    await expect(checkedTiles(page)).toHaveCount(5);
    await page.keyboard.press('Escape');
    await expect(checkedTiles(page)).toHaveCount(0);
    await expect(tiles.nth(0)).not.toHaveAttribute('aria-pressed');

    // A whole day: the check on its heading, then again to deselect it.
    const bigDay = days.reduce((best, day) => (day.tiles.length > best.tiles.length ? day : best));
    const dayCheck = page.getByRole('checkbox', { name: `Select all photos of ${bigDay.day}` });
    await dayCheck.scrollIntoViewIfNeeded();
    await dayCheck.click();
    await expect(dayCheck).toHaveAttribute('aria-checked', 'true');
    await expect(checkedTiles(page)).toHaveCount(bigDay.tiles.length);
    await dayCheck.click();
    await expect(checkedTiles(page)).toHaveCount(0);
    // Not selecting: a click opens the photo.
    await tiles.first().click();
    await expect(page.getByRole('dialog')).toBeVisible(); // the viewer or the details
  });
});

test.describe('over 100,000 photos', () => {
  test.describe.configure({ timeout: 300_000 });

  test('opens with the full height and scrubber at once, scrolls end to end by scrubber, far by wheel, keeps the DOM small', async ({
    page,
  }) => {
    const library = await createSyntheticLibrary(page, devOrigin);
    expect(library.photos).toBe(100_000);
    test.info().annotations.push({
      type: 'generated',
      description: `${String(library.photos)} photos in ${String(library.months.length)} months, ${(library.ms / 1000).toFixed(1)} s`,
    });
    const newest = library.months[0]?.month ?? '';
    const oldest = library.months.at(-1)?.month ?? '';
    const monthName = (month: string) =>
      new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });

    await page.goto(`${devOrigin}/`);
    await unlock(page, testPassword);
    await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });

    // At once: the height of every month and a year on the scrubber for each year.
    await expectThumbnailShown(timeline(page).locator('button.tile').first(), 'first thumbnail');
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const columns = await page.evaluate(
      () =>
        getComputedStyle(
          document.querySelector('.tile-row') ?? document.body,
        ).gridTemplateColumns.split(' ').length,
    );
    expect(height).toBeGreaterThan((library.photos / columns) * 100);
    await expect(scrubber(page).locator('.scrubber-year')).toHaveCount(syntheticDefaults.years);
    await expect(monthHeading(page, monthName(newest))).toBeVisible();

    const tileCount = () => page.locator('.tile').count();
    const expectThumbnailsInView = async () => {
      await expectThumbnailShown(page.locator('button.tile').first(), 'a thumbnail in view');
      const inView = await page.locator('.tile').evaluateAll(
        (tiles) =>
          tiles.filter((tile) => {
            const box = tile.getBoundingClientRect();
            return box.bottom > 0 && box.top < window.innerHeight;
          }).length,
      );
      expect(inView).toBeGreaterThan(0);
      // Every tile in view gets its thumbnail.
      await expect
        .poll(() =>
          page.locator('.tile').evaluateAll(
            (tiles) =>
              tiles.filter((tile) => {
                const box = tile.getBoundingClientRect();
                const canvas = tile.querySelector('canvas.shown');
                const shown = canvas instanceof HTMLCanvasElement && canvas.width > 0;
                return box.bottom > 0 && box.top < window.innerHeight && !shown;
              }).length,
          ),
        )
        .toBe(0);
      expect(await tileCount()).toBeLessThan(400);
    };
    await expectThumbnailsInView();
    /** The end of the page: the oldest month's last day. */
    const expectAtBottom = async () => {
      await expect
        .poll(() =>
          page.evaluate(
            () => window.scrollY + window.innerHeight - document.documentElement.scrollHeight,
          ),
        )
        .toBeGreaterThan(-2);
      await expect(timeline(page).locator('.timeline-day h4').last()).toContainText(
        monthName(oldest),
      );
      await expect(scrubber(page)).toHaveAttribute('aria-valuetext', monthName(oldest));
    };

    // The scrubber: a drag to its bottom reaches the oldest month, and back to the top the newest.
    const box = await scrubber(page).boundingBox();
    if (!box) throw new Error('no scrubber');
    const x = box.x + box.width / 2;
    await page.mouse.move(x, box.y + 2);
    await page.mouse.down();
    await page.mouse.move(x, box.y + box.height - 1, { steps: 40 });
    await page.mouse.up();
    await expectAtBottom();
    await expectThumbnailsInView();
    const bottom = await scrubber(page).boundingBox();
    if (!bottom) throw new Error('no scrubber');
    await page.mouse.move(x, bottom.y + bottom.height - 1);
    await page.mouse.down();
    await page.mouse.move(x, bottom.y + 1, { steps: 40 });
    await page.mouse.up();
    await expect(monthHeading(page, monthName(newest))).toBeInViewport();
    await expectThumbnailsInView();

    // From the keyboard, years and months: the month of 6,000 photos, rows like any other.
    const big = syntheticDefaults.bigMonth.month;
    await scrubber(page).focus();
    const years = Number(newest.slice(0, 4)) - Number(big.slice(0, 4));
    for (let year = 0; year < years; year++) await page.keyboard.press('PageDown');
    for (let month = 12; month > Number(big.slice(5)); month--)
      await page.keyboard.press('ArrowDown');
    await expect(monthHeading(page, monthName(big))).toBeInViewport();
    await expect(scrubber(page)).toHaveAttribute('aria-valuetext', monthName(big));
    await expectThumbnailsInView();
    // It stays there, at the top, while the months around it are read and its thumbnails shown.
    await expect(monthHeading(page, monthName(big))).toBeInViewport();
    const headingTop = (await monthHeading(page, monthName(big)).boundingBox())?.y ?? -1;
    expect(headingTop).toBeGreaterThanOrEqual(0);
    expect(headingTop).toBeLessThan(MONTH_HEADING_PX);
    for (let step = 0; step < 20; step++) await page.mouse.wheel(0, 2000);
    await expect(scrubber(page)).toHaveAttribute('aria-valuetext', monthName(big));
    await expectThumbnailsInView();

    // The wheel, from the top: a stretch of months, each read and shown as it comes.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await page.mouse.move(box.x - 200, box.y + box.height / 2);
    for (let events = 0; events < 25; events++) await page.mouse.wheel(0, 4000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(90_000);
    await expectThumbnailsInView();
    // Decoded thumbnails are held by the tiles mounted, no more.
    expect(await page.locator('.tile canvas').count()).toBeLessThan(400);
  });
});
