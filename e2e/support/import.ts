/** The import panel, the timeline's images and a photo's details, for the specs that import. */
import { expect, type Locator, type Page } from '@playwright/test';
import { scrollToTile, timelineRegion } from './timeline.ts';

export const importPanel = (page: Page) => page.getByRole('region', { name: 'Import' });

/** Waits for the import panel to say "Imported `count` photo(s)". */
export async function waitForImported(page: Page, count: number, timeout: number): Promise<void> {
  await expect(importPanel(page)).toContainText(`Imported ${String(count)} photo`, { timeout });
}

/**
 * Waits for `tile` (a timeline tile) to show its decrypted thumbnail, drawn on its canvas; returns
 * the drawn size (the thumbnail's aspect, decoded at the tile's size).
 */
export async function expectThumbnailShown(
  tile: Locator,
  message?: string,
): Promise<[number, number]> {
  const canvas = tile.locator('canvas.shown');
  await expect(canvas, message).toHaveCount(1);
  const size = await canvas.evaluate((c: HTMLCanvasElement): [number, number] => [
    c.width,
    c.height,
  ]);
  expect(Math.min(...size), message).toBeGreaterThan(0);
  return size;
}

/** Waits for `image` (an <img>) to have decoded: a preview or original opened. */
export async function expectImageLoaded(image: Locator, message?: string): Promise<void> {
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth), { message })
    .toBeGreaterThan(0);
}

/**
 * Opens `tile` (a locator, or the exact label of a tile button; scrolled to first) in the viewer
 * and returns the rows of its Info panel, as { Taken: '…', Place: '…', … }; then closes the
 * viewer, unless `keepOpen`.
 */
export async function detailsOf(
  page: Page,
  tile: string | Locator,
  { keepOpen = false } = {},
): Promise<Record<string, string>> {
  const button =
    typeof tile === 'string'
      ? timelineRegion(page).getByRole('button', { name: tile, exact: true })
      : tile;
  await (await scrollToTile(page, button)).click();
  const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  const info = viewer.getByRole('button', { name: 'Info' });
  if ((await info.getAttribute('aria-expanded')) !== 'true') await info.click();
  const panel = viewer.getByRole('complementary', { name: 'Info' });
  await expect(panel.locator('dd').first()).toBeVisible();
  const rows = await panel
    .locator('dt')
    .evaluateAll((terms): [string, string][] =>
      terms.map((term) => [term.textContent, term.nextElementSibling?.textContent ?? '']),
    );
  if (!keepOpen) await viewer.getByRole('button', { name: 'Close', exact: true }).click();
  return Object.fromEntries(rows);
}
