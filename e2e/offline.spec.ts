import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { serveStatic, type StaticServer } from './support/static-server.ts';
import { appOutDir } from './support/servers.ts';

// Each test gets its own copy of the build on its own server, so it can change or stop it.
let builtApp: string;
let server: StaticServer | undefined;

test.beforeEach(async () => {
  builtApp = await mkdtemp(join(tmpdir(), 'pinhole-dist-'));
  await cp(appOutDir, builtApp, { recursive: true });
  server = await serveStatic(builtApp);
});

test.afterEach(async () => {
  await server?.close();
  await rm(builtApp, { recursive: true, force: true });
});

test('after the first visit the app shell reloads with the server gone', async ({ page }) => {
  const origin = server?.url ?? '';
  await page.goto(origin);
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByText('Pinhole is ready to work offline.')).toBeVisible();

  await server?.close();
  server = undefined;
  await expect(fetch(origin)).rejects.toThrow();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Pinhole', exact: true })).toBeVisible();
  // The crypto worker and its wasm come from the precache too, still cross-origin isolated.
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('engine-status')).toContainText('cross-origin isolated');
});

test('a new version is offered with a prompt, and Reload switches to it', async ({ page }) => {
  await page.goto(server?.url ?? '');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // A second load is controlled by the installed worker, so the next one has to wait for it.
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  const swPath = join(builtApp, 'sw.js');
  await writeFile(swPath, `${await readFile(swPath, 'utf8')}\n// the next release\n`);
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });

  const prompt = page
    .getByRole('alert')
    .filter({ hasText: 'A new version of Pinhole is available.' });
  await expect(prompt).toBeVisible();
  const reloaded = page.waitForEvent('load');
  await prompt.getByRole('button', { name: 'Reload' }).click();
  await reloaded;

  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  const state = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return {
      controlled: navigator.serviceWorker.controller !== null,
      waiting: registration?.waiting != null,
      navigationType: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
        .type,
    };
  });
  expect(state).toEqual({ controlled: true, waiting: false, navigationType: 'reload' });
  await expect(prompt).toBeHidden();
});
