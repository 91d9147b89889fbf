import { expect, test, type Page } from '@playwright/test';
import { generateMnemonic, mnemonicToEntropy, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { databaseName } from '../src/core/storage/db.ts';
import { decodeKeyBundle, openKeyBundleWithPassword } from '../src/core/vault/keyBundle.ts';
import {
  argon2Timeout,
  createLibrary,
  libraryHeading,
  lock,
  readPhrase,
  testPassword,
  typeConfirmationWords,
  unlock,
  unlockHeading,
} from './support/library.ts';
import { dumpStorage, searchableForms } from './support/storage-dump.ts';

test.describe.configure({ timeout: 180_000 });

const otherStrongPassword = 'marble Kettle 19 sideways Lantern';

async function expectUnlockRefused(page: Page, password: string) {
  await unlock(page, password);
  await expect(page.getByRole('alert')).toHaveText("That password doesn't open this library.", {
    timeout: argon2Timeout,
  });
  await expect(unlockHeading(page)).toBeVisible();
}

/**
 * Lets the page finish what a fast-forwarded timer started: React renders in MessageChannel tasks,
 * which the fake clock leaves alone, so one more such task runs after any render it scheduled.
 */
async function settle(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          resolve();
        };
        channel.port2.postMessage(null);
      }),
  );
}

/** Nothing of an unlocked library may remain on a locked screen. */
async function expectNoLibraryOnScreen(page: Page, phrase: string[]) {
  await expect(page.getByTestId('library')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Settings' })).toHaveCount(0);
  const html = await page.content();
  expect(html).not.toContain('Your library is unlocked');
  expect(html).not.toContain(phrase.slice(0, 3).join(' '));
}

/** The stored key bundle's bytes, as the crypto worker saved them (src/core/vault/vaultStore.ts). */
async function readKeyBundle(page: Page): Promise<Uint8Array> {
  // A Uint8Array returned by the page arrives as one.
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => {
        resolve(request.result);
      };
      request.onerror = () => {
        reject(request.error ?? new Error('cannot open IndexedDB'));
      };
    });
    const request = db.transaction('vault').objectStore('vault').get('key-bundle');
    const value = await new Promise<unknown>((resolve, reject) => {
      request.onsuccess = () => {
        resolve(request.result);
      };
      request.onerror = () => {
        reject(request.error ?? new Error('cannot read the key bundle'));
      };
    });
    db.close();
    return value instanceof Uint8Array ? value : new Uint8Array();
  }, databaseName);
}

test('creating a library: strength meter, confirmation, recovery phrase proven before use', async ({
  page,
}) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text()))
      cspViolations.push(message.text());
  });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Create your library' })).toBeVisible();
  await expect(page.getByText(/nobody can reset your password/)).toBeVisible();

  const password = page.getByLabel('Password', { exact: true });
  const confirmation = page.getByLabel('Confirm password');
  const meter = page.getByTestId('password-strength');
  await password.fill('password1');
  await expect(meter).toHaveAttribute('data-score', /^[01]$/);
  await expect(meter).toContainText(/weak/i);
  await confirmation.fill('password1');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('too easy to guess');

  await password.fill(testPassword);
  await expect(meter).toHaveAttribute('data-score', /^[34]$/);
  await confirmation.fill(`${testPassword}!`);
  await confirmation.press('Enter');
  await expect(page.getByRole('alert')).toHaveText("The two passwords don't match.");
  await expect(page.getByTestId('recovery-phrase')).toHaveCount(0);

  await confirmation.fill(testPassword);
  await confirmation.press('Enter');
  const phrase = await readPhrase(page);
  expect(phrase.every((word) => wordlist.includes(word))).toBe(true);
  // The words fit a 360 px screen without scrolling sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await page.getByRole('button', { name: 'I have written them down' }).click();
  await typeConfirmationWords(page, (position) =>
    phrase[position] === 'abandon' ? 'ability' : 'abandon',
  );
  await page.getByRole('button', { name: 'Create my library' }).click();
  await expect(page.getByRole('alert')).toContainText('match your recovery phrase', {
    timeout: argon2Timeout,
  });
  await expect(libraryHeading(page)).toHaveCount(0);

  await typeConfirmationWords(page, (position) => phrase[position] ?? '');
  await page.getByRole('button', { name: 'Create my library' }).click();
  await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });
  await expect(page.getByText('Your library has no photos yet.', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  // The strength meter's width and every lazily loaded chunk pass the CSP.
  expect(cspViolations).toEqual([]);
});

test('lock, unlock, and "stay unlocked on this device" across reloads and tabs', async ({
  page,
}) => {
  const phrase = await createLibrary(page, testPassword);

  await lock(page);
  await expectNoLibraryOnScreen(page, phrase);
  await expectUnlockRefused(page, 'not-the-password-at-all');

  await unlock(page, testPassword);
  await expect(page.getByRole('button', { name: 'Unlocking…' })).toBeDisabled();
  await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });

  // Not remembered: a reload finds the library locked.
  await page.reload();
  await expect(unlockHeading(page)).toBeVisible();
  await expectNoLibraryOnScreen(page, phrase);

  await unlock(page, testPassword, { stayUnlocked: true });
  await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });
  await page.reload();
  await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });
  // A second tab opens it the same way, with its own worker and its own copy of the keys.
  const otherTab = await page.context().newPage();
  await otherTab.goto('/');
  await expect(libraryHeading(otherTab)).toBeVisible({ timeout: argon2Timeout });

  // Lock forgets this device, and locks the other tab too.
  await lock(page);
  await expect(unlockHeading(otherTab)).toBeVisible();
  await expectNoLibraryOnScreen(otherTab, phrase);
  await page.reload();
  await expect(unlockHeading(page)).toBeVisible();
  await expectNoLibraryOnScreen(page, phrase);
});

test('changing the password: the old one stops working, the new one opens', async ({ page }) => {
  await createLibrary(page, testPassword);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeFocused();

  const changeButton = page.getByRole('button', { name: 'Change password' });
  await page.getByLabel('Current password').fill('a wrong current password');
  await page.getByLabel('New password', { exact: true }).fill(otherStrongPassword);
  await page.getByLabel('Confirm new password').fill(otherStrongPassword);
  await changeButton.click();
  await expect(page.getByRole('alert')).toHaveText(
    "That isn't the current password of this library.",
    { timeout: argon2Timeout },
  );

  await page.getByLabel('Current password').fill(testPassword);
  await changeButton.click();
  await expect(
    page.getByRole('status').filter({ hasText: 'password has been changed' }),
  ).toBeVisible({ timeout: argon2Timeout });

  await lock(page);
  await expectUnlockRefused(page, testPassword);
  await unlock(page, otherStrongPassword);
  await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });
});

test('a forgotten password is replaced with the recovery phrase', async ({ page }) => {
  const phrase = await createLibrary(page, testPassword);
  await lock(page);
  await page.getByRole('button', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Recover your library' })).toBeVisible();

  const phraseField = page.getByLabel(/Recovery phrase/);
  await expect(phraseField).toBeFocused();
  await page.getByLabel('New password', { exact: true }).fill(otherStrongPassword);
  await page.getByLabel('Confirm new password').fill(otherStrongPassword);
  const recover = page.getByRole('button', { name: 'Recover and unlock' });
  const alert = page.getByRole('alert');

  // A typo: the word is on no list, so the phrase is invalid, whatever the library.
  const typo = [...phrase];
  typo[5] = `${typo[5] ?? ''}x`;
  await phraseField.fill(typo.join(' '));
  await recover.click();
  await expect(alert).toContainText("isn't a valid recovery phrase", { timeout: argon2Timeout });
  await expect(alert).toContainText(typo[5]);

  // Known words, but one changed so that the checksum fails.
  const replacement = wordlist.find(
    (word) => !validateMnemonic([word, ...phrase.slice(1)].join(' '), wordlist),
  );
  await phraseField.fill([replacement, ...phrase.slice(1)].join(' '));
  await recover.click();
  await expect(alert).toContainText('checksum', { timeout: argon2Timeout });
  await expect(alert).toContainText("isn't a valid recovery phrase");

  // A valid phrase, of another library.
  await phraseField.fill(generateMnemonic(wordlist, 256));
  await recover.click();
  await expect(alert).toContainText('not the one of this library', { timeout: argon2Timeout });

  // Numbered, on several lines, as people copy it back from paper.
  await phraseField.fill(phrase.map((word, index) => `${index + 1}. ${word}`).join('\n'));
  await recover.click();
  await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });

  await lock(page);
  await expectUnlockRefused(page, testPassword);
  await unlock(page, otherStrongPassword);
  await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });
});

test('idle auto-lock locks after the chosen time, not before, and never a remembered device', async ({
  page,
}) => {
  // The app reads time through Date and setTimeout: a fake clock skips the idle minutes.
  await page.clock.install();
  await createLibrary(page, testPassword);
  await page.getByRole('button', { name: 'Settings' }).click();
  const autoLock = page.getByLabel('Lock automatically when idle for');
  await autoLock.selectOption({ label: '5 minutes' });
  await expect(autoLock).toHaveValue('5');
  await expect(autoLock).toBeEnabled();

  await page.clock.fastForward('04:00');
  await settle(page);
  await expect(libraryHeading(page)).toBeVisible();
  // Activity restarts the count.
  await page.mouse.move(200, 200);
  await page.mouse.move(210, 220);
  await page.clock.fastForward('04:00');
  await settle(page);
  await expect(libraryHeading(page)).toBeVisible();
  await page.clock.fastForward('01:30');
  await expect(unlockHeading(page)).toBeVisible();
  await expect(page.getByTestId('library')).toHaveCount(0);

  // The choice was saved with the library.
  await unlock(page, testPassword, { stayUnlocked: true });
  await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Lock automatically when idle for')).toHaveValue('5');
  await page.clock.fastForward('30:00');
  await settle(page);
  await expect(libraryHeading(page)).toBeVisible();
});

test('no key material rests in storage or leaves in plaintext', async ({ page, context }) => {
  const traffic: string[] = [];
  context.on('request', (request) => {
    const body = request.postDataBuffer();
    traffic.push(
      [request.url(), decodeURIComponent(request.url()), body?.toString('hex'), body?.toString()]
        .filter(Boolean)
        .join(' '),
    );
  });

  const phrase = await createLibrary(page, testPassword, { stayUnlocked: true });
  const dumps = [await dumpStorage(page)];

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Current password').fill(testPassword);
  await page.getByLabel('New password', { exact: true }).fill(otherStrongPassword);
  await page.getByLabel('Confirm new password').fill(otherStrongPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'password has been changed' }),
  ).toBeVisible({ timeout: argon2Timeout });

  await lock(page);
  await expectNoLibraryOnScreen(page, phrase);
  dumps.push(await dumpStorage(page));

  await unlock(page, otherStrongPassword, { stayUnlocked: true });
  await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });
  await page.reload();
  await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });
  dumps.push(await dumpStorage(page));

  // The key bundle was stored (so the search below searched something) and opens in Node with
  // the app's own code: the master key it holds is searched for too.
  for (const dump of dumps)
    expect(dump.text).toContain(`indexeddb ${databaseName}/vault key=key-bundle`);
  const bundle = await decodeKeyBundle(await readKeyBundle(page));
  const masterKey = await openKeyBundleWithPassword(bundle, otherStrongPassword);
  expect(masterKey).toHaveLength(32);

  const entropy = mnemonicToEntropy(phrase.join(' '), wordlist);
  expect(entropy).toHaveLength(32);
  const secrets: [string, string[]][] = [
    ['password', searchableForms(testPassword)],
    ['new password', searchableForms(otherStrongPassword)],
    ['master key', searchableForms(masterKey)],
    ['half of the master key', searchableForms(masterKey.subarray(0, 16))],
    ['other half of the master key', searchableForms(masterKey.subarray(16))],
    ['phrase entropy', searchableForms(entropy)],
    ['half of the entropy', searchableForms(entropy.subarray(0, 16))],
    ['other half of the entropy', searchableForms(entropy.subarray(16))],
    ['phrase', [' ', '', '\n', ',', '","'].map((separator) => phrase.join(separator))],
    // Any three words in a row, e.g. a phrase stored in pieces.
    [
      'words of the phrase',
      phrase.slice(0, -2).flatMap((_, i) => {
        const three = phrase.slice(i, i + 3);
        return [three.join(' '), three.join('')];
      }),
    ],
  ];

  const haystacks: [string, string][] = [
    ...dumps.map((dump, index): [string, string] => [`storage dump ${index + 1}`, dump.text]),
    ['network', traffic.join('\n')],
  ];
  for (const [secretName, forms] of secrets)
    for (const form of forms)
      for (const [where, haystack] of haystacks)
        expect(haystack.includes(form), `${secretName} found in ${where}`).toBe(false);

  // "Stay unlocked" keeps a device key (a CryptoKey) while remembered; Lock deletes it.
  expect(dumps.map((dump) => dump.cryptoKeys.length > 0)).toEqual([true, false, true]);
  for (const key of dumps.flatMap((dump) => dump.cryptoKeys))
    expect(key.extractable, `CryptoKey at ${key.where} is extractable`).toBe(false);
});
