import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../core/library/timeline';
import { gridMetrics } from './gridMetrics';
import {
  DAY_HEADING_PX,
  MONTH_HEADING_PX,
  estimateMonthPx,
  idsBetween,
  indexAtOrBefore,
  layoutTimeline,
} from './timelineRows';

/** `count` entries on `day`, newest first, ids `<day>#<n>`. */
function day(dayText: string, count: number): TimelineEntry[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `${dayText}#${String(n)}`,
    kind: 'image' as const,
    sortMs: Date.parse(`${dayText}T12:00:00Z`) - n,
    day: dayText,
    time: '12:00',
    width: 4,
    height: 3,
    placeholder: '',
    durationS: null,
    favourite: false,
  }));
}

describe('gridMetrics', () => {
  it('fits 3 columns on a 360 px phone and 160 px tiles at most on wide screens', () => {
    expect(gridMetrics(328).columns).toBe(3);
    expect(gridMetrics(1000).columns).toBe(6);
    const wide = gridMetrics(2500);
    expect(wide.columns).toBe(15);
    expect(wide.tilePx * wide.columns + 4 * (wide.columns - 1)).toBeCloseTo(2500);
    expect(wide.rowPx).toBeCloseTo(wide.tilePx + 4);
  });
});

describe('layoutTimeline', () => {
  const grid = { columns: 4, tilePx: 100, rowPx: 104 };
  const months = [
    { month: '2024-05', count: 7 },
    { month: '2024-03', count: 5000 },
    { month: '2019-12', count: 1 },
  ];

  it('estimates months not read yet, so the full height exists at once', () => {
    const layout = layoutTimeline(months, new Map(), grid);
    expect(layout.rows.map((row) => row.kind)).toEqual([
      'month',
      'estimate',
      'month',
      'estimate',
      'month',
      'estimate',
    ]);
    const expected = months.reduce(
      (sum, m) => sum + MONTH_HEADING_PX + estimateMonthPx(m.count, grid),
      0,
    );
    expect(layout.total).toBe(expected);
    expect(layout.monthStarts).toEqual([
      0,
      MONTH_HEADING_PX + estimateMonthPx(7, grid),
      2 * MONTH_HEADING_PX + estimateMonthPx(7, grid) + estimateMonthPx(5000, grid),
    ]);
    // A big month: about its rows of tiles, not one screen.
    expect(estimateMonthPx(5000, grid)).toBeGreaterThan((5000 / 4) * grid.rowPx);
  });

  it('lays a read month out as day headings and rows of tiles, with known heights', () => {
    const may = [...day('2024-05-20', 5), ...day('2024-05-02', 2)];
    const layout = layoutTimeline(months, new Map([['2024-05', may]]), grid);
    const mayRows = layout.rows.slice(0, 5);
    expect(mayRows.map((row) => [row.kind, row.key])).toEqual([
      ['month', 'm:2024-05'],
      ['day', 'd:2024-05-20'],
      ['tiles', 'r:2024-05:0'],
      ['tiles', 'r:2024-05:1'],
      ['day', 'd:2024-05-02'],
    ]);
    const tiles = layout.rows.filter((row) => row.kind === 'tiles' && row.month === '2024-05');
    expect(tiles.map((row) => (row.kind === 'tiles' ? row.entries.length : 0))).toEqual([4, 1, 2]);
    const mayHeight = MONTH_HEADING_PX + 2 * DAY_HEADING_PX + 3 * grid.rowPx;
    expect(layout.monthStarts[1]).toBe(mayHeight);
    expect(layout.starts[layout.rows.length]).toBe(layout.total);
  });

  it("keys a month's first block the same whether estimated or read (the scroll anchor)", () => {
    const before = layoutTimeline(months, new Map(), grid);
    const after = layoutTimeline(months, new Map([['2024-03', day('2024-03-09', 9)]]), grid);
    expect(before.rows[3]?.key).toBe('r:2024-03:0');
    expect(after.rows.find((row) => row.key === 'r:2024-03:0')?.kind).toBe('tiles');
    expect(new Set(after.rows.map((row) => row.key)).size).toBe(after.rows.length);
  });

  it('turns a 6,000-photo month into rows, not one block', () => {
    const big = day('2024-03-09', 6000);
    const layout = layoutTimeline(months, new Map([['2024-03', big]]), grid);
    expect(layout.rows.filter((row) => row.month === '2024-03')).toHaveLength(1 + 1 + 1500);
  });

  it('reuses the rows of a month already laid out at that width', () => {
    const loaded = new Map([['2024-05', day('2024-05-20', 5)]]);
    const first = layoutTimeline(months, loaded, grid);
    const second = layoutTimeline(months, loaded, grid);
    expect(second.rows[2]).toBe(first.rows[2]);
    const wider = layoutTimeline(months, loaded, gridMetrics(1000));
    expect(wider.rows[2]).not.toBe(first.rows[2]);
  });
});

describe('indexAtOrBefore', () => {
  it('finds the row or month under an offset', () => {
    const starts = [0, 50, 120, 300];
    expect(indexAtOrBefore(starts, 0)).toBe(0);
    expect(indexAtOrBefore(starts, 49)).toBe(0);
    expect(indexAtOrBefore(starts, 50)).toBe(1);
    expect(indexAtOrBefore(starts, 1000)).toBe(3);
    expect(indexAtOrBefore(starts, -5)).toBe(0);
  });
});

describe('idsBetween', () => {
  const months = [
    { month: '2024-05', count: 3 },
    { month: '2024-04', count: 2 },
  ];
  const loaded = new Map([
    ['2024-05', day('2024-05-20', 3)],
    ['2024-04', day('2024-04-01', 2)],
  ]);

  it('gives the range in timeline order, either way round, across months', () => {
    expect(idsBetween(months, loaded, '2024-05-20#1', '2024-04-01#0')).toEqual([
      '2024-05-20#1',
      '2024-05-20#2',
      '2024-04-01#0',
    ]);
    expect(idsBetween(months, loaded, '2024-04-01#0', '2024-05-20#1')).toHaveLength(3);
    expect(idsBetween(months, loaded, 'gone', '2024-05-20#1')).toBeNull();
  });
});
