import { defineConfig } from '@playwright/test';
import { appOrigin, appOutDir, appPort, devOrigin, devPort } from './e2e/support/servers.ts';
import { chromiumArgs, chromiumPath } from './scripts/chromium.ts';

// Report the service worker's own requests too, so the third-party request check sees them.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

export default defineConfig({
  testDir: 'e2e',
  outputDir: appPort === 4173 ? 'test-results' : `test-results-${String(appPort)}`,
  globalSetup: './e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // Two cores: one worker keeps browser, store and servers from starving each other.
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: appOrigin,
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `npx vite build --outDir ${appOutDir} && npx vite preview --outDir ${appOutDir} --port ${appPort} --strictPort`,
      url: appOrigin,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
    {
      command: `npx vite --port ${devPort} --strictPort`,
      url: devOrigin,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
