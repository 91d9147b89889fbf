/**
 * An in-memory bucket for unit tests of the sync rules (what is written, read, merged). It is not
 * a stand-in for a real store: presigning, conditional writes over HTTP, CORS and faults are
 * tested against Ceph radosgw in Playwright.
 */
import type { ObjectStore } from '../sync/objectStore';

export class MemoryStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();
  /** Every name written, in order (rewrites included). */
  readonly writes: string[] = [];

  async putObject(
    key: string,
    body: Blob,
    { ifNoneMatch = false }: { ifNoneMatch?: boolean } = {},
  ): Promise<'created' | 'exists'> {
    if (ifNoneMatch && this.objects.has(key)) return 'exists';
    this.objects.set(key, new Uint8Array(await body.arrayBuffer()));
    this.writes.push(key);
    return 'created';
  }

  getObject(key: string): Promise<Blob | null> {
    const bytes = this.objects.get(key);
    return Promise.resolve(bytes ? new Blob([bytes as Uint8Array<ArrayBuffer>]) : null);
  }

  deleteObject(key: string): Promise<void> {
    this.objects.delete(key);
    return Promise.resolve();
  }

  listKeys(prefix: string): Promise<string[]> {
    return Promise.resolve([...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort());
  }
}
