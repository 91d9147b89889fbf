import { expect, test } from '@playwright/test';
import type * as S3Module from '../src/core/store/s3.ts';
import { devOrigin } from './support/servers.ts';
import { e2eStoreLocation } from './support/store.ts';

test('the browser presigns a PUT, uploads a Blob, reads it back; a tampered signature is rejected', async ({
  page,
}) => {
  const location = e2eStoreLocation();
  const key = `e2e/presign-${Date.now()}`;
  // The dev server serves src/ as modules: this runs the app's own signing code in Chromium.
  await page.goto(devOrigin);

  const outcome = await page.evaluate(
    async ({ location, key }) => {
      const modulePath = '/src/core/store/s3.ts';
      const { presignObjectUrl } = (await import(/* @vite-ignore */ modulePath)) as typeof S3Module;
      const bytes = crypto.getRandomValues(new Uint8Array(65_536));
      const put = await fetch(await presignObjectUrl(location, 'PUT', key), {
        method: 'PUT',
        body: new Blob([bytes]),
      });
      const getUrl = await presignObjectUrl(location, 'GET', key);
      const got = await fetch(getUrl);
      const back = new Uint8Array(await got.arrayBuffer());
      const sameBytes = back.length === bytes.length && back.every((byte, i) => byte === bytes[i]);

      // Change one hex digit of the signature of a PUT to another key.
      const tampered = new URL(await presignObjectUrl(location, 'PUT', `${key}-tampered`));
      const signature = tampered.searchParams.get('X-Amz-Signature') ?? '';
      const flipped = signature.endsWith('0') ? '1' : '0';
      tampered.searchParams.set('X-Amz-Signature', signature.slice(0, -1) + flipped);
      let tamperedResult: string;
      try {
        const response = await fetch(tampered, { method: 'PUT', body: new Blob([bytes]) });
        tamperedResult = `HTTP ${response.status}`;
      } catch (error) {
        // radosgw's 403 carries no CORS headers, so the page sees a network error.
        tamperedResult = `rejected: ${(error as Error).name}`;
      }
      return {
        putStatus: put.status,
        getStatus: got.status,
        sameBytes,
        tamperedResult,
        tamperedUrl: tampered.href,
      };
    },
    { location, key },
  );

  expect(outcome.putStatus).toBe(200);
  expect(outcome.getStatus).toBe(200);
  expect(outcome.sameBytes).toBe(true);
  expect(outcome.tamperedResult).toMatch(/^(rejected: TypeError|HTTP 403)$/);

  // From Node (no CORS in the way), the store itself answers the tampered URL with 403 ...
  const direct = await fetch(outcome.tamperedUrl, { method: 'PUT', body: 'x' });
  expect(direct.status).toBe(403);
  expect(await direct.text()).toContain('SignatureDoesNotMatch');
  // ... and nothing was written under the tampered key.
  const { presignObjectUrl } = await import('../src/core/store/s3.ts');
  const check = await fetch(await presignObjectUrl(location, 'GET', `${key}-tampered`));
  expect(check.status).toBe(404);
});
