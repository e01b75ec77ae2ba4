// Ladder hotkeys: one table drives both the handler and the help overlay, so the help can't drift.
export type LadderCommand =
  | { kind: 'recenter' }
  | { kind: 'buyBest' }
  | { kind: 'sellBest' }
  | { kind: 'cancelAll' }
  | { kind: 'disarm' }
  | { kind: 'disarmAll' }
  | { kind: 'preset'; index: number }
  | { kind: 'nudge'; ticks: number }
  | { kind: 'resize'; lots: number }
  | { kind: 'cancelSelected' }
  | { kind: 'auditSelected' }
  | { kind: 'help' };

export const LADDER_KEYS: { key: string; does: string }[] = [
  {
    key: 'Space / C',
    does: 'Recentre the price column on the inside market (waits while the pointer is over the ladder)',
  },
  { key: 'B', does: 'Buy the quantity at the best ask (armed only)' },
  { key: 'S', does: 'Sell the quantity at the best bid (armed only)' },
  { key: 'X', does: 'Cancel all our orders on this instrument' },
  { key: 'Esc', does: 'Disarm this ladder' },
  { key: 'Shift+Esc', does: 'Disarm every ladder' },
  { key: '1 – 8', does: 'Pick quantity preset 1 to 8' },
  { key: 'Click bid / ask size', does: 'Buy / sell limit at that price (armed only)' },
  { key: 'Click our order', does: 'Cancel it' },
  { key: 'Drag our order', does: 'Move it to the price you drop it on (armed only)' },
  { key: 'Shift+click our order', does: 'Select it (an order placed here is selected by itself)' },
  { key: '↑ / ↓', does: 'Move the selected order a tick up / down (armed only)' },
  { key: '+ / −', does: 'Grow / shrink the selected order by one lot (armed only)' },
  { key: 'Delete', does: 'Cancel the selected order' },
  { key: 'A', does: 'Show the selected order’s audit trail' },
  { key: '?', does: 'Show this help' },
];

/** Maps a key press to a command; typing in a field never triggers one. */
export function ladderCommand(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'> & { shiftKey?: boolean },
  typing: boolean,
): LadderCommand | null {
  if (e.key === 'Escape') return e.shiftKey ? { kind: 'disarmAll' } : { kind: 'disarm' };
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case ' ':
    case 'c':
    case 'C':
      return { kind: 'recenter' };
    case 'b':
    case 'B':
      return { kind: 'buyBest' };
    case 's':
    case 'S':
      return { kind: 'sellBest' };
    case 'x':
    case 'X':
      return { kind: 'cancelAll' };
    case 'a':
    case 'A':
      return { kind: 'auditSelected' };
    case '?':
      return { kind: 'help' };
    case 'ArrowUp':
      return { kind: 'nudge', ticks: 1 };
    case 'ArrowDown':
      return { kind: 'nudge', ticks: -1 };
    case '+':
    case '=':
      return { kind: 'resize', lots: 1 };
    case '-':
      return { kind: 'resize', lots: -1 };
    case 'Delete':
    case 'Backspace':
      return { kind: 'cancelSelected' };
  }
  if (/^[1-8]$/.test(e.key)) return { kind: 'preset', index: Number(e.key) - 1 };
  return null;
}
