/**
 * The HTTP headers every host of the built app must send. `vite preview`, `npm start` and the
 * e2e servers use this object; docs/deploy.md shows the same headers for common static hosts.
 * Keep the two in step.
 */

/** Content Security Policy for the built app (not the Vite dev server, which injects inline code). */
export const contentSecurityPolicy = [
  "default-src 'self'",
  // libsodium and hash-wasm compile WebAssembly: that needs 'wasm-unsafe-eval', never 'unsafe-eval'.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  // Decrypted photos are shown from blob: URLs; tiny placeholders may be data: URLs.
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  // The user's own bucket can be any HTTPS origin; plain HTTP only on loopback (local stores).
  "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  // Share links carry their key in the #fragment; no-referrer keeps even the path private.
  'Referrer-Policy': 'no-referrer',
  // Cross-origin isolation, so workers may use SharedArrayBuffer and threaded wasm.
  // credentialless rather than require-corp: a no-cors probe of the user's bucket then gets an
  // (opaque) answer, which is how "CORS rule missing" is told from "store unreachable".
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

/** Isolation headers alone: for the dev server and the bench page, where Vite needs inline code. */
export const isolationHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};
