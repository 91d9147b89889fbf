/**
 * Renders the PWA's PNG icons from the SVG sources with headless Chromium:
 *   npx tsx scripts/make-icons.ts
 * The PNGs are committed; run this again only when an SVG changes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './chromium';

const targets = [
  { svg: 'public/icons/icon.svg', png: 'public/icons/icon-192.png', size: 192 },
  { svg: 'public/icons/icon.svg', png: 'public/icons/icon-512.png', size: 512 },
  { svg: 'public/icons/icon-maskable.svg', png: 'public/icons/icon-maskable-512.png', size: 512 },
];

const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  for (const { svg, png, size } of targets) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const markup = await readFile(svg, 'utf8');
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${markup}`,
    );
    await writeFile(png, await page.screenshot({ omitBackground: true }));
    await page.close();
    console.log(`${png} (${size}x${size})`);
  }
} finally {
  await browser.close();
}
