/** Sync through the UI (Settings > Storage, the header's badge, "Open an existing library"). */
import { randomBytes } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import { ensureBucket } from '../../scripts/s3-bucket.ts';
import type { S3Location } from '../../src/core/store/s3.ts';
import { StoreClient } from '../../src/core/store/storeClient.ts';
import { argon2Timeout, libraryHeading } from './library.ts';
import { appOrigin, appPort, devOrigin } from './servers.ts';
import { e2eLocationOf, e2eStoreConfig } from './store.ts';

/**
 * The bucket sync tests use: one per app port, like store-client.spec.ts's, because every
 * Playwright run's global setup replaces the shared e2e bucket's CORS rule with its own origins,
 * which cuts a run on another port off mid-test.
 */
const syncBucket = `pinhole-sync-${String(appPort)}`;

export function syncStoreLocation(): S3Location {
  return e2eLocationOf(syncBucket);
}

/** Creates the sync bucket (if missing) with a CORS rule for this run's servers. */
export async function ensureSyncBucket(): Promise<void> {
  await ensureBucket(e2eStoreConfig(), syncBucket, [appOrigin, devOrigin]);
}

/** A folder of its own in the bucket, so tests and runs never see each other's objects. */
export function uniquePrefix(name: string): string {
  return `sync-${name}-${randomBytes(6).toString('hex')}/`;
}

export const syncBadge = (page: Page) => page.getByTestId('sync-status');

/** Fills the storage fields inside `scope` (a form) for `location` (self-hosted preset). */
export async function fillStoreFields(scope: Locator, location: S3Location, prefix: string) {
  await scope
    .getByLabel('Storage service')
    .selectOption({ label: 'MinIO, Ceph or Garage (self-hosted)' });
  await scope.getByLabel('Endpoint', { exact: true }).fill(location.endpoint);
  await scope.getByLabel('Region', { exact: true }).fill(location.region);
  await scope.getByLabel('Bucket', { exact: true }).fill(location.bucket);
  await scope.getByLabel('Folder in the bucket (optional)').fill(prefix);
  await scope.getByLabel('Access key ID').fill(location.accessKeyId);
  await scope.getByLabel('Secret access key').fill(location.secretAccessKey);
  await scope.getByLabel('Path-style addressing (endpoint/bucket)').setChecked(location.pathStyle);
}

/** Settings > Storage, opened from the header. */
export async function storageSettings(page: Page): Promise<Locator> {
  const form = page.getByRole('form', { name: 'Storage' });
  if (!(await form.isVisible())) {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
  }
  await expect(form).toBeVisible();
  return form;
}

/** Turns sync on through Settings > Storage with the sync bucket and `prefix`. */
export async function configureStorage(
  page: Page,
  prefix: string,
  location: S3Location = syncStoreLocation(),
) {
  const form = await storageSettings(page);
  await fillStoreFields(form, location, prefix);
  await form.getByRole('button', { name: 'Save and sync' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // Closed again: the timeline only draws the rows in view, and the panel pushes them down.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(form).toBeHidden();
}

/** Waits for the badge to say "Synced" with nothing pending. */
export async function waitForSynced(page: Page, timeout = 120_000) {
  const badge = syncBadge(page);
  await expect(badge).toHaveAttribute('data-state', 'idle', { timeout });
  await expect(badge.getByRole('status')).toHaveText('Synced', { timeout });
  await expect(badge).toHaveAttribute('data-pending', '0', { timeout });
  await expect(badge).toContainText('0 pending');
}

/** Presses "Sync now" and waits until the round it joined or started is over and clean. */
export async function syncNow(page: Page, timeout = 120_000) {
  const button = syncBadge(page).getByRole('button', { name: 'Sync now' });
  await button.click();
  await expect(button).toBeEnabled({ timeout });
  await waitForSynced(page, timeout);
}

/** "Open an existing library" from the create screen, with the sync bucket and `prefix`. */
export async function openExistingLibrary(
  page: Page,
  prefix: string,
  password: string,
  { location = syncStoreLocation(), expectOpened = true } = {},
) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open an existing library from your storage' }).click();
  await expect(page.getByRole('heading', { name: 'Open an existing library' })).toBeVisible();
  const form = page.locator('form');
  await fillStoreFields(form, location, prefix);
  await page.getByLabel('Password of the library').fill(password);
  await page.getByRole('button', { name: 'Open library' }).click();
  if (expectOpened) await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout * 2 });
}

/** A store client in Node, for what the bucket holds. */
export function bucketClient(location: S3Location = syncStoreLocation()): StoreClient {
  return new StoreClient(location, { retry: { retries: 2 } });
}

/** Every object under `prefix`: name and size. */
export async function listBucket(prefix: string): Promise<{ key: string; size: number }[]> {
  return (await bucketClient().listAll(prefix)).map(({ key, size }) => ({ key, size }));
}

/** The object ids of the sealed blobs this device keeps, and how many outbox entries wait. */
export async function localBlobs(page: Page): Promise<{ blobs: string[]; outbox: number }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('pinhole');
      request.onsuccess = () => {
        resolve(request.result);
      };
      request.onerror = () => {
        reject(request.error ?? new Error('IndexedDB did not open'));
      };
    });
    const read = <T>(store: string, call: (s: IDBObjectStore) => IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        const request = call(db.transaction(store).objectStore(store));
        request.onsuccess = () => {
          resolve(request.result);
        };
        request.onerror = () => {
          reject(request.error ?? new Error('IndexedDB read failed'));
        };
      });
    const blobs = (await read('blobs', (s) => s.getAllKeys())).map(String);
    const outbox = await read('outbox', (s) => s.count());
    db.close();
    return { blobs, outbox };
  });
}
