/** The response headers of a streamed download, as the service worker sends them. */

/**
 * `attachment` with the name twice: `filename*` (RFC 6266 / 8187, UTF-8) for every browser of
 * this decade, and a plain-ASCII `filename` for anything older.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  // encodeURIComponent leaves ' ( ) * unescaped, but RFC 8187's attr-char does not allow them.
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function downloadHeaders(fileName: string, size?: number): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': fileName.toLowerCase().endsWith('.zip')
      ? 'application/zip'
      : 'application/octet-stream',
    'Content-Disposition': contentDisposition(fileName),
    // The bytes are decrypted photos: no cache anywhere may keep them.
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // The page is cross-origin isolated and opens this in a frame. Chromium saves a download
    // without these (measured), but should a browser render the response, it would meet COEP.
    'Cross-Origin-Embedder-Policy': 'credentialless',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  // With the length, the browser shows the download's progress and time left.
  if (size !== undefined && Number.isSafeInteger(size) && size >= 0) {
    headers['Content-Length'] = String(size);
  }
  return headers;
}
