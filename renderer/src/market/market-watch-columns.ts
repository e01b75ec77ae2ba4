// The market watch's columns, their display, sorting and filtering, and the trader's chosen
// column set and order (kept in localStorage, so every main window and every start shows it).
import type { MarketWatchRow } from '../../../shared/contract';
import { compareDecimals, formatScaled, parseScaled } from '../../../shared/decimal';
import { venueName } from '../../../shared/domain';

export type ColumnId =
  | 'instrument'
  | 'venue'
  | 'bidSize'
  | 'bid'
  | 'ask'
  | 'askSize'
  | 'spread'
  | 'last'
  | 'change'
  | 'volume'
  | 'feed';

export interface WatchColumn {
  id: ColumnId;
  header: string;
  numeric: boolean;
  text: (r: MarketWatchRow) => string;
  /** Raw value for sorting (decimal strings sort exactly). */
  sortKey: (r: MarketWatchRow) => string | null;
}

export const DASH = '–';

/** A price at the instrument's decimals; a missing one is a dash, never a stale figure. */
export function fixed(value: string | null, decimals: number): string {
  if (value === null) return DASH;
  try {
    return formatScaled(parseScaled(value, decimals), decimals, decimals);
  } catch {
    return value;
  }
}

function signed(value: string | null, decimals: number): string {
  const text = fixed(value, decimals);
  return value !== null && !value.startsWith('-') && /[1-9]/.test(value) ? `+${text}` : text;
}

const STATE_WORDS = { live: 'live', awaiting: 'waiting', stale: 'stale', down: 'down' } as const;

export function feedText(r: MarketWatchRow): string {
  return r.feeds.map((f) => `${venueName(f.venue)} ${STATE_WORDS[f.state]}`).join(' · ');
}

export const COLUMNS: WatchColumn[] = [
  {
    id: 'instrument',
    header: 'Instrument',
    numeric: false,
    text: (r) => (r.consolidated ? r.canonical : r.market),
    sortKey: (r) => r.canonical,
  },
  {
    id: 'venue',
    header: 'Venue',
    numeric: false,
    text: (r) => (r.venue ? venueName(r.venue) : 'Consolidated'),
    sortKey: (r) => r.venue ?? '',
  },
  {
    id: 'bidSize',
    header: 'Bid size',
    numeric: true,
    text: (r) => fixed(r.bidSize, r.sizeDecimals),
    sortKey: (r) => r.bidSize,
  },
  {
    id: 'bid',
    header: 'Bid',
    numeric: true,
    text: (r) => fixed(r.bid, r.priceDecimals),
    sortKey: (r) => r.bid,
  },
  {
    id: 'ask',
    header: 'Ask',
    numeric: true,
    text: (r) => fixed(r.ask, r.priceDecimals),
    sortKey: (r) => r.ask,
  },
  {
    id: 'askSize',
    header: 'Ask size',
    numeric: true,
    text: (r) => fixed(r.askSize, r.sizeDecimals),
    sortKey: (r) => r.askSize,
  },
  {
    id: 'spread',
    header: 'Spread',
    numeric: true,
    text: (r) => fixed(r.spread, r.priceDecimals),
    sortKey: (r) => r.spread,
  },
  {
    id: 'last',
    header: 'Last',
    numeric: true,
    text: (r) => fixed(r.last, r.priceDecimals),
    sortKey: (r) => r.last,
  },
  {
    id: 'change',
    header: 'Change',
    numeric: true,
    text: (r) => signed(r.change, r.priceDecimals),
    sortKey: (r) => r.change,
  },
  {
    id: 'volume',
    header: 'Volume',
    numeric: true,
    text: (r) => fixed(r.volume, r.sizeDecimals),
    sortKey: (r) => r.volume,
  },
  { id: 'feed', header: 'Feed', numeric: false, text: feedText, sortKey: (r) => r.state },
];

export interface ColumnChoice {
  id: ColumnId;
  visible: boolean;
}

const STORAGE_KEY = 'crossbook.marketWatch.columns';

export function defaultColumns(): ColumnChoice[] {
  return COLUMNS.map((c) => ({ id: c.id, visible: true }));
}

/** The saved choice, with any column added since it was saved appended (visible). */
export function loadColumns(storage: Storage = localStorage): ColumnChoice[] {
  try {
    const saved = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as unknown;
    if (!Array.isArray(saved)) return defaultColumns();
    const known = new Set<string>(COLUMNS.map((c) => c.id));
    const out: ColumnChoice[] = [];
    for (const s of saved as Partial<ColumnChoice>[]) {
      if (typeof s?.id === 'string' && known.has(s.id) && !out.some((o) => o.id === s.id))
        out.push({ id: s.id, visible: s.visible !== false });
    }
    for (const c of COLUMNS) if (!out.some((o) => o.id === c.id)) out.push({ id: c.id, visible: true });
    return out;
  } catch {
    return defaultColumns();
  }
}

export function saveColumns(choice: ColumnChoice[], storage: Storage = localStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(choice));
}

export interface SortState {
  column: ColumnId;
  descending: boolean;
}

export function sortRows(rows: MarketWatchRow[], sort: SortState | null): MarketWatchRow[] {
  if (!sort) return rows;
  const column = COLUMNS.find((c) => c.id === sort.column)!;
  const compare = (a: MarketWatchRow, b: MarketWatchRow): number => {
    const x = column.sortKey(a);
    const y = column.sortKey(b);
    if (!column.numeric) return (x ?? '').localeCompare(y ?? '');
    try {
      return compareDecimals(x ?? undefined, y ?? undefined);
    } catch {
      return 0;
    }
  };
  return [...rows].sort((a, b) => (sort.descending ? -compare(a, b) : compare(a, b)));
}

/** Rows whose instrument or venue contains every word typed. */
export function filterRows(rows: MarketWatchRow[], text: string): MarketWatchRow[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((r) => {
    const hay = `${r.canonical} ${r.market} ${r.venue ? venueName(r.venue) : 'consolidated'}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
