/**
 * The real bucket for sync: the store client (src/core/store) as an ObjectStore. Large objects
 * (videos) go up in parts, and a half-done upload is remembered so that the next attempt, even
 * after a reload, sends only the parts the store does not have.
 */
import type { MultipartResume } from '../store/multipart';
import type { StoreClient } from '../store/storeClient';
import type { ObjectStore } from './objectStore';

/** Where half-done multipart uploads are remembered, by object name. */
export interface ResumeBook {
  get(name: string): Promise<MultipartResume | undefined>;
  set(name: string, resume: MultipartResume): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Above this, an object goes up in parts (a retry then resends a part, not everything). */
const MULTIPART_ABOVE_BYTES = 32 * 1024 * 1024;

export class BucketStore implements ObjectStore {
  constructor(
    private readonly client: StoreClient,
    private readonly resumes: ResumeBook,
  ) {}

  async putObject(
    key: string,
    body: Blob,
    options: { ifNoneMatch?: boolean } = {},
  ): Promise<'created' | 'exists'> {
    if (body.size <= MULTIPART_ABOVE_BYTES) return this.client.putObject(key, body, options);
    const result = await this.client.uploadLarge(key, body, {
      ...options,
      resume: await this.resumes.get(key),
      onUploadId: (resume) => this.resumes.set(key, resume),
    });
    await this.resumes.delete(key);
    return result;
  }

  getObject(key: string): Promise<Blob | null> {
    return this.client.getObject(key);
  }

  deleteObject(key: string): Promise<void> {
    return this.client.deleteObject(key);
  }

  async listKeys(prefix: string): Promise<string[]> {
    return (await this.client.listAll(prefix)).map((object) => object.key);
  }
}
