import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { CryptoService } from './service';

describe('CryptoService.engineInfo', () => {
  it('loads libsodium and hash-wasm and passes both self-tests', async () => {
    const info = await CryptoService.inBrowser(() => ({
      workers: [],
      terminate: () => undefined,
    })).engineInfo();
    expect(info.sodiumVersion).toMatch(/^1\.0\.\d+$/);
    expect(info.secretstreamSelfTest).toBe(true);
    expect(info.argon2idSelfTest).toBe(true);
  });
});
