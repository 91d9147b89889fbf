/**
 * What sync needs of a bucket. src/core/store's StoreClient is the real one (presigned requests to
 * any S3-compatible store, retries, multipart); unit tests of the sync rules use an in-memory one.
 */
export interface ObjectStore {
  /** 'exists' when `ifNoneMatch` is set and the name is taken (a write-once object is there). */
  putObject(
    key: string,
    body: Blob,
    options?: { ifNoneMatch?: boolean },
  ): Promise<'created' | 'exists'>;
  /** null when there is no such object. */
  getObject(key: string): Promise<Blob | null>;
  /** Deleting what is not there is not an error. */
  deleteObject(key: string): Promise<void>;
  /** Every name starting with `prefix`. */
  listKeys(prefix: string): Promise<string[]>;
}
