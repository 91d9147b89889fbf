import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { fixturesDir } from '../src/core/testing/fixtures.ts';
import { waitForImported } from './support/import.ts';
import { createLibrary, testPassword } from './support/library.ts';

/*
 * Keyboard and screen reader: axe finds no serious or critical violation on each screen of the
 * gallery; and the layout holds from a 360 px phone to a 2560 px desktop.
 */

test.describe.configure({ timeout: 180_000 });

async function expectNoSeriousViolations(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      help: violation.help,
      where: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
    }));
  expect(serious, `axe on ${screen}`).toEqual([]);
}

/** Nothing wider than the window: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page, screen: string) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `sideways overflow on ${screen}`).toBeLessThanOrEqual(0);
}

const files = [
  'exif-gps-berkeley-canon600d-2015.jpg',
  'exif-orient6-samsung-j327-2019.jpg',
  'face-grace-hopper.gif',
];

async function libraryWithPhotos(page: Page) {
  await expectNoSeriousViolations(page, 'the first screen');
  await createLibrary(page, testPassword);
  await page
    .getByTestId('import-files')
    .setInputFiles(files.map((name) => join(fixturesDir(), name)));
  await waitForImported(page, files.length, 120_000);
}

const timelineTiles = (page: Page) =>
  page.getByRole('region', { name: 'Timeline' }).locator('[data-photo-id]');

for (const [device, viewport] of [
  ['phone', { width: 360, height: 740 }],
  ['desktop', { width: 2560, height: 1440 }],
] as const) {
  test(`every gallery screen passes axe and fits a ${device} (${String(viewport.width)} px)`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto('/');
    await libraryWithPhotos(page);
    await expect(timelineTiles(page).first()).toBeVisible();
    await expectNoSeriousViolations(page, 'the timeline');
    await expectNoSidewaysScroll(page, 'the timeline');

    // Tiles: at least 3 across on a phone, many on a wide screen, and never huge.
    const widths = await timelineTiles(page).evaluateAll((tiles) =>
      tiles.map((tile) => tile.getBoundingClientRect().width),
    );
    for (const width of widths) {
      expect(width).toBeLessThanOrEqual(viewport.width < 600 ? viewport.width / 3 : 320);
    }

    // A selection and its bar, and a dialog.
    const first = timelineTiles(page).first();
    await first.hover();
    await page
      .getByRole('checkbox', { name: /^Select / })
      .first()
      .click();
    await expect(page.getByRole('toolbar', { name: 'Selected photos' })).toBeVisible();
    await expectNoSeriousViolations(page, 'the selection bar');
    await expectNoSidewaysScroll(page, 'the selection bar');
    await page.getByRole('button', { name: 'Add to album' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoSeriousViolations(page, 'the album picker');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('toolbar', { name: 'Selected photos' })).toBeHidden();

    // The albums page and the trash.
    const nav = page.getByRole('navigation', { name: 'Library' });
    await nav.getByRole('button', { name: 'Albums' }).click();
    await expect(page.getByRole('heading', { name: 'Albums' })).toBeVisible();
    await expectNoSeriousViolations(page, 'the albums page');
    await expectNoSidewaysScroll(page, 'the albums page');
    await nav.getByRole('button', { name: 'Trash' }).click();
    await expect(page.getByText('The trash is empty.')).toBeVisible();
    await expectNoSeriousViolations(page, 'the trash');

    // The viewer, with its info panel, reached and left by keyboard.
    await nav.getByRole('button', { name: 'Photos' }).click();
    await timelineTiles(page).first().focus();
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog');
    await expect(viewer).toBeVisible();
    await expectNoSeriousViolations(page, 'the viewer');
    await expectNoSidewaysScroll(page, 'the viewer');
    await page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
    await expect(timelineTiles(page).first()).toBeFocused();
  });
}
