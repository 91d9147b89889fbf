import { useEffect, useState } from 'react';
import type { TimelineEntry } from '../../core/library/timeline';
import type { LibraryView } from '../../core/library/views';
import { getCryptoWorker } from '../workers/cryptoWorker';
import type { MonthEntries } from './timelineRows';
import type { MonthRevisions } from './useLibrary';

/** Months read at once: a drag across twenty years must not queue every month it passes. */
const MAX_RUNNING = 2;

type Entries = readonly TimelineEntry[];

/**
 * Reads a view's months from the crypto worker as they come into view. `want` names the months in
 * view now, nearest first; only those are read (a month scrolled past before its turn is not),
 * two at a time. A month read before is read again when its revision changes, and keeps its
 * earlier entries meanwhile (or if that read fails). `ensure` reads the given months whatever is
 * in view (a shift-click range across months not read yet).
 */
class MonthReader {
  private entries: MonthEntries = new Map();
  /** The revision each read month was read at. */
  private readonly readAt = new Map<string, number>();
  private wanted: readonly string[] = [];
  /** Month → the revision being read and its entries (null when the read failed). */
  private readonly running = new Map<string, { revision: number; done: Promise<Entries | null> }>();
  /** Month → the revision whose read failed: not asked again until it changes. */
  private readonly failed = new Map<string, number>();
  private open = true;

  constructor(
    private readonly view: LibraryView,
    private revisions: MonthRevisions,
    private readonly onChange: (entries: MonthEntries) => void,
  ) {}

  setRevisions(revisions: MonthRevisions): void {
    this.revisions = revisions;
    this.pump();
  }

  setOpen(open: boolean): void {
    this.open = open;
    if (open) this.pump();
  }

  want = (months: readonly string[]): void => {
    this.wanted = months;
    this.pump();
  };

  /** Reads `months` that are not read yet (or changed) and resolves with every one's entries. */
  ensure = async (months: readonly string[]): Promise<MonthEntries> => {
    const pairs = await Promise.all(
      months.map(async (month): Promise<[string, Entries]> => {
        const known = this.entries.get(month);
        if (known && this.isCurrent(month)) return [month, known];
        return [month, (await this.read(month)) ?? known ?? []];
      }),
    );
    return new Map(pairs);
  };

  private revisionOf(month: string): number {
    return this.revisions.get(month) ?? 0;
  }

  private isCurrent(month: string): boolean {
    return this.readAt.get(month) === this.revisionOf(month);
  }

  private pump(): void {
    if (!this.open) return;
    for (const month of this.wanted) {
      if (this.running.size >= MAX_RUNNING) return;
      if (this.isCurrent(month) || this.running.has(month)) continue;
      if (this.failed.get(month) === this.revisionOf(month)) continue;
      void this.read(month);
    }
  }

  private read(month: string): Promise<Entries | null> {
    const revision = this.revisionOf(month);
    const already = this.running.get(month);
    if (already?.revision === revision) return already.done;
    const done = getCryptoWorker()
      .viewMonth(this.view, month)
      .then(
        (entries): Entries => {
          this.readAt.set(month, revision);
          this.entries = new Map(this.entries).set(month, entries);
          if (this.open) this.onChange(this.entries);
          return entries;
        },
        (error: unknown) => {
          console.warn(`month ${month} did not load`, error);
          this.failed.set(month, revision);
          return null;
        },
      )
      .finally(() => {
        if (this.running.get(month)?.done === done) this.running.delete(month);
        this.pump();
      });
    this.running.set(month, { revision, done });
    return done;
  }
}

/** The entries of the view's months read so far, and the reader's `want` and `ensure`. */
export function useMonthEntries(view: LibraryView, revisions: MonthRevisions) {
  const [entries, setEntries] = useState<MonthEntries>(() => new Map());
  // One reader per mount: the timeline mounts afresh for each view.
  const [reader] = useState(() => new MonthReader(view, revisions, setEntries));
  useEffect(() => {
    reader.setOpen(true);
    return () => {
      reader.setOpen(false);
    };
  }, [reader]);
  useEffect(() => {
    reader.setRevisions(revisions);
  }, [reader, revisions]);
  return { entries, want: reader.want, ensure: reader.ensure };
}
