// PINHOLE_APP_PORT and PINHOLE_DEV_PORT let two Playwright runs share the machine (each then
// builds into its own dist-<port> folder).
/** The built app, as `vite preview` serves it with the production security headers. */
export const appPort = Number(process.env.PINHOLE_APP_PORT || 4173);
export const appOrigin = `http://127.0.0.1:${appPort}`;

/** The Vite dev server: e2e tests import src/core modules from it to run real code in Chromium. */
export const devPort = Number(process.env.PINHOLE_DEV_PORT || 5173);
export const devOrigin = `http://127.0.0.1:${devPort}`;

/** The folder the built app is in: dist/ for the default port, else its own (see above). */
export const appOutDir = appPort === 4173 ? 'dist' : `dist-${String(appPort)}`;
