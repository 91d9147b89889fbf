/**
 * Reading the timeline, which is virtualised: only the rows near the window are in the DOM, so
 * these scroll through it and collect what they meet.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const timelineRegion = (page: Page) => page.getByRole('region', { name: 'Timeline' });

export interface TimelineDay {
  /** The day heading, e.g. "Thursday 11 June 2015". */
  day: string;
  /** The tiles' labels and photo ids under it, in order. */
  tiles: string[];
  ids: string[];
}

/**
 * Scrolls the window from top to bottom and returns each day heading in the order met, with the
 * tiles under it (rows come and go: what is in the DOM is read at every step).
 */
export async function daysInOrder(page: Page): Promise<TimelineDay[]> {
  await expect(timelineRegion(page)).toBeVisible();
  await page.evaluate(() => {
    window.scrollTo(0, 0);
  });
  const days: TimelineDay[] = [];
  /** Each day heading's position in the document: a row belongs to the last heading above it. */
  const headingTops = new Map<string, number>();
  const seenIds = new Set<string>();
  for (;;) {
    await monthsInViewRead(page);
    const rows = await page.locator('.timeline-row').evaluateAll((elements) =>
      elements.map((row) => ({
        top: row.getBoundingClientRect().top + window.scrollY,
        heading: row.querySelector('h4')?.textContent ?? null,
        tiles: [...row.querySelectorAll('.tile')].map((tile): [string, string] => [
          tile.getAttribute('data-photo-id') ?? '',
          tile.getAttribute('aria-label') ?? '',
        ]),
      })),
    );
    for (const row of rows) if (row.heading !== null) headingTops.set(row.heading, row.top);
    for (const row of rows.sort((x, y) => x.top - y.top)) {
      let day: string | null = null;
      let best = -Infinity;
      for (const [heading, top] of headingTops) {
        if (top <= row.top && top > best) [day, best] = [heading, top];
      }
      if (day === null) continue;
      let known = days.find((d) => d.day === day);
      if (!known) days.push((known = { day, tiles: [], ids: [] }));
      for (const [id, label] of row.tiles) {
        if (seenIds.has(id)) continue;
        seenIds.add(id);
        known.ids.push(id);
        known.tiles.push(label);
      }
    }
    const atEnd = await page.evaluate(() => {
      const before = window.scrollY;
      window.scrollBy(0, window.innerHeight / 3);
      return window.scrollY === before;
    });
    if (atEnd) return days;
  }
}

/**
 * Waits until no month in the window is still an estimate (months are read as they come into
 * view, a couple at a time), so what the DOM shows there is complete.
 */
async function monthsInViewRead(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.locator('.month-estimate').evaluateAll((estimates) =>
          estimates.some((estimate) => {
            const box = estimate.getBoundingClientRect();
            return box.bottom > 0 && box.top < window.innerHeight;
          }),
        ),
      { message: 'months in view are read', timeout: 30_000 },
    )
    .toBe(false);
  // Rows for a new scroll position are drawn a frame or two later (React, then the virtualiser).
  for (let frame = 0; frame < 3; frame++) {
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          requestAnimationFrame(resolve);
        }),
    );
  }
  await page.waitForTimeout(100);
}

/** Every tile's photo id, the whole timeline scrolled through. */
export async function allTileIds(page: Page): Promise<string[]> {
  return (await daysInOrder(page)).flatMap((day) => day.ids);
}

/** Scrolls from the top until `tile` is drawn, then into view; returns it. */
export async function scrollToTile(page: Page, tile: Locator): Promise<Locator> {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
  });
  for (;;) {
    await monthsInViewRead(page);
    if ((await tile.count()) > 0) break;
    const atEnd = await page.evaluate(() => {
      const before = window.scrollY;
      window.scrollBy(0, window.innerHeight / 2);
      return window.scrollY === before;
    });
    if (atEnd) throw new Error(`tile not found on the timeline: ${tile.toString()}`);
  }
  await tile.scrollIntoViewIfNeeded();
  return tile;
}

/** A tile's name (tileLabel in src/ui/library/PhotoTile.tsx) for a manifest date and time. */
export function tileLabelFor(taken: string): string {
  const [date = '', time = ''] = taken.split(' ');
  const day = new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `Photo taken ${day}, ${time.slice(0, 5)}`;
}
