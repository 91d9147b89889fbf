import type { Page } from '@playwright/test';

/** A CryptoKey found in storage: where it lies, and whether its bytes could be exported. */
export interface StoredCryptoKey {
  where: string;
  extractable: boolean;
  algorithm: string;
  usages: string[];
}

export interface StorageDump {
  /** One line per stored item, bytes as lowercase hex and strings also as hex of their UTF-8. */
  text: string;
  cryptoKeys: StoredCryptoKey[];
  /** IndexedDB databases as "name/store: count" lines, to show what was read. */
  inventory: string[];
}

/**
 * Reads everything the origin keeps in the browser: every IndexedDB database (the crypto worker's
 * too, since databases are shared per origin), localStorage, sessionStorage, the Origin Private
 * File System, Cache Storage's URLs and the cookies, and serialises it so that a secret can be
 * searched for as text, in any form it could take.
 */
export async function dumpStorage(page: Page): Promise<StorageDump> {
  // The function runs in the page: it may use nothing from this module's scope.
  const dump = await page.evaluate(async () => {
    const lines: string[] = [];
    const cryptoKeys: StoredCryptoKey[] = [];
    const inventory: string[] = [];
    const hex = (bytes: Uint8Array) =>
      Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    const text = (value: string) => `${value} utf8:${hex(new TextEncoder().encode(value))}`;

    const serialise = async (value: unknown, where: string, seen: Set<object>): Promise<string> => {
      if (typeof value === 'string') return text(value);
      if (typeof value !== 'object' || value === null) return String(value);
      if (value instanceof CryptoKey) {
        const usages = [...value.usages];
        cryptoKeys.push({
          where,
          extractable: value.extractable,
          algorithm: value.algorithm.name,
          usages,
        });
        return `CryptoKey(extractable=${value.extractable}, ${value.algorithm.name}, ${usages.join('+')})`;
      }
      if (value instanceof ArrayBuffer) return `bytes:${hex(new Uint8Array(value))}`;
      if (ArrayBuffer.isView(value))
        return `bytes:${hex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))}`;
      if (value instanceof Blob) return `blob:${hex(new Uint8Array(await value.arrayBuffer()))}`;
      if (value instanceof Date) return value.toISOString();
      if (seen.has(value)) return '[cycle]';
      seen.add(value);
      const entries: [unknown, unknown][] =
        value instanceof Map
          ? [...value.entries()]
          : value instanceof Set
            ? [...value].map((item, index) => [index, item])
            : Object.entries(value);
      const parts: string[] = [];
      for (const [key, item] of entries) {
        const keyText = await serialise(key, where, seen);
        parts.push(`${keyText}: ${await serialise(item, `${where}.${String(key)}`, seen)}`);
      }
      return `{${parts.join(', ')}}`;
    };

    const request = <T>(req: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        req.onsuccess = () => {
          resolve(req.result);
        };
        req.onerror = () => {
          reject(req.error ?? new Error('IndexedDB request failed'));
        };
      });

    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await request(indexedDB.open(name));
      try {
        for (const storeName of Array.from(db.objectStoreNames)) {
          // Read every record first: awaiting a Blob inside the transaction would end it.
          const records: [IDBValidKey, unknown][] = [];
          const cursorRequest = db.transaction(storeName).objectStore(storeName).openCursor();
          await new Promise<void>((resolve, reject) => {
            cursorRequest.onsuccess = () => {
              const cursor = cursorRequest.result;
              if (cursor) {
                records.push([cursor.primaryKey, cursor.value]);
                cursor.continue();
              } else resolve();
            };
            cursorRequest.onerror = () => {
              reject(cursorRequest.error ?? new Error('IndexedDB cursor failed'));
            };
          });
          inventory.push(`${name}/${storeName}: ${records.length}`);
          for (const [key, value] of records) {
            const where = `indexeddb ${name}/${storeName}`;
            const seen = new Set<object>();
            lines.push(
              `${where} key=${await serialise(key, where, seen)} value=${await serialise(value, where, seen)}`,
            );
          }
        }
      } finally {
        // An open connection would block the app's next schema upgrade.
        db.close();
      }
    }

    for (const [label, storage] of [
      ['localStorage', localStorage],
      ['sessionStorage', sessionStorage],
    ] as const) {
      for (let index = 0; index < storage.length; index++) {
        const key = storage.key(index) ?? '';
        lines.push(`${label} ${text(key)} = ${text(storage.getItem(key) ?? '')}`);
      }
    }

    // OPFS: async iteration of directories is not in TypeScript's DOM library yet.
    type Entry = [string, FileSystemFileHandle | FileSystemDirectoryHandle];
    const walk = async (directory: FileSystemDirectoryHandle, path: string) => {
      const entries = (directory as unknown as { entries(): AsyncIterable<Entry> }).entries();
      for await (const [name, handle] of entries) {
        if (handle.kind === 'directory') await walk(handle, `${path}${name}/`);
        else {
          const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
          lines.push(`opfs ${text(`${path}${name}`)} bytes:${hex(bytes)}`);
        }
      }
    };
    await walk(await navigator.storage.getDirectory(), '/');

    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName);
      for (const cached of await cache.keys()) lines.push(`cache ${cacheName} ${text(cached.url)}`);
    }

    return { lines, cryptoKeys, inventory };
  });

  for (const cookie of await page.context().cookies())
    dump.lines.push(`cookie ${cookie.name}=${cookie.value}`);
  return { text: dump.lines.join('\n'), cryptoKeys: dump.cryptoKeys, inventory: dump.inventory };
}

/** The forms a secret could take in storage or on the wire: text, hex, base64, base64url. */
export function searchableForms(secret: string | Uint8Array): string[] {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const forms = [
    bytes.toString('hex'),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
  ];
  return typeof secret === 'string' ? [secret, ...forms] : forms;
}
