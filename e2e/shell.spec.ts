import { expect, test } from '@playwright/test';
import { securityHeaders } from '../scripts/security-headers.ts';
import { appOrigin } from './support/servers.ts';

test('the built app is served with the security headers', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  const headers = response?.headers() ?? {};
  for (const [name, value] of Object.entries(securityHeaders)) {
    expect(headers[name.toLowerCase()], name).toBe(value);
  }
  expect(headers['content-security-policy']).not.toContain("'unsafe-inline'");
  expect(headers['content-security-policy']).toContain("'wasm-unsafe-eval'");
});

test('the crypto worker loads libsodium and Argon2id, cross-origin isolated', async ({ page }) => {
  await page.goto('/');
  const status = page.getByTestId('engine-status');
  await expect(status).toHaveAttribute('data-ready', 'true');
  await expect(status).toContainText(/libsodium 1\.0\.\d+, Argon2id, in a worker/);
  await expect(status).toContainText('cross-origin isolated');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('no request leaves for a third-party origin and nothing breaks the CSP', async ({
  page,
  context,
}) => {
  const requested: string[] = [];
  context.on('request', (request) => requested.push(request.url()));
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text()))
      cspViolations.push(message.text());
  });

  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true');
  // Let the service worker install and precache the whole shell: its requests count too.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect(page.getByText('Pinhole is ready to work offline.')).toBeVisible();

  expect(requested.length).toBeGreaterThan(5);
  const foreign = requested.filter(
    (url) => !url.startsWith('data:') && new URL(url).origin !== appOrigin,
  );
  expect(foreign).toEqual([]);
  expect(requested.some((url) => url.endsWith('/sw.js'))).toBe(true);
  expect(cspViolations).toEqual([]);
});

test('the web app manifest makes it installable', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifestUrl = new URL(href ?? '', page.url());
  const manifest = (await (await request.get(manifestUrl.href)).json()) as {
    name: string;
    short_name: string;
    display: string;
    start_url: string;
    scope: string;
    theme_color: string;
    icons: { src: string; sizes: string; purpose: string }[];
  };
  expect(manifest.name).toContain('Pinhole');
  expect(manifest.short_name).toBe('Pinhole');
  expect(manifest.display).toBe('standalone');
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.start_url).toBeTruthy();
  expect(manifest.scope).toBeTruthy();
  const sizes = manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons) {
    const png = await request.get(new URL(icon.src, manifestUrl).href);
    expect(png.status(), icon.src).toBe(200);
    const bytes = await png.body();
    // PNG signature, then the IHDR width and height (big-endian) at bytes 16..23.
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const [width] = icon.sizes.split('x').map(Number);
    expect(bytes.readUInt32BE(16)).toBe(width);
    expect(bytes.readUInt32BE(20)).toBe(width);
  }
  const registration = await page.evaluate(async () => {
    const ready = await navigator.serviceWorker.ready;
    return { scope: ready.scope, script: ready.active?.scriptURL ?? '' };
  });
  expect(registration.scope).toBe(`${appOrigin}/`);
  expect(registration.script).toBe(`${appOrigin}/sw.js`);
});
