import type { LibraryState } from '../library/libraryState';

/** Maps and Sets as sorted plain JSON, so equal states give equal strings. */
export function canonicalJson(state: LibraryState): string {
  const plain = (value: unknown): unknown => {
    if (value instanceof Map) {
      const entries = [...(value as Map<string, unknown>)].sort(([a], [b]) => (a < b ? -1 : 1));
      return entries.map(([key, item]) => [key, plain(item)]);
    }
    if (value instanceof Set) return [...(value as Set<string>)].sort();
    if (typeof value !== 'object' || value === null) return value;
    const keys = Object.keys(value).sort();
    return keys.map((key) => [key, plain((value as Record<string, unknown>)[key])]);
  };
  return JSON.stringify(plain(state));
}
