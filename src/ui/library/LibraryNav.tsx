import type { LibraryView } from '../../core/library/views';

type Section = Exclude<LibraryView['kind'], 'album'> | 'albums';

const sections: [Section, string][] = [
  ['timeline', 'Photos'],
  ['favourites', 'Favourites'],
  ['albums', 'Albums'],
  ['archive', 'Archive'],
  ['trash', 'Trash'],
];

/** Which part of the library is shown: the timeline, favourites, albums, archive or trash. */
export type LibraryPlace = { kind: 'albums' } | LibraryView;

export function LibraryNav({
  place,
  onChange,
}: {
  place: LibraryPlace;
  onChange: (place: LibraryPlace) => void;
}) {
  const current: Section = place.kind === 'album' ? 'albums' : place.kind;
  return (
    <nav className="library-nav" aria-label="Library">
      <ul>
        {sections.map(([section, label]) => (
          <li key={section}>
            <button
              type="button"
              className="nav-button"
              aria-current={section === current ? 'page' : undefined}
              onClick={() => {
                onChange({ kind: section });
              }}
            >
              {label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
