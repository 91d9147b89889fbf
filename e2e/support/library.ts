/** Creating and unlocking a library through the UI, for the specs that need one. */
import { expect, type Page } from '@playwright/test';

/** A password the strength meter accepts, for every library a test or benchmark creates. */
export const testPassword = 'violet-Trombone-47-quietly-Orbit';

/** Each Argon2id derivation takes about a second, more on a busy two-core machine. */
export const argon2Timeout = 30_000;

export const libraryHeading = (page: Page) =>
  page.getByRole('heading', { name: 'Your library', exact: true });
export const unlockHeading = (page: Page) =>
  page.getByRole('heading', { name: 'Unlock your library' });

/** Goes through "Create your library" and returns the recovery phrase it showed. */
export async function createLibrary(
  page: Page,
  password: string,
  { stayUnlocked = false, url = '/' } = {},
) {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Create your library' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const phrase = await readPhrase(page);
  await page.getByRole('button', { name: 'I have written them down' }).click();
  await typeConfirmationWords(page, (position) => phrase[position] ?? '');
  if (stayUnlocked) await page.getByLabel('Stay unlocked on this device').check();
  await page.getByRole('button', { name: 'Create my library' }).click();
  await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });
  return phrase;
}

export async function readPhrase(page: Page): Promise<string[]> {
  const words = page.getByTestId('recovery-phrase').getByRole('listitem');
  await expect(words).toHaveCount(24, { timeout: argon2Timeout });
  return words.allTextContents();
}

/** Fills each "Word N" field of the confirmation step with `wordAt(N - 1)`. */
export async function typeConfirmationWords(page: Page, wordAt: (position: number) => string) {
  const labels = await page.getByText(/^Word \d+$/).allTextContents();
  expect(labels.length).toBeGreaterThan(0);
  for (const label of labels) {
    const position = Number(label.replace('Word ', '')) - 1;
    await page.getByLabel(label, { exact: true }).fill(wordAt(position));
  }
}

export async function lock(page: Page) {
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(unlockHeading(page)).toBeVisible();
}

export async function unlock(page: Page, password: string, { stayUnlocked = false } = {}) {
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (stayUnlocked) await page.getByLabel('Stay unlocked on this device').check();
  await page.getByLabel('Password', { exact: true }).press('Enter');
}
