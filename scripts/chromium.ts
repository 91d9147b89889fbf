import { existsSync } from 'node:fs';

/** Flags that keep Debian's Chromium from reaching for Google's hosts on this closed network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium binary every test and benchmark drives: CHROMIUM_PATH or Debian's /usr/bin/chromium.
 * Playwright's own browser download cannot work here, so a missing binary is a setup error.
 */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install Debian's package (apt-get install -y chromium) ` +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  return path;
}
