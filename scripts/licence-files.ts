/**
 * Serves and ships the licence texts that third-party runtime libraries require us to pass on
 * (docs/licences.md) at `licences/<name>.txt`, straight from the installed package, so they stay
 * in step with the version we use.
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const LICENCE_FILES: Record<string, string> = {
  // LGPL-3.0 and GPL-3.0 texts for libheif and libde265 (the HEIC decoder).
  'licences/libheif.txt': 'node_modules/libheif-js/libheif-wasm/LICENSE',
};

export function licenceFiles(): Plugin {
  return {
    name: 'pinhole-licence-files',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = request.url?.replace(/^\/+/, '').split('?')[0] ?? '';
        const source = LICENCE_FILES[path];
        if (!source) {
          next();
          return;
        }
        response.setHeader('Content-Type', 'text/plain; charset=utf-8');
        response.end(readFileSync(source));
      });
    },
    generateBundle() {
      for (const [fileName, source] of Object.entries(LICENCE_FILES)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(source) });
      }
    },
  };
}
