/**
 * "Stay unlocked on this device": the master key wrapped with AES-256-GCM under a WebCrypto key
 * that is generated non-extractable, so its bytes can never be read out of the browser, only
 * used by this origin. Additional data: the library id.
 */
import { randomBytes } from '../crypto/random';
import type { DeviceUnlockRecord } from '../storage/db';

export async function wrapForDevice(
  masterKey: Uint8Array<ArrayBuffer>,
  libraryId: Uint8Array<ArrayBuffer>,
): Promise<DeviceUnlockRecord> {
  const deviceKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const iv = randomBytes(12);
  const wrapped = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: libraryId },
    deviceKey,
    masterKey,
  );
  return { libraryId, deviceKey, iv, wrappedMasterKey: new Uint8Array(wrapped) };
}

export async function unwrapOnDevice(record: DeviceUnlockRecord): Promise<Uint8Array<ArrayBuffer>> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: record.iv, additionalData: record.libraryId },
    record.deviceKey,
    record.wrappedMasterKey,
  );
  return new Uint8Array(plain);
}
