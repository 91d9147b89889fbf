/** The import panel, the timeline's images and a photo's details, for the specs that import. */
import { expect, type Locator, type Page } from '@playwright/test';

export const importPanel = (page: Page) => page.getByRole('region', { name: 'Import' });

/** Waits for the import panel to say "Imported `count` photo(s)". */
export async function waitForImported(page: Page, count: number, timeout: number): Promise<void> {
  await expect(importPanel(page)).toContainText(`Imported ${String(count)} photo`, { timeout });
}

/** Waits for `image` (an <img>) to have decoded: its thumbnail or preview opened. */
export async function expectImageLoaded(image: Locator, message?: string): Promise<void> {
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth), { message })
    .toBeGreaterThan(0);
}

/**
 * Clicks `tile` (a locator, or the exact label of a tile button) and returns the rows of the
 * "Photo details" dialog it opens, as { Taken: '…', Place: '…', … }; then closes the dialog with
 * its Close button, unless `keepOpen`.
 */
export async function detailsOf(
  page: Page,
  tile: string | Locator,
  { keepOpen = false } = {},
): Promise<Record<string, string>> {
  const button =
    typeof tile === 'string' ? page.getByRole('button', { name: tile, exact: true }) : tile;
  await button.scrollIntoViewIfNeeded();
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Photo details' });
  await expect(dialog.locator('dd').first()).toBeVisible();
  const rows = await dialog
    .locator('dt')
    .evaluateAll((terms): [string, string][] =>
      terms.map((term) => [term.textContent, term.nextElementSibling?.textContent ?? '']),
    );
  if (!keepOpen) await dialog.getByRole('button', { name: 'Close' }).click();
  return Object.fromEntries(rows);
}
