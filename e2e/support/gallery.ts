/**
 * Working the library screen as a person does, over four fixture photos each with a day of its
 * own: the views, selecting tiles, the selection bar's actions. (The timeline draws only the
 * rows near the window: specs using these set a viewport tall enough for all four.)
 */
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { fixturesDir } from '../../src/core/testing/fixtures.ts';
import { timelineRegion } from './timeline.ts';

/** File, and the date its tile's label carries. */
export const galleryPhotos = {
  berkeley: ['exif-gps-berkeley-canon600d-2015.jpg', /11 June 2015/],
  rome: ['exif-gps-rome-iphone4-2011.jpg', /13 January 2011/],
  paris: ['exif-gps-paris-fujifilm-s2pro-2002.jpg', /24 August 2002/],
  czech: ['exif-gps-czech-pixel-2018.jpg', /25 July 2018/],
} as const;
export type GalleryPhoto = keyof typeof galleryPhotos;
export const galleryFiles = Object.values(galleryPhotos).map(([file]) => join(fixturesDir(), file));

export const tiles = (page: Page) => timelineRegion(page).locator('[data-photo-id]');
export const tile = (page: Page, name: GalleryPhoto) =>
  timelineRegion(page).getByRole('button', {
    name: new RegExp(`^Photo taken .*${galleryPhotos[name][1].source}`),
  });

/** Ticks the photos' check circles: the selection bar says how many. */
export async function select(page: Page, ...names: GalleryPhoto[]) {
  for (const name of names) {
    const check = timelineRegion(page).getByRole('checkbox', {
      name: new RegExp(`^Select photo taken .*${galleryPhotos[name][1].source}`),
    });
    await tile(page, name).hover();
    await check.click();
    await expect(check).toBeChecked();
  }
  await expect(page.getByRole('toolbar', { name: 'Selected photos' })).toContainText(
    `${String(names.length)} photo${names.length === 1 ? '' : 's'} selected`,
  );
}

/** Presses one of the selection bar's buttons. */
export async function act(page: Page, action: string) {
  await page
    .getByRole('toolbar', { name: 'Selected photos' })
    .getByRole('button', { name: action, exact: true })
    .click();
}

export async function show(
  page: Page,
  section: 'Photos' | 'Favourites' | 'Albums' | 'Archive' | 'Trash',
) {
  await page
    .getByRole('navigation', { name: 'Library' })
    .getByRole('button', { name: section })
    .click();
}

/** The view shows exactly these photos (in any order); returns their ids, sorted. */
export async function expectShown(page: Page, ...names: GalleryPhoto[]): Promise<string[]> {
  await expect(tiles(page)).toHaveCount(names.length, { timeout: 60_000 });
  for (const name of names) await expect(tile(page, name)).toBeVisible();
  return (
    await tiles(page).evaluateAll((found) => found.map((t) => t.dataset.photoId ?? ''))
  ).sort();
}
