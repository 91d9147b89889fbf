import { useId, useState } from 'react';
import type { AlbumSummary } from '../../core/library/views';
import { usePhotoUrl } from '../library/usePhotoUrl';
import { photoCount } from '../library/useLibraryAction';
import { albumOrders, sortAlbums, useAlbums, type AlbumOrder } from './useAlbums';

/** Every album as a card with its cover; a new album starts empty (photos are added later). */
export function AlbumsPage({
  changes,
  onOpen,
  onCreate,
}: {
  changes: number;
  onOpen: (albumId: string) => void;
  onCreate: () => void;
}) {
  const { albums, failed } = useAlbums(changes);
  const [order, setOrder] = useState<AlbumOrder>('recent');
  const sortId = useId();

  return (
    <section className="albums-page" aria-labelledby="albums-heading">
      <div className="view-header">
        <h2 id="albums-heading">Albums</h2>
        <label htmlFor={sortId}>Sort by</label>
        <select
          id={sortId}
          value={order}
          onChange={(event) => {
            setOrder(event.target.value as AlbumOrder);
          }}
        >
          {Object.entries(albumOrders).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button type="button" onClick={onCreate}>
          New album
        </button>
      </div>
      {failed && <p className="error">The albums could not be read.</p>}
      {albums?.length === 0 && (
        <p className="empty-library">
          No albums yet. Select photos in Photos and choose Add to album, or make a New album.
        </p>
      )}
      <ul className="album-grid">
        {sortAlbums(albums ?? [], order).map((album) => (
          <li key={album.id}>
            <AlbumCard album={album} onOpen={onOpen} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function AlbumCard({ album, onOpen }: { album: AlbumSummary; onOpen: (id: string) => void }) {
  const cover = usePhotoUrl(album.coverPhotoId ?? '', 'thumbnail', album.coverPhotoId !== null);
  return (
    <button
      type="button"
      className="album-card"
      data-album-id={album.id}
      onClick={() => {
        onOpen(album.id);
      }}
    >
      <span className="album-cover">{cover.url && <img src={cover.url} alt="" />}</span>
      <span className="album-name">{album.name}</span>
      <span className="hint">{photoCount(album.count)}</span>
    </button>
  );
}
