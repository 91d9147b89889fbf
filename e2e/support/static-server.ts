import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { securityHeaders } from '../../scripts/security-headers.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export interface StaticServer {
  url: string;
  /** Stops listening and drops open connections: afterwards the origin is unreachable. */
  close: () => Promise<void>;
}

/**
 * Serves a built app folder with the production headers, reading each file on every request, so a
 * test can change files between requests (a new service worker) or stop the server (offline).
 * vite preview caches file metadata at start, which is why the e2e tests use this instead.
 */
export async function serveStatic(root: string): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const candidate = join(root, path.endsWith('/') ? `${path}index.html` : path);
    const file = candidate.startsWith(root) ? candidate : join(root, 'index.html');
    stat(file)
      .then((info) => (info.isFile() ? file : join(root, 'index.html')))
      .catch(() => join(root, 'index.html'))
      .then(async (served) => {
        const body = await readFile(served);
        response.writeHead(200, {
          ...securityHeaders,
          'Content-Type': contentTypes[extname(served)] ?? 'application/octet-stream',
          'Cache-Control': 'no-cache',
        });
        response.end(body);
      })
      .catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
