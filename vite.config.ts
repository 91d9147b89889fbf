import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { licenceFiles } from './scripts/licence-files.ts';
import { isolationHeaders, securityHeaders } from './scripts/security-headers.ts';

export default defineConfig({
  // Relative base: the static site can be served from any path, even a prefix of a bucket.
  base: './',
  plugins: [
    react(),
    licenceFiles(),
    VitePWA({
      // The app asks before switching to a new version (src/ui/pwa/UpdatePrompt.tsx).
      registerType: 'prompt',
      // We register the worker ourselves with workbox-window: no inline script (CSP).
      injectRegister: false,
      manifest: {
        name: 'Pinhole — private photos',
        short_name: 'Pinhole',
        description:
          'Your photos, encrypted in your browser and synced as ciphertext to your own bucket.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#101418',
        theme_color: '#101418',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: 'icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,wasm}'],
        navigateFallback: 'index.html',
        // The crypto worker bundles libsodium's wasm inline; allow it in the precache.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        // Streamed downloads (zips of photos): a small hand-written script run before workbox's
        // routes, which answers <scope>download/… itself (see public/download-sw.js). It is also
        // precached (it matches globPatterns), so a change to it changes sw.js and ships as an
        // update like any other.
        importScripts: ['download-sw.js'],
      },
    }),
  ],
  worker: { format: 'es' },
  // Pre-bundle everything up front: a dev-server reload mid-test would break e2e and bench pages.
  optimizeDeps: {
    entries: [
      'index.html',
      'bench/index.html',
      'src/**/*.{ts,tsx}',
      'workers/*.ts',
      '!**/*.test.ts',
    ],
  },
  build: {
    target: 'es2023',
    sourcemap: true,
    // The password meter's English dictionary (1.2 MB) is one lazily loaded chunk by design.
    chunkSizeWarningLimit: 1300,
  },
  server: {
    host: '127.0.0.1',
    headers: isolationHeaders,
    // The local store's data (scripts/radosgw.sh): every upload to it rewrote files the watcher
    // then examined, ~2 s of the dev server's CPU per 900 MB synced, taken from the app.
    watch: { ignored: ['**/.data/**'] },
  },
  preview: { host: '127.0.0.1', port: 4173, headers: securityHeaders },
});
