import type { AlbumSummary } from '../../core/library/views';
import { useWorkerResult } from '../library/useWorkerResult';
import { getCryptoWorker } from '../workers/cryptoWorker';

/** Every album, read again after each change to the library (`changes` from useLibrary). */
export function useAlbums(changes: number, enabled = true) {
  const { value, failed } = useWorkerResult(`albums after change ${String(changes)}`, enabled, () =>
    getCryptoWorker().albums(),
  );
  return { albums: value ?? null, failed };
}

export type AlbumOrder = 'recent' | 'name' | 'created';

export const albumOrders: Record<AlbumOrder, string> = {
  recent: 'Most recent photo',
  name: 'Name',
  created: 'Recently created',
};

const byName = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

export function sortAlbums(albums: AlbumSummary[], order: AlbumOrder): AlbumSummary[] {
  const sorted = [...albums];
  if (order === 'name') sorted.sort((a, b) => byName.compare(a.name, b.name));
  if (order === 'created') sorted.sort((a, b) => b.createdMs - a.createdMs);
  if (order === 'recent')
    sorted.sort((a, b) => (b.newestMs ?? -Infinity) - (a.newestMs ?? -Infinity));
  return sorted;
}
