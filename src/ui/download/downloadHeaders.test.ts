import { describe, expect, it } from 'vitest';
import { contentDisposition, downloadHeaders } from './downloadHeaders';

describe('contentDisposition', () => {
  it('gives a UTF-8 name and an ASCII fallback', () => {
    expect(contentDisposition('Été à Paris (2).zip')).toBe(
      `attachment; filename="_t_ _ Paris (2).zip"; filename*=UTF-8''%C3%89t%C3%A9%20%C3%A0%20Paris%20%282%29.zip`,
    );
  });

  it('cannot be broken out of by quotes or separators in the name', () => {
    expect(contentDisposition(`a"b\\c;d'e*.zip`)).toBe(
      `attachment; filename="a_b_c;d'e*.zip"; filename*=UTF-8''a%22b%5Cc%3Bd%27e%2A.zip`,
    );
  });
});

describe('downloadHeaders', () => {
  it('types a zip, never caches, and states the length only when it is known', () => {
    const headers = downloadHeaders('Photos.zip', 1234);
    expect(headers).toMatchObject({
      'Content-Type': 'application/zip',
      'Content-Length': '1234',
      'Cache-Control': 'no-store',
      'Cross-Origin-Embedder-Policy': 'credentialless',
    });
    expect(downloadHeaders('x.bin')).not.toHaveProperty('Content-Length');
    expect(downloadHeaders('x.bin')['Content-Type']).toBe('application/octet-stream');
  });
});
